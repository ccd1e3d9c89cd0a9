//! The store on real SQLite files with real extractions of the repository's reports
//! (`eval/seeds.jsonl`, `eval/dev.jsonl`).

use std::path::{Path, PathBuf};

use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::{InputDocument, OutputDocument};
use marsad_store::{Extracted, Filter, Store, StoreError};
use rusqlite::types::Value;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

fn read_jsonl(rel: &str) -> Vec<InputDocument> {
    std::fs::read_to_string(repo(rel))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn pipeline() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| Pipeline::embedded().unwrap())
}

fn extract(docs: &[InputDocument]) -> Vec<(InputDocument, OutputDocument)> {
    let options = ExtractOptions { reference_date: None, ..Default::default() };
    docs.iter().map(|d| (d.clone(), pipeline().extract(d, &options))).collect()
}

const VERSION: &str = "test-version";

fn ingest(store: &mut Store, docs: &[(InputDocument, OutputDocument)]) -> marsad_store::BatchSummary {
    let batch: Vec<Extracted<'_>> = docs
        .iter()
        .map(|(input, output)| Extracted { input, output, extractor_version: VERSION, reference_date: None })
        .collect();
    store.ingest_batch(&batch, false).unwrap()
}

fn seeds_and_dev() -> Vec<(InputDocument, OutputDocument)> {
    let mut docs = read_jsonl("eval/seeds.jsonl");
    docs.extend(read_jsonl("eval/dev.jsonl"));
    extract(&docs)
}

/// Every row of every table (and of the R*Tree), in a fixed order; `ingested_at` included, so
/// an identical re-ingest must not even touch the time.
fn dump(store: &Store) -> Vec<String> {
    let conn = store.connection();
    let mut out = Vec::new();
    for table in ["documents", "events", "event_actors", "evidence", "actors", "people", "places", "relations", "events_rtree"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<Value> = (0..n).map(|i| r.get::<_, Value>(i)).collect::<Result<_, _>>()?;
                Ok(format!("{table}: {cells:?}"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("marsad.db")).unwrap();
    (dir, store)
}

#[test]
fn sqlite_has_fts5_and_rtree_compiled_in() {
    let (_dir, store) = temp_store();
    let options: Vec<String> = store
        .connection()
        .prepare("PRAGMA compile_options")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(options.iter().any(|o| o == "ENABLE_FTS5"), "{options:?}");
    assert!(options.iter().any(|o| o == "ENABLE_RTREE"), "{options:?}");
    let mode: String = store.connection().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn ingesting_twice_leaves_the_same_rows() {
    let docs = seeds_and_dev();
    let (_dir, mut store) = temp_store();
    let first = ingest(&mut store, &docs);
    assert_eq!((first.new, first.unchanged, first.replaced), (docs.len(), 0, 0));
    let events: usize = docs.iter().map(|(_, o)| o.events.len()).sum();
    assert_eq!(first.events, events);
    let before = dump(&store);
    let second = ingest(&mut store, &docs);
    assert_eq!((second.new, second.unchanged, second.replaced, second.events), (0, docs.len(), 0, 0));
    assert_eq!(dump(&store), before);
    assert_eq!(count(&store, "SELECT count(*) FROM events"), events as i64);
    assert!(docs.iter().all(|(d, _)| store.is_current(d, VERSION).unwrap()));
}

#[test]
fn an_edited_document_replaces_its_events() {
    let docs = extract(&read_jsonl("eval/seeds.jsonl"));
    let (_dir, mut store) = temp_store();
    ingest(&mut store, &docs);
    let old_ids: Vec<String> = store.query(&Filter::default()).unwrap().into_iter().filter(|e| e.doc_id == "seed-003").map(|e| e.event.event_id).collect();
    assert_eq!(old_ids.len(), 3);

    // The outlet cuts the report after its first paragraph: fewer events, same doc_id.
    let mut edited = docs.iter().find(|(d, _)| d.doc_id == "seed-003").unwrap().0.clone();
    let cut = edited.text.find("\nوقالت").unwrap();
    edited.text.truncate(cut);
    let edited = extract(&[edited]);
    assert!(!store.is_current(&edited[0].0, VERSION).unwrap());
    let s = ingest(&mut store, &edited);
    assert_eq!((s.new, s.unchanged, s.replaced), (0, 0, 1));
    let now: Vec<String> = store.query(&Filter::default()).unwrap().into_iter().filter(|e| e.doc_id == "seed-003").map(|e| e.event.event_id).collect();
    let expected: Vec<String> = edited[0].1.events.iter().map(|e| e.event_id.clone()).collect();
    assert_eq!(now.len(), expected.len());
    assert!(now.iter().all(|id| expected.contains(id)));
    assert_ne!(now, old_ids);
    assert_eq!(count(&store, "SELECT count(*) FROM documents"), 2);
    // No orphans in the tables without cascades.
    assert_eq!(count(&store, "SELECT count(*) FROM events_rtree WHERE id NOT IN (SELECT id FROM events)"), 0);
    let text: String = store.connection().query_row("SELECT text FROM documents WHERE doc_id = 'seed-003'", [], |r| r.get(0)).unwrap();
    assert_eq!(text, edited[0].0.text);
    // The cut text no longer matches words only the removed paragraphs had.
    let found = store.query(&Filter { text: Some("صبيخان".into()), ..Filter::default() }).unwrap();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn the_same_url_under_another_id_replaces_the_report() {
    let mut docs = read_jsonl("eval/seeds.jsonl");
    docs.truncate(1);
    docs[0].url = Some("https://www.sy24.net/a/1".into());
    let (_dir, mut store) = temp_store();
    ingest(&mut store, &extract(&docs));
    docs[0].doc_id = "sy24-1".into();
    let s = ingest(&mut store, &extract(&docs));
    assert_eq!(s.replaced, 1);
    let ids: Vec<String> = store.connection().prepare("SELECT doc_id FROM documents").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(ids, ["sy24-1"]);
}

#[test]
fn stale_documents_are_those_of_another_extractor_version() {
    let docs = extract(&read_jsonl("eval/seeds.jsonl"));
    let (_dir, mut store) = temp_store();
    ingest(&mut store, &docs);
    assert!(store.stale_documents(VERSION, false).unwrap().is_empty());
    assert_eq!(store.stale_documents(VERSION, true).unwrap(), ["seed-000", "seed-003"]);
    store.connection().execute("UPDATE documents SET extractor_version = 'older' WHERE doc_id = 'seed-003'", []).unwrap();
    assert_eq!(store.stale_documents(VERSION, false).unwrap(), ["seed-003"]);
    let stored = store.stored_input("seed-003").unwrap().unwrap();
    assert_eq!(stored.doc, docs[1].0);
    // Re-extracted and stored again: current, and its events are there once.
    let again = extract(&[stored.doc]);
    let s = ingest(&mut store, &again);
    assert_eq!(s.replaced, 1);
    assert!(store.stale_documents(VERSION, false).unwrap().is_empty());
    assert_eq!(count(&store, "SELECT count(*) FROM events e JOIN documents d ON d.id = e.document WHERE d.doc_id = 'seed-003'"), 3);
}

#[test]
fn a_store_from_a_newer_marsad_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marsad.db");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 999").unwrap();
    match Store::open(&path) {
        Err(StoreError::TooNew { found: 999, supported }) => assert_eq!(supported, marsad_store::SCHEMA_VERSION),
        other => panic!("expected TooNew, got {other:?}"),
    }
}

/// The doc_ids of the events a text search finds.
fn found_by_text(store: &Store, text: &str) -> Vec<String> {
    let mut ids: Vec<String> = store.query(&Filter { text: Some(text.into()), ..Filter::default() }).unwrap().into_iter().map(|e| e.doc_id).collect();
    ids.dedup();
    ids
}

#[test]
fn full_text_finds_a_report_whatever_its_spelling() {
    let (_dir, mut store) = temp_store();
    ingest(&mut store, &extract(&read_jsonl("eval/seeds.jsonl")));
    // seed-003 writes "وصبيخان" and "العشارة"; seed-000 writes "إيقافهم" and "المشفى".
    for q in ["صبيخان", "صُبَيْخَان", "صبيخـــان", "العشاره", "بالعشارة", "الْعَشَارَةُ", "العشارة صبيخان"] {
        assert_eq!(found_by_text(&store, q), ["seed-003"], "{q}");
    }
    for q in ["ايقافهم", "أيقافهم", "إيقافهم", "المشفي", "مشفى", "المشفـى"] {
        assert_eq!(found_by_text(&store, q), ["seed-000"], "{q}");
    }
    assert!(found_by_text(&store, "صبيخان ايقافهم").is_empty());
    assert!(matches!(store.query(&Filter { text: Some("،".into()), ..Filter::default() }), Err(StoreError::BadQuery(_))));
}

#[test]
fn filters_narrow_by_place_space_time_actor_and_type() {
    let docs = seeds_and_dev();
    let (_dir, mut store) = temp_store();
    ingest(&mut store, &docs);
    let all = store.query(&Filter::default()).unwrap();
    let q = |f: Filter| store.query(&f).unwrap();
    // Every filter below is checked against the events themselves, not a count written here.
    let check = |f: Filter, keep: &dyn Fn(&marsad_store::StoredEvent) -> bool| {
        let got = q(f);
        let want: Vec<_> = all.iter().filter(|e| keep(e)).cloned().collect();
        assert!(!want.is_empty());
        assert!(want.len() < all.len());
        assert_eq!(got, want);
    };
    let coords = |e: &marsad_store::StoredEvent| e.event.location.as_ref().and_then(|p| Some((p.lat?, p.lon?)));
    // Around Ashara and al-Mayadin (Deir ez-Zor's Euphrates valley).
    check(Filter { bbox: Some([40.3, 34.7, 40.8, 35.1]), ..Filter::default() }, &|e| {
        coords(e).is_some_and(|(lat, lon)| (34.7..=35.1).contains(&lat) && (40.3..=40.8).contains(&lon))
    });
    // Within 25 km of Ashara (34.92 N, 40.56 E).
    check(Filter { near: Some((34.92, 40.56, 25.0)), ..Filter::default() }, &|e| {
        coords(e).is_some_and(|(lat, lon)| haversine(lat, lon, 34.92, 40.56) <= 25.0)
    });
    check(Filter { from: Some("2024-01-01".into()), to: Some("2024-01-31".into()), ..Filter::default() }, &|e| {
        e.event.date.as_deref().is_some_and(|d| ("2024-01-01"..="2024-01-31").contains(&d))
    });
    let qaterji = |e: &marsad_store::StoredEvent| [&e.event.actor1, &e.event.actor2].iter().any(|a| a.as_ref().is_some_and(|a| a.id == "qaterji"));
    check(Filter { actor: Some("Qaterji".into()), ..Filter::default() }, &qaterji);
    check(Filter { actor: Some("قاطرجى".into()), ..Filter::default() }, &qaterji);
    check(Filter { event_type: Some("battles".into()), ..Filter::default() }, &|e| e.event.event_type == "Battles");
    check(Filter { sub_event_type: Some("Armed clash".into()), ..Filter::default() }, &|e| e.event.sub_event_type == "Armed clash");
    check(Filter { min_fatalities: Some(2), ..Filter::default() }, &|e| e.event.fatalities >= 2);
    check(Filter { place: Some("العشارة".into()), ..Filter::default() }, &|e| {
        e.event.location.as_ref().is_some_and(|p| p.gazetteer_id.as_deref() == Some("C5210"))
    });
    check(Filter { admin1: Some("deir".into()), ..Filter::default() }, &|e| {
        e.event.location.as_ref().and_then(|p| p.admin1.as_deref()) == Some("Deir ez-Zor")
    });
    assert_eq!(q(Filter { limit: Some(3), ..Filter::default() }), all[..3]);
}

fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let a = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}

#[test]
fn control_history_shows_the_ndf_taking_the_qaterji_checkpoints() {
    let (_dir, mut store) = temp_store();
    ingest(&mut store, &extract(&read_jsonl("eval/seeds.jsonl")));
    // Ashara, Sbeikhan (Subaykhan) and Dweir (Duwayr) in the gazetteer.
    for (place, query) in [("C5210", "العشارة"), ("C5211", "Sbeikhan"), ("C5209", "دوير")] {
        let periods = store.control(Some(query), None).unwrap();
        let p = periods.iter().find(|p| p.place_id == place).unwrap_or_else(|| panic!("{query}: {periods:#?}"));
        assert_eq!(p.holder_id, "ndf", "{p:#?}");
        assert_eq!(p.taken_from_id.as_deref(), Some("qaterji"), "{p:#?}");
        assert!(p.since.as_deref().is_some_and(|d| d.starts_with("2024-01")), "{p:#?}");
        assert!(p.facilities.iter().any(|f| f == "checkpoints"), "{p:#?}");
        assert_eq!(p.doc_ids, ["seed-003"]);
        // Nobody else holds it afterwards, and before January 2024 the store knows nothing.
        assert!(p.until.is_none());
        assert!(store.control(Some(place), Some("2023-12-31")).unwrap().is_empty());
        let at = store.control(Some(place), Some("2024-02-01")).unwrap();
        assert_eq!(at.len(), 1);
        assert_eq!(at[0].holder_id, "ndf");
    }
}
