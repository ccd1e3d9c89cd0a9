//! `marsad watch --once` end to end: the binary against a real HTTP server on a loopback port
//! (the feed-test server of `crates/watch/tests/server`), run twice with a new item in between,
//! then a bad feeds file and a failing feed.

#[path = "../../watch/tests/server/mod.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use server::{Route, Server};

const BIN: &str = env!("CARGO_BIN_EXE_marsad");

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

fn feed(server: &Server, name: &str) -> Vec<u8> {
    std::fs::read_to_string(repo(&format!("crates/watch/tests/data/{name}"))).unwrap().replace("{BASE}", &server.base).into_bytes()
}

struct Run {
    stderr: String,
    code: Option<i32>,
}

fn watch(feeds: &Path, db: &Path) -> Run {
    let out = Command::new(BIN)
        .args(["watch", feeds.to_str().unwrap(), "--db", db.to_str().unwrap(), "--once"])
        .stdin(Stdio::null())
        .output()
        .expect("run marsad");
    Run { stderr: String::from_utf8(out.stderr).unwrap(), code: out.status.code() }
}

fn last_line(run: &Run) -> &str {
    run.stderr.lines().last().unwrap_or_default()
}

fn documents(db: &Path) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).unwrap()
}

#[test]
fn watch_once_twice_stores_each_article_once() {
    let server = Server::start();
    let page = |name: &str| std::fs::read(repo(&format!("crates/html/tests/pages/{name}"))).unwrap();
    // The feed's three articles; the first two served as the same real page at two addresses.
    for path in ["/articles/jorah.html", "/articles/qaterji.html", "/articles/cnn_arabic.html"] {
        server.set(path, Route::ok(page("arabic_article.html"), "text/html"));
    }
    server.set("/feed.xml", Route::ok(feed(&server, "outlet.rss.xml"), "application/rss+xml").etag("\"a\""));
    let dir = tempfile::tempdir().unwrap();
    let (feeds, db) = (dir.path().join("feeds.toml"), dir.path().join("watch.db"));
    std::fs::write(&feeds, format!("[[feed]]\nurl = \"{}\"\nname = \"Test outlet\"\ninterval = \"10m\"\n", server.url("/feed.xml"))).unwrap();

    let first = watch(&feeds, &db);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(last_line(&first).starts_with("marsad: 1 feeds polled, 0 failed; 2 articles stored ("), "{}", first.stderr);
    let again = watch(&feeds, &db);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert!(last_line(&again).starts_with("marsad: 1 feeds polled, 0 failed; 0 articles stored (0 events)"), "{}", again.stderr);
    assert_eq!(server.hits("/feed.xml").not_modified, 1);

    server.set("/feed.xml", Route::ok(feed(&server, "outlet_more.rss.xml"), "application/rss+xml").etag("\"b\""));
    let more = watch(&feeds, &db);
    assert!(last_line(&more).starts_with("marsad: 1 feeds polled, 0 failed; 1 articles stored ("), "{}", more.stderr);
    assert_eq!(documents(&db), 3);
    for path in ["/articles/jorah.html", "/articles/qaterji.html", "/articles/cnn_arabic.html"] {
        assert_eq!(server.hits(path).requests, 1, "{path}");
    }

    // A feed that fails: named on stderr with its address, exit status 1, the good feed read.
    let broken = server.url("/gone.xml");
    std::fs::write(&feeds, format!("[[feed]]\nurl = \"{broken}\"\n[[feed]]\nurl = \"{}\"\n", server.url("/feed.xml"))).unwrap();
    let failing = watch(&feeds, &db);
    assert_eq!(failing.code, Some(1), "{}", failing.stderr);
    assert!(failing.stderr.contains(&format!("marsad watch: {broken}: HTTP 404 (failure 1 in a row); next poll in 1 h")), "{}", failing.stderr);
    assert!(last_line(&failing).starts_with("marsad: 2 feeds polled, 1 failed; 0 articles stored"), "{}", failing.stderr);
}

#[test]
fn a_bad_feeds_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.toml");
    std::fs::write(&feeds, "[[feed]]\nurl = \"https://example.org/feed\"\ninterval = \"soon\"\n").unwrap();
    let run = watch(&feeds, &dir.path().join("x.db"));
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains(&format!("{}:3: interval must be", feeds.display())), "{}", run.stderr);
    assert!(!dir.path().join("x.db").exists(), "no store made for a bad feeds file");
}
