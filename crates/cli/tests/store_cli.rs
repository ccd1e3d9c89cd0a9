//! End-to-end tests of the store commands (`ingest`, `query`, `control`, `reprocess`, `stats`)
//! on real SQLite files: a killed ingest, the sqlite3 shell, default paths, bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
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

fn marsad(args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).stdin(Stdio::null()).env_remove("MARSAD_DB").env_remove("XDG_DATA_HOME");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let Output { stdout, stderr, status } = cmd.output().expect("run marsad");
    Run { stdout: String::from_utf8(stdout).unwrap(), stderr: String::from_utf8(stderr).unwrap(), code: status.code() }
}

fn ingest(db: &Path, paths: &[&Path]) -> Run {
    let mut args = vec!["ingest", "--reference-date", "none", "--db", db.to_str().unwrap()];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    marsad(&args, &[])
}

fn scalar(db: &Path, sql: &str) -> i64 {
    Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every event as stored (document, position, full JSON), sorted.
fn events(db: &Path) -> Vec<(String, i64, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT d.doc_id, e.ordinal, e.json FROM events e JOIN documents d ON d.id = e.document ORDER BY 1, 2").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

/// The summary line's counts: new, unchanged, replaced, failed, events.
fn summary(stderr: &str) -> [usize; 5] {
    let line = stderr.lines().rev().find(|l| l.contains("documents new")).unwrap_or_else(|| panic!("no summary in {stderr}"));
    let numbers: Vec<usize> = line.split(|c: char| !c.is_ascii_digit()).filter_map(|w| w.parse().ok()).collect();
    numbers[..5].try_into().unwrap_or_else(|_| panic!("{line}"))
}

#[test]
fn ingesting_examples_and_dev_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let (examples, dev) = (repo("examples"), repo("eval/dev.jsonl"));
    let first = ingest(&db, &[&examples, &dev]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(first.stderr.contains(db.to_str().unwrap()), "{}", first.stderr);
    let [new, unchanged, replaced, failed, stored] = summary(&first.stderr);
    assert_eq!((new, unchanged, replaced, failed), (14, 0, 0, 0));
    let before = events(&db);
    assert_eq!(before.len(), stored);
    let stamps = "SELECT group_concat(doc_id || content_hash || ingested_at, ',') FROM (SELECT * FROM documents ORDER BY doc_id)";
    let conn = Connection::open(&db).unwrap();
    let stamp_before: String = conn.query_row(stamps, [], |r| r.get(0)).unwrap();
    let second = ingest(&db, &[&examples, &dev]);
    assert_eq!(summary(&second.stderr), [0, 14, 0, 0, 0], "{}", second.stderr);
    assert_eq!(events(&db), before);
    let stamp_after: String = conn.query_row(stamps, [], |r| r.get(0)).unwrap();
    assert_eq!(stamp_after, stamp_before);
}

#[test]
fn query_control_and_stats_read_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    ingest(&db, &[&repo("eval/seeds.jsonl")]);
    let dbs = db.to_str().unwrap();
    let q = marsad(&["query", "--db", dbs, "--actor", "قاطرجي", "--from", "2024-01-10"], &[]);
    assert_eq!(q.code, Some(0), "{}", q.stderr);
    let lines: Vec<Value> = q.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{}", q.stdout);
    assert!(lines.iter().all(|e| e["doc_id"] == "seed-003" && e["actor2"]["id"] == "qaterji" && e["date"].as_str() >= Some("2024-01-10")));
    let csv = marsad(&["query", "--db", dbs, "--format", "csv", "--type", "Battles"], &[]);
    assert!(csv.stdout.starts_with("event_id_cnty,event_date,"), "{}", csv.stdout);
    assert_eq!(csv.stdout.lines().count(), 1 + 4);
    let table = marsad(&["query", "--db", dbs, "--format", "table", "--place", "Ashara"], &[]);
    assert!(table.stdout.lines().next().unwrap().starts_with("date"), "{}", table.stdout);
    assert_eq!(table.stdout.lines().count(), 1 + 2);

    let c = marsad(&["control", "صبيخان", "--db", dbs, "--format", "jsonl"], &[]);
    let periods: Vec<Value> = c.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(periods.len(), 1, "{}", c.stdout);
    assert_eq!(periods[0]["holder_id"], "ndf");
    assert_eq!(periods[0]["taken_from_id"], "qaterji");

    let s = marsad(&["stats", "--db", dbs, "--json"], &[]);
    let stats: Value = serde_json::from_str(&s.stdout).unwrap();
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["events"], 4);
    assert_eq!(stats["schema_version"], 2);

    let missing = marsad(&["query", "--db", dir.path().join("none.db").to_str().unwrap()], &[]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("marsad ingest"), "{}", missing.stderr);
    assert!(!dir.path().join("none.db").exists());
}

#[test]
fn the_default_store_follows_marsad_db_then_xdg_data_home() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = repo("eval/seeds.jsonl");
    let run = marsad(&["ingest", seeds.to_str().unwrap()], &[("XDG_DATA_HOME", dir.path())]);
    let expected = dir.path().join("marsad/marsad.db");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(expected.exists());
    assert!(run.stderr.contains(expected.to_str().unwrap()), "{}", run.stderr);
    let chosen = dir.path().join("chosen.db");
    let run = marsad(&["ingest", seeds.to_str().unwrap()], &[("XDG_DATA_HOME", dir.path()), ("MARSAD_DB", &chosen)]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(scalar(&chosen, "SELECT count(*) FROM documents"), 2);
    let home = marsad(&["stats"], &[("HOME", dir.path())]);
    assert!(home.stderr.contains(dir.path().join(".local/share/marsad/marsad.db").to_str().unwrap()), "{}", home.stderr);
}

#[test]
fn bad_input_is_named_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let seeds = std::fs::read_to_string(repo("eval/seeds.jsonl")).unwrap();
    let mut lines: Vec<&str> = seeds.lines().collect();
    lines.insert(1, "{\"doc_id\": \"broken\", \"text\": ");
    std::fs::write(&input, lines.join("\n")).unwrap();
    let db = dir.path().join("m.db");
    let run = ingest(&db, &[&input]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains(&format!("{}:2:", input.display())), "{}", run.stderr);
    assert_eq!(summary(&run.stderr)[..4], [2, 0, 0, 1]);
    assert_eq!(scalar(&db, "SELECT count(*) FROM documents"), 2);
}

#[test]
fn reprocess_re_extracts_documents_of_another_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    ingest(&db, &[&repo("eval/seeds.jsonl")]);
    let before = events(&db);
    let dbs = db.to_str().unwrap();
    let none = marsad(&["reprocess", "--db", dbs], &[]);
    assert!(none.stderr.contains("0 documents to re-extract"), "{}", none.stderr);
    // Pretend an older marsad extracted seed-003, with events it would not write today.
    let conn = Connection::open(&db).unwrap();
    conn.execute("UPDATE documents SET extractor_version = '0.0.1+old' WHERE doc_id = 'seed-003'", []).unwrap();
    conn.execute("UPDATE events SET json = '{}' WHERE document = (SELECT id FROM documents WHERE doc_id = 'seed-003')", []).unwrap();
    let run = marsad(&["reprocess", "--db", dbs], &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("1 documents to re-extract"), "{}", run.stderr);
    assert_eq!(events(&db), before);
    assert_eq!(scalar(&db, "SELECT count(DISTINCT extractor_version) FROM documents"), 1);
    let all = marsad(&["reprocess", "--db", dbs, "--all"], &[]);
    assert!(all.stderr.contains("2 documents re-extracted"), "{}", all.stderr);
    assert_eq!(events(&db), before);
}

/// Several hundred documents with distinct ids (and URLs): the repository's annotated reports,
/// three times over.
fn many_documents(path: &Path) -> usize {
    let mut out = String::new();
    let mut n = 0;
    for copy in 0..3 {
        for file in ["eval/corpus_dev.jsonl", "eval/dev.jsonl", "eval/seeds.jsonl"] {
            for line in std::fs::read_to_string(repo(file)).unwrap().lines().filter(|l| !l.trim().is_empty()) {
                let mut doc: serde_json::Map<String, Value> = serde_json::from_str(line).unwrap();
                let id = doc.remove("doc_id").or_else(|| doc.remove("id")).unwrap();
                doc.insert("doc_id".into(), Value::from(format!("{}#{copy}", id.as_str().unwrap())));
                if let Some(Value::String(url)) = doc.get("url").cloned() {
                    doc.insert("url".into(), Value::from(format!("{url}#{copy}")));
                }
                out.push_str(&serde_json::to_string(&doc).unwrap());
                out.push('\n');
                n += 1;
            }
        }
    }
    std::fs::write(path, out).unwrap();
    n
}

/// Documents committed so far, read through a connection of our own (0 before the schema).
fn committed(db: &Path) -> i64 {
    let Ok(conn) = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY) else { return 0 };
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).unwrap_or(0)
}

#[test]
fn an_ingest_killed_part_way_is_completed_by_running_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let n = many_documents(&input);
    assert!(n >= 600, "{n}");

    let clean = dir.path().join("clean.db");
    let run = ingest(&clean, &[&input]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let clean_events = events(&clean);

    let db = dir.path().join("killed.db");
    let mut child = Command::new(BIN)
        .args(["ingest", "--reference-date", "none", "--db", db.to_str().unwrap(), input.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a batch is committed, whenever that is.
    let mut finished_first = false;
    loop {
        if committed(&db) > 0 {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            finished_first = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let at_kill = committed(&db);
    eprintln!("killed with {at_kill} of {n} documents committed (finished before the kill: {finished_first})");

    let again = ingest(&db, &[&input]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    let [new, unchanged, replaced, failed, _] = summary(&again.stderr);
    assert_eq!((new + unchanged + replaced, failed), (n, 0));
    assert_eq!(unchanged as i64, at_kill);
    let conn = Connection::open(&db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    assert_eq!(scalar(&db, "SELECT count(*) FROM documents"), n as i64);
    assert_eq!(scalar(&db, "SELECT count(DISTINCT doc_id) FROM documents"), n as i64);
    assert_eq!(events(&db), clean_events);
}

/// The SQL block after the `<!-- seed-events-query -->` marker in docs/STORE.md.
fn documented_query() -> String {
    let doc = std::fs::read_to_string(repo("docs/STORE.md")).unwrap();
    let after = doc.split("<!-- seed-events-query -->").nth(1).expect("docs/STORE.md has the seed-events-query marker");
    let block = after.split("```sql").nth(1).unwrap().split("```").next().unwrap();
    block.trim().to_owned()
}

#[test]
fn the_sqlite3_shell_runs_the_documented_query() {
    let shell = Path::new("/usr/bin/sqlite3");
    let shell = if shell.exists() { shell.to_path_buf() } else { PathBuf::from("sqlite3") };
    let version = Command::new(&shell).arg("-version").output();
    assert!(
        version.is_ok_and(|o| o.status.success()),
        "the sqlite3 command-line shell is not installed: install the Debian package `sqlite3` (apt-get install sqlite3)"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    ingest(&db, &[&repo("eval/seeds.jsonl")]);
    let mut child = Command::new(&shell)
        .args(["-batch", "-bail", db.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(documented_query().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // One line per seed event, each naming its report and event id.
    let stored = events(&db);
    assert_eq!(stdout.lines().count(), stored.len(), "{stdout}");
    for (doc_id, _, json) in &stored {
        let event: Value = serde_json::from_str(json).unwrap();
        let id = event["event_id"].as_str().unwrap();
        assert!(stdout.lines().any(|l| l.contains(doc_id.as_str()) && l.contains(id)), "{id} of {doc_id} missing from\n{stdout}");
    }
}
