//! The PostgreSQL store answers every filter as the SQLite store does, on the repository's
//! reports (seeds, dev, examples, the corpus dev sample) extracted for real and ingested into
//! both: the same events in the same order, the same control periods, the same counts.

mod common;

use std::collections::BTreeSet;

use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::{InputDocument, OutputDocument};
use marsad_pgstore::PgStore;
use marsad_store::{EventStore, Extracted, Filter, SqliteEventStore, Store};

use common::{repo, TestDb};

fn read_jsonl(rel: &str) -> Vec<InputDocument> {
    std::fs::read_to_string(repo(rel))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn documents() -> Vec<InputDocument> {
    let mut docs = read_jsonl("eval/seeds.jsonl");
    docs.extend(read_jsonl("eval/dev.jsonl"));
    docs.extend(read_jsonl("eval/corpus_dev.jsonl"));
    for name in ["political_keys_ndf_qaterji.txt", "sy24_jorah_clash.txt"] {
        let text = std::fs::read_to_string(repo(&format!("examples/{name}"))).unwrap();
        docs.push(InputDocument { doc_id: name.into(), text, published: Some("2024-01-15".into()), source: None, url: None });
    }
    docs
}

fn ingest(store: &mut dyn EventStore, docs: &[(InputDocument, OutputDocument)]) {
    for chunk in docs.chunks(50) {
        let batch: Vec<Extracted<'_>> = chunk
            .iter()
            .map(|(input, output)| Extracted { input, output, extractor_version: "test", reference_date: None })
            .collect();
        store.ingest_batch(&batch, false).unwrap();
    }
}

/// Filters drawn from the data itself: every governorate, type and sub-type present, actors,
/// places, boxes and circles around events, words of the reports, dates.
fn filters(docs: &[(InputDocument, OutputDocument)]) -> Vec<Filter> {
    let events: Vec<&marsad_model::Event> = docs.iter().flat_map(|(_, o)| &o.events).collect();
    let mut f = vec![Filter::default(), Filter { limit: Some(7), ..Filter::default() }];
    let set = |get: &dyn Fn(&marsad_model::Event) -> Option<String>| events.iter().filter_map(|e| get(e)).collect::<BTreeSet<_>>();
    for a in set(&|e| e.location.as_ref().and_then(|p| p.admin1.clone())) {
        f.push(Filter { admin1: Some(a.to_uppercase()), ..Filter::default() });
    }
    for t in set(&|e| Some(e.event_type.clone())) {
        f.push(Filter { event_type: Some(t.to_lowercase()), ..Filter::default() });
    }
    for t in set(&|e| Some(e.sub_event_type.clone())) {
        f.push(Filter { sub_event_type: Some(t), min_fatalities: Some(1), ..Filter::default() });
    }
    for a in set(&|e| e.actor1.as_ref().map(|a| a.name_ar.clone())).into_iter().take(15) {
        f.push(Filter { actor: Some(a), ..Filter::default() });
    }
    for a in set(&|e| e.actor2.as_ref().map(|a| a.name_en.chars().take(6).collect())).into_iter().take(10) {
        f.push(Filter { actor: Some(a), ..Filter::default() });
    }
    for p in set(&|e| e.location.as_ref().map(|p| p.name_ar.clone())).into_iter().take(15) {
        f.push(Filter { place: Some(p), ..Filter::default() });
    }
    let points = set(&|e| e.location.as_ref().and_then(|p| Some(format!("{},{}", p.lat?, p.lon?))));
    for (k, point) in points.iter().take(20).enumerate() {
        let (lat, lon) = point.split_once(',').map(|(a, b)| (a.parse::<f64>().unwrap(), b.parse::<f64>().unwrap())).unwrap();
        let r = [0.05, 0.3, 1.0][k % 3];
        f.push(Filter { bbox: Some([lon - r, lat - r, lon + r, lat + r]), ..Filter::default() });
        f.push(Filter { near: Some((lat + 0.01, lon - 0.01, [3.0, 25.0, 120.0][k % 3])), ..Filter::default() });
    }
    for d in set(&|e| e.date.clone()).into_iter().step_by(7) {
        f.push(Filter { from: Some(d.clone()), ..Filter::default() });
        f.push(Filter { to: Some(d), min_fatalities: Some(2), ..Filter::default() });
    }
    for (input, _) in docs.iter().step_by(9) {
        let words: Vec<&str> = input.text.split_whitespace().filter(|w| w.chars().count() > 3).take(40).collect();
        if let (Some(a), Some(b)) = (words.get(3), words.get(30)) {
            f.push(Filter { text: Some((*a).to_owned()), ..Filter::default() });
            f.push(Filter { text: Some(format!("{a} {b}")), ..Filter::default() });
        }
    }
    f
}

#[test]
fn postgres_answers_every_filter_as_sqlite_does() {
    let Some(db) = TestDb::new("postgres_answers_every_filter_as_sqlite_does") else { return };
    let pipeline = Pipeline::embedded().unwrap();
    let options = ExtractOptions { reference_date: None, ..Default::default() };
    let docs: Vec<(InputDocument, OutputDocument)> = documents().into_iter().map(|d| { let o = pipeline.extract(&d, &options); (d, o) }).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marsad.db");
    let mut sqlite = SqliteEventStore::new(Store::open(&path).unwrap(), path);
    let mut pg = PgStore::connect(&db.url).unwrap();
    ingest(&mut sqlite, &docs);
    ingest(&mut pg, &docs);
    // A second ingest of the same documents changes nothing in either.
    ingest(&mut pg, &docs);

    let filters = filters(&docs);
    let mut nonempty = 0;
    for filter in &filters {
        let (a, b) = (sqlite.query(filter).unwrap(), pg.query(filter).unwrap());
        assert_eq!(a, b, "different answers to {filter:?}");
        nonempty += usize::from(!a.is_empty());
    }
    // The filters must find things, or the comparison proves little.
    assert!(nonempty * 2 > filters.len(), "only {nonempty} of {} filters found events", filters.len());
    assert_eq!(sqlite.control(None, None).unwrap(), pg.control(None, None).unwrap());
    assert_eq!(sqlite.control(Some("C5210"), Some("2024-02-01")).unwrap(), pg.control(Some("C5210"), Some("2024-02-01")).unwrap());
    let (s, p) = (sqlite.stats().unwrap(), pg.stats().unwrap());
    assert_eq!((s.documents, s.events, s.event_places, s.event_actors, s.relations), (p.documents, p.events, p.event_places, p.event_actors, p.relations));
    assert_eq!(s.extractor_versions, p.extractor_versions);
    assert_eq!(sqlite.stale_documents("other", false).unwrap().len(), pg.stale_documents("other", false).unwrap().len());
    let id = &docs[0].0.doc_id;
    assert_eq!(sqlite.stored_input(id).unwrap().map(|s| s.doc), pg.stored_input(id).unwrap().map(|s| s.doc));
    assert!(sqlite.query(&Filter { text: Some(" ، ".into()), ..Filter::default() }).is_err());
    assert!(pg.query(&Filter { text: Some(" ، ".into()), ..Filter::default() }).is_err());
}

#[test]
fn an_edited_report_replaces_its_events_as_in_sqlite() {
    let Some(db) = TestDb::new("an_edited_report_replaces_its_events_as_in_sqlite") else { return };
    let pipeline = Pipeline::embedded().unwrap();
    let options = ExtractOptions { reference_date: None, ..Default::default() };
    let mut docs = read_jsonl("eval/seeds.jsonl");
    let mut edited = docs[0].clone();
    edited.text = docs[1].text.clone();
    docs.push(edited);
    let extracted: Vec<(InputDocument, OutputDocument)> = docs.into_iter().map(|d| { let o = pipeline.extract(&d, &options); (d, o) }).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marsad.db");
    let mut sqlite = SqliteEventStore::new(Store::open(&path).unwrap(), path);
    let mut pg = PgStore::connect(&db.url).unwrap();
    for one in extracted.chunks(1) {
        ingest(&mut sqlite, one);
        ingest(&mut pg, one);
    }
    assert_eq!(sqlite.query(&Filter::default()).unwrap(), pg.query(&Filter::default()).unwrap());
    assert_eq!(pg.stats().unwrap().documents, 2);
}
