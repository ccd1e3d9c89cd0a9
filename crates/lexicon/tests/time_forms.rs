//! Time expressions on real sentences from the seeds, the dev set and the corpus, resolved by the
//! rules of eval/README.md.

use chrono::{NaiveDate, Weekday};
use marsad_lexicon::time::*;
use marsad_text::AlignedText;

fn lex() -> &'static TimeLexicon {
    static LEX: std::sync::OnceLock<TimeLexicon> = std::sync::OnceLock::new();
    LEX.get_or_init(|| TimeLexicon::embedded().expect("embedded time lexicon loads"))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The mentions of a sentence: (original words, expression).
fn mentions(text: &str) -> Vec<(String, TimeExpr)> {
    let t = AlignedText::new(text);
    lex().find(t.normalized()).into_iter().map(|m| (t.original_slice(m.range).to_string(), m.expr)).collect()
}

/// The one mention whose words are `words`, resolved against `reference`.
fn resolved(text: &str, words: &str, reference: NaiveDate) -> (NaiveDate, Precision, bool) {
    let found = mentions(text);
    let (_, expr) =
        found.iter().find(|(w, _)| w == words).unwrap_or_else(|| panic!("no mention {words:?} in {found:?}"));
    let r = resolve(expr, reference).unwrap_or_else(|| panic!("{expr:?} does not resolve"));
    (r.date, r.precision, r.year_inferred)
}

use Precision::{Day, Month, Week};

#[test]
fn seed_003_dateline_and_relative_dates() {
    let text = "أفادت مصادر خاصة لـ”بوليتكال كيز | Political Keys”، اليوم السبت 13 كانون الثاني/ يناير، أن “ميليشيا الدفاع الوطني في محافظة دير الزور، طردت خلال الفترات السابقة";
    let t = AlignedText::new(text);
    let dl = lex().find_dateline(t.normalized()).expect("dateline");
    assert_eq!(t.original_slice(dl.range.clone()), "اليوم السبت 13 كانون الثاني/ يناير");
    let crawl = ymd(2026, 11, 22);
    let published = resolve_dateline(&dl, crawl).unwrap();
    assert_eq!(published, ResolvedDate { date: ymd(2024, 1, 13), precision: Day, year_inferred: true });

    let p = published.date;
    assert_eq!(
        resolved("وبحسب المصادر، “حدثت اشتباكات، أمس الجمعة، في مدينة العشارة", "أمس الجمعة", p),
        (ymd(2024, 1, 12), Day, false)
    );
    assert_eq!(
        resolved(
            "اشتباكات بين ميليشيا الدفاع الوطني وميليشيا قاطرجي اندلعت قبل حوالي 5 أيام في بلدة بقرص",
            "قبل حوالي 5 أيام",
            p
        ),
        (ymd(2024, 1, 8), Week, false)
    );
}

#[test]
fn datelines_of_the_dev_set() {
    let cases = [
        ("21 شباط 2017 - مكتب أخبار سوريا أرشيف يوم : مكتب أخبار سوريا - دير الزور لقي عشرة مدنيين مصرعهم", ymd(2017, 2, 21), false),
        ("تضارب أنباء السيطرة على البوكمال السورية 10 / 11 / 2017 حجم الخط أعلن وزير الدفاع الروسي", ymd(2017, 11, 10), false),
        ("المعلم : الأكراد ينافسون الجيش السوري للسيطرة على مناطق النفط Sputnik . | Grigoriy sysoev12 : 54 11 . 10 . 2017 ( محدثة 13 : 25 11 . 10 . 2017 ) الموضوع", ymd(2017, 10, 11), false),
        ("اغتيال قيادي في \" تحرير الشام \" في إدلب . | وذكرت حسابات مقربة من \" تحرير الشام \" اليوم , الاثنين 23 تشرين الأول , أن القيادي", ymd(2017, 10, 23), true),
        ("\" خفض التوتر \" يعيد لحوران ثورتها الأولى . . . مظاهرات سلمية تعم قراها | أمية برس - Umayya Press على وقع قرار خفض التصعيد , عمت المظاهرات اليوم الجمعة 25 أغسطس , مدن وبلدات ريف درعا", ymd(2017, 8, 25), true),
    ];
    for (text, want, inferred) in cases {
        let t = AlignedText::new(text);
        let dl = lex().find_dateline(t.normalized()).unwrap_or_else(|| panic!("no dateline in {text}"));
        // The reference for these pages is the date in their URL.
        let got = resolve_dateline(&dl, want).unwrap();
        assert_eq!((got.date, got.precision, got.year_inferred), (want, Day, inferred), "{text}");
    }
}

#[test]
fn no_dateline_without_a_date_near_the_start() {
    let text = "قائد شرطة حمص بسوريا : مقتل 7 فى انفجار قنبلة بحافلة قال قائد شرطة حمص إن سبعة قتلوا اليوم الثلاثاء .";
    assert!(lex().find_dateline(AlignedText::new(text).normalized()).is_none());
    // An event date introduced by a preposition is not the date line.
    let text = "اندلعت الاحتجاجات في 15 آذار 2011 في مدينة درعا";
    assert!(lex().find_dateline(AlignedText::new(text).normalized()).is_none());
    // Nor one after "يوم" (a day told in running text), with or without a weekday.
    for text in [
        "قصفت الطائرات بلدة الهبيط يوم الأربعاء 6 آذار 2019 بعدة غارات",
        "وقعت اشتباكات في محيط البلدة يوم 3 / 5 / 2016 بين الطرفين",
        "وكانت الهيئة وقعت , يوم 8 حزيران 2017 , اتفاقاً مع الوفد",
    ] {
        assert!(lex().find_dateline(AlignedText::new(text).normalized()).is_none(), "{text}");
        assert_eq!(mentions(text).len(), 1, "{text}");
    }
}

#[test]
fn today_yesterday_and_parts_of_the_day() {
    let p = ymd(2017, 2, 21);
    let text =
        "لقي عشرة مدنيين مصرعهم وأصيب أكثر من 30 آخرين , ليل اليوم , جراء استهداف الطيران الحربي الروسي";
    assert_eq!(resolved(text, "ليل اليوم", p), (p, Day, false));
    let text = "استهدفت قوات سوريا الديمقراطية \" قسد \" المتمركزة في قرية الشيخ عيسى بأكثر من عشر قذائف هاون , عصر اليوم , قرية كلجبرين";
    assert_eq!(resolved(text, "عصر اليوم", p), (p, Day, false));
    let text = "شيعت القوات النظامية , اليوم , عنصرين في صفوفها بمدينة اللاذقية , كانا قتلا أمس في ريف المدينة الشمالي";
    assert_eq!(resolved(text, "اليوم", p), (p, Day, false));
    assert_eq!(resolved(text, "أمس", p), (ymd(2017, 2, 20), Day, false));

    let p = ymd(2023, 8, 28);
    let text =
        "هاجم مسلحون بالرشاشات حاجزيْن لـ\"قسد\" في بلدتَي أبو حمام وغرانيج، ريف دير الزور الشرقي، فجر اليوم";
    assert_eq!(resolved(text, "فجر اليوم", p), (p, Day, false));
    let text = "وألقت \"قسد\"، يوم أمس،القبض على عدد من قيادات مجلس دير الزور العسكري";
    assert_eq!(resolved(text, "يوم أمس", p), (ymd(2023, 8, 27), Day, false));
    let text = "وقام مسلحون  من مجلس دير الزور العسكري الليلة الماضية، بقطع الطرقات في أرياف دير الزور";
    assert_eq!(resolved(text, "الليلة الماضية", p), (ymd(2023, 8, 27), Day, false));
    let text = "وكانت وحدات الجيش قد صدت هجوما فجر أمس على محور البانوراما";
    assert_eq!(resolved(text, "فجر أمس", p), (ymd(2023, 8, 27), Day, false));
    let text = "سقطت قذائف صاروخية أول أمس على حي الجورة ومساء أمس على حي القصور";
    assert_eq!(resolved(text, "أول أمس", p), (ymd(2023, 8, 26), Day, false));
    assert_eq!(resolved(text, "ومساء أمس", p), (ymd(2023, 8, 27), Day, false));
    let text = "وكان مسلحون قد هاجموا الحاجز أمس الأول";
    assert_eq!(resolved(text, "أمس الأول", p), (ymd(2023, 8, 26), Day, false));
    let text = "قتل شاب برصاص مجهولين البارحة في بلدة الشحيل";
    assert_eq!(resolved(text, "البارحة", p), (ymd(2023, 8, 27), Day, false));
}

#[test]
fn ordinal_today_is_not_a_date() {
    // "for the second day running", "the 21st day": not "today".
    let text = "باتجاه بلدة العبارة وقريتي تل شعير وبير قورات التي تشهد مواجهات عنيفة ما تزال مستمرة لليوم الثاني على التوالي";
    assert!(mentions(text).is_empty(), "{:?}", mentions(text));
    let text = "بالتزامن مع معركة \"طوفان الأقصى\" المستمرة لليوم الـ21 على التوالي.";
    assert!(mentions(text).is_empty(), "{:?}", mentions(text));
    let text = "نقلت صحيفة اليوم السابع عن مصادر أمنية";
    assert!(mentions(text).is_empty(), "{:?}", mentions(text));
}

#[test]
fn outlet_names_ending_in_today_are_not_dates() {
    // ufc_R133_0 (dev): the channel RT Arabic, in brackets after "قناة".
    let text = "وقالت المصادر , وفقا لما ذكرته قناة ( روسيا اليوم ) , إن مجموعات مسلحة استهدفت مطحنة";
    assert!(mentions(text).is_empty(), "{:?}", mentions(text));
    let text = "وقال المتحدث لصحيفة رأي اليوم إن الهجوم فشل";
    assert!(mentions(text).is_empty(), "{:?}", mentions(text));
    let text = "بحسب ما نقل موقع \"المصري اليوم\" عن مصدر";
    assert!(mentions(text).is_empty(), "{:?}", mentions(text));
    // Without an outlet word or quotation marks, "روسيا اليوم" is "Russia, today".
    let p = ymd(2017, 11, 10);
    let text = "وأعلنت روسيا اليوم الجمعة مقتل جنديين في ريف حماة";
    assert_eq!(resolved(text, "اليوم الجمعة", p), (p, Day, false));
}

#[test]
fn weekdays() {
    let p = ymd(2017, 11, 10); // a Friday
    let text = "ي ذكر أن جيش النظام أعلن أمس الخميس سيطرته - بدعم من اللبناني - على البوكمال";
    assert_eq!(resolved(text, "أمس الخميس", p), (ymd(2017, 11, 9), Day, false));
    let text = "وتمكنت الخميس من طرد مسلحيه من أربع قرى جديدة";
    assert_eq!(resolved(text, "الخميس", p), (ymd(2017, 11, 9), Day, false));
    // The reference day itself counts as "on or before".
    let text = "خرجت مظاهرات يوم الجمعة في بلدات ريف درعا";
    assert_eq!(resolved(text, "يوم الجمعة", p), (p, Day, false));
    let text = "وتجددت الاشتباكات الخميس الماضي في محيط المدينة";
    assert_eq!(resolved(text, "الخميس الماضي", p), (ymd(2017, 11, 9), Day, false));
    let text = "وكانت الطائرات قد قصفت البلدة الجمعة الماضية";
    assert_eq!(resolved(text, "الجمعة الماضية", p), (ymd(2017, 11, 3), Day, false));
    let text = "قصفت طائرات حربية البلدة فجر السبت";
    assert_eq!(resolved(text, "فجر السبت", p), (ymd(2017, 11, 4), Day, false));
    let text = "وقعت الاشتباكات ليل الجمعة / السبت على أطراف المدينة";
    let (_, e) = &mentions(text)[0];
    assert_eq!(
        *e,
        TimeExpr::Weekday {
            weekday: Weekday::Fri,
            anchor: WeekdayAnchor::Latest,
            part: Some(DayPart::Night)
        }
    );

    let p = ymd(2024, 2, 28); // a Wednesday
    let text = "أفادت مصادرالميادين، اليوم الأربعاء، باستشهاد شخص وجرح 3 آخرين";
    assert_eq!(resolved(text, "اليوم الأربعاء", p), (p, Day, false));
    let text = "سيطرت وحدات حماية الشعب في وقت مبكر صباح اليوم السبت , على بلدة تل براك";
    let (_, e) = &mentions(text)[0];
    assert_eq!(
        *e,
        TimeExpr::Weekday {
            weekday: Weekday::Sat,
            anchor: WeekdayAnchor::DaysAgo(0),
            part: Some(DayPart::Morning)
        }
    );
    // "Friday prayer" is not a date.
    assert!(mentions("وخرج المصلون من صلاة الجمعة في الجامع الكبير").is_empty());
}

#[test]
fn yesterday_weekday_prefers_yesterday() {
    // The weekday disagrees with the reference: the explicit "yesterday" wins.
    let text = "حدثت اشتباكات، أمس الخميس، في مدينة العشارة";
    assert_eq!(resolved(text, "أمس الخميس", ymd(2024, 1, 13)), (ymd(2024, 1, 12), Day, false));
}

#[test]
fn two_weekdays() {
    let text =
        "التصعيد الجديد بدأ من الجانب التركي، الذي استهدف يومي الخميس والجمعة، بطائرتين مسيرتين، مناطق";
    let p = ymd(2023, 7, 29);
    assert_eq!(resolved(text, "يومي الخميس والجمعة", p), (ymd(2023, 7, 27), Week, false));
    // Said on the Friday: Thursday is the day before.
    assert_eq!(resolved(text, "يومي الخميس والجمعة", ymd(2023, 7, 28)), (ymd(2023, 7, 27), Week, false));
}

#[test]
fn days_and_weeks_ago() {
    let p = ymd(2024, 2, 28);
    let text = "وقبل أسبوعين، تجددت المواجهات بين العشائر العربية و\"قسد\" في ريف دير الزور";
    assert_eq!(resolved(text, "وقبل أسبوعين", p), (ymd(2024, 2, 14), Week, false));
    let text = "وكان الأمريكيون قد التقوا قيادات في هذه الفصائل في أنقرة قبل أيام.";
    assert_eq!(resolved(text, "قبل أيام", p), (ymd(2024, 2, 25), Week, false));
    let text = "قتل القيادي في الفصيل قبل يومين بانفجار عبوة ناسفة";
    assert_eq!(resolved(text, "قبل يومين", p), (ymd(2024, 2, 26), Day, false));
    let text = "وكان التنظيم قد أعدم ثلاثة شبان قبل 10 أيام في البادية";
    assert_eq!(resolved(text, "قبل 10 أيام", p), (ymd(2024, 2, 18), Day, false));
    let text = "وكانت الفصائل قد سيطرت على القرية قبل خمسة أيام";
    assert_eq!(resolved(text, "قبل خمسة أيام", p), (ymd(2024, 2, 23), Day, false));
    let text = "وكان الحاجز قد تعرض لهجوم مماثل قبل نحو أسبوع";
    assert_eq!(resolved(text, "قبل نحو أسبوع", p), (ymd(2024, 2, 21), Week, false));
    let text = "اعتقلت دورية الأمن العسكري شابين منذ عدة أيام في المدينة";
    assert_eq!(resolved(text, "منذ عدة أيام", p), (ymd(2024, 2, 25), Week, false));
    let text = "قبل 20 يوما قصفت المدفعية البلدة";
    assert_eq!(resolved(text, "قبل 20 يوما", p), (ymd(2024, 2, 8), Day, false));
    let text = "وتحقق قوات \" سوريا الديمقراطية \" منذ أسابيع تقدما ضد تنظيم الدولة";
    assert_eq!(resolved(text, "منذ أسابيع", p), (ymd(2024, 2, 14), Month, false));
    let text = "أعلنت الوزارة قبل ثلاثة أشهر عن الخطة";
    assert_eq!(resolved(text, "قبل ثلاثة أشهر", p), (ymd(2023, 11, 28), Month, false));
    let text = "انفجرت عبوة ناسفة قبل ساعات في سيارة عسكرية";
    assert_eq!(resolved(text, "قبل ساعات", p), (p, Day, false));
    // "since the first days", "since Thursday": not a time ago.
    let found = mentions("منذ الأيام الأولى للحرب");
    assert!(found.is_empty(), "{found:?}");
    let found = mentions("تتواصل الاشتباكات منذ يوم الخميس");
    assert_eq!(found.len(), 1);
    assert!(matches!(found[0].1, TimeExpr::Weekday { weekday: Weekday::Thu, .. }), "{found:?}");
}

#[test]
fn last_week_and_windows() {
    let p = ymd(2024, 2, 24);
    let text = "وخلال الأيام الماضية، شهد ريف مدينة دير الزور عدداً من الهجمات المماثلة";
    assert_eq!(resolved(text, "وخلال الأيام الماضية", p), (ymd(2024, 2, 21), Week, false));
    let text = "قتل 12 شخصا خلال الساعات الـ48 الماضية في ريف إدلب";
    assert_eq!(resolved(text, "خلال الساعات الـ48 الماضية", p), (ymd(2024, 2, 23), Week, false));
    let text = "وثق المرصد مقتل 20 عنصرا خلال الأيام الثلاثة في ريف حماة";
    assert_eq!(resolved(text, "خلال الأيام الثلاثة", p), (ymd(2024, 2, 23), Week, false));
    let text = "قصفت الطائرات المدينة خلال اليومين الماضيين";
    assert_eq!(resolved(text, "خلال اليومين الماضيين", p), (ymd(2024, 2, 23), Week, false));
    let text = "وكانت الاشتباكات قد اندلعت الأسبوع الماضي في المنطقة";
    assert_eq!(resolved(text, "الأسبوع الماضي", p), (ymd(2024, 2, 17), Week, false));
    // A deadline ahead and "round the clock" are not windows in the past.
    assert!(mentions("أمهلت الفصائل السكان للخروج خلال 24 ساعة").is_empty());
    assert!(mentions("تعمل فرق الدفاع المدني على مدار الساعة").is_empty());
}

#[test]
fn month_and_year_parts() {
    let p = ymd(2024, 2, 24);
    let text = "وفي مطلع الشهر الحالي، تعرّضتمواقع وبلدات في المنطقة الشرقية لغارات";
    assert_eq!(resolved(text, "مطلع الشهر الحالي", p), (ymd(2024, 2, 1), Month, false));
    let text = "وكانت المنطقة قد شهدت هجمات منتصف الشهر";
    assert_eq!(resolved(text, "منتصف الشهر", p), (ymd(2024, 2, 15), Month, false));
    // The end of the current month is capped at the report date.
    let text = "اندلعت اشتباكات أواخر الشهر الجاري";
    assert_eq!(resolved(text, "أواخر الشهر الجاري", p), (p, Month, false));
    let text = "وقعت المعارك نهاية الشهر الماضي";
    assert_eq!(resolved(text, "نهاية الشهر الماضي", p), (ymd(2024, 1, 31), Month, false));
    let p = ymd(2023, 10, 27);
    let text = "القواعد الأميركية قد تعرضت لغارات أميركية بداية العام\". وقبل ذلك";
    assert_eq!(resolved(text, "بداية العام", p), (ymd(2023, 1, 1), Month, false));
    let text = "سيطرت الفصائل على المدينة أواخر آذار الماضي";
    assert_eq!(resolved(text, "أواخر آذار الماضي", p), (ymd(2023, 3, 31), Month, true));
    let text = "وكانت قسد قد اعتقلت العشرات في شهر حزيران الماضي";
    assert_eq!(resolved(text, "شهر حزيران الماضي", p), (ymd(2023, 6, 15), Month, true));
    let text = "بدأت الاحتجاجات في آذار 2011";
    assert_eq!(resolved(text, "آذار 2011", p), (ymd(2011, 3, 15), Month, false));
}

#[test]
fn absolute_dates_in_every_form() {
    let p = ymd(2023, 10, 27);
    let text = "والتي بدأت في 17 أكتوبر/تشرين الأول الجاري\". وكانالمتحدث باسم البنتاغون";
    assert_eq!(resolved(text, "17 أكتوبر/تشرين الأول الجاري", p), (ymd(2023, 10, 17), Day, true));
    let text = "وفي 23 من تشرين الأول/أكتوبر الحالي،استهدفت المقاومةقاعدة حقل العمر النفطي";
    assert_eq!(resolved(text, "23 من تشرين الأول/أكتوبر الحالي", p), (ymd(2023, 10, 23), Day, true));
    let text = "عمليات استهداف بالطائرات المسيرة والصواريخ ما بين 17 و26 تشرين الأول/أكتوبر الجاري.";
    assert_eq!(resolved(text, "17 و26 تشرين الأول/أكتوبر الجاري", p), (ymd(2023, 10, 17), Month, true));
    let text = "قال وزير الخارجية السوري وليد المعلم , اليوم الأربعاء 11 أكتوبر / تشرين الأول , إن الأكراد";
    assert_eq!(
        resolved(text, "اليوم الأربعاء 11 أكتوبر / تشرين الأول", ymd(2017, 10, 11)),
        (ymd(2017, 10, 11), Day, true)
    );
    let text = "وقع الهجوم في 13 كانون الثاني 2024 على أطراف البلدة";
    assert_eq!(resolved(text, "13 كانون الثاني 2024", p), (ymd(2024, 1, 13), Day, false));
    let text = "نشر بتاريخ 2024-01-13 على الموقع";
    assert_eq!(resolved(text, "2024-01-13", p), (ymd(2024, 1, 13), Day, false));
    let text = "تاريخ النشر 13/1/2024";
    assert_eq!(resolved(text, "13/1/2024", p), (ymd(2024, 1, 13), Day, false));
    let text = "وأعلن الجيش في 25 أغسطس سيطرته على التلال";
    assert_eq!(resolved(text, "25 أغسطس", p), (ymd(2023, 8, 25), Day, true));
    let text = "منذ السابع من تشرين الأول/أكتوبر 2023";
    assert_eq!(resolved(text, "السابع من تشرين الأول/أكتوبر 2023", p), (ymd(2023, 10, 7), Day, false));
    let text = "في الحادي عشر من سبتمبر / أيلول";
    assert_eq!(resolved(text, "الحادي عشر من سبتمبر / أيلول", p), (ymd(2023, 9, 11), Day, true));
    let text = "يوم الجمعة 29 أيلول / سبتمبر خرجت مظاهرات";
    assert_eq!(resolved(text, "يوم الجمعة 29 أيلول / سبتمبر", p), (ymd(2023, 9, 29), Day, true));
    let text = "نهاية أيلول ( سبتمبر ) 2015";
    assert_eq!(resolved(text, "نهاية أيلول ( سبتمبر ) 2015", p), (ymd(2015, 9, 30), Month, false));
}

#[test]
fn hijri_dates() {
    // Corpus: "الأحد 04 جمادى الأولى 1439" (21 January 2018, a Sunday).
    let text = "الأحد 04 جمادى الأولى 1439";
    let (d, prec, inferred) = resolved(text, text, ymd(2018, 1, 21));
    assert!((d - ymd(2018, 1, 21)).num_days().abs() <= 1, "{d}");
    assert_eq!((prec, inferred), (Day, false));
    // Without a year: the latest such day not after the reference.
    let (d, _, inferred) = resolved("وقع الهجوم في 27 رمضان", "27 رمضان", ymd(2024, 5, 1));
    assert!((d - ymd(2024, 4, 6)).num_days().abs() <= 1, "{d}");
    assert!(inferred);
    // "صفر" (zero) and "رمضان" alone are not dates.
    assert!(mentions("نسبة صفر في المئة خلال شهر رمضان").is_empty());
}

#[test]
fn february_31_does_not_resolve() {
    let found = mentions("وقع الهجوم في 31 شباط 2024");
    assert_eq!(found.len(), 1);
    assert_eq!(resolve(&found[0].1, ymd(2024, 3, 1)), None);
    let found = mentions("وقع الهجوم في 30 شباط");
    assert_eq!(resolve(&found[0].1, ymd(2024, 3, 1)), None);
    // Odd numbers and separators do not panic.
    for text in [
        "99/99/9999",
        "0 كانون الثاني",
        "31/13/2020",
        "2024-02-30",
        "قبل 0 أيام",
        "قبل 4294967295 أيام",
        "/ / .",
        "",
    ] {
        for (_, e) in mentions(text) {
            let _ = resolve(&e, ymd(2024, 1, 1));
        }
    }
}

#[test]
fn a_day_of_the_current_or_the_last_month() {
    // "في الـ17 من الشهر الجاري": the 17th of the report's month; "الماضي" the month before.
    let p = ymd(2024, 3, 20);
    let text = "وكانت الطائرات قد قصفت المدينة في الـ9 من الشهر الجاري";
    assert_eq!(resolved(text, "الـ9 من الشهر الجاري", p), (ymd(2024, 3, 9), Day, false));
    let text = "اندلعت الاشتباكات في 28 من الشهر الماضي بين الطرفين";
    assert_eq!(resolved(text, "28 من الشهر الماضي", p), (ymd(2024, 2, 28), Day, false));
    let text = "وفي الحادي عشر من الشهر الحالي , سقطت قذائف على الحي";
    assert_eq!(resolved(text, "الحادي عشر من الشهر الحالي", p), (ymd(2024, 3, 11), Day, false));
}

#[test]
fn midnight_is_the_night_before() {
    // docs/CODING_RULES.md D9: "قرابة منتصف الليل" in a report of the morning after.
    let p = ymd(2019, 4, 2);
    let text = "تعرضت البلدة بعد منتصف الليل لقصف صاروخي";
    assert_eq!(resolved(text, "منتصف الليل", p), (ymd(2019, 4, 1), Day, false));
    // A named night keeps its day.
    let text = "تعرضت البلدة بعد منتصف ليل الاثنين لقصف صاروخي";
    assert_eq!(resolved(text, "منتصف ليل الاثنين", p).0, ymd(2019, 4, 1));
}

#[test]
fn the_sites_clock_is_not_the_date_line() {
    // A header "today" widget in both calendars, a "site updated" stamp: the page's clock (D1).
    for text in [
        "بوابة الشرق | الخميس 4 أيلول 2025 م | 11 ربيع الأول 1447 ه - قصفت الطائرات بلدة الهبيط",
        "أخبار الساحل تحديث الموقع 2025 / 09 / 04 ميلادي , وقصفت الطائرات بلدة الهبيط أمس",
    ] {
        let t = AlignedText::new(text);
        let opening = lex().find_opening(t.normalized());
        assert!(opening.dateline.is_none(), "{text}");
        assert!(!opening.clocks.is_empty(), "{text}");
    }
    // A date line with no clock word beside it stays the date line, and there is no clock.
    let text = "21 شباط 2017 - مكتب أخبار سوريا - دير الزور لقي عشرة مدنيين مصرعهم";
    let opening = lex().find_opening(AlignedText::new(text).normalized());
    assert!(opening.dateline.is_some() && opening.clocks.is_empty());
}

#[test]
fn a_date_between_the_page_title_and_the_headline_is_the_sites_clock() {
    let text = "اشتباكات عنيفة في ريف المدينة - موقع الساحل الأربعاء 3 أيلول 2025 اشتباكات عنيفة في ريف المدينة بين الفصائل";
    let opening = lex().find_opening(AlignedText::new(text).normalized());
    assert!(opening.dateline.is_none() && opening.clocks.len() == 1);
    // Under the headline, not repeated after it: the article's date line.
    let text = "اشتباكات عنيفة في ريف المدينة الأربعاء 3 أيلول 2025 قال مصدر محلي إن الفصائل";
    let opening = lex().find_opening(AlignedText::new(text).normalized());
    assert!(opening.dateline.is_some() && opening.clocks.is_empty());
}
