//! `marsad ingest`: reports in, extracted and kept in the store.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::io::{self, IsTerminal as _};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::NaiveDate;
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::InputDocument;

use super::store::{DbArg, Ingester};
use super::{document_bytes, parse_day, parse_document_mb, parse_reference_date, parse_threads, parse_time_budget, thread_count, today, ReferenceDate, TimeBudget};
use crate::input::{Defaults, Inputs, Item};
use crate::progress::Progress;
use crate::{batch, Status};

/// Arguments of `marsad ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files (.txt, .html, .htm, .jsonl, .jsonl.gz) or directories, as for `extract`; `-` or
    /// nothing reads stdin.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// Publication date (YYYY-MM-DD) for reports that do not carry one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub published: Option<NaiveDate>,
    /// Outlet name for reports that do not carry one.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// The "crawl date" for reports with no year (default today; `none` leaves such dates
    /// null). Stored with each document, and used again by `marsad reprocess`.
    #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_reference_date)]
    pub reference_date: Option<ReferenceDate>,
    /// Largest report (or JSON line) read, in megabytes.
    #[arg(long, value_name = "N", default_value_t = crate::input::MAX_DOCUMENT_BYTES >> 20, value_parser = parse_document_mb)]
    pub max_document_mb: usize,
    /// Longest extraction of one report, in seconds (0 for none).
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_time_budget)]
    pub time_budget: TimeBudget,
    /// Worker threads (default: available parallelism).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,
    /// Do not merge the events of different reports afterwards (`marsad dedup` does it later).
    #[arg(long)]
    pub no_dedup: bool,
    /// No progress bar (it is drawn only when stderr is a terminal); inputs that cannot be read
    /// and the summary are still written.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `marsad ingest`.
///
/// # Errors
/// When the store cannot be opened or written, or the pipeline cannot be built.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let reference_date = match args.reference_date {
        Some(ReferenceDate(date)) => date,
        None => today(),
    };
    let (store, path) = args.db.create()?;
    eprintln!("marsad: store {}", path);
    // A second connection answers "is this stored already?" while the writer writes (WAL).
    let reader = args.db.existing()?.0;
    let defaults = Defaults {
        published: args.published.map(|d| d.format("%Y-%m-%d").to_string()),
        source: args.source.filter(|s| !s.trim().is_empty()),
    };
    if args.paths.is_empty() && io::stdin().is_terminal() {
        eprintln!("marsad: reading a report from the terminal (end with Ctrl-D)");
    }
    let pipeline = Arc::new(Pipeline::embedded().context("loading the extraction pipeline")?);
    let version = marsad_extract::extractor_version();
    let unchanged = Cell::new(0usize);
    let inputs = Inputs::new(&args.paths, defaults, document_bytes(args.max_document_mb));
    let bytes_read = inputs.bytes_read();
    // Both closures below tick it (skipped documents are done too), never at the same time.
    let progress = RefCell::new(Progress::new(inputs.total(), args.quiet));
    // Each input that goes to extraction, in order: batch::run gives back one outcome per item
    // in the same order, and the store needs the input beside the output.
    let inputs_seen: RefCell<VecDeque<Option<InputDocument>>> = RefCell::new(VecDeque::new());
    let items = inputs.filter(|item: &Item| {
        if let Ok(prepared) = &item.doc {
            // A document stored as it is needs no extraction; a store error here is met again,
            // and reported, when the batch is written.
            if reader.is_current(&prepared.doc, version).unwrap_or(false) {
                unchanged.set(unchanged.get() + 1);
                let mut bar = progress.borrow_mut();
                bar.inc(1);
                bar.set_bytes(bytes_read.load(Ordering::Relaxed));
                return false;
            }
        }
        inputs_seen.borrow_mut().push_back(item.doc.as_ref().ok().map(|p| p.doc.clone()));
        true
    });
    let mut ingester = Ingester::start(store, reference_date, false)?;
    let mut failed = 0usize;
    let options = ExtractOptions { reference_date, dropped: false };
    batch::run(&pipeline, &options, thread_count(args.threads), args.time_budget.0, items, |outcome| {
        let input = inputs_seen.borrow_mut().pop_front().flatten();
        let mut bar = progress.borrow_mut();
        bar.inc(1);
        bar.set_bytes(bytes_read.load(Ordering::Relaxed));
        match (outcome.result, input) {
            (Ok(doc), Some(input)) => ingester.push(input, doc),
            (Err(e), _) => {
                failed += 1;
                bar.suspend(|| eprintln!("marsad: {}: {e}", outcome.origin));
                Ok(())
            }
            (Ok(_), None) => anyhow::bail!("internal error: {} came out of extraction without its input", outcome.origin),
        }
    })?;
    let s = ingester.finish()?;
    progress.into_inner().finish();
    eprintln!(
        "marsad: {} documents new, {} unchanged, {} replaced, {failed} failed; {} events stored in {}",
        s.new,
        s.unchanged + unchanged.get(),
        s.replaced,
        s.events,
        path
    );
    if !args.no_dedup {
        super::dedup::after_ingest(&args.db)?;
    }
    Ok(if failed > 0 { Status::InputErrors } else { Status::Clean })
}
