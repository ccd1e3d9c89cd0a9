//! Real article pages (see `pages/ATTRIBUTION.md`): what is kept, what is dropped, character
//! sets and dates.

use marsad_html::{read_page, CharsetSource, Extraction, Page};

fn page(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> Page {
    read_page(&page(name), None)
}

fn assert_kept_and_dropped(page: &Page, kept: &[&str], dropped: &[&str]) {
    for k in kept {
        assert!(page.text.contains(k), "{k:?} missing from:\n{}", page.text);
    }
    for d in dropped {
        assert!(!page.text.contains(d), "{d:?} kept in:\n{}", page.text);
    }
}

#[test]
fn cnn_arabic_keeps_the_article_and_drops_menus_and_most_read() {
    let p = read("arabic_article.html");
    assert_eq!(p.extraction, Extraction::Readability);
    assert_eq!(p.title.as_deref(), Some("معارضون يسيطرون على مخازن للصواريخ بريف دمشق"));
    assert!(p.text.starts_with("معارضون يسيطرون على مخازن للصواريخ بريف دمشق\n"));
    assert_eq!(p.site_name.as_deref(), Some("CNNArabic"));
    assert_eq!(p.canonical_url.as_deref(), Some("http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"));
    // The page has no date metadata (only a date in its text).
    assert_eq!(p.published, None);
    assert_kept_and_dropped(
        &p,
        &[
            "سيطروا على ثلاثة مستودعات للذخيرة بالقرب من بلدة قلدون في منطقة القلمون بريف دمشق.",
            "وشدد الائتلاف على \"ضرورة الابتعاد عن الأعمال الاستفزازية",
        ],
        &[
            // Navigation (top and bottom menus).
            "الشرق الأوسط",
            "اقتصاد وأعمال",
            // The "most browsed" list of other stories, and its heading.
            "الأكثر تصفحاً",
            "القبض على شاب تحرش بطفلة في السعودية",
            "ليبيا: تأجيل محاكمة شخصيات بنظام القذافي لفبراير",
            // Footer.
            "Cable News Network",
            "شروط الخدمة",
        ],
    );
    // One paragraph a line, nothing blank.
    assert!(p.text.lines().all(|l| !l.trim().is_empty() && l.trim() == l));
}

#[test]
fn english_pages_keep_the_story_and_drop_galleries_and_footers() {
    let p = read("cnn_article.html");
    assert_kept_and_dropped(
        &p,
        &["\"We dodged a bullet,\" said Steve Cowan, a spokesman for the Pennsylvania Department of Transportation."],
        &["Weather threatens holiday plans", "Terms of service", "All Rights Reserved"],
    );
    let p = read("yna_co_kr.html");
    assert_eq!(p.title.as_deref(), Some("N. Korea slams S. Korea for joint military drill, warns of consequences"));
    assert_kept_and_dropped(
        &p,
        &["the Rodong Sinmun said in a commentary."],
        &["Go to Navigation", "Arts/Culture", "All Rights Reserved", "Advertise with Yonhap", "Send Feedback"],
    );
    let p = read("latvian_article.html");
    assert_kept_and_dropped(&p, &["atradusi piekto bojāgājušo"], &[
            "Vārda dienas",
            "Koronavīruss Covid-19",
            // Headlines of other stories, the cookie notice and the newsletter box.
            "Porošenko sankcionējis",
            "tiek izmantotas sīkdatnes",
            "Piesakies LSM pasta saņemšanai",
            "Lietošanas noteikumi",
        ]);
}

#[test]
fn windows_1256_twin_reads_as_the_utf8_page() {
    let utf8 = read("arabic_article.html");
    assert_eq!(utf8.encoding, "UTF-8");
    let legacy = page("arabic_article.cp1256.html");

    let with_meta = read_page(&legacy, None);
    assert_eq!((with_meta.encoding, with_meta.charset_source), ("windows-1256", Some(CharsetSource::Meta)));
    assert_eq!(with_meta.text, utf8.text);

    let meta = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"/>";
    let at = legacy.windows(meta.len()).position(|w| w == meta).expect("the twin declares its charset");
    let mut no_meta = legacy.clone();
    no_meta.drain(at..at + meta.len());
    let undeclared = read_page(&no_meta, None);
    assert_eq!((undeclared.encoding, undeclared.charset_source), ("windows-1256", Some(CharsetSource::Fallback)));
    assert_eq!(undeclared.text, utf8.text);

    let header = read_page(&no_meta, Some("text/html; charset=windows-1256"));
    assert_eq!(header.charset_source, Some(CharsetSource::Header));
    assert_eq!(header.text, utf8.text);

    // A header outranks a wrong meta tag: the UTF-8 page's meta says UTF-8, the bytes are not.
    let mut mislabelled = no_meta.clone();
    mislabelled.splice(at..at, b"<meta charset=\"utf-8\">".iter().copied());
    assert_eq!(read_page(&mislabelled, Some("text/html; charset=cp1256")).text, utf8.text);
    assert_ne!(read_page(&mislabelled, None).text, utf8.text);
}

#[test]
fn publication_date_from_each_kind_of_metadata() {
    // <meta property="article:published_time">
    assert_eq!(read("yna_co_kr.html").published.as_deref(), Some("2019-08-20T09:31:01+09:00"));
    // JSON-LD datePublished only.
    assert_eq!(read("latvian_article.html").published.as_deref(), Some("2021-01-03T17:40:00EET"));
    // <meta itemprop="datePublished" name="pubdate">
    assert_eq!(read("cnn_article.html").published.as_deref(), Some("2013-11-27T08:36:32Z"));
    // <time datetime> (and og/twitter titles) on a page written here.
    let p = read_page(
        "<html><head><meta name='twitter:title' content='افتتاح مدرسة في البلدة'></head><body><article>\
         <time datetime='2024-05-06T09:00:00+03:00'>٦ أيار</time><p>افتتحت مدرسة جديدة في البلدة.</p></article></body></html>"
            .as_bytes(),
        None,
    );
    assert_eq!(p.published.as_deref(), Some("2024-05-06T09:00:00+03:00"));
    assert_eq!(p.title.as_deref(), Some("افتتاح مدرسة في البلدة"));
    assert!(p.text.ends_with("افتتحت مدرسة جديدة في البلدة."), "{}", p.text);
}
