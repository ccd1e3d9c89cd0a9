//! `marsad query`: events from the store, filtered.

use std::io::{self, BufWriter, IsTerminal as _, Write as _};

use anyhow::{bail, Context as _};
use chrono::NaiveDate;
use marsad_model::OutputDocument;
use marsad_store::{DedupedEvent, Filter, StoredEvent};

use super::parse_day;
use super::store::DbArg;
use crate::output::{Format, Writer};
use crate::{table, Status};

/// The filters of `marsad query`, shared with `marsad export`.
#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    /// Events on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub from: Option<NaiveDate>,
    /// Events on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub to: Option<NaiveDate>,
    /// Governorate (English name, or part of it: "Deir", "Idlib").
    #[arg(long, value_name = "NAME")]
    pub admin1: Option<String>,
    /// Place, English or Arabic name (or part of it), Arabic in any spelling.
    #[arg(long, value_name = "NAME")]
    pub place: Option<String>,
    /// Bounding box in degrees.
    #[arg(long, value_name = "MINLON,MINLAT,MAXLON,MAXLAT", value_parser = parse_bbox)]
    pub bbox: Option<[f64; 4]>,
    /// Events within --km of this point.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_point, requires = "km")]
    pub near: Option<(f64, f64)>,
    /// Distance from --near, in kilometres.
    #[arg(long, value_name = "N", requires = "near")]
    pub km: Option<f64>,
    /// Actor on either side: English name or Arabic name as written (or part of it).
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// ACLED event type ("Battles", "Explosions/Remote violence", ...).
    #[arg(long = "type", value_name = "T")]
    pub event_type: Option<String>,
    /// ACLED sub-event type ("Armed clash", "Air/drone strike", ...).
    #[arg(long = "sub-type", value_name = "S")]
    pub sub_type: Option<String>,
    /// At least this many killed.
    #[arg(long, value_name = "N")]
    pub min_fatalities: Option<u32>,
    /// Reports whose text holds these words, in any spelling (hamza, ta marbuta, alef maqsura,
    /// diacritics, tatweel).
    #[arg(long, value_name = "ARABIC")]
    pub text: Option<String>,
}

/// Output format of `marsad query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryFormat {
    /// Aligned columns, for reading.
    Table,
    /// One event per line: the EVENT record with `doc_id`, `source`, `url`, `published`.
    Jsonl,
    /// One row per event, the columns of `marsad extract --format csv`.
    Csv,
}

/// Arguments of `marsad query`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many events.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// One row per real-world event: events that several reports tell (merged by `marsad
    /// dedup`) once, with every report, ACLED's fatality figure and UCDP's low/best/high.
    /// Without it, every extracted event of every report.
    #[arg(long)]
    pub merged: bool,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    pub format: Option<QueryFormat>,
}

fn parse_numbers<const N: usize>(s: &str, what: &str) -> Result<[f64; N], String> {
    let parts: Vec<f64> = s.split(',').map(|p| p.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| format!("{s:?} is not {what}"))?;
    let values: [f64; N] = parts.try_into().map_err(|_| format!("{s:?} is not {what}"))?;
    if values.iter().any(|v| !v.is_finite()) {
        return Err(format!("{s:?} is not {what}"));
    }
    Ok(values)
}

/// Parses `minlon,minlat,maxlon,maxlat`.
fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let b = parse_numbers::<4>(s, "minlon,minlat,maxlon,maxlat")?;
    if b[0] > b[2] || b[1] > b[3] {
        return Err(format!("{s:?}: the minimum comes first (minlon,minlat,maxlon,maxlat)"));
    }
    Ok(b)
}

/// Parses `lat,lon`.
fn parse_point(s: &str) -> Result<(f64, f64), String> {
    let [lat, lon] = parse_numbers::<2>(s, "lat,lon")?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("{s:?}: latitude must be within ±90 and longitude within ±180"));
    }
    Ok((lat, lon))
}

/// Runs `marsad query`.
///
/// # Errors
/// When the store cannot be opened or read, or output cannot be written.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let filter = filter(&args.filter, args.limit)?;
    let stdout = io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() { QueryFormat::Table } else { QueryFormat::Jsonl });
    if args.merged {
        let (store, _) = args.db.sqlite_existing("query --merged")?;
        let events = store.query_merged(&filter)?;
        return write_merged(&events, format);
    }
    let (store, _) = args.db.existing()?;
    let events = store.query(&filter)?;
    let mut out = BufWriter::new(stdout.lock());
    match format {
        QueryFormat::Table => {
            write_table(&mut out, &events)?;
            if stdout.is_terminal() {
                eprintln!("{} events", events.len());
            }
        }
        QueryFormat::Jsonl => {
            for e in &events {
                serde_json::to_writer(&mut out, e)?;
                out.write_all(b"\n")?;
            }
        }
        QueryFormat::Csv => {
            let mut writer = Writer::new(out, Format::Csv, crate::output::export_timestamp())?;
            for e in events {
                let doc = OutputDocument { doc_id: e.doc_id, source: e.source, published: e.published, events: vec![e.event], ..OutputDocument::default() };
                writer.write(&doc)?;
            }
            writer.finish().context("writing output")?;
            return Ok(Status::Clean);
        }
    }
    out.flush().context("writing output")?;
    Ok(Status::Clean)
}

/// The store filter the arguments ask for (shared with `marsad export`).
///
/// # Errors
/// When --km is negative or not a number.
pub fn filter(args: &FilterArgs, limit: Option<usize>) -> anyhow::Result<Filter> {
    let near = match (args.near, args.km) {
        (Some((lat, lon)), Some(km)) if km.is_finite() && km >= 0.0 => Some((lat, lon, km)),
        (Some(_), Some(km)) => bail!("--km must be a distance of 0 or more, not {km}"),
        _ => None,
    };
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    Ok(Filter {
        from: day(args.from),
        to: day(args.to),
        admin1: args.admin1.clone(),
        place: args.place.clone(),
        bbox: args.bbox,
        near,
        actor: args.actor.clone(),
        event_type: args.event_type.clone(),
        sub_event_type: args.sub_type.clone(),
        min_fatalities: args.min_fatalities,
        text: args.text.clone(),
        limit,
    })
}

/// `--merged`: one row per real-world event.
fn write_merged(events: &[DedupedEvent], format: QueryFormat) -> anyhow::Result<Status> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        QueryFormat::Table => {
            write_merged_table(&mut out, events)?;
            if stdout.is_terminal() {
                eprintln!("{} events", events.len());
            }
        }
        QueryFormat::Jsonl => {
            for e in events {
                serde_json::to_writer(&mut out, e)?;
                out.write_all(b"\n")?;
            }
        }
        QueryFormat::Csv => {
            let mut csv = marsad_export::AcledCsvWriter::new(out, crate::output::export_timestamp())?;
            for e in events {
                csv.write(&super::export::export_event(e))?;
            }
            csv.finish().context("writing output")?;
            return Ok(Status::Clean);
        }
    }
    out.flush().context("writing output")?;
    Ok(Status::Clean)
}

fn write_merged_table(out: &mut impl io::Write, events: &[DedupedEvent]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|d| {
            let e = &d.event;
            let place = e.location.as_ref().map(|p| p.name_en.clone().unwrap_or_else(|| p.name_ar.clone())).unwrap_or_default();
            let actor = |a: Option<&marsad_model::Actor>| a.map(|a| a.name_en.clone()).unwrap_or_default();
            let f = &d.fatalities;
            let killed = if f.low == f.high { f.acled.to_string() } else { format!("{} ({}-{})", f.acled, f.low, f.high) };
            let reports: Vec<&str> = d.sources.iter().map(|s| s.doc_id.as_str()).collect();
            vec![
                e.date.clone().unwrap_or_else(|| "-".into()),
                e.sub_event_type.clone(),
                place,
                actor(e.actor1.as_ref()),
                actor(e.actor2.as_ref()),
                killed,
                reports.join(", "),
                d.merge.map(|m| m.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    table::write(out, &["date", "sub-type", "place", "actor1", "actor2", "killed", "reports", "merge"], &rows)
}

fn write_table(out: &mut impl io::Write, events: &[StoredEvent]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|s| {
            let e = &s.event;
            let place = e.location.as_ref().map(|p| p.name_en.clone().unwrap_or_else(|| p.name_ar.clone())).unwrap_or_default();
            let admin1 = e.location.as_ref().and_then(|p| p.admin1.clone()).unwrap_or_default();
            let actor = |a: Option<&marsad_model::Actor>| a.map(|a| a.name_en.clone()).unwrap_or_default();
            vec![
                e.date.clone().unwrap_or_else(|| "-".into()),
                e.sub_event_type.clone(),
                place,
                admin1,
                actor(e.actor1.as_ref()),
                actor(e.actor2.as_ref()),
                e.fatalities.to_string(),
                s.doc_id.clone(),
            ]
        })
        .collect();
    table::write(out, &["date", "sub-type", "place", "admin1", "actor1", "actor2", "killed", "report"], &rows)
}
