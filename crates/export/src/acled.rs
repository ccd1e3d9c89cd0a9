//! The ACLED CSV: ACLED's 31 columns, names and order exactly, one row per event.

use std::collections::HashMap;
use std::io::Write;

use marsad_model::{Actor, Place};

use crate::{Error, ExportEvent};

/// ACLED's columns, in ACLED's order (the API's and the data export tool's names).
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
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
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// A country as ACLED names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 numeric code (ACLED's `iso`).
    pub iso: u16,
    /// ACLED's country name.
    pub name: &'static str,
    /// ACLED's region.
    pub region: &'static str,
    /// The ISO alpha-3 code that starts ACLED's `event_id_cnty`.
    pub alpha3: &'static str,
}

/// Syria: the only country marsad's gazetteer covers, so every resolved place lies in it.
pub const SYRIA: Country = Country { iso: 760, name: "Syria", region: "Middle East", alpha3: "SYR" };

/// One cell of an ACLED row, typed so that GeoJSON can write numbers as numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing known: an empty CSV field, a JSON null.
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A coordinate.
    Float(f64),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn opt_text(s: Option<&String>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::text(s.as_str()))
    }

    /// The cell as a CSV field.
    pub fn to_field(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(x) => x.to_string(),
        }
    }

    /// The cell as a JSON value.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Cell::Empty => serde_json::Value::Null,
            Cell::Text(s) => serde_json::Value::from(s.as_str()),
            Cell::Int(n) => serde_json::Value::from(*n),
            Cell::Float(x) => serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, serde_json::Value::Number),
        }
    }
}

/// ACLED's interaction code from the two inter codes, as ACLED builds it: the two codes as
/// digits, the smaller first (inter1 3 and inter2 1 give 13); one side alone gives its code
/// times ten (10 "sole state forces", 60 "sole protesters"). Codes outside 1..=8 (0 is ACLED's
/// "no actor2") count as absent; no side at all gives `None`.
pub fn interaction(inter1: Option<u8>, inter2: Option<u8>) -> Option<u32> {
    let valid = |c: Option<u8>| c.filter(|c| (1..=8).contains(c)).map(u32::from);
    match (valid(inter1), valid(inter2)) {
        (Some(a), Some(b)) => Some(a.min(b) * 10 + a.max(b)),
        (Some(a), None) | (None, Some(a)) => Some(a * 10),
        (None, None) => None,
    }
}

/// ACLED's `event_id_cnty` for an event: the country's alpha-3 code and a number that is a
/// 64-bit FNV-1a hash of `doc_id`, a NUL byte and `event_id`, modulo 10^15 (so that tools that
/// read the digits as a floating-point number keep them all). The same document and event give
/// the same id on every run and platform; two events share one by chance about once in 2,000
/// exports of a million events.
pub fn event_id_cnty(country: &Country, doc_id: &str, event_id: &str) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let bytes = doc_id.bytes().chain(std::iter::once(0)).chain(event_id.bytes());
    let hash = bytes.fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME));
    format!("{}{}", country.alpha3, hash % 1_000_000_000_000_000)
}

/// Outlets' ACLED source scales (`data/export/source_scales.tsv`).
#[derive(Debug, Clone, Default)]
pub struct SourceScales {
    by_source: HashMap<String, String>,
}

/// The scales ACLED uses.
const SCALES: [&str; 7] = ["Local partner", "Subnational", "National", "Regional", "International", "New media", "Other"];

impl SourceScales {
    /// The reviewed table shipped with marsad.
    ///
    /// # Errors
    /// Never for the shipped file (a test reads it); the type is that of [`SourceScales::parse`].
    pub fn embedded() -> Result<Self, Error> {
        Self::parse(include_str!("../../../data/export/source_scales.tsv"))
    }

    /// Reads a table: `source<TAB>scale<TAB>basis` lines, `#` comments.
    ///
    /// # Errors
    /// A line without a scale, or with a scale ACLED does not use, naming the line.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let mut by_source = HashMap::new();
        for (k, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (source, scale) = (fields.next().unwrap_or_default(), fields.next().unwrap_or_default().trim());
            let error = |message: String| Error::Scales { line: k + 1, message };
            if !SCALES.contains(&scale) {
                return Err(error(format!("{scale:?} is not an ACLED source scale ({})", SCALES.join(", "))));
            }
            let key = outlet_key(source);
            if key.is_empty() {
                return Err(error("no source".to_owned()));
            }
            by_source.insert(key, scale.to_owned());
        }
        Ok(SourceScales { by_source })
    }

    /// The scale of an outlet, if the table has it.
    pub fn scale(&self, source: &str) -> Option<&str> {
        self.by_source.get(&outlet_key(source)).map(String::as_str)
    }
}

/// An outlet name for lookup: no case, no scheme, no "www." or "m." before a web address, no
/// trailing slash; the same outlet is written all these ways in the corpora.
fn outlet_key(source: &str) -> String {
    let mut key = source.trim().to_lowercase();
    for prefix in ["https://", "http://", "www.", "m."] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.to_owned();
        }
    }
    key.trim_end_matches('/').to_owned()
}

/// Whether a place was resolved in the gazetteer (and so lies in Syria): an unresolved name
/// has neither an id nor coordinates.
fn resolved(place: &Place) -> bool {
    place.gazetteer_id.is_some() || (place.lat.is_some() && place.lon.is_some())
}

fn names(actors: &[Actor]) -> Cell {
    Cell::text(actors.iter().map(|a| a.name_en.as_str()).collect::<Vec<_>>().join("; "))
}

/// The distinct values, in first-seen order.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for v in values {
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// The ACLED cells of one event, in [`ACLED_COLUMNS`] order. `timestamp` is the Unix time of the
/// export (ACLED: of the row's last change), passed in so that outputs can be reproduced.
pub fn acled_row(ev: &ExportEvent<'_>, timestamp: i64, scales: &SourceScales) -> Vec<Cell> {
    let e = ev.event;
    let place = e.location.as_ref();
    let country = place.filter(|p| resolved(p)).map(|_| SYRIA);
    let year = e.date.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse::<i64>().ok());
    let time_precision = match e.date_precision.as_deref() {
        Some("day") => Cell::Int(1),
        Some("week") => Cell::Int(2),
        Some("month") => Cell::Int(3),
        _ => Cell::Empty,
    };
    let inter1 = e.actor1.as_ref().map(|a| a.inter);
    let inter2 = e.actor2.as_ref().map(|a| a.inter);
    // ACLED writes inter2 0 when an event has no second actor.
    let inter2_cell = match (inter1, inter2) {
        (_, Some(c)) => Cell::Int(i64::from(c)),
        (Some(_), None) => Cell::Int(0),
        (None, None) => Cell::Empty,
    };
    let sources = ev.sources();
    let outlets = distinct(sources.iter().filter_map(|s| s.source.as_deref()));
    let scale = distinct(outlets.iter().filter_map(|o| scales.scale(o))).join("-");
    vec![
        Cell::Text(event_id_cnty(&SYRIA, ev.doc_id, &e.event_id)),
        Cell::opt_text(e.date.as_ref()),
        year.map_or(Cell::Empty, Cell::Int),
        time_precision,
        Cell::text(e.disorder_type.as_str()),
        Cell::text(e.event_type.as_str()),
        Cell::text(e.sub_event_type.as_str()),
        e.actor1.as_ref().map_or(Cell::Empty, |a| Cell::text(a.name_en.as_str())),
        names(&e.assoc_actor1),
        inter1.map_or(Cell::Empty, |c| Cell::Int(i64::from(c))),
        e.actor2.as_ref().map_or(Cell::Empty, |a| Cell::text(a.name_en.as_str())),
        names(&e.assoc_actor2),
        inter2_cell,
        interaction(inter1, inter2).map_or(Cell::Empty, |c| Cell::Int(i64::from(c))),
        if e.civilian_targeting { Cell::text("Civilian targeting") } else { Cell::Empty },
        country.map_or(Cell::Empty, |c| Cell::Int(i64::from(c.iso))),
        country.map_or(Cell::Empty, |c| Cell::text(c.region)),
        country.map_or(Cell::Empty, |c| Cell::text(c.name)),
        Cell::opt_text(place.and_then(|p| p.admin1.as_ref())),
        Cell::opt_text(place.and_then(|p| p.admin2.as_ref())),
        Cell::opt_text(place.and_then(|p| p.admin3.as_ref())),
        place.map_or(Cell::Empty, |p| Cell::text(p.name_en.clone().unwrap_or_else(|| p.name_ar.clone()))),
        place.and_then(|p| p.lat).map_or(Cell::Empty, Cell::Float),
        place.and_then(|p| p.lon).map_or(Cell::Empty, Cell::Float),
        place.and_then(|p| p.geo_precision).map_or(Cell::Empty, |g| Cell::Int(i64::from(g))),
        Cell::text(outlets.join("; ")),
        Cell::text(scale),
        Cell::text(e.notes.as_str()),
        // ACLED's lowest credible figure: for an event merged across reports, marsad-dedup puts
        // it in the merged event's `fatalities` (a report silent on deaths is no report of 0).
        Cell::Int(i64::from(e.fatalities)),
        // marsad reads no crowd sizes or other tags.
        Cell::Empty,
        Cell::Int(timestamp),
    ]
}

/// Writes the ACLED CSV: the header, then one row per event.
pub struct AcledCsvWriter<W: Write> {
    csv: csv::Writer<W>,
    timestamp: i64,
    scales: SourceScales,
    rows: usize,
}

impl<W: Write> AcledCsvWriter<W> {
    /// A writer with the shipped source scales; the header is written at once, so an export
    /// with no event is still a valid file. `timestamp` fills the `timestamp` column.
    ///
    /// # Errors
    /// When the header cannot be written.
    pub fn new(out: W, timestamp: i64) -> Result<Self, Error> {
        Self::with_scales(out, timestamp, SourceScales::embedded()?)
    }

    /// A writer with the given source scales.
    ///
    /// # Errors
    /// When the header cannot be written.
    pub fn with_scales(out: W, timestamp: i64, scales: SourceScales) -> Result<Self, Error> {
        // Unix line ends: what the sqlite3 shell, pandas and the csv module all read, and
        // what marsad's CSV always had.
        let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
        csv.write_record(ACLED_COLUMNS)?;
        Ok(AcledCsvWriter { csv, timestamp, scales, rows: 0 })
    }

    /// Writes one event's row.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write(&mut self, event: &ExportEvent<'_>) -> Result<(), Error> {
        let row = acled_row(event, self.timestamp, &self.scales);
        self.csv.write_record(row.iter().map(Cell::to_field))?;
        self.rows += 1;
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Flushes and gives the output back.
    ///
    /// # Errors
    /// When flushing fails.
    pub fn finish(self) -> Result<W, Error> {
        self.csv.into_inner().map_err(|e| Error::Io(e.into_error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_scales_load_and_match_web_addresses() {
        let scales = SourceScales::embedded().expect("shipped table");
        assert_eq!(scales.scale("SY24"), Some("National"));
        assert_eq!(scales.scale("www.aljazeera.net"), Some("Regional"));
        assert_eq!(scales.scale("https://m.almayadeen.net/"), Some("Regional"));
        assert_eq!(scales.scale("Unknown Gazette"), None);
    }

    #[test]
    fn bad_scale_names_the_line() {
        let err = SourceScales::parse("# c\nSY24\tNational\tx\nFoo\tHuge\tx\n").unwrap_err();
        assert!(matches!(err, Error::Scales { line: 3, .. }), "{err}");
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = event_id_cnty(&SYRIA, "seed-003", "abeda5a9ab5cc5ab");
        // Worked out by hand (Python) from the FNV-1a definition: a change of hash fails here.
        assert_eq!(a, "SYR976599258732746");
        assert!(a.starts_with("SYR") && a[3..].bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(a, event_id_cnty(&SYRIA, "seed-000", "abeda5a9ab5cc5ab"));
        // The separator keeps "ab"+"c" apart from "a"+"bc".
        assert_ne!(event_id_cnty(&SYRIA, "ab", "c"), event_id_cnty(&SYRIA, "a", "bc"));
    }
}
