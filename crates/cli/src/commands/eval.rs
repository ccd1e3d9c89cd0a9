//! `marsad eval`: scores predictions against a gold file, printing what `eval/score.py` prints.

use std::fs;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use marsad_extract::{ExtractOptions, Pipeline};
use serde_json::Value;

use super::{parse_reference_date, parse_document_mb, parse_threads, parse_time_budget, document_bytes, thread_count, ReferenceDate, TimeBudget};
use crate::input::{prepare, Defaults, InputError, Item};
use crate::{batch, score, Status};

/// Arguments of `marsad eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold file (JSON Lines, as eval/dev.jsonl).
    pub gold: PathBuf,
    /// Predictions (JSON Lines of output documents). Without it, the pipeline is run on the
    /// gold documents' texts and that output is scored.
    pub pred: Option<PathBuf>,
    /// Print one line per paired, missed and false event.
    #[arg(long)]
    pub verbose: bool,
    /// Print the result as JSON (as `score.py --json`).
    #[arg(long)]
    pub json: bool,
    /// After the summary, print a table per event type and the sub-type confusion table.
    #[arg(long)]
    pub tables: bool,
    /// Crawl date for year inference when running the pipeline (default: none, so runs are
    /// reproducible).
    #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_reference_date)]
    pub reference_date: Option<ReferenceDate>,
    /// Largest report (or JSON line) read, in megabytes; bigger ones are skipped with an error.
    #[arg(long, value_name = "N", default_value_t = crate::input::MAX_DOCUMENT_BYTES >> 20, value_parser = parse_document_mb)]
    pub max_document_mb: usize,
    /// Longest extraction of one report, in seconds (fractions allowed; 0 for none): a report
    /// over it is skipped with an error naming it, and the others go on.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_time_budget)]
    pub time_budget: TimeBudget,
    /// Worker threads when running the pipeline (default: available parallelism).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,
}

/// Runs `marsad eval`.
///
/// # Errors
/// When the pipeline cannot be built.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let gold = match load(&args.gold) {
        Ok(docs) => docs,
        Err(message) => return Ok(fail(&message)),
    };
    let mut status = Status::Clean;
    let pred: Vec<Value> = match &args.pred {
        Some(path) => match load(path) {
            Ok(docs) => docs.into_iter().map(|(_, v)| v).collect(),
            Err(message) => return Ok(fail(&message)),
        },
        None => {
            let (pred, errors) = predict(&args, &gold)?;
            if errors > 0 {
                status = Status::InputErrors;
            }
            pred
        }
    };
    let gold: Vec<Value> = gold.into_iter().map(|(_, v)| v).collect();
    let (report, lines) = match score::score(&gold, &pred, args.verbose) {
        Ok(r) => r,
        Err(e) => return Ok(fail(&e.0)),
    };
    if args.json {
        println!("{}", score::format_json(&report));
    } else {
        for line in &lines {
            println!("{line}");
        }
        print!("{}", score::format_text(&report));
        if args.tables {
            print!("{}", score::format_tables(&report));
        }
    }
    Ok(status)
}

fn fail(message: &str) -> Status {
    eprintln!("marsad: {message}");
    Status::InputErrors
}

/// Runs the pipeline on the gold documents; returns the output documents as JSON and the number
/// of documents refused.
fn predict(args: &Args, gold: &[(usize, Value)]) -> anyhow::Result<(Vec<Value>, usize)> {
    let pipeline = Arc::new(Pipeline::embedded().context("loading the extraction pipeline")?);
    let options = ExtractOptions { reference_date: args.reference_date.and_then(|r| r.0), ..Default::default() };
    let origin = args.gold.display().to_string();
    let items = gold.iter().map(|(line, value)| {
        let doc = serde_json::from_value(value.clone())
            .map_err(|e| InputError(format!("bad document: {e}")))
            .and_then(|doc| prepare(doc, &Defaults::default(), document_bytes(args.max_document_mb)));
        Item { origin: format!("{origin}:{line}"), doc }
    });
    let mut pred = Vec::with_capacity(gold.len());
    let mut errors = 0;
    batch::run(&pipeline, &options, thread_count(args.threads), args.time_budget.0, items, |outcome| {
        match outcome.result {
            Ok(doc) => pred.push(serde_json::to_value(&doc)?),
            Err(e) => {
                errors += 1;
                eprintln!("marsad: {}: {e}", outcome.origin);
            }
        }
        Ok::<(), serde_json::Error>(())
    })
    .context("serialising predictions")?;
    Ok((pred, errors))
}

/// Reads a JSON Lines file as `score.py` does: lines split at `\n`, `\r\n` or `\r` (Python's
/// universal newlines), stripped, blank ones skipped; each with its 1-based line number.
fn load(path: &Path) -> Result<Vec<(usize, Value)>, String> {
    let name = path.display();
    let bytes = fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!("{name}: not UTF-8: invalid byte at offset {}", e.utf8_error().valid_up_to())
    })?;
    let mut out = Vec::new();
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    for (k, line) in normalised.split('\n').enumerate() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c));
        if line.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| {
            let full = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let base = full.strip_suffix(&suffix).unwrap_or(&full);
            format!("{name}:{}: not JSON: {base} at column {}", k + 1, e.column())
        })?;
        out.push((k + 1, value));
    }
    Ok(out)
}
