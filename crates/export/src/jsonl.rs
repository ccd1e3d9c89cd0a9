//! JSON Lines: one event per line, with its document and every report of it.

use std::io::Write;

use marsad_model::Event;
use serde::Serialize;

use crate::acled::{event_id_cnty, SYRIA};
use crate::{Error, ExportEvent, FatalityRange, SourceRef};

/// The document an event was read from.
#[derive(Serialize)]
struct Document<'a> {
    doc_id: &'a str,
    source: Option<&'a str>,
    url: Option<&'a str>,
    published: Option<&'a str>,
}

/// One line of the export.
#[derive(Serialize)]
struct Line<'a> {
    event_id_cnty: String,
    document: Document<'a>,
    sources: Vec<SourceRef>,
    fatalities: FatalityRange,
    event: &'a Event,
}

/// Writes one JSON object per event: the whole event record of `docs/EVENTS.md` (evidence,
/// injured, arrested, confidence included), with its document and reports.
pub struct JsonlWriter<W: Write> {
    out: W,
    lines: usize,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer.
    pub fn new(out: W) -> Self {
        JsonlWriter { out, lines: 0 }
    }

    /// Writes one event's line.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write(&mut self, ev: &ExportEvent<'_>) -> Result<(), Error> {
        let line = Line {
            event_id_cnty: event_id_cnty(&SYRIA, ev.doc_id, &ev.event.event_id),
            document: Document { doc_id: ev.doc_id, source: ev.source, url: ev.url, published: ev.published },
            sources: ev.sources(),
            fatalities: ev.fatalities(),
            event: ev.event,
        };
        serde_json::to_writer(&mut self.out, &line)?;
        self.out.write_all(b"\n")?;
        self.lines += 1;
        Ok(())
    }

    /// Lines written so far.
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// Flushes and gives the output back.
    ///
    /// # Errors
    /// When flushing fails.
    pub fn finish(mut self) -> Result<W, Error> {
        self.out.flush()?;
        Ok(self.out)
    }
}
