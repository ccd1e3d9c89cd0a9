//! Output writers: JSON Lines (one `OutputDocument` per input) and the ACLED CSV (one row per
//! event, written by `marsad_export`).

use std::io::{self, Write};

use marsad_export::{AcledCsvWriter, ExportEvent};
use marsad_model::{InputDocument, OutputDocument};

/// Output format of `marsad extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One output document per line (the EVENTS.md contract).
    Jsonl,
    /// One row per event, ACLED's 31 columns in ACLED's order (docs/EXPORTS.md); injured,
    /// arrested, evidence and confidence are in the JSONL.
    Csv,
    /// The input documents as read, one JSON object per line, without extraction: shows the
    /// text the engine sees (after HTML stripping) and the dates and sources it is given.
    Input,
}

/// Where the documents go.
enum Sink<W: Write> {
    /// JSON Lines, written here.
    Lines(W),
    /// The ACLED CSV (boxed: its buffer makes it much larger than a bare writer).
    Acled(Box<AcledCsvWriter<W>>),
}

/// Writes documents in one format.
pub struct Writer<W: Write> {
    sink: Sink<W>,
}

/// An export error as an I/O error, so that a closed stdout stays recognisable.
fn io_error(e: marsad_export::Error) -> io::Error {
    match e {
        marsad_export::Error::Io(e) => e,
        other => io::Error::other(other),
    }
}

impl<W: Write> Writer<W> {
    /// A writer; CSV starts with its header, so even an empty run gives a valid file.
    /// `timestamp` (Unix seconds) fills the CSV's `timestamp` column.
    ///
    /// # Errors
    /// When writing the header fails.
    pub fn new(out: W, format: Format, timestamp: i64) -> io::Result<Self> {
        let sink = match format {
            Format::Csv => Sink::Acled(Box::new(AcledCsvWriter::new(out, timestamp).map_err(io_error)?)),
            Format::Jsonl | Format::Input => Sink::Lines(out),
        };
        Ok(Writer { sink })
    }

    /// Writes one document: one line in JSONL, one row per event in CSV.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write(&mut self, doc: &OutputDocument) -> io::Result<()> {
        match &mut self.sink {
            Sink::Lines(out) => {
                serde_json::to_writer(&mut *out, doc).map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
            Sink::Acled(csv) => {
                for event in ExportEvent::each(doc) {
                    csv.write(&event).map_err(io_error)?;
                }
                Ok(())
            }
        }
    }

    /// Writes one input document as read (`--format input`).
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_input(&mut self, doc: &InputDocument) -> io::Result<()> {
        match &mut self.sink {
            Sink::Lines(out) => {
                serde_json::to_writer(&mut *out, doc).map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
            Sink::Acled(_) => Err(io::Error::other("input documents are written as JSON Lines, not CSV")),
        }
    }

    /// Flushes the output.
    ///
    /// # Errors
    /// When flushing fails.
    pub fn finish(self) -> io::Result<()> {
        match self.sink {
            Sink::Lines(mut out) => out.flush(),
            Sink::Acled(csv) => (*csv).finish().map_err(io_error).map(drop),
        }
    }
}

/// The Unix time written in the CSV's `timestamp` column: `SOURCE_DATE_EPOCH` when set (the
/// reproducible-builds convention, for outputs that must not change from run to run), else now.
pub fn export_timestamp() -> i64 {
    let pinned = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<i64>().ok());
    pinned.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_model::Event;

    #[test]
    fn csv_rows_follow_the_acled_header() {
        let doc = OutputDocument {
            doc_id: "d".into(),
            events: vec![Event { date_precision: Some("week".into()), civilian_targeting: true, ..Default::default() }],
            ..Default::default()
        };
        let mut w = Writer::new(Vec::new(), Format::Csv, 7).expect("header");
        w.write(&doc).expect("row");
        let Sink::Acled(csv) = w.sink else { panic!("a CSV writer") };
        let text = String::from_utf8((*csv).finish().expect("flush")).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].split(',').count(), 31);
        let row: Vec<&str> = lines[1].split(',').collect();
        assert_eq!((row[3], row[14], row[30]), ("2", "Civilian targeting", "7"));
    }
}
