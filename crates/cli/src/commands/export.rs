//! `marsad export`: the store's events in the analysts' formats, through marsad-export.

use marsad_export::{ExportEvent, FatalityRange, SourceRef};
use marsad_store::DedupedEvent;

/// A stored event, merged or not, as the export writers take it: its first report as its
/// document, the others as `other_sources`, and the killed as UCDP's range.
pub fn export_event(d: &DedupedEvent) -> ExportEvent<'_> {
    let mut sources = d.sources.iter();
    let first = sources.next();
    let f = &d.fatalities;
    ExportEvent {
        event: &d.event,
        doc_id: first.map_or("", |s| s.doc_id.as_str()),
        source: first.and_then(|s| s.source.as_deref()),
        url: first.and_then(|s| s.url.as_deref()),
        published: first.and_then(|s| s.published.as_deref()),
        other_sources: sources.map(|s| SourceRef { doc_id: s.doc_id.clone(), source: s.source.clone(), url: s.url.clone() }).collect(),
        fatality_range: Some(FatalityRange { low: f.low, best: f.best, high: f.high }),
    }
}
