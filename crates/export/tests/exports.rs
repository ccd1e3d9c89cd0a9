//! The exports of the seed reports (`eval/seeds.jsonl`, `examples/`), read back by the tools
//! analysts use: Python's csv module, the sqlite3 shell, a JSON parser, an XML parser.
//!
//! The ACLED CSV of the examples is pinned by an insta snapshot (refresh with
//! `INSTA_UPDATE=always cargo test -p marsad-export` after checking the change).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use marsad_export::{interaction, AcledCsvWriter, ExportEvent, GeoJsonWriter, GraphMlWriter, JsonlWriter};
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::{InputDocument, OutputDocument};
use quick_xml::events::Event as Xml;

/// A fixed export time, so that outputs can be compared.
const TIMESTAMP: i64 = 1_705_104_000;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn extract(docs: &[InputDocument]) -> Vec<OutputDocument> {
    let pipeline = Pipeline::embedded().expect("pipeline");
    let options = ExtractOptions { reference_date: None, ..Default::default() };
    docs.iter().map(|d| pipeline.extract(d, &options)).collect()
}

fn seeds() -> Vec<OutputDocument> {
    let text = std::fs::read_to_string(repo().join("eval/seeds.jsonl")).expect("eval/seeds.jsonl");
    let docs: Vec<InputDocument> =
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("seed line")).collect();
    extract(&docs)
}

fn acled_csv(docs: &[OutputDocument]) -> String {
    let mut w = AcledCsvWriter::new(Vec::new(), TIMESTAMP).expect("header");
    for doc in docs {
        for ev in ExportEvent::each(doc) {
            w.write(&ev).expect("row");
        }
    }
    String::from_utf8(w.finish().expect("flush")).expect("utf-8")
}

fn event_count(docs: &[OutputDocument]) -> usize {
    docs.iter().map(|d| d.events.len()).sum()
}

/// A file under the test's scratch directory.
fn scratch(name: &str, content: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("marsad-export-tests");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write scratch file");
    path
}

fn have(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn header_is_acleds_list() {
    let csv = acled_csv(&[]);
    assert_eq!(
        csv,
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,\
actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,\
region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,\
source_scale,notes,fatalities,tags,timestamp\n"
    );
}

#[test]
fn interaction_codes_follow_acled() {
    let table: [(Option<u8>, Option<u8>, Option<u32>); 10] = [
        (Some(3), Some(1), Some(13)),
        (Some(1), Some(3), Some(13)),
        (Some(3), Some(3), Some(33)),
        (Some(2), Some(7), Some(27)),
        (Some(8), Some(1), Some(18)),
        (Some(1), None, Some(10)),
        (Some(6), None, Some(60)),
        (Some(6), Some(0), Some(60)),
        (None, Some(4), Some(40)),
        (None, None, None),
    ];
    for (inter1, inter2, expected) in table {
        assert_eq!(interaction(inter1, inter2), expected, "inter1 {inter1:?}, inter2 {inter2:?}");
    }
}

#[test]
fn seed_csv_loads_in_python_csv() {
    if !have("python3") {
        eprintln!("skipped: python3 is not installed, so the CSV could not be read by Python's csv module");
        return;
    }
    let docs = seeds();
    let path = scratch("seeds_python.csv", &acled_csv(&docs));
    let script = "import csv, sys\n\
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))\n\
assert all(len(r) == 31 and None not in r for r in rows), 'ragged row'\n\
print(len(rows)); print(rows[0]['country']); print(sorted({r['interaction'] for r in rows}))";
    let out = Command::new("python3").arg("-c").arg(script).arg(&path).output().expect("run python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], event_count(&docs).to_string());
    assert_eq!(lines[1], "Syria");
    // Seed 000 is state forces against a political militia, seed 003 two militias.
    assert_eq!(lines[2], "['13', '33']");
}

#[test]
fn seed_csv_loads_in_the_sqlite3_shell() {
    if !have("sqlite3") {
        eprintln!("skipped: the sqlite3 shell is not installed, so the CSV could not be imported");
        return;
    }
    let docs = seeds();
    let path = scratch("seeds_sqlite.csv", &acled_csv(&docs));
    let import = format!(".import --csv {} events", path.display());
    let out = Command::new("sqlite3")
        .args([":memory:", &import, "SELECT count(*), sum(fatalities), count(DISTINCT event_id_cnty) FROM events;"])
        .output()
        .expect("run sqlite3");
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let n = event_count(&docs);
    let killed: u32 = docs.iter().flat_map(|d| &d.events).map(|e| e.fatalities).sum();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("{n}|{killed}|{n}"));
}

#[test]
fn geojson_has_points_in_lon_lat_order() {
    let docs = seeds();
    let mut w = GeoJsonWriter::new(Vec::new(), TIMESTAMP).expect("open");
    for doc in &docs {
        for ev in ExportEvent::each(doc) {
            w.write(&ev).expect("feature");
        }
    }
    let (features, unlocated) = (w.features(), w.unlocated());
    let text = String::from_utf8(w.finish().expect("close")).expect("utf-8");
    let json: serde_json::Value = serde_json::from_str(&text).expect("one valid JSON document");
    assert_eq!(json["type"], "FeatureCollection");
    assert!(json.get("crs").is_none(), "RFC 7946 has no crs member");
    let list = json["features"].as_array().expect("features");
    assert_eq!(list.len(), features);
    assert_eq!(features + unlocated, event_count(&docs));
    // Seed 000: the clash in al-Jorah, Deir ez-Zor (lon ~40.1, lat ~35.3).
    let jorah = list
        .iter()
        .find(|f| f["properties"]["doc_id"] == "seed-000" && f["properties"]["event_type"] == "Battles")
        .expect("seed 000's clash");
    let point = &jorah["geometry"];
    assert_eq!(point["type"], "Point");
    let (lon, lat) = (point["coordinates"][0].as_f64().expect("lon"), point["coordinates"][1].as_f64().expect("lat"));
    assert!((lon - 40.1).abs() < 0.1 && (lat - 35.3).abs() < 0.1, "({lon}, {lat})");
    assert_eq!(jorah["properties"]["latitude"], point["coordinates"][1]);
    assert_eq!(jorah["properties"]["iso"], 760);
    assert_eq!(jorah["properties"]["admin1"], "Deir ez-Zor");
}

#[test]
fn jsonl_has_one_event_per_line_with_its_document() {
    let docs = seeds();
    let mut w = JsonlWriter::new(Vec::new());
    for doc in &docs {
        for ev in ExportEvent::each(doc) {
            w.write(&ev).expect("line");
        }
    }
    let text = String::from_utf8(w.finish().expect("flush")).expect("utf-8");
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), event_count(&docs));
    let events = docs.iter().flat_map(|d| d.events.iter().map(move |e| (d, e)));
    for (line, (doc, event)) in lines.iter().zip(events) {
        assert_eq!(line["document"]["doc_id"], doc.doc_id.as_str());
        assert_eq!(line["sources"][0]["source"], serde_json::json!(doc.source));
        assert_eq!(line["fatalities"]["best"], event.fatalities);
        // The whole event record, evidence and injured included.
        assert_eq!(line["event"], serde_json::to_value(event).expect("event"));
    }
}

/// Node ids and the number of edges of a GraphML document, read with an XML parser.
fn read_graphml(xml: &str) -> (BTreeSet<String>, usize, BTreeSet<String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut nodes, mut edges, mut keys) = (BTreeSet::new(), 0, BTreeSet::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Xml::Start(e) | Xml::Empty(e) => {
                let attr = |name: &str| {
                    e.try_get_attribute(name).expect("attribute").map(|a| a.unescape_value().expect("value").into_owned())
                };
                match e.name().as_ref() {
                    b"node" => {
                        nodes.insert(attr("id").expect("node id"));
                    }
                    b"edge" => edges += 1,
                    b"key" => {
                        keys.insert(attr("id").expect("key id"));
                    }
                    b"data" => assert!(keys.contains(&attr("key").expect("data key")), "undeclared key"),
                    _ => {}
                }
            }
            Xml::Eof => return (nodes, edges, keys),
            _ => {}
        }
    }
}

#[test]
fn graphml_has_the_seed_actors_as_nodes() {
    let docs = seeds();
    let mut g = GraphMlWriter::new(Vec::new());
    for doc in &docs {
        g.add_document(doc);
    }
    let (node_count, edge_count, one_sided) = (g.nodes(), g.edges(), g.one_sided());
    let xml = String::from_utf8(g.finish().expect("write")).expect("utf-8");
    let (nodes, edges, _) = read_graphml(&xml);
    assert_eq!((nodes.len(), edges), (node_count, edge_count));
    let relations: usize = docs.iter().map(|d| d.relations.len()).sum();
    assert_eq!(edges + one_sided, event_count(&docs) + relations);
    for event in docs.iter().flat_map(|d| &d.events) {
        for actor in event.actor1.iter().chain(&event.actor2) {
            assert!(nodes.contains(&format!("actor:{}", actor.id)), "{} missing from {nodes:?}", actor.id);
        }
    }
    for id in ["actor:ndf", "actor:qaterji", "actor:syria_military"] {
        assert!(nodes.contains(id), "{id} missing from {nodes:?}");
    }
    if have("python3") {
        let path = scratch("seeds.graphml", &xml);
        let script = "import sys, xml.etree.ElementTree as ET\n\
ns = {'g': 'http://graphml.graphdrawing.org/xmlns'}\n\
root = ET.parse(sys.argv[1]).getroot()\n\
print(len(root.findall('.//g:node', ns)), len(root.findall('.//g:edge', ns)))";
        let out = Command::new("python3").arg("-c").arg(script).arg(&path).output().expect("run python3");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("{node_count} {edge_count}"));
    } else {
        eprintln!("skipped the Python check: python3 is not installed");
    }
}

#[test]
fn acled_csv_of_the_examples() {
    let example = |id: &str, file: &str, source: &str, published: Option<&str>| InputDocument {
        doc_id: id.into(),
        text: std::fs::read_to_string(repo().join("examples").join(file)).expect("example"),
        source: Some(source.into()),
        published: published.map(String::from),
        url: None,
    };
    let docs = extract(&[
        example("sy24_jorah_clash.txt", "sy24_jorah_clash.txt", "SY24", None),
        example("political_keys_ndf_qaterji.txt", "political_keys_ndf_qaterji.txt", "Political Keys", Some("2024-01-13")),
    ]);
    insta::assert_snapshot!(acled_csv(&docs));
}
