//! The work queue on PostgreSQL: `marsad enqueue` adds documents, `marsad worker` extracts them
//! (any number, on any number of machines), `marsad jobs` shows the queue.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::NaiveDate;
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_pgstore::{Claimed, JobOutcome, PgStore};

use super::store::DbArg;
use super::{document_bytes, parse_day, parse_document_mb, parse_reference_date, parse_threads, parse_time_budget, thread_count, today, ReferenceDate, TimeBudget};
use crate::input::{Defaults, InputError, Inputs, Item, Prepared};
use crate::{batch, Status};

/// Documents per enqueue transaction.
const ENQUEUE_BATCH: usize = 500;

/// Arguments of `marsad enqueue`.
#[derive(Debug, clap::Args)]
pub struct EnqueueArgs {
    /// Files (.txt, .html, .htm, .jsonl, .jsonl.gz) or directories, as for `ingest`.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// Publication date (YYYY-MM-DD) for reports that do not carry one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub published: Option<NaiveDate>,
    /// Outlet name for reports that do not carry one.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// The "crawl date" for reports with no year (default today; `none` leaves such dates null).
    #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_reference_date)]
    pub reference_date: Option<ReferenceDate>,
    /// Largest report (or JSON line) read, in megabytes.
    #[arg(long, value_name = "N", default_value_t = crate::input::MAX_DOCUMENT_BYTES >> 20, value_parser = parse_document_mb)]
    pub max_document_mb: usize,
    /// Also queue again every document done (or parked) by another version of marsad.
    #[arg(long)]
    pub stale: bool,
}

/// Runs `marsad enqueue`.
///
/// # Errors
/// When the database cannot be used.
pub fn enqueue(args: EnqueueArgs) -> anyhow::Result<Status> {
    let store = args.db.postgres("enqueue")?;
    let version = marsad_extract::extractor_version();
    let reference = match args.reference_date {
        Some(ReferenceDate(date)) => date,
        None => today(),
    }
    .map(|d| d.format("%Y-%m-%d").to_string());
    let defaults = Defaults {
        published: args.published.map(|d| d.format("%Y-%m-%d").to_string()),
        source: args.source.filter(|s| !s.trim().is_empty()),
    };
    let mut summary = marsad_pgstore::EnqueueSummary::default();
    let mut failed = 0usize;
    let mut pending = Vec::with_capacity(ENQUEUE_BATCH);
    let mut flush = |pending: &mut Vec<marsad_model::InputDocument>| -> anyhow::Result<()> {
        let s = store.enqueue(pending, reference.as_deref(), version).context("enqueueing")?;
        (summary.added, summary.already, summary.requeued) = (summary.added + s.added, summary.already + s.already, summary.requeued + s.requeued);
        pending.clear();
        Ok(())
    };
    if !args.paths.is_empty() {
        for item in Inputs::new(&args.paths, defaults, document_bytes(args.max_document_mb)) {
            match item.doc {
                Ok(prepared) => pending.push(prepared.doc),
                Err(e) => {
                    failed += 1;
                    eprintln!("marsad: {}: {}", item.origin, e.0);
                }
            }
            if pending.len() >= ENQUEUE_BATCH {
                flush(&mut pending)?;
            }
        }
        flush(&mut pending)?;
    }
    let stale = if args.stale { store.requeue_stale(version)? } else { 0 };
    eprintln!(
        "marsad: {} documents queued, {} already queued, {} queued again for marsad {version}, {failed} failed; queue {}",
        summary.added,
        summary.already,
        summary.requeued + stale,
        marsad_store::EventStore::location(&store)
    );
    Ok(if failed > 0 { Status::InputErrors } else { Status::Clean })
}

/// Arguments of `marsad worker`.
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Documents claimed (and committed) at a time.
    #[arg(long, value_name = "N", default_value = "16", value_parser = parse_threads)]
    pub batch: NonZeroUsize,
    /// Seconds a claimed batch stays this worker's; past it, other workers take the batch back.
    #[arg(long, value_name = "SECONDS", default_value = "300", value_parser = parse_lease)]
    pub lease: Duration,
    /// Attempts at a document before it is parked with its error.
    #[arg(long, value_name = "N", default_value = "3", value_parser = parse_threads)]
    pub max_attempts: NonZeroUsize,
    /// Extraction threads (default 1: run more workers to use more cores or machines).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,
    /// Longest extraction of one report, in seconds (0 for none).
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_time_budget)]
    pub time_budget: TimeBudget,
    /// Stop when no job is ready or leased, instead of waiting for more.
    #[arg(long)]
    pub exit_when_done: bool,
    /// This worker's name in the queue (default: host:pid).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// Parses `--lease`: a whole number of seconds, at least 1.
fn parse_lease(s: &str) -> Result<Duration, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n >= 1 => Ok(Duration::from_secs(n)),
        _ => Err(format!("--lease must be a whole number of seconds (at least 1), not {s:?}")),
    }
}

/// How long an idle worker waits for a notification before looking again (leases of dead
/// workers expire without one).
const IDLE_WAIT: Duration = Duration::from_secs(2);

/// Runs `marsad worker`.
///
/// # Errors
/// When the database cannot be used or the pipeline cannot be built.
pub fn worker(args: WorkerArgs) -> anyhow::Result<Status> {
    let store = args.db.postgres("worker")?;
    let name = args.name.unwrap_or_else(default_name);
    let version = marsad_extract::extractor_version();
    let pipeline = Arc::new(Pipeline::embedded().context("loading the extraction pipeline")?);
    let max_attempts = i64::try_from(args.max_attempts.get()).unwrap_or(i64::MAX);
    let started = Instant::now();
    eprintln!("marsad: worker {name} on {} with marsad {version}", marsad_store::EventStore::location(&store));
    let mut committer = Committer::start(args.db.postgres("worker")?, name.clone(), max_attempts)?;
    loop {
        store.reclaim_expired(max_attempts)?;
        let claimed = store.claim(&name, args.batch.get(), args.lease)?;
        if claimed.is_empty() {
            // This worker's own batch in commit is not work left for it.
            committer.flush()?;
            if args.exit_when_done && store.unfinished()? == 0 {
                break;
            }
            store.wait_for_work(IDLE_WAIT.min(args.lease))?;
            continue;
        }
        let outcomes = extract(&pipeline, &claimed, thread_count(args.threads.or(NonZeroUsize::new(1))), args.time_budget.0)?;
        for (c, o) in claimed.iter().zip(&outcomes) {
            if let JobOutcome::Failed(e) = o {
                let id = c.doc.as_ref().map_or("?", |d| d.doc_id.as_str());
                eprintln!("marsad: {id}: attempt {} of {max_attempts} failed: {e}", c.attempts);
            }
        }
        committer.send(claimed, outcomes)?;
    }
    let totals = committer.finish()?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "marsad: worker {name}: {} documents done ({:.1}/s), {} events, {} retried, {} parked, {} lost to expired leases",
        totals.done,
        totals.done as f64 / secs.max(1e-9),
        totals.events,
        totals.retried,
        totals.parked,
        totals.lost_lease
    );
    Ok(Status::Clean)
}

/// What the committer thread is asked to do.
enum Commit {
    /// Commit a batch's outcomes.
    Batch(Vec<Claimed>, Vec<JobOutcome>),
    /// Answer once every batch sent before is committed.
    Flush(std::sync::mpsc::SyncSender<()>),
}

/// Commits batches on a thread (and connection) of its own, so that a worker extracts the
/// next batch while the last one is written, as `ingest` does.
struct Committer {
    sender: Option<std::sync::mpsc::SyncSender<Commit>>,
    thread: Option<std::thread::JoinHandle<anyhow::Result<marsad_pgstore::Completed>>>,
}

impl Committer {
    fn start(store: PgStore, name: String, max_attempts: i64) -> anyhow::Result<Committer> {
        // A rendezvous: the worker holds at most the batch being committed and the one it extracts.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Commit>(0);
        let thread = std::thread::Builder::new().name("marsad-commit".into()).spawn(move || {
            let version = marsad_extract::extractor_version();
            let mut totals = marsad_pgstore::Completed::default();
            for message in receiver {
                match message {
                    Commit::Batch(claimed, outcomes) => {
                        let done = store.complete(&name, &claimed, &outcomes, version, max_attempts).context("committing a batch")?;
                        totals = add(totals, done);
                    }
                    Commit::Flush(reply) => {
                        let _ = reply.send(());
                    }
                }
            }
            Ok(totals)
        })?;
        Ok(Committer { sender: Some(sender), thread: Some(thread) })
    }

    fn deliver(&mut self, message: Commit) -> anyhow::Result<()> {
        if self.sender.as_ref().is_some_and(|s| s.send(message).is_ok()) {
            return Ok(());
        }
        // The thread stopped on an error: report it.
        Err(self.join().err().unwrap_or_else(|| anyhow::anyhow!("the committer stopped")))
    }

    fn send(&mut self, claimed: Vec<Claimed>, outcomes: Vec<JobOutcome>) -> anyhow::Result<()> {
        self.deliver(Commit::Batch(claimed, outcomes))
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        let (reply, done) = std::sync::mpsc::sync_channel(1);
        self.deliver(Commit::Flush(reply))?;
        if done.recv().is_err() {
            return Err(self.join().err().unwrap_or_else(|| anyhow::anyhow!("the committer stopped")));
        }
        Ok(())
    }

    fn join(&mut self) -> anyhow::Result<marsad_pgstore::Completed> {
        self.sender = None;
        match self.thread.take() {
            Some(t) => t.join().map_err(|_| anyhow::anyhow!("internal error: the committer panicked"))?,
            None => anyhow::bail!("the committer stopped"),
        }
    }

    /// Commits what is queued and returns the totals.
    fn finish(mut self) -> anyhow::Result<marsad_pgstore::Completed> {
        self.join()
    }
}

fn add(a: marsad_pgstore::Completed, b: marsad_pgstore::Completed) -> marsad_pgstore::Completed {
    marsad_pgstore::Completed {
        done: a.done + b.done,
        retried: a.retried + b.retried,
        parked: a.parked + b.parked,
        lost_lease: a.lost_lease + b.lost_lease,
        events: a.events + b.events,
    }
}

fn default_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_owned()).unwrap_or_else(|_| "worker".into());
    format!("{host}:{}", std::process::id())
}

/// Extracts a claimed batch, each document with its own reference date; outcomes in the order
/// of `claimed`.
fn extract(pipeline: &Arc<Pipeline>, claimed: &[Claimed], threads: usize, budget: Option<Duration>) -> anyhow::Result<Vec<JobOutcome>> {
    let mut outcomes: Vec<Option<JobOutcome>> = vec![None; claimed.len()];
    let mut by_date: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (k, c) in claimed.iter().enumerate() {
        match &c.doc {
            Ok(_) => by_date.entry(c.reference_date.as_deref()).or_default().push(k),
            Err(e) => outcomes[k] = Some(JobOutcome::Failed(e.clone())),
        }
    }
    for (date, ks) in by_date {
        let reference_date = date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let options = ExtractOptions { reference_date, dropped: false };
        let items = ks.iter().filter_map(|&k| {
            let doc = claimed[k].doc.as_ref().ok()?.clone();
            Some(Item { origin: doc.doc_id.clone(), doc: Ok::<_, InputError>(Prepared { doc, warnings: Vec::new() }) })
        });
        let mut next = ks.iter();
        batch::run(pipeline, &options, threads, budget, items, |outcome| {
            if let Some(&k) = next.next() {
                outcomes[k] = Some(match outcome.result {
                    Ok(doc) => JobOutcome::Extracted(Box::new(doc)),
                    Err(e) => JobOutcome::Failed(e.0),
                });
            }
            Ok::<_, anyhow::Error>(())
        })?;
    }
    Ok(outcomes.into_iter().map(|o| o.unwrap_or_else(|| JobOutcome::Failed("not processed".into()))).collect())
}

/// Arguments of `marsad jobs`.
#[derive(Debug, clap::Args)]
pub struct JobsArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Parked documents listed, at most.
    #[arg(long, value_name = "N", default_value = "20")]
    pub parked: usize,
    /// Print JSON instead of lines of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `marsad jobs`.
///
/// # Errors
/// When the database cannot be used.
pub fn jobs(args: JobsArgs) -> anyhow::Result<Status> {
    let store: PgStore = args.db.postgres("jobs")?;
    let version = marsad_extract::extractor_version();
    let s = store.queue_status(version, args.parked)?;
    if args.json {
        println!("{}", serde_json::to_string(&s)?);
        return Ok(Status::Clean);
    }
    println!("queue              {}", marsad_store::EventStore::location(&store));
    println!("ready              {}", s.ready);
    println!("leased             {}", s.leased);
    println!("done               {} (marsad {version})", s.done);
    if s.done_other_version > 0 {
        println!("done, stale        {} (another marsad: `marsad enqueue --stale` queues them again)", s.done_other_version);
    }
    println!("parked             {}", s.parked);
    println!("doubled            {}", s.doubled);
    println!("last minute        {} documents", s.last_minute);
    if let Some(rate) = s.per_second {
        println!("throughput         {rate:.1} documents/s (first to last completion)");
    }
    for (worker, n) in &s.workers {
        println!("worker             {worker}: {n} documents");
    }
    for p in &s.parked_jobs {
        println!("parked             {} after {} attempts: {}", p.doc_id, p.attempts, p.error.as_deref().unwrap_or("?"));
    }
    Ok(Status::Clean)
}
