//! Output writers: JSON Lines (one `OutputDocument` per input) and ACLED-like CSV (one row per
//! event).

use std::io::{self, Write};

use marsad_model::{Actor, Event, InputDocument, OutputDocument};

/// Output format of `marsad extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One output document per line (the EVENTS.md contract).
    Jsonl,
    /// One row per event, ACLED-like columns.
    Csv,
    /// The input documents as read, one JSON object per line, without extraction: shows the
    /// text the engine sees (after HTML stripping) and the dates and sources it is given.
    Input,
}

/// CSV columns, ACLED names where ACLED has the column.
pub const CSV_COLUMNS: [&str; 28] = [
    "event_id",
    "doc_id",
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "injured",
    "arrested",
    "confidence",
];

/// Writes documents in one format.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
}

impl<W: Write> Writer<W> {
    /// A writer; CSV starts with its header, so even an empty run gives a valid file.
    ///
    /// # Errors
    /// When writing the header fails.
    pub fn new(mut out: W, format: Format) -> io::Result<Self> {
        if format == Format::Csv {
            write_row(&mut out, CSV_COLUMNS.iter().copied())?;
        }
        Ok(Writer { out, format })
    }

    /// Writes one document: one line in JSONL, one row per event in CSV.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write(&mut self, doc: &OutputDocument) -> io::Result<()> {
        match self.format {
            Format::Jsonl | Format::Input => {
                serde_json::to_writer(&mut self.out, doc).map_err(io::Error::from)?;
                self.out.write_all(b"\n")
            }
            Format::Csv => {
                for event in &doc.events {
                    let row = csv_row(doc, event);
                    write_row(&mut self.out, row.iter().map(String::as_str))?;
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
        serde_json::to_writer(&mut self.out, doc).map_err(io::Error::from)?;
        self.out.write_all(b"\n")
    }

    /// Flushes the output.
    ///
    /// # Errors
    /// When flushing fails.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn write_row<'a>(out: &mut impl Write, fields: impl Iterator<Item = &'a str>) -> io::Result<()> {
    let mut line = String::new();
    for (k, field) in fields.enumerate() {
        if k > 0 {
            line.push(',');
        }
        push_csv_field(&mut line, field);
    }
    line.push('\n');
    out.write_all(line.as_bytes())
}

/// Appends one field, RFC 4180 style: quoted when it holds a comma, a quote, a line break or
/// edge spaces; inner quotes doubled.
pub fn push_csv_field(line: &mut String, field: &str) {
    let needs_quotes = field.contains([',', '"', '\n', '\r'])
        || field.starts_with(char::is_whitespace)
        || field.ends_with(char::is_whitespace);
    if needs_quotes {
        line.push('"');
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

fn actor_name(a: Option<&Actor>) -> String {
    a.map_or_else(String::new, |a| a.name_en.clone())
}

fn assoc_names(actors: &[Actor]) -> String {
    // ACLED joins associated actors with "; ".
    actors.iter().map(|a| a.name_en.as_str()).collect::<Vec<_>>().join("; ")
}

/// The CSV cells of one event, in [`CSV_COLUMNS`] order.
pub fn csv_row(doc: &OutputDocument, e: &Event) -> Vec<String> {
    let place = e.location.as_ref();
    let time_precision = match e.date_precision.as_deref() {
        Some("day") => "1",
        Some("week") => "2",
        Some("month") => "3",
        _ => "",
    };
    vec![
        e.event_id.clone(),
        doc.doc_id.clone(),
        opt(e.date.as_ref()),
        time_precision.to_owned(),
        e.disorder_type.clone(),
        e.event_type.clone(),
        e.sub_event_type.clone(),
        actor_name(e.actor1.as_ref()),
        assoc_names(&e.assoc_actor1),
        opt(e.actor1.as_ref().map(|a| a.inter)),
        actor_name(e.actor2.as_ref()),
        assoc_names(&e.assoc_actor2),
        opt(e.actor2.as_ref().map(|a| a.inter)),
        opt(e.interaction),
        // ACLED's column holds the label or nothing.
        if e.civilian_targeting { "Civilian targeting".to_owned() } else { String::new() },
        opt(place.and_then(|p| p.admin1.as_ref())),
        opt(place.and_then(|p| p.admin2.as_ref())),
        opt(place.and_then(|p| p.admin3.as_ref())),
        place.map_or_else(String::new, |p| p.name_en.clone().unwrap_or_else(|| p.name_ar.clone())),
        opt(place.and_then(|p| p.lat)),
        opt(place.and_then(|p| p.lon)),
        opt(place.and_then(|p| p.geo_precision)),
        opt(doc.source.as_ref()),
        e.notes.clone(),
        e.fatalities.to_string(),
        opt(e.injured),
        opt(e.arrested),
        // Three decimals: enough for a score, and f32-derived values print cleanly.
        ((e.confidence * 1000.0).round() / 1000.0).to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let q = |s: &str| {
            let mut line = String::new();
            push_csv_field(&mut line, s);
            line
        };
        assert_eq!(q("plain"), "plain");
        assert_eq!(q(""), "");
        assert_eq!(q("a,b"), "\"a,b\"");
        assert_eq!(q("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(q("two\nlines"), "\"two\nlines\"");
        assert_eq!(q(" padded"), "\" padded\"");
        assert_eq!(q("دير الزور، الجورة"), "دير الزور، الجورة");
    }

    #[test]
    fn row_matches_columns() {
        let doc = OutputDocument { doc_id: "d".into(), ..Default::default() };
        let e = Event { date_precision: Some("week".into()), civilian_targeting: true, ..Default::default() };
        let row = csv_row(&doc, &e);
        assert_eq!(row.len(), CSV_COLUMNS.len());
        assert_eq!(row[3], "2");
        assert_eq!(row[14], "Civilian targeting");
        assert_eq!(row[25], "");
    }
}
