//! `marsad export`: the store's events in the analysts' formats (ACLED CSV, GeoJSON, JSONL,
//! GraphML), through marsad-export: events several reports tell once, with every report, where
//! the store keeps merges (SQLite; on PostgreSQL each report's events, as `--raw`); the control
//! history beside them (`docs/EXPORTS.md`).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context as _};
use marsad_export::{AcledCsvWriter, ControlEdge, ExportEvent, FatalityRange, GeoJsonWriter, GraphMlWriter, JsonlWriter, SourceRef};
use marsad_store::{ControlPeriod, DedupedEvent, EventStore};
use serde_json::{Map, Value};

use super::query::{filter, FilterArgs};
use super::store::DbArg;
use crate::output::export_timestamp;
use crate::progress::{Progress, Total};
use crate::Status;

/// Format of `marsad export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// ACLED's 31 columns, names and order exactly; one row per event.
    AcledCsv,
    /// An RFC 7946 FeatureCollection of Point features (QGIS, web maps).
    Geojson,
    /// One event per line with every report of it and the killed as low/best/high.
    Jsonl,
    /// Actors and places as nodes; events, and control periods ("controls" edges with since and
    /// until dates), as edges (Gephi, yEd, NetworkX).
    Graphml,
}

/// Arguments of `marsad export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many events.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Every extracted event of every report, without merging those several reports tell.
    /// PostgreSQL keeps no merges: there every export is written so.
    #[arg(long)]
    pub raw: bool,
    /// Write the control history (who held each place, since and until when) instead of events:
    /// one period per line (jsonl) or a Point feature per period (geojson). GraphML always holds
    /// both; ACLED CSV has no columns for it. --place narrows it.
    #[arg(long)]
    pub control: bool,
    /// Write here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress bar (it is drawn only when stderr is a terminal) and no summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

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

/// Runs `marsad export`.
///
/// # Errors
/// When the store cannot be read, the output cannot be written, or --control is asked of the
/// ACLED CSV.
pub fn run(args: Args) -> anyhow::Result<Status> {
    if args.control && args.format == ExportFormat::AcledCsv {
        bail!("the ACLED CSV has no columns for control periods: use --format jsonl, geojson or graphml");
    }
    let (store, _) = args.db.existing()?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(File::create(path).with_context(|| format!("creating {}", path.display()))?),
        None => Box::new(io::stdout().lock()),
    };
    let out = BufWriter::new(out);
    let place = args.filter.place.clone();
    let periods = store.control(place.as_deref(), None)?;
    let written = if args.control {
        write_control(out, args.format, &periods)?
    } else {
        let events = events(store.as_ref(), &args)?;
        let line = write_events(out, args.format, &events, &periods, args.quiet)?;
        if args.raw || store.keeps_merges() {
            line
        } else {
            format!("{line}; each report's events apart, as with --raw: PostgreSQL keeps no merges across reports (`marsad dedup` keeps them in SQLite)")
        }
    };
    if !args.quiet {
        eprintln!("marsad: {written}");
    }
    Ok(Status::Clean)
}

/// The events asked for: merged (one per real-world event) unless --raw or the store keeps no
/// merges.
fn events(store: &dyn EventStore, args: &Args) -> anyhow::Result<Vec<DedupedEvent>> {
    let f = filter(&args.filter, args.limit)?;
    Ok(if args.raw {
        store.query(&f)?.into_iter().map(DedupedEvent::single).collect()
    } else {
        store.query_merged(&f)?
    })
}

/// Writes the events (and, in GraphML, the control periods); returns the summary line.
fn write_events<W: Write>(out: W, format: ExportFormat, events: &[DedupedEvent], periods: &[ControlPeriod], quiet: bool) -> anyhow::Result<String> {
    let mut progress = Progress::new(Total::Events(events.len() as u64), quiet);
    let timestamp = export_timestamp();
    let context = || "writing the export";
    let line = match format {
        ExportFormat::AcledCsv => {
            let mut w = AcledCsvWriter::new(out, timestamp)?;
            for e in events {
                w.write(&export_event(e)).with_context(context)?;
                progress.inc(1);
            }
            let rows = w.rows();
            w.finish().with_context(context)?;
            format!("{rows} events written (ACLED CSV)")
        }
        ExportFormat::Geojson => {
            let mut w = GeoJsonWriter::new(out, timestamp)?;
            for e in events {
                w.write(&export_event(e)).with_context(context)?;
                progress.inc(1);
            }
            let (n, unlocated) = (w.features(), w.unlocated());
            w.finish().with_context(context)?;
            format!("{n} events written (GeoJSON); {unlocated} without coordinates left out")
        }
        ExportFormat::Jsonl => {
            let mut w = JsonlWriter::new(out);
            for e in events {
                w.write(&export_event(e)).with_context(context)?;
                progress.inc(1);
            }
            let n = w.lines();
            w.finish().with_context(context)?;
            format!("{n} events written (JSONL)")
        }
        ExportFormat::Graphml => {
            let mut w = GraphMlWriter::new(out);
            for e in events {
                w.add_event(&export_event(e));
                progress.inc(1);
            }
            for p in periods {
                w.add_control(&control_edge(p));
            }
            let (nodes, edges, one_sided) = (w.nodes(), w.edges(), w.one_sided());
            w.finish().with_context(context)?;
            format!("{} events and {} control periods: {nodes} nodes, {edges} edges (GraphML); {one_sided} one-sided events gave no edge", events.len(), periods.len())
        }
    };
    progress.finish();
    Ok(line)
}

fn control_edge(p: &ControlPeriod) -> ControlEdge {
    ControlEdge {
        holder_id: p.holder_id.clone(),
        holder: p.holder.clone(),
        place_id: p.place_id.clone(),
        place: p.place_en.clone(),
        since: p.since.clone(),
        until: p.until.clone(),
        taken_from: p.taken_from.clone(),
        doc_ids: p.doc_ids.clone(),
    }
}

/// `--control`: the control periods alone; returns the summary line.
fn write_control<W: Write>(mut out: W, format: ExportFormat, periods: &[ControlPeriod]) -> anyhow::Result<String> {
    let context = || "writing the export";
    match format {
        ExportFormat::Jsonl => {
            for p in periods {
                serde_json::to_writer(&mut out, p)?;
                out.write_all(b"\n")?;
            }
            out.flush().with_context(context)?;
            Ok(format!("{} control periods written (JSONL)", periods.len()))
        }
        ExportFormat::Geojson => {
            let mut w = GeoJsonWriter::new(out, export_timestamp())?;
            let mut unlocated = 0;
            for p in periods {
                match (p.lat, p.lon) {
                    (Some(lat), Some(lon)) => w.write_point(lon, lat, control_properties(p)).with_context(context)?,
                    _ => unlocated += 1,
                }
            }
            let n = w.features();
            w.finish().with_context(context)?;
            Ok(format!("{n} control periods written (GeoJSON); {unlocated} without coordinates left out"))
        }
        ExportFormat::Graphml => {
            let mut w = GraphMlWriter::new(out);
            for p in periods {
                w.add_control(&control_edge(p));
            }
            w.finish().with_context(context)?;
            Ok(format!("{} control periods written (GraphML)", periods.len()))
        }
        ExportFormat::AcledCsv => bail!("the ACLED CSV has no columns for control periods"),
    }
}

/// The properties of a control period's feature: the period without its claims.
fn control_properties(p: &ControlPeriod) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("place_id".into(), p.place_id.clone().into());
    m.insert("place".into(), p.place_en.clone().into());
    m.insert("place_ar".into(), p.place_ar.join("; ").into());
    m.insert("holder_id".into(), p.holder_id.clone().into());
    m.insert("holder".into(), p.holder.clone().into());
    m.insert("since".into(), p.since.clone().map_or(Value::Null, Value::from));
    m.insert("until".into(), p.until.clone().map_or(Value::Null, Value::from));
    m.insert("taken_from".into(), p.taken_from.clone().map_or(Value::Null, Value::from));
    m.insert("facilities".into(), p.facilities.join("; ").into());
    m.insert("doc_ids".into(), p.doc_ids.join("; ").into());
    m
}
