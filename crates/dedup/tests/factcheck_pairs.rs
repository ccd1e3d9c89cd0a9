//! Real pairs: articles of different outlets about one event, from the fact-check corpus
//! (`tests/fixtures/ATTRIBUTION.md`), run through the real extractor and clustered.

use chrono::NaiveDate;
use marsad_dedup::{cluster, combine, SourcedEvent};
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::InputDocument;
use serde::Deserialize;

#[derive(Deserialize)]
struct Article {
    doc_id: String,
    url: String,
    text: String,
}

fn events() -> Vec<SourcedEvent> {
    let pipeline = Pipeline::embedded().expect("embedded resources load");
    // The pages' date lines give their publication dates; their years need a reference date.
    let options = ExtractOptions { reference_date: NaiveDate::from_ymd_opt(2018, 6, 1), ..Default::default() };
    let mut out = Vec::new();
    for line in include_str!("fixtures/factcheck_pairs.jsonl").lines() {
        let a: Article = serde_json::from_str(line).expect("fixture line parses");
        let doc = InputDocument { doc_id: a.doc_id.clone(), text: a.text, published: None, source: None, url: Some(a.url.clone()) };
        let extracted = pipeline.extract(&doc, &options);
        for event in extracted.events {
            out.push(SourcedEvent { doc_id: a.doc_id.clone(), source: None, url: Some(a.url.clone()), published: extracted.published.clone(), event });
        }
    }
    out
}

/// The docs of the group holding an event of `doc` at `place` (English name).
fn group_docs(events: &[SourcedEvent], doc: &str, place: &str) -> Vec<String> {
    let groups = cluster(events);
    let g = groups
        .iter()
        .find(|g| g.members(events).iter().any(|e| e.doc_id == doc && e.event.location.as_ref().and_then(|l| l.name_en.as_deref()) == Some(place)))
        .unwrap_or_else(|| panic!("no event of {doc} at {place}: {events:#?}"));
    let mut docs: Vec<String> = g.members(events).iter().map(|e| e.doc_id.clone()).collect();
    docs.sort();
    docs
}

#[test]
fn the_jamraya_strike_told_by_two_outlets_is_one_event_with_two_sources() {
    let events = events();
    assert_eq!(group_docs(&events, "ufc_R136_12", "Jamraya"), ["ufc_R136_1", "ufc_R136_12"]);
    let groups = cluster(&events);
    let g = groups.iter().find(|g| g.members.len() == 2 && g.members(&events).iter().any(|e| e.doc_id == "ufc_R136_12")).expect("the pair's group");
    assert_eq!(g.sources(&events), 2);
    assert!(g.links[0].reasons.iter().any(|r| r.starts_with("date: 2017-12-04 = 2017-12-04")), "{:?}", g.links);
    let merged = combine(&g.members(&events)).expect("two members");
    assert_eq!(merged.sources.len(), 2);
}

#[test]
fn the_homs_bus_bomb_told_by_two_outlets_is_one_event() {
    let events = events();
    assert_eq!(group_docs(&events, "ufc_R133_1", "Homs"), ["ufc_R133_1", "ufc_R133_3"]);
}

#[test]
fn other_events_stay_apart() {
    let events = events();
    for g in cluster(&events) {
        let docs: Vec<&str> = g.members(&events).iter().map(|e| e.doc_id.as_str()).collect();
        // The Kafraya/al-Fu'ah evacuees' bombing (April) is another IED than the Homs bus bomb
        // (December), and the Jamraya strike shares neither its type nor its place with the bomb.
        if docs.contains(&"ufc_V33_0") {
            assert!(docs.iter().all(|d| *d == "ufc_V33_0"), "{docs:?}");
        }
        let jamraya = docs.iter().any(|d| d.starts_with("ufc_R136"));
        let homs = docs.iter().any(|d| d.starts_with("ufc_R133"));
        assert!(!(jamraya && homs), "{docs:?}");
    }
}
