//! `marsad reprocess`: re-extracts stored documents whose extraction is out of date.

use std::collections::{BTreeMap, VecDeque};
use std::num::NonZeroUsize;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::NaiveDate;
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::InputDocument;

use super::store::{DbArg, Ingester};
use super::{parse_threads, parse_time_budget, thread_count, TimeBudget};
use crate::input::{InputError, Item, Prepared};
use crate::{batch, Status};

/// Arguments of `marsad reprocess`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Re-extract every document, not only those extracted by another version of marsad.
    #[arg(long)]
    pub all: bool,
    /// Longest extraction of one report, in seconds (0 for none).
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_time_budget)]
    pub time_budget: TimeBudget,
    /// Worker threads (default: available parallelism).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,
    /// Do not merge the events of different reports afterwards (`marsad dedup` does it later).
    #[arg(long)]
    pub no_dedup: bool,
}

/// Runs `marsad reprocess`.
///
/// # Errors
/// When the store cannot be opened or written, or the pipeline cannot be built.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let (store, path) = args.db.existing()?;
    let version = marsad_extract::extractor_version();
    let ids = store.stale_documents(version, args.all)?;
    eprintln!("marsad: store {}: {} documents to re-extract with marsad {version}", path, ids.len());
    // Each document is re-extracted with the reference date it was first extracted with.
    let mut groups: BTreeMap<Option<String>, Vec<InputDocument>> = BTreeMap::new();
    for id in &ids {
        if let Some(stored) = store.stored_input(id)? {
            groups.entry(stored.reference_date).or_default().push(stored.doc);
        }
    }
    let pipeline = Arc::new(Pipeline::embedded().context("loading the extraction pipeline")?);
    let mut failed = 0usize;
    let mut summary = marsad_store::BatchSummary::default();
    for (reference, docs) in groups {
        let reference_date = reference.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut ingester = Ingester::start(args.db.existing()?.0, reference_date, true)?;
        let mut inputs: VecDeque<InputDocument> = docs.iter().cloned().collect();
        let items = docs.into_iter().map(|doc| Item {
            origin: format!("{}: {}", path, doc.doc_id),
            doc: Ok::<_, InputError>(Prepared { doc, warnings: Vec::new() }),
        });
        let options = ExtractOptions { reference_date, dropped: false };
        batch::run(&pipeline, &options, thread_count(args.threads), args.time_budget.0, items, |outcome| {
            let input = inputs.pop_front();
            match (outcome.result, input) {
                (Ok(doc), Some(input)) => ingester.push(input, doc),
                (Err(e), _) => {
                    failed += 1;
                    eprintln!("marsad: {}: {e}", outcome.origin);
                    Ok(())
                }
                (Ok(_), None) => anyhow::bail!("internal error: {} came out of extraction without its input", outcome.origin),
            }
        })?;
        summary.add(&ingester.finish()?);
    }
    eprintln!("marsad: {} documents re-extracted, {failed} failed; {} events stored", summary.replaced + summary.new, summary.events);
    if !args.no_dedup {
        super::dedup::after_ingest(&args.db)?;
    }
    Ok(if failed > 0 { Status::InputErrors } else { Status::Clean })
}
