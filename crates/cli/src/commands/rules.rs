//! `marsad rules stats`: how often each rule of `data/rules/rules.toml` fires over a set of
//! reports, on the events kept and on the event words dropped, so that a rule that fires a
//! thousand times on unseen text is reviewed before it is trusted.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufWriter, Write as _};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use marsad_extract::rules::{Rule, RuleBook};
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::OutputDocument;

use super::{document_bytes, parse_document_mb, parse_reference_date, parse_threads, parse_time_budget, thread_count, ReferenceDate, TimeBudget};
use crate::input::{Defaults, Inputs};
use crate::{batch, Status};

/// Arguments of `marsad rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Count how often each rule fires over reports (read as by `marsad extract`).
    Stats(StatsArgs),
}

/// Output format of `rules stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    /// An aligned table for people.
    Table,
    /// One JSON object per rule.
    Jsonl,
}

/// Arguments of `marsad rules stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Files or directories, as for `marsad extract`.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// As for `marsad extract` (default `none`: year-less dates left null).
    #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_reference_date)]
    pub reference_date: Option<ReferenceDate>,
    /// As for `marsad extract`.
    #[arg(long, value_name = "N", default_value_t = crate::input::MAX_DOCUMENT_BYTES >> 20, value_parser = parse_document_mb)]
    pub max_document_mb: usize,
    /// As for `marsad extract`.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_time_budget)]
    pub time_budget: TimeBudget,
    /// Worker threads (default: available parallelism).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,
}

/// Counts of one rule.
#[derive(Debug, Default, Clone, Copy)]
struct Count {
    /// Events whose trace names the rule.
    kept: usize,
    /// Event words it dropped.
    dropped: usize,
    /// Documents where it fired at all.
    documents: usize,
}

/// Runs `marsad rules`.
///
/// # Errors
/// When the pipeline or the registry cannot be loaded or the output cannot be written.
pub fn run(args: Args) -> anyhow::Result<Status> {
    match args.command {
        Command::Stats(a) => stats(a),
    }
}

fn stats(args: StatsArgs) -> anyhow::Result<Status> {
    let book = RuleBook::embedded().context("loading data/rules/rules.toml")?;
    let reference_date = args.reference_date.and_then(|r| r.0);
    let options = ExtractOptions { reference_date, dropped: true };
    let pipeline = Arc::new(Pipeline::embedded().context("loading the extraction pipeline")?);
    let inputs = Inputs::new(&args.paths, Defaults::default(), document_bytes(args.max_document_mb));
    let mut counts: BTreeMap<String, Count> = BTreeMap::new();
    let (mut documents, mut errors) = (0usize, 0usize);
    batch::run(&pipeline, &options, thread_count(args.threads), args.time_budget.0, inputs, |outcome| -> Result<(), std::convert::Infallible> {
        match outcome.result {
            Ok(doc) => {
                documents += 1;
                tally(&doc, &mut counts);
            }
            Err(e) => {
                errors += 1;
                eprintln!("marsad: {}: {e}", outcome.origin);
            }
        }
        Ok(())
    })
    .unwrap_or_else(|never| match never {});
    let mut rows: Vec<(&str, Count)> = Rule::ALL.iter().map(|r| (r.id(), counts.get(r.id()).copied().unwrap_or_default())).collect();
    rows.sort_by(|a, b| (b.1.kept + b.1.dropped).cmp(&(a.1.kept + a.1.dropped)).then(a.0.cmp(b.0)));
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    write_rows(&mut out, args.format, &rows, documents, &book).context("writing output")?;
    out.flush().context("writing output")?;
    eprintln!("{documents} documents, {errors} errors");
    Ok(if errors > 0 { Status::InputErrors } else { Status::Clean })
}

/// Adds one document's rule firings to the counts.
fn tally(doc: &OutputDocument, counts: &mut BTreeMap<String, Count>) {
    let mut here: BTreeSet<&str> = BTreeSet::new();
    for e in &doc.events {
        let ids: BTreeSet<&str> = e.rules.values().flatten().map(String::as_str).collect();
        for id in ids {
            counts.entry(id.to_string()).or_default().kept += 1;
            here.insert(id);
        }
    }
    for d in &doc.dropped {
        counts.entry(d.rule.clone()).or_default().dropped += 1;
        here.insert(&d.rule);
    }
    for id in here {
        counts.entry(id.to_string()).or_default().documents += 1;
    }
}

fn write_rows(out: &mut impl io::Write, format: StatsFormat, rows: &[(&str, Count)], documents: usize, book: &RuleBook) -> io::Result<()> {
    let share = |c: &Count| if documents == 0 { 0.0 } else { c.documents as f64 / documents as f64 };
    match format {
        StatsFormat::Jsonl => {
            for (id, c) in rows {
                let row = serde_json::json!({
                    "rule": id,
                    "fired": c.kept + c.dropped,
                    "on_events": c.kept,
                    "on_dropped": c.dropped,
                    "documents": c.documents,
                    "document_share": (share(c) * 10000.0).round() / 10000.0,
                });
                writeln!(out, "{row}")?;
            }
        }
        StatsFormat::Table => {
            writeln!(out, "{:<32} {:>8} {:>8} {:>8} {:>8}  description", "rule", "fired", "events", "dropped", "docs %")?;
            for (id, c) in rows.iter().filter(|(_, c)| c.kept + c.dropped > 0) {
                let about = book.get(id).map_or("", |e| e.description.as_str());
                writeln!(out, "{id:<32} {:>8} {:>8} {:>8} {:>7.1}%  {about}", c.kept + c.dropped, c.kept, c.dropped, 100.0 * share(c))?;
            }
            let never: Vec<&str> = rows.iter().filter(|(_, c)| c.kept + c.dropped == 0).map(|(id, _)| *id).collect();
            writeln!(out, "\n{} documents; {} rules never fired: {}", documents, never.len(), never.join(", "))?;
        }
    }
    Ok(())
}
