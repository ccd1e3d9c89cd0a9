//! End-to-end tests of `marsad dedup`, `marsad query --merged` and `marsad export` on real
//! SQLite files, with real pairs of reports from the fact-check corpus
//! (`crates/dedup/tests/fixtures/`, attribution there) ingested with their outlets.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_marsad");

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

fn marsad(args: &[&str]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).stdin(Stdio::null()).env_remove("MARSAD_DB").env_remove("XDG_DATA_HOME").env("SOURCE_DATE_EPOCH", "1700000000");
    let Output { stdout, stderr, status } = cmd.output().expect("run marsad");
    Run { stdout: String::from_utf8(stdout).unwrap(), stderr: String::from_utf8(stderr).unwrap(), code: status.code() }
}

fn ok(args: &[&str]) -> Run {
    let run = marsad(args);
    assert_eq!(run.code, Some(0), "marsad {args:?}: {}", run.stderr);
    run
}

/// The fixture's reports as JSON Lines with their outlets (the page's host), ingested into a
/// new store; returns the store's path.
fn store_with_pairs(dir: &Path) -> PathBuf {
    let mut lines = String::new();
    for line in std::fs::read_to_string(repo("crates/dedup/tests/fixtures/factcheck_pairs.jsonl")).unwrap().lines() {
        let a: Value = serde_json::from_str(line).unwrap();
        let url = a["url"].as_str().unwrap();
        let host = url.split("://").nth(1).unwrap().split('/').next().unwrap().trim_start_matches("www.");
        let doc = serde_json::json!({"doc_id": a["doc_id"], "text": a["text"], "url": url, "source": host});
        lines.push_str(&doc.to_string());
        lines.push('\n');
    }
    let input = dir.join("pairs.jsonl");
    std::fs::write(&input, lines).unwrap();
    let db = dir.join("m.db");
    let run = ok(&["ingest", input.to_str().unwrap(), "--reference-date", "2018-06-01", "--db", db.to_str().unwrap()]);
    assert!(run.stderr.contains("marsad: dedup: 8 events: 2 merged events"), "{}", run.stderr);
    db
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// `query --merged --place Jamraya`: each row's report ids, sorted.
fn jamraya(db: &str) -> Vec<Vec<String>> {
    let rows = jsonl(&ok(&["query", "--merged", "--place", "Jamraya", "--format", "jsonl", "--db", db]).stdout);
    rows.iter()
        .map(|r| {
            let mut docs: Vec<String> = r["sources"].as_array().unwrap().iter().map(|s| s["doc_id"].as_str().unwrap().to_owned()).collect();
            docs.sort();
            docs
        })
        .collect()
}

#[test]
fn ingest_merges_the_pairs_and_undo_keeps_them_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_pairs(dir.path());
    let db = db.to_str().unwrap();
    assert_eq!(jamraya(db), [["ufc_R136_1", "ufc_R136_12"]]);
    let raw = jsonl(&ok(&["query", "--place", "Jamraya", "--format", "jsonl", "--db", db]).stdout);
    assert_eq!(raw.len(), 2, "raw events stay as extracted");

    // Why: the reasons of the merge, per criterion.
    let merges = jsonl(&ok(&["dedup", "--list", "--format", "jsonl", "--db", db]).stdout);
    assert_eq!(merges.len(), 2);
    let m = merges.iter().find(|m| m["combined"]["event"]["location"]["name_en"] == "Jamraya").unwrap();
    let reasons: Vec<&str> = m["members"][1]["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(reasons.iter().any(|r| r.starts_with("date: 2017-12-04 = 2017-12-04")), "{reasons:?}");

    let again = ok(&["dedup", "--db", db]);
    assert!(again.stderr.contains("2 merged events of 4 events told by several reports (0 new, 0 updated, 0 removed"), "{}", again.stderr);

    let id = m["id"].as_i64().unwrap().to_string();
    let undo = ok(&["dedup", "--undo", &id, "--db", db]);
    assert!(undo.stderr.contains("ufc_R136_1#"), "{}", undo.stderr);
    let apart = jamraya(db);
    assert_eq!(apart.len(), 2, "{apart:?}");
    assert!(apart.iter().all(|docs| docs.len() == 1), "{apart:?}");
    let rerun = ok(&["dedup", "--db", db]);
    assert!(rerun.stderr.contains("1 merged events of 2 events"), "{}", rerun.stderr);
    assert_eq!(jamraya(db).len(), 2, "not merged again");
    let twice = marsad(&["dedup", "--undo", &id, "--db", db]);
    assert_eq!(twice.code, Some(2));
    assert!(twice.stderr.contains("undone already"), "{}", twice.stderr);
    let listed = jsonl(&ok(&["dedup", "--list", "--all", "--format", "jsonl", "--db", db]).stdout);
    assert!(listed.iter().any(|m| m["undone_at"].is_string()));
}
