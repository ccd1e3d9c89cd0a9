//! Feed watching against a real HTTP server on a loopback port (`server/`), serving the feeds in
//! `data/` and article pages: the real saved CNN Arabic page (and its windows-1256 twin) of
//! `crates/html/tests/pages` (sources in its ATTRIBUTION.md), and the bundled example reports
//! (`examples/`) inside a page template written for these tests (`data/article_template.html`).

mod server;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::InputDocument;
use marsad_store::Store;
use marsad_watch::{FeedList, ItemCounts, Outcome, WatchOptions, Watcher};
use server::{Route, Server};

const HTML: &str = "text/html; charset=utf-8";
const RSS: &str = "application/rss+xml";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

fn read(path: &str) -> Vec<u8> {
    let path = repo(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A feed file of `data/` with the server's address in it.
fn feed(server: &Server, name: &str) -> Vec<u8> {
    String::from_utf8(read(&format!("crates/watch/tests/data/{name}"))).unwrap().replace("{BASE}", &server.base).into_bytes()
}

/// A bundled example report as a news page: its first line the headline, the rest paragraphs.
fn example_page(name: &str) -> Vec<u8> {
    let text = String::from_utf8(read(&format!("examples/{name}"))).unwrap();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().unwrap();
    let body: String = lines.map(|l| format!("<p>{l}</p>\n")).collect();
    let template = String::from_utf8(read("crates/watch/tests/data/article_template.html")).unwrap();
    template.replace("{TITLE}", title).replace("{BODY}", &body).into_bytes()
}

/// Serves the three article pages the RSS feeds link to.
fn serve_articles(server: &Server) {
    server.set("/articles/jorah.html", Route::ok(example_page("sy24_jorah_clash.txt"), HTML));
    server.set("/articles/qaterji.html", Route::ok(example_page("political_keys_ndf_qaterji.txt"), HTML));
    server.set("/articles/cnn_arabic.html", Route::ok(read("crates/html/tests/pages/arabic_article.html"), HTML));
}

/// A store file in a fresh directory, and a feeds file naming `feeds` (path, extra TOML lines).
struct Setup {
    _dir: tempfile::TempDir,
    db: PathBuf,
    feeds: FeedList,
}

fn setup(server: &Server, feeds: &[(&str, &str)]) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let toml: String = feeds.iter().map(|(path, extra)| format!("[[feed]]\nurl = \"{}\"\n{extra}\n", server.url(path))).collect();
    let feeds = FeedList::parse(&toml, "feeds.toml").unwrap();
    Setup { db: dir.path().join("marsad.db"), _dir: dir, feeds }
}

type Log = Rc<RefCell<Vec<String>>>;

/// A watcher on the setup's store (a new one is a restart), its notices kept in `log`.
fn watcher(s: &Setup, options: WatchOptions, log: &Log) -> Watcher {
    let log = Rc::clone(log);
    Watcher::new(Store::open(&s.db).unwrap(), s.feeds.clone(), options)
        .unwrap()
        .with_log(move |line| log.borrow_mut().push(line.to_owned()))
}

fn poll_once(s: &Setup) -> Vec<Outcome> {
    let log = Log::default();
    watcher(s, WatchOptions::default(), &log).poll_all().unwrap().into_iter().map(|r| r.outcome).collect()
}

fn read_counts(outcome: &Outcome) -> ItemCounts {
    match outcome {
        Outcome::Read(c) => *c,
        other => panic!("expected a read feed, got {other:?}"),
    }
}

/// A stored document.
#[derive(Debug)]
struct Doc {
    doc_id: String,
    source: Option<String>,
    published: Option<String>,
    text: String,
}

fn documents(db: &Path) -> Vec<Doc> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT doc_id, source, published, text FROM documents ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok(Doc { doc_id: r.get(0)?, source: r.get(1)?, published: r.get(2)?, text: r.get(3)? }))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn sql_one<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn new_items_are_stored_once_across_restarts() {
    let server = Server::start();
    serve_articles(&server);
    server.set("/feed.xml", Route::ok(feed(&server, "outlet.rss.xml"), RSS));
    let s = setup(&server, &[("/feed.xml", "name = \"Test outlet\"\ninterval = \"15m\"")]);

    let first = read_counts(&poll_once(&s)[0]);
    assert_eq!((first.items, first.ingested, first.known, first.skipped, first.retry), (2, 2, 0, 0, 0));
    assert!(first.events > 0, "the example reports give events");
    // A restart: a new watcher on the same file. The feed (no validators) is read again whole.
    let again = read_counts(&poll_once(&s)[0]);
    assert_eq!((again.items, again.ingested, again.known, again.events), (2, 0, 2, 0));
    assert_eq!(server.hits("/articles/jorah.html").requests, 1, "a known article is not fetched again");

    server.set("/feed.xml", Route::ok(feed(&server, "outlet_more.rss.xml"), RSS));
    let more = read_counts(&poll_once(&s)[0]);
    assert_eq!((more.items, more.ingested, more.known), (3, 1, 2));
    assert_eq!(read_counts(&poll_once(&s)[0]).ingested, 0);
    for page in ["/articles/jorah.html", "/articles/qaterji.html", "/articles/cnn_arabic.html"] {
        assert_eq!(server.hits(page).requests, 1, "{page}");
    }
    assert_eq!(server.hits("/feed.xml").requests, 4);

    let docs = documents(&s.db);
    let ids: Vec<&str> = docs.iter().map(|d| d.doc_id.as_str()).collect();
    assert_eq!(ids, [server.url("/articles/jorah.html"), server.url("/articles/qaterji.html"), server.url("/articles/cnn_arabic.html")]);
    assert!(docs.iter().all(|d| d.source.as_deref() == Some("Test outlet")), "the configured name is the source");
    // Dates: the feed's (the pages carry none).
    let dates: Vec<_> = docs.iter().map(|d| d.published.as_deref()).collect();
    assert_eq!(dates, [Some("2024-01-12"), Some("2024-01-13"), Some("2013-08-28")]);
    let jorah = &docs[0];
    assert!(jorah.text.starts_with("اندلعت اشتباكات وصفت بـ”العنيفة”"), "{}", jorah.text);
    for boilerplate in ["الرئيسية", "تقارير خاصة", "اقرأ أيضاً", "بانفجار لغم أرضي", "جميع الحقوق محفوظة"] {
        assert!(!jorah.text.contains(boilerplate), "{boilerplate:?} kept");
    }
    let items: i64 = sql_one(&s.db, "SELECT count(*) FROM watch_items WHERE status = 'ingested' AND doc_id IS NOT NULL");
    assert_eq!(items, 3);
}

#[test]
fn etag_and_last_modified_are_sent_back_and_a_304_fetches_nothing() {
    let server = Server::start();
    serve_articles(&server);
    server.set("/etag.xml", Route::ok(feed(&server, "outlet.rss.xml"), RSS).etag("\"v1\""));
    let date = "Sat, 13 Jan 2024 16:00:00 GMT";
    server.set("/dated.xml", Route::ok(feed(&server, "outlet.rss.xml"), RSS).last_modified(date));
    let s = setup(&server, &[("/etag.xml", ""), ("/dated.xml", "")]);

    let first = poll_once(&s);
    assert_eq!(read_counts(&first[0]).ingested, 2);
    // The same articles from a second feed are known by their address.
    assert_eq!(read_counts(&first[1]).known, 2);
    assert_eq!(server.hits("/etag.xml").conditional, 0);
    let etag: String = sql_one(&s.db, &format!("SELECT etag FROM watch_feeds WHERE url = '{}'", server.url("/etag.xml")));
    assert_eq!(etag, "\"v1\"");

    assert_eq!(poll_once(&s), [Outcome::NotModified, Outcome::NotModified]);
    for path in ["/etag.xml", "/dated.xml"] {
        let hits = server.hits(path);
        assert_eq!((hits.requests, hits.conditional, hits.not_modified), (2, 1, 1), "{path}");
    }

    // The feed changes: the old ETag no longer matches, the new item is stored.
    server.set("/etag.xml", Route::ok(feed(&server, "outlet_more.rss.xml"), RSS).etag("\"v2\""));
    let changed = poll_once(&s);
    assert_eq!(read_counts(&changed[0]).ingested, 1);
    assert_eq!(changed[1], Outcome::NotModified);
    assert_eq!(server.hits("/etag.xml").conditional, 2);
    assert_eq!(server.hits("/etag.xml").not_modified, 1);
    assert_eq!(poll_once(&s), [Outcome::NotModified, Outcome::NotModified]);
    assert_eq!(server.hits("/articles/jorah.html").requests, 1);
}

#[test]
fn a_windows_1256_page_is_read_in_its_character_set() {
    let utf8 = marsad_html::read_page(&read("crates/html/tests/pages/arabic_article.html"), None);
    // Declared by the HTTP header, then by the page's meta tag alone.
    for content_type in ["text/html; charset=windows-1256", "text/html"] {
        let server = Server::start();
        server.set("/atom.xml", Route::ok(feed(&server, "outlet.atom.xml"), "application/atom+xml"));
        server.set("/articles/cnn_arabic.cp1256.html", Route::ok(read("crates/html/tests/pages/arabic_article.cp1256.html"), content_type));
        let s = setup(&server, &[("/atom.xml", "")]);
        assert_eq!(read_counts(&poll_once(&s)[0]).ingested, 1, "{content_type}");
        let docs = documents(&s.db);
        // The Atom entry's relative link, resolved against the feed's address.
        assert_eq!(docs[0].doc_id, server.url("/articles/cnn_arabic.cp1256.html"));
        assert!(docs[0].text.contains("سيطروا على ثلاثة مستودعات للذخيرة بالقرب من بلدة قلدون"), "{content_type}: {}", docs[0].text);
        assert_eq!(docs[0].text, utf8.text, "{content_type}");
        // No name in the feeds file: the page's site name.
        assert_eq!(docs[0].source.as_deref(), Some("CNNArabic"));
        assert_eq!(docs[0].published.as_deref(), Some("2013-08-28"));
    }
}

#[test]
fn a_failing_feed_backs_off_without_stopping_the_others() {
    let server = Server::start();
    serve_articles(&server);
    server.set("/broken.xml", Route::status(500));
    server.set("/not-a-feed.xml", Route::ok("<html><body>maintenance</body></html>", HTML));
    server.set("/good.xml", Route::ok(feed(&server, "outlet.rss.xml"), RSS));
    let s = setup(&server, &[("/broken.xml", "interval = 60"), ("/not-a-feed.xml", "interval = 60"), ("/good.xml", "interval = 60")]);
    let log = Log::default();
    let options = WatchOptions { backoff_cap: Duration::from_secs(300), ..WatchOptions::default() };
    let mut w = watcher(&s, options, &log);
    let t0 = 1_704_067_200; // 2024-01-01T00:00:00Z: the schedule runs on the clock it is given.

    let first = w.poll_due(t0).unwrap();
    assert_eq!(first.len(), 3);
    assert_eq!(first[0].outcome, Outcome::Failed { error: "HTTP 500".into(), failures: 1, retry_in: Duration::from_secs(120) });
    assert!(matches!(&first[1].outcome, Outcome::Failed { error, .. } if error.starts_with("not an RSS or Atom feed")), "{:?}", first[1]);
    assert_eq!(read_counts(&first[2].outcome).ingested, 2);
    let broken = server.url("/broken.xml");
    assert!(log.borrow().iter().any(|l| l.starts_with(&format!("{broken}: HTTP 500 (failure 1 in a row); next poll in 2 min"))), "{:?}", log.borrow());

    // At +60 s only the good feed is due; the failing ones wait out their back-off.
    let due: Vec<String> = w.poll_due(t0 + 60).unwrap().into_iter().map(|r| r.url).collect();
    assert_eq!(due, [server.url("/good.xml")]);
    assert_eq!(server.hits("/broken.xml").requests, 1);

    // Waits double: 120 s, 240 s, then the cap (300 s).
    let mut now = t0 + 120;
    for (failures, wait) in [(2u32, 240i64), (3, 300), (4, 300)] {
        let report = w.poll_due(now).unwrap().into_iter().find(|r| r.url == broken).expect("broken feed due");
        assert_eq!(report.outcome, Outcome::Failed { error: "HTTP 500".into(), failures, retry_in: Duration::from_secs(wait.unsigned_abs()) });
        assert_eq!(w.poll_due(now + wait - 1).unwrap().iter().filter(|r| r.url == broken).count(), 0);
        now += wait;
    }
    assert_eq!(server.hits("/broken.xml").requests, 4);
    assert!(server.hits("/good.xml").requests >= 5, "the good feed went on being polled");

    // Back on its feet: read, failures forgotten, the normal interval again.
    server.set("/broken.xml", Route::ok(feed(&server, "outlet_more.rss.xml"), RSS));
    let report = w.poll_due(now).unwrap().into_iter().find(|r| r.url == broken).unwrap();
    assert_eq!(read_counts(&report.outcome).ingested, 1);
    let (failures, next): (i64, i64) = rusqlite::Connection::open(&s.db)
        .unwrap()
        .query_row("SELECT failures, next_poll FROM watch_feeds WHERE url = ?1", [&broken], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((failures, next), (0, now + 60));
}

#[test]
fn an_article_failing_for_now_is_retried_and_a_missing_one_is_not() {
    let server = Server::start();
    serve_articles(&server);
    server.set("/articles/jorah.html", Route::status(503));
    server.set("/articles/qaterji.html", Route::status(404));
    server.set("/feed.xml", Route::ok(feed(&server, "outlet.rss.xml"), RSS).etag("\"v1\""));
    let s = setup(&server, &[("/feed.xml", "")]);

    let first = read_counts(&poll_once(&s)[0]);
    assert_eq!((first.ingested, first.skipped, first.retry), (0, 1, 1));
    // The ETag is not kept while an article waits: a 304 would hide it.
    let etag: Option<String> = sql_one(&s.db, "SELECT etag FROM watch_feeds");
    assert_eq!(etag, None);

    server.set("/articles/jorah.html", Route::ok(example_page("sy24_jorah_clash.txt"), HTML));
    let second = read_counts(&poll_once(&s)[0]);
    assert_eq!((second.ingested, second.known, second.retry), (1, 1, 0));
    assert_eq!(server.hits("/articles/qaterji.html").requests, 1, "a page that is gone is not asked for again");
    assert_eq!(server.hits("/feed.xml").conditional, 0);
    assert_eq!(poll_once(&s), [Outcome::NotModified]);
    let detail: String = sql_one(&s.db, "SELECT detail FROM watch_items WHERE status = 'skipped'");
    assert_eq!(detail, "HTTP 404");
}

/// The events of a document as (type, sub-type, place, actor1, actor2, fatalities).
fn event_keys(events: impl IntoIterator<Item = marsad_model::Event>) -> BTreeSet<String> {
    events
        .into_iter()
        .map(|e| {
            let place = e.location.map(|l| l.name_ar).unwrap_or_default();
            let side = |a: Option<marsad_model::Actor>| a.map(|a| a.id).unwrap_or_default();
            format!("{} / {} / {place} / {} / {} / {:?}", e.event_type, e.sub_event_type, side(e.actor1), side(e.actor2), e.fatalities)
        })
        .collect()
}

fn stored_events(db: &Path, doc_id: &str) -> Vec<marsad_model::Event> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT e.json FROM events e JOIN documents d ON d.id = e.document WHERE d.doc_id = ?1 ORDER BY e.ordinal")
        .unwrap();
    let rows: Vec<String> = stmt.query_map([doc_id], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
    rows.iter().map(|j| serde_json::from_str(j).unwrap()).collect()
}

#[test]
fn real_and_templated_pages_give_the_article_and_no_event_beyond_it() {
    let server = Server::start();
    serve_articles(&server);
    server.set("/feed.xml", Route::ok(feed(&server, "outlet_more.rss.xml"), RSS));
    let s = setup(&server, &[("/feed.xml", "name = \"Test outlet\"")]);
    assert_eq!(read_counts(&poll_once(&s)[0]).ingested, 3);
    let docs = documents(&s.db);

    // The real page: the article kept, the navigation, "most browsed" list and footer dropped.
    let cnn = docs.iter().find(|d| d.doc_id.ends_with("/cnn_arabic.html")).unwrap();
    for kept in [
        "سيطروا على ثلاثة مستودعات للذخيرة بالقرب من بلدة قلدون في منطقة القلمون بريف دمشق.",
        "أفاد المرصد عن اشتباكات دارت بعد منتصف ليل الجمعة",
    ] {
        assert!(cnn.text.contains(kept), "{kept:?} missing");
    }
    for dropped in ["الشرق الأوسط", "اقتصاد وأعمال", "الأكثر تصفحاً", "القبض على شاب تحرش بطفلة في السعودية", "Cable News Network", "شروط الخدمة"] {
        assert!(!cnn.text.contains(dropped), "{dropped:?} kept");
    }

    // Each page gives no event that its article text alone does not.
    let pipeline = Pipeline::embedded().unwrap();
    let alone = |path: &str, doc: &Doc| {
        let text = String::from_utf8(read(path)).unwrap();
        let input = InputDocument { doc_id: "alone".into(), text, published: doc.published.clone(), ..Default::default() };
        let options = ExtractOptions { reference_date: None, dropped: false };
        event_keys(pipeline.extract(&input, &options).events)
    };
    for (suffix, article) in [
        ("/cnn_arabic.html", "crates/watch/tests/data/cnn_arabic_article.txt"),
        ("/jorah.html", "examples/sy24_jorah_clash.txt"),
        ("/qaterji.html", "examples/political_keys_ndf_qaterji.txt"),
    ] {
        let doc = docs.iter().find(|d| d.doc_id.ends_with(suffix)).unwrap();
        let from_page = event_keys(stored_events(&s.db, &doc.doc_id));
        let from_article = alone(article, doc);
        assert!(!from_page.is_empty(), "{suffix}: no events at all");
        let extra: Vec<_> = from_page.difference(&from_article).collect();
        assert!(extra.is_empty(), "{suffix}: events from the page but not its article: {extra:?}");
    }
    // The template's «اقرأ أيضاً» headlines, read as a report, do give events: kept on the
    // page, they would show in the comparison above.
    let template = String::from_utf8(read("crates/watch/tests/data/article_template.html")).unwrap();
    let headlines: Vec<&str> = template.lines().filter_map(|l| l.split_once("\">").and_then(|(_, r)| r.strip_suffix("</a></li>"))).collect();
    assert_eq!(headlines.len(), 2);
    let list = InputDocument { doc_id: "list".into(), text: headlines.join("\n"), published: Some("2024-01-12".into()), ..Default::default() };
    assert!(!pipeline.extract(&list, &ExtractOptions::default()).events.is_empty());
}

#[test]
fn items_without_a_link_are_skipped_once_each() {
    let server = Server::start();
    let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
               <item><title>خبر عاجل</title><guid isPermaLink=\"false\">a</guid></item>\
               <item><title>خبر آخر</title><guid isPermaLink=\"false\">b</guid></item></channel></rss>";
    server.set("/nolinks.xml", Route::ok(rss, RSS));
    let s = setup(&server, &[("/nolinks.xml", "")]);
    let first = read_counts(&poll_once(&s)[0]);
    assert_eq!((first.items, first.skipped, first.known), (2, 2, 0));
    let again = read_counts(&poll_once(&s)[0]);
    assert_eq!((again.skipped, again.known), (0, 2));
    let urls: i64 = sql_one(&s.db, "SELECT count(*) FROM watch_items WHERE url IS NULL AND detail = 'the item has no link'");
    assert_eq!(urls, 2);
}

#[test]
fn an_article_that_keeps_failing_is_given_up() {
    let server = Server::start();
    serve_articles(&server);
    server.set("/articles/jorah.html", Route::status(503));
    server.set("/feed.xml", Route::ok(feed(&server, "outlet.rss.xml"), RSS));
    let s = setup(&server, &[("/feed.xml", "")]);
    let log = Log::default();
    let options = WatchOptions { max_attempts: 2, ..WatchOptions::default() };
    let mut w = watcher(&s, options, &log);
    let counts = |w: &mut Watcher| read_counts(&w.poll_all().unwrap()[0].outcome);
    let first = counts(&mut w);
    assert_eq!((first.ingested, first.retry, first.skipped), (1, 1, 0));
    let second = counts(&mut w);
    assert_eq!((second.known, second.retry, second.skipped), (1, 0, 1));
    let third = counts(&mut w);
    assert_eq!(third.known, 2);
    assert_eq!(server.hits("/articles/jorah.html").requests, 2);
    let detail: String = sql_one(&s.db, "SELECT detail FROM watch_items WHERE status = 'skipped'");
    assert_eq!(detail, "gave up after 2 attempts: HTTP 503");
    assert!(log.borrow().iter().any(|l| l.ends_with("/articles/jorah.html: HTTP 503; tried again at the next poll")), "{:?}", log.borrow());
}
