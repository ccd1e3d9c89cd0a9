//! `marsad extract`: reports in, one output document (JSONL) or one row per event (ACLED CSV)
//! out, with a progress bar on a terminal.

use std::io::{self, BufWriter, IsTerminal as _};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::NaiveDate;
use marsad_extract::{ExtractOptions, Pipeline};

use super::{parse_day, parse_reference_date, parse_document_mb, parse_threads, parse_time_budget, document_bytes, thread_count, today, ReferenceDate, TimeBudget};
use crate::input::{Defaults, Inputs};
use crate::output::{export_timestamp, Format, Writer};
use crate::progress::Progress;
use crate::{batch, Status};

/// Arguments of `marsad extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files (.txt, .html, .htm, .jsonl, .jsonl.gz) or directories (read recursively, in name
    /// order); `-` or nothing reads stdin (JSONL if it starts with `{`, else one text report).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Publication date (YYYY-MM-DD) for reports that do not carry one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub published: Option<NaiveDate>,
    /// Outlet name for reports that do not carry one.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// The "crawl date" used to infer missing years ("Saturday 13 January"): default today's
    /// date from the system clock (UTC); `none` leaves such dates null. Pass a date for
    /// reproducible runs.
    #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_reference_date)]
    pub reference_date: Option<ReferenceDate>,
    /// Largest report (or JSON line) read, in megabytes; bigger ones are skipped with an error.
    #[arg(long, value_name = "N", default_value_t = crate::input::MAX_DOCUMENT_BYTES >> 20, value_parser = parse_document_mb)]
    pub max_document_mb: usize,
    /// Longest extraction of one report, in seconds (fractions allowed; 0 for none): a report
    /// over it is skipped with an error naming it, and the others go on.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_time_budget)]
    pub time_budget: TimeBudget,
    /// Worker threads (default: available parallelism). Output does not depend on it.
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,
    /// No progress bar and no summary line; inputs that cannot be read are still named on
    /// stderr. (The bar is drawn only when stderr is a terminal.)
    #[arg(long, short)]
    pub quiet: bool,
    /// Write, instead of records, a reading for people: each event's fields with the ids of the
    /// rules that decided them (data/rules/rules.toml) and the words each read, then the event
    /// words that became no event and why. Reports are read one at a time, with no time budget.
    #[arg(long, conflicts_with = "format")]
    pub explain: bool,
    /// Add to each record `dropped`: the event words that became no event, with the rule that
    /// dropped each and its span.
    #[arg(long)]
    pub dropped: bool,
}

/// Runs `marsad extract`.
///
/// # Errors
/// When the pipeline cannot be built or the output cannot be written.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let reference_date = match args.reference_date {
        Some(ReferenceDate(date)) => date,
        None => today(),
    };
    let options = ExtractOptions { reference_date, dropped: args.dropped };
    let defaults = Defaults {
        published: args.published.map(|d| d.format("%Y-%m-%d").to_string()),
        source: args.source.filter(|s| !s.trim().is_empty()),
    };
    if args.paths.is_empty() && io::stdin().is_terminal() {
        eprintln!("marsad: reading a report from the terminal (end with Ctrl-D)");
    }
    let inputs = Inputs::new(&args.paths, defaults, document_bytes(args.max_document_mb));
    if args.explain {
        let pipeline = Pipeline::embedded().context("loading the extraction pipeline")?;
        return explain(&pipeline, &options, inputs);
    }
    let stdout = io::stdout();
    let mut writer = Writer::new(BufWriter::new(stdout.lock()), args.format, export_timestamp())?;
    let (mut documents, mut events, mut errors) = (0usize, 0usize, 0usize);
    if args.format == Format::Input {
        for item in inputs {
            match item.doc {
                Ok(prepared) => {
                    documents += 1;
                    writer.write_input(&prepared.doc).context("writing output")?;
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("marsad: {}: {e}", item.origin);
                }
            }
        }
        writer.finish().context("writing output")?;
        if !args.quiet {
            eprintln!("{documents} documents, 0 events, {errors} errors");
        }
        return Ok(if errors > 0 { Status::InputErrors } else { Status::Clean });
    }
    let pipeline = Arc::new(Pipeline::embedded().context("loading the extraction pipeline")?);
    let mut progress = Progress::new(inputs.total(), args.quiet);
    let bytes_read = inputs.bytes_read();
    batch::run(&pipeline, &options, thread_count(args.threads), args.time_budget.0, inputs, |outcome| {
        progress.inc(1);
        progress.set_bytes(bytes_read.load(Ordering::Relaxed));
        match outcome.result {
            Ok(doc) => {
                documents += 1;
                events += doc.events.len();
                writer.write(&doc)
            }
            Err(e) => {
                errors += 1;
                progress.suspend(|| eprintln!("marsad: {}: {e}", outcome.origin));
                Ok(())
            }
        }
    })
    .context("writing output")?;
    progress.finish();
    writer.finish().context("writing output")?;
    if !args.quiet {
        eprintln!("{documents} documents, {events} events, {errors} errors");
    }
    Ok(if errors > 0 { Status::InputErrors } else { Status::Clean })
}

/// `--explain`: each report read and rendered for people, one at a time.
fn explain(pipeline: &Pipeline, options: &ExtractOptions, inputs: Inputs) -> anyhow::Result<Status> {
    use std::io::Write as _;
    let book = marsad_extract::rules::RuleBook::embedded().context("loading data/rules/rules.toml")?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut documents, mut events, mut errors) = (0usize, 0usize, 0usize);
    for item in inputs {
        match item.doc {
            Ok(prepared) => {
                documents += 1;
                let mut x = pipeline.explain(&prepared.doc, options);
                x.output.warnings.extend(prepared.warnings);
                events += x.output.events.len();
                writeln!(out, "{}", crate::explain::render(&item.origin, &x, &book)).context("writing output")?;
            }
            Err(e) => {
                errors += 1;
                eprintln!("marsad: {}: {e}", item.origin);
            }
        }
    }
    out.flush().context("writing output")?;
    eprintln!("{documents} documents, {events} events, {errors} errors");
    Ok(if errors > 0 { Status::InputErrors } else { Status::Clean })
}
