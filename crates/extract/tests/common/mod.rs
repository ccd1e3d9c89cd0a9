//! Scaffolding shared by the integration tests: the embedded pipeline, built once per test
//! binary, and small readers of its output.
// Each test binary uses a part of it.
#![allow(dead_code)]

use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::{Event, InputDocument, OutputDocument};

/// The pipeline with the embedded resources.
pub fn pipeline() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| Pipeline::embedded().expect("embedded resources load"))
}

/// Extracts one report published on `published` (YYYY-MM-DD).
pub fn run(text: &str, published: &str) -> OutputDocument {
    let doc = InputDocument { doc_id: "t".into(), text: text.into(), published: Some(published.into()), source: None, url: None };
    pipeline().extract(&doc, &ExtractOptions::default())
}

/// The one event of a report; fails the test when there are more or none.
pub fn only(out: &OutputDocument) -> &Event {
    assert_eq!(out.events.len(), 1, "expected one event, got {:#?}", out.events);
    &out.events[0]
}

/// The place of an event as written in the report ("" when it has none).
pub fn place(e: &Event) -> String {
    e.location.as_ref().map(|l| l.name_ar.clone()).unwrap_or_default()
}
