//! The store commands with `--db postgres://...` give what they give on SQLite, and the queue
//! commands work end to end, on a real server from `scripts/postgres.sh` (skipped, saying why,
//! when none can be had, unless MARSAD_REQUIRE_SERVICES=1).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_marsad");

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

/// Runs marsad; stdout, and whether it succeeded, with stderr on failure.
fn marsad(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).stdin(Stdio::null()).env_remove("MARSAD_DB").output().expect("run marsad");
    assert!(out.status.success(), "marsad {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A fresh database, dropped at the end.
struct TestDb(String);

impl TestDb {
    fn new(test: &str) -> Option<TestDb> {
        let out = Command::new("bash").arg(repo("scripts/postgres.sh")).output();
        match out {
            Ok(o) if o.status.success() => return Some(TestDb(String::from_utf8_lossy(&o.stdout).trim().to_owned())),
            Ok(o) => {
                let why = String::from_utf8_lossy(&o.stderr).trim().to_owned();
                assert!(std::env::var("MARSAD_REQUIRE_SERVICES").as_deref() != Ok("1"), "{test}: no PostgreSQL server: {why}");
                eprintln!("{test}: skipped: no PostgreSQL server: {why}");
            }
            Err(e) => {
                assert!(std::env::var("MARSAD_REQUIRE_SERVICES").as_deref() != Ok("1"), "{test}: cannot run scripts/postgres.sh: {e}");
                eprintln!("{test}: skipped: cannot run scripts/postgres.sh: {e}");
            }
        }
        None
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = self.0.rsplit_once('/') {
            if let Ok(mut c) = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

#[test]
fn store_commands_answer_on_postgres_as_on_sqlite() {
    let Some(db) = TestDb::new("store_commands_answer_on_postgres_as_on_sqlite") else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marsad.db");
    let (pg, sqlite) = (db.0.as_str(), file.to_str().unwrap());
    let seeds = repo("eval/seeds.jsonl");
    let examples = repo("examples");
    for target in [pg, sqlite] {
        marsad(&["ingest", "--reference-date", "none", "--db", target, seeds.to_str().unwrap(), examples.to_str().unwrap()]);
    }
    for args in [
        vec!["query", "--format", "jsonl"],
        vec!["query", "--format", "csv", "--actor", "الدفاع الوطني"],
        vec!["query", "--format", "jsonl", "--near", "35.0,40.5", "--km", "30"],
        vec!["query", "--format", "jsonl", "--text", "العشارة"],
        vec!["control", "--format", "jsonl"],
        vec!["control", "العشارة", "--format", "jsonl", "--at", "2024-02-01"],
        vec!["stats", "--json"],
    ] {
        let run = |db: &str| {
            let mut a = args.clone();
            a.extend(["--db", db]);
            marsad(&a)
        };
        let (mut p, mut s) = (run(pg), run(sqlite));
        assert!(!s.trim().is_empty(), "{args:?} found nothing");
        if args[0] == "stats" {
            // Each store numbers its own schema migrations (SQLite's v2 added the merge tables,
            // which PostgreSQL does not keep); every count must still agree.
            for out in [&mut p, &mut s] {
                let mut v: serde_json::Value = serde_json::from_str(out).unwrap();
                assert!(v["schema_version"].as_i64().is_some_and(|n| n >= 1), "{out}");
                v["schema_version"] = serde_json::Value::Null;
                *out = v.to_string();
            }
        }
        assert_eq!(p, s, "{args:?}");
    }
}

#[test]
fn queue_commands_process_every_document_once() {
    let Some(db) = TestDb::new("queue_commands_process_every_document_once") else { return };
    let url = db.0.as_str();
    let dev = repo("eval/dev.jsonl");
    marsad(&["enqueue", "--reference-date", "none", "--db", url, dev.to_str().unwrap()]);
    marsad(&["enqueue", "--reference-date", "none", "--db", url, dev.to_str().unwrap()]);
    marsad(&["worker", "--db", url, "--batch", "3", "--exit-when-done", "--name", "t"]);
    let status: serde_json::Value = serde_json::from_str(&marsad(&["jobs", "--db", url, "--json"])).unwrap();
    assert_eq!((status["done"].as_i64(), status["ready"].as_i64(), status["doubled"].as_i64()), (Some(12), Some(0), Some(0)));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marsad.db");
    marsad(&["ingest", "--reference-date", "none", "--db", file.to_str().unwrap(), dev.to_str().unwrap()]);
    assert_eq!(marsad(&["query", "--format", "jsonl", "--db", url]), marsad(&["query", "--format", "jsonl", "--db", file.to_str().unwrap()]));
}

/// Runs marsad with the CSV's and GeoJSON's timestamp pinned; stdout and stderr.
fn marsad_pinned(args: &[&str]) -> (String, String) {
    let out = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .env_remove("MARSAD_DB")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("run marsad");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "marsad {args:?}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

#[test]
fn export_on_postgres_writes_what_raw_export_writes_on_sqlite() {
    let Some(db) = TestDb::new("export_on_postgres_writes_what_raw_export_writes_on_sqlite") else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marsad.db");
    let (pg, sqlite) = (db.0.as_str(), file.to_str().unwrap());
    let seeds = repo("eval/seeds.jsonl");
    let examples = repo("examples");
    for target in [pg, sqlite] {
        marsad(&["ingest", "--reference-date", "none", "--no-dedup", "--db", target, seeds.to_str().unwrap(), examples.to_str().unwrap()]);
    }
    let mut cases: Vec<Vec<&str>> = Vec::new();
    for format in ["acled-csv", "geojson", "jsonl", "graphml"] {
        cases.push(vec!["--format", format]);
        if format != "acled-csv" {
            cases.push(vec!["--format", format, "--control"]);
        }
    }
    cases.push(vec!["--format", "jsonl", "--actor", "الدفاع الوطني", "--limit", "3"]);
    for case in cases {
        let run = |db: &str, raw: bool| {
            let mut a = vec!["export", "--db", db];
            a.extend(&case);
            if raw {
                a.push("--raw");
            }
            marsad_pinned(&a)
        };
        let (s, count) = run(sqlite, true);
        let (p, note) = run(pg, false);
        assert!(count.starts_with("marsad: ") && !count.starts_with("marsad: 0 "), "{case:?} wrote nothing: {count}");
        assert_eq!(p, s, "{case:?}");
        if !case.contains(&"--control") {
            assert!(note.contains("PostgreSQL keeps no merges"), "{case:?}: {note}");
            assert_eq!(run(pg, true).0, s, "{case:?} --raw");
        }
    }
}
