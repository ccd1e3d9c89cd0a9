//! The analyst export formats: ACLED CSV, GeoJSON, JSONL and GraphML (see `docs/EXPORTS.md`).
//!
//! Every writer takes records, not a database: an [`ExportEvent`] is one event with the
//! document it was read from, whoever holds it (`marsad extract` straight from the pipeline, the
//! store from its tables). Writers stream: rows and features are written as they come, so an
//! export of a large store holds one event at a time (GraphML excepted, which must declare its
//! nodes before its edges and so keeps the graph until [`GraphMlWriter::finish`]).
//!
//! ```no_run
//! # fn main() -> Result<(), marsad_export::Error> {
//! # let docs: Vec<marsad_model::OutputDocument> = Vec::new();
//! use marsad_export::{AcledCsvWriter, ExportEvent};
//! let mut csv = AcledCsvWriter::new(std::io::stdout(), 1_705_104_000)?;
//! for doc in &docs {
//!     for event in ExportEvent::each(doc) {
//!         csv.write(&event)?;
//!     }
//! }
//! csv.finish()?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod acled;
mod geojson;
mod graphml;
mod jsonl;

pub use acled::{
    acled_row, event_id_cnty, interaction, AcledCsvWriter, Cell, SourceScales, ACLED_COLUMNS, SYRIA,
};
pub use geojson::GeoJsonWriter;
pub use graphml::{ControlEdge, GraphMlWriter};
pub use jsonl::JsonlWriter;

use marsad_model::{Event, OutputDocument};
use serde::Serialize;

/// Why an export failed: the output could not be written, or a record could not be encoded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Writing to the output failed (disk full, closed pipe...).
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed other than by I/O (which is [`Error::Io`]).
    #[error("writing the CSV: {0}")]
    Csv(csv::Error),
    /// A record could not be serialised to JSON.
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The source-scale table is malformed (names the line).
    #[error("source scales, line {line}: {message}")]
    Scales {
        /// 1-based line of the table.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl From<csv::Error> for Error {
    /// I/O errors stay I/O errors, so that callers can tell a closed pipe from a bad record.
    fn from(e: csv::Error) -> Self {
        if !e.is_io_error() {
            return Error::Csv(e);
        }
        match e.into_kind() {
            csv::ErrorKind::Io(io) => Error::Io(io),
            // Not reached: is_io_error() holds only for ErrorKind::Io.
            other => Error::Io(std::io::Error::other(format!("{other:?}"))),
        }
    }
}

/// One report that tells an event: which document, from which outlet, where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The document's id.
    pub doc_id: String,
    /// The outlet's name, when known.
    pub source: Option<String>,
    /// The report's address, when known.
    pub url: Option<String>,
}

/// Killed, as a range over the reports of one event (UCDP's low / best / high). ACLED's
/// `fatalities` column takes the event's own `fatalities`, which for an event merged across
/// reports is the lowest credible figure (marsad-dedup), not always `low` (a report's supported
/// "no one was killed" is UCDP's low, but not ACLED's figure when another report counts dead).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FatalityRange {
    /// The lowest figure reported.
    pub low: u32,
    /// The best estimate.
    pub best: u32,
    /// The highest figure reported.
    pub high: u32,
}

/// One event with its document, as every writer takes it.
///
/// Today an event comes from one report, whose own figure is the whole range; cross-report
/// deduplication (the store) will fill [`ExportEvent::other_sources`] and
/// [`ExportEvent::fatality_range`].
#[derive(Debug, Clone)]
pub struct ExportEvent<'a> {
    /// The event as extracted.
    pub event: &'a Event,
    /// Id of the document the event was read from.
    pub doc_id: &'a str,
    /// That document's outlet.
    pub source: Option<&'a str>,
    /// That document's address.
    pub url: Option<&'a str>,
    /// That document's publication date, `YYYY-MM-DD`.
    pub published: Option<&'a str>,
    /// Other reports of the same event, after deduplication (empty today).
    pub other_sources: Vec<SourceRef>,
    /// The killed across all reports; `None` means the event's own figure.
    pub fatality_range: Option<FatalityRange>,
}

impl<'a> ExportEvent<'a> {
    /// An event of document `doc_id`, with no outlet, address or date yet.
    pub fn new(event: &'a Event, doc_id: &'a str) -> Self {
        ExportEvent {
            event,
            doc_id,
            source: None,
            url: None,
            published: None,
            other_sources: Vec::new(),
            fatality_range: None,
        }
    }

    /// The events of one output document, in order, with its outlet and date. Output documents
    /// carry no URL; set [`ExportEvent::url`] when the caller has it.
    pub fn each(doc: &'a OutputDocument) -> impl Iterator<Item = ExportEvent<'a>> + 'a {
        doc.events.iter().map(move |event| ExportEvent {
            source: doc.source.as_deref(),
            published: doc.published.as_deref(),
            ..ExportEvent::new(event, &doc.doc_id)
        })
    }

    /// Every report of the event: its own document first, then the others.
    pub fn sources(&self) -> Vec<SourceRef> {
        let own = SourceRef {
            doc_id: self.doc_id.to_owned(),
            source: self.source.map(str::to_owned),
            url: self.url.map(str::to_owned),
        };
        std::iter::once(own).chain(self.other_sources.iter().cloned()).collect()
    }

    /// The killed as a range: the one given, else the event's own figure three times.
    pub fn fatalities(&self) -> FatalityRange {
        self.fatality_range.unwrap_or(FatalityRange {
            low: self.event.fatalities,
            best: self.event.fatalities,
            high: self.event.fatalities,
        })
    }
}
