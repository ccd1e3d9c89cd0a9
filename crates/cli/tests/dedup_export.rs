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
    // stderr is not a terminal here: no progress bar.
    assert!(!run.stderr.contains('\r') && !run.stderr.contains("/s"), "{}", run.stderr);
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

/// ACLED's columns, names and order, as the issue lists them.
const ACLED_HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,\
assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,\
location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

/// Whether a command-line tool runs; when it does not, the test is skipped (said on stderr)
/// unless MARSAD_REQUIRE_SERVICES=1 asks for everything.
fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg(if tool == "sqlite3" { "-version" } else { "--version" }).output().is_ok_and(|o| o.status.success());
    if !found {
        assert_ne!(std::env::var("MARSAD_REQUIRE_SERVICES").as_deref(), Ok("1"), "{tool} is not installed (apt-get install {tool})");
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

fn export(db: &str, args: &[&str], out: &Path) -> Run {
    let mut all = vec!["export", "--db", db, "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    ok(&all)
}

#[test]
fn acled_csv_export_lists_every_outlet_of_a_merged_event_and_loads_in_python_and_sqlite3() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_pairs(dir.path());
    let db = db.to_str().unwrap();
    let csv = dir.path().join("events.csv");
    let run = export(db, &["--format", "acled-csv"], &csv);
    assert!(run.stderr.contains("6 events written"), "{}", run.stderr);
    assert!(!run.stderr.contains('\r'), "no progress bar off a terminal: {}", run.stderr);
    let quiet = ok(&["export", "--db", db, "--format", "jsonl", "--quiet"]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    assert_eq!(quiet.stdout.lines().count(), 6);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().next().unwrap(), ACLED_HEADER);
    assert_eq!(text.lines().count(), 1 + 6, "8 events, 2 pairs merged");
    let raw = dir.path().join("raw.csv");
    export(db, &["--format", "acled-csv", "--raw"], &raw);
    assert_eq!(std::fs::read_to_string(&raw).unwrap().lines().count(), 1 + 8);

    if have("python3") {
        let script = "import csv, sys\n\
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))\n\
assert all(len(r) == 31 and None not in r for r in rows), 'ragged row'\n\
j = [r for r in rows if r['location'] == 'Jamraya']\n\
print(len(rows)); print(len(j)); print(j[0]['source']); print(j[0]['fatalities'])";
        let out = Command::new("python3").arg("-c").arg(script).arg(&csv).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines[..2], ["6", "1"]);
        let mut outlets: Vec<&str> = lines[2].split("; ").collect();
        outlets.sort_unstable();
        assert_eq!(outlets, ["aljazeera.net", "emaratalyoum.com"]);
    }
    if have("sqlite3") {
        let import = format!(".import --csv {} events", csv.display());
        let out = Command::new("sqlite3")
            .args([":memory:", &import, "SELECT count(*), count(DISTINCT event_id_cnty), sum(source LIKE '%; %') FROM events;"])
            .output()
            .unwrap();
        assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "6|6|2");
    }
}

#[test]
fn geojson_and_jsonl_exports_hold_merged_events_and_the_control_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_pairs(dir.path());
    let seeds = repo("eval/seeds.jsonl");
    ok(&["ingest", seeds.to_str().unwrap(), "--reference-date", "none", "--db", db.to_str().unwrap()]);
    let db = db.to_str().unwrap();

    let path = dir.path().join("events.geojson");
    export(db, &["--format", "geojson"], &path);
    let g: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    let features = g["features"].as_array().unwrap();
    assert_eq!(features.len(), 8, "10 events (2 pairs merged), 2 without coordinates");
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(c.len() == 2 && (35.0..43.0).contains(&lon) && (32.0..38.0).contains(&lat), "not a point in Syria: {c:?}");
    }
    let jamraya: Vec<&Value> = features.iter().filter(|f| f["properties"]["location"] == "Jamraya").collect();
    assert_eq!(jamraya.len(), 1);
    assert_eq!(jamraya[0]["properties"]["source"].as_str().unwrap().split("; ").count(), 2);

    let lines = dir.path().join("events.jsonl");
    export(db, &["--format", "jsonl", "--place", "Jamraya"], &lines);
    let rows = jsonl(&std::fs::read_to_string(&lines).unwrap());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["sources"].as_array().unwrap().len(), 2);
    assert!(rows[0]["fatalities"]["low"].as_u64() <= rows[0]["fatalities"]["high"].as_u64());

    // The control history: the NDF holds Subaykhan since 2024-01-13, taken from the Qaterji.
    let control = dir.path().join("control.jsonl");
    export(db, &["--format", "jsonl", "--control"], &control);
    let periods = jsonl(&std::fs::read_to_string(&control).unwrap());
    let sbeikhan = periods.iter().find(|p| p["place_id"] == "C5211").expect("Subaykhan's period");
    assert_eq!((sbeikhan["holder_id"].as_str(), sbeikhan["since"].as_str()), (Some("ndf"), Some("2024-01-13")));
    let points = dir.path().join("control.geojson");
    export(db, &["--format", "geojson", "--control"], &points);
    let g: Value = serde_json::from_str(&std::fs::read_to_string(&points).unwrap()).unwrap();
    assert!(g["features"].as_array().unwrap().iter().any(|f| f["properties"]["place_id"] == "C5211" && f["geometry"]["type"] == "Point"));
    let refused = marsad(&["export", "--db", db, "--format", "acled-csv", "--control"]);
    assert_eq!(refused.code, Some(2));
}

/// An edge as read back: source, target, (key, value) of its data.
type EdgeRead = (String, String, Vec<(String, String)>);

#[test]
fn graphml_export_parses_and_has_control_edges_with_dates() {
    use quick_xml::events::Event as Xml;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let seeds = repo("eval/seeds.jsonl");
    ok(&["ingest", seeds.to_str().unwrap(), "--reference-date", "none", "--db", db.to_str().unwrap()]);
    let path = dir.path().join("g.graphml");
    let run = export(db.to_str().unwrap(), &["--format", "graphml"], &path);
    assert!(run.stderr.contains("control periods"), "{}", run.stderr);
    let xml = std::fs::read_to_string(&path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    // (edge source, target, data) of every edge.
    let mut edges: Vec<EdgeRead> = Vec::new();
    let mut key: Option<String> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Xml::Start(e) if e.name().as_ref() == b"edge" => {
                let attr = |n: &str| e.try_get_attribute(n).unwrap().unwrap().unescape_value().unwrap().into_owned();
                edges.push((attr("source"), attr("target"), Vec::new()));
            }
            Xml::Start(e) if e.name().as_ref() == b"data" => {
                key = Some(e.try_get_attribute("key").unwrap().unwrap().unescape_value().unwrap().into_owned());
            }
            Xml::Text(t) => {
                if let (Some(k), Some(edge)) = (key.take(), edges.last_mut()) {
                    edge.2.push((k, t.unescape().unwrap().into_owned()));
                }
            }
            Xml::End(e) if e.name().as_ref() == b"edge" => key = None,
            Xml::Eof => break,
            _ => {}
        }
    }
    let value = |data: &[(String, String)], k: &str| data.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let control: Vec<_> = edges.iter().filter(|e| value(&e.2, "edge_kind").as_deref() == Some("control")).collect();
    assert!(!control.is_empty());
    let ndf = control.iter().find(|e| e.0 == "actor:ndf" && e.1 == "place:C5211").expect("NDF controls Subaykhan");
    assert_eq!(value(&ndf.2, "type").as_deref(), Some("controls"));
    assert_eq!(value(&ndf.2, "since").as_deref(), Some("2024-01-13"));
    assert!(edges.iter().any(|e| value(&e.2, "edge_kind").as_deref() == Some("event")));
}
