//! Cross-report deduplication in the store, on real SQLite files: real pairs of reports from the
//! fact-check corpus (`crates/dedup/tests/fixtures/`, attribution there) extracted by the real
//! pipeline, ingested, merged, undone, and a v1 store file upgraded in place.

use std::path::Path;

use chrono::NaiveDate;
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::{InputDocument, OutputDocument};
use marsad_store::{Extracted, Filter, Store};
use serde::Deserialize;

#[derive(Deserialize)]
struct Article {
    doc_id: String,
    url: String,
    text: String,
}

/// The outlet of a page: its host without `www.`.
fn outlet(url: &str) -> String {
    let host = url.split("://").nth(1).unwrap_or(url).split('/').next().unwrap_or("");
    host.trim_start_matches("www.").to_owned()
}

/// The fixture's five reports, extracted with a reference date so their date lines date them.
fn reports() -> Vec<(InputDocument, OutputDocument)> {
    let pipeline = Pipeline::embedded().unwrap();
    let options = ExtractOptions { reference_date: NaiveDate::from_ymd_opt(2018, 6, 1), ..Default::default() };
    include_str!("../../dedup/tests/fixtures/factcheck_pairs.jsonl")
        .lines()
        .map(|line| {
            let a: Article = serde_json::from_str(line).unwrap();
            let doc = InputDocument { doc_id: a.doc_id, text: a.text, published: None, source: Some(outlet(&a.url)), url: Some(a.url) };
            let out = pipeline.extract(&doc, &options);
            (doc, out)
        })
        .collect()
}

fn ingest(store: &mut Store, docs: &[(InputDocument, OutputDocument)]) {
    let batch: Vec<Extracted<'_>> = docs
        .iter()
        .map(|(input, output)| Extracted { input, output, extractor_version: "test", reference_date: Some("2018-06-01") })
        .collect();
    store.ingest_batch(&batch, false).unwrap();
}

/// The rows of `query --merged` that involve `doc`: each as its sorted report ids.
fn rows_with(store: &Store, doc: &str) -> Vec<Vec<String>> {
    store
        .query_merged(&Filter::default())
        .unwrap()
        .into_iter()
        .map(|e| {
            let mut docs: Vec<String> = e.sources.iter().map(|s| s.doc_id.clone()).collect();
            docs.sort();
            docs
        })
        .filter(|docs| docs.iter().any(|d| d == doc))
        .collect()
}

fn jamraya(store: &Store) -> Vec<marsad_store::DedupedEvent> {
    store
        .query_merged(&Filter { place: Some("Jamraya".into()), ..Filter::default() })
        .unwrap()
}

#[test]
fn the_jamraya_strike_told_by_two_outlets_is_one_event_with_two_sources() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    ingest(&mut store, &reports());
    let raw = store.query(&Filter { place: Some("Jamraya".into()), ..Filter::default() }).unwrap();
    assert_eq!(raw.len(), 2, "one Jamraya event per report before dedup: {raw:#?}");
    let summary = store.dedup().unwrap();
    assert!(summary.created >= 2, "Jamraya and the Homs bus bomb: {summary:?}");

    let merged = jamraya(&store);
    assert_eq!(merged.len(), 1, "{merged:#?}");
    let m = &merged[0];
    let mut docs: Vec<&str> = m.sources.iter().map(|s| s.doc_id.as_str()).collect();
    docs.sort_unstable();
    assert_eq!(docs, ["ufc_R136_1", "ufc_R136_12"]);
    let mut outlets: Vec<&str> = m.sources.iter().filter_map(|s| s.source.as_deref()).collect();
    outlets.sort_unstable();
    assert_eq!(outlets, ["aljazeera.net", "emaratalyoum.com"]);
    assert!(m.event.event_id.starts_with("dedup:"));
    assert!(m.fatalities.low <= m.fatalities.best && m.fatalities.best <= m.fatalities.high);

    // The merge says why: the reasons of the member's verdict against the anchor.
    let merge = store.merges(false).unwrap().into_iter().find(|x| Some(x.id) == m.merge).unwrap();
    assert!(merge.members[0].reasons.is_empty());
    let reasons = &merge.members[1].reasons;
    for criterion in ["type:", "date: 2017-12-04 = 2017-12-04", "place:", "sides:"] {
        assert!(reasons.iter().any(|r| r.starts_with(criterion)), "{criterion} in {reasons:?}");
    }
    // The bus bomb merges too; the April evacuees' bombing stays alone.
    assert_eq!(rows_with(&store, "ufc_R133_1"), [vec!["ufc_R133_1".to_owned(), "ufc_R133_3".to_owned()]]);
    assert!(rows_with(&store, "ufc_V33_0").iter().all(|docs| docs == &["ufc_V33_0"]));
}

#[test]
fn dedup_again_changes_nothing_and_undo_keeps_the_events_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let mut store = Store::open(&path).unwrap();
    let docs = reports();
    ingest(&mut store, &docs);
    let first = store.dedup().unwrap();
    let merges = store.merges(false).unwrap();
    let again = store.dedup().unwrap();
    assert_eq!((again.created, again.updated, again.removed), (0, 0, 0), "{again:?}");
    assert_eq!(again.merges, first.merges);
    assert_eq!(store.merges(false).unwrap(), merges, "same ids, same records");

    let id = jamraya(&store)[0].merge.unwrap();
    let undone = store.undo_merge(id).unwrap();
    assert!(undone.undone_at.is_some());
    assert_eq!(jamraya(&store).len(), 2, "undo restores the two events");
    assert!(store.undo_merge(id).is_err(), "undone twice");
    assert!(store.undo_merge(999_999).is_err(), "no such merge");

    // Neither another run nor re-ingesting the reports (in a new connection) merges them again.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    ingest(&mut store, &docs);
    let after = store.dedup().unwrap();
    assert_eq!(after.merges, first.merges - 1, "{after:?}");
    assert_eq!(jamraya(&store).len(), 2);
    assert!(jamraya(&store).iter().all(|e| e.merge.is_none()));
    assert_eq!(store.stats().unwrap().merges, i64::try_from(first.merges - 1).unwrap());
}

#[test]
fn a_replaced_report_drops_its_merge() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    let mut docs = reports();
    ingest(&mut store, &docs);
    store.dedup().unwrap();
    assert_eq!(jamraya(&store).len(), 1);
    // The outlet edits its report down to a line about something else.
    let (input, _) = docs.iter_mut().find(|(d, _)| d.doc_id == "ufc_R136_1").unwrap();
    input.text = "تظاهر مئات في مدينة حلب يوم الجمعة.".into();
    let options = ExtractOptions { reference_date: NaiveDate::from_ymd_opt(2018, 6, 1), ..Default::default() };
    let edited = (input.clone(), Pipeline::embedded().unwrap().extract(input, &options));
    ingest(&mut store, std::slice::from_ref(&edited));
    let s = store.dedup().unwrap();
    assert!(s.removed >= 1, "{s:?}");
    assert_eq!(jamraya(&store).len(), 1);
    assert!(jamraya(&store)[0].merge.is_none());
}

#[test]
fn a_version_1_store_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        // A store as marsad with schema version 1 left it, with one document.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../migrations/0001_initial.sql")).unwrap();
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
        conn.execute(
            "INSERT INTO documents (doc_id, text, content_hash, extractor_version, warnings, new_actors, ingested_at)
             VALUES ('old', 'نص', 'h', 'v0', '[]', '[]', '2025-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.schema_version, stats.documents, stats.merges), (2, 1, 0));
    ingest(&mut store, &reports());
    assert!(store.dedup().unwrap().merges >= 2);
    let version: i64 = rusqlite::Connection::open(Path::new(&path)).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 2);
}
