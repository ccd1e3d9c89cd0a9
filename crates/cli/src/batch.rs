//! Running the pipeline over a stream of inputs on several threads, keeping input order, with a
//! time budget per report.
//!
//! Inputs are taken in chunks; each chunk is extracted in parallel (the pipeline is immutable and
//! shared) and handed on in input order before the next chunk is read, so output is
//! deterministic whatever the thread count and memory stays bounded by the chunk size.
//!
//! The pipeline cannot be cancelled, so the budget is kept by a watchdog: each report is
//! extracted on a thread of its own that sends its result over a channel, and the caller waits
//! for results no longer than the first running report's deadline. A report over the budget is
//! reported as skipped and the batch goes on; its thread is left to finish and its late result is
//! dropped. Threads left running still use a core, so at most twice `threads` extraction threads
//! are alive at once: once that many have overrun, new reports wait for one of them to end.

use std::collections::{HashMap, HashSet, VecDeque};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::OutputDocument;

use crate::input::{InputError, Item, Prepared};

/// Documents per chunk and thread: enough to keep threads busy, few enough to bound memory.
const CHUNK_PER_THREAD: usize = 16;

/// Stack of an extraction thread: the size of the main thread's, on which single-threaded runs
/// used to extract.
const STACK_BYTES: usize = 8 * 1024 * 1024;

/// Test hook, not a user setting: `DOC_ID=SECONDS` makes the extraction of that document sleep
/// first, so that tests can make one report overrun the time budget.
const DELAY_VAR: &str = "MARSAD_TEST_DELAY";

/// The result for one input, in input order.
#[derive(Debug)]
pub struct Outcome {
    /// Where the input came from (`file`, `file:line`, `stdin`).
    pub origin: String,
    /// The extracted document, or why the input was skipped.
    pub result: Result<OutputDocument, InputError>,
}

/// Extracts every item and passes the outcomes to `sink` in input order. A report whose
/// extraction takes longer than `budget` (when there is one) becomes an error.
///
/// # Errors
/// The first error returned by `sink` (typically a closed stdout); processing stops there.
pub fn run<I, F, E>(
    pipeline: &Arc<Pipeline>,
    options: &ExtractOptions,
    threads: usize,
    budget: Option<Duration>,
    items: I,
    mut sink: F,
) -> Result<(), E>
where
    I: IntoIterator<Item = Item>,
    F: FnMut(Outcome) -> Result<(), E>,
{
    let threads = threads.max(1);
    let mut watchdog = Watchdog::new(Arc::clone(pipeline), options.clone(), threads, budget);
    let mut items = items.into_iter();
    loop {
        let chunk: Vec<Item> = items.by_ref().take(threads * CHUNK_PER_THREAD).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        let mut origins = Vec::with_capacity(chunk.len());
        let mut results: Vec<Option<Result<OutputDocument, InputError>>> = Vec::with_capacity(chunk.len());
        let mut work = VecDeque::with_capacity(chunk.len());
        for (k, item) in chunk.into_iter().enumerate() {
            origins.push(item.origin);
            match item.doc {
                Ok(doc) => {
                    work.push_back((k, doc));
                    results.push(None);
                }
                Err(e) => results.push(Some(Err(e))),
            }
        }
        watchdog.extract_all(work, &mut results);
        for (k, origin) in origins.into_iter().enumerate() {
            let result = results[k].take().unwrap_or_else(|| Err(InputError("not processed".into())));
            sink(Outcome { origin, result })?;
        }
    }
}

/// A finished extraction: the job number and its result.
type Done = (u64, Result<OutputDocument, InputError>);

/// Starts extraction threads and keeps the time budget.
struct Watchdog {
    pipeline: Arc<Pipeline>,
    options: Arc<ExtractOptions>,
    threads: usize,
    budget: Option<Duration>,
    sender: Sender<Done>,
    receiver: Receiver<Done>,
    /// Number of the next job (jobs of all chunks share the channel).
    next_job: u64,
    /// Jobs over the budget whose threads still run; their results are dropped on arrival.
    overrun: HashSet<u64>,
}

impl Watchdog {
    fn new(pipeline: Arc<Pipeline>, options: ExtractOptions, threads: usize, budget: Option<Duration>) -> Self {
        let (sender, receiver) = mpsc::channel();
        let options = Arc::new(options);
        Watchdog { pipeline, options, threads, budget, sender, receiver, next_job: 0, overrun: HashSet::new() }
    }

    /// Most extraction threads alive at once, counting those left running past the budget.
    fn max_alive(&self) -> usize {
        2 * self.threads
    }

    /// Extracts the documents of one chunk; `results[k]` gets the result of document `k`.
    fn extract_all(&mut self, mut work: VecDeque<(usize, Prepared)>, results: &mut [Option<Result<OutputDocument, InputError>>]) {
        // Running jobs: job number -> (slot, deadline).
        let mut running: HashMap<u64, (usize, Option<Instant>)> = HashMap::new();
        loop {
            while running.len() < self.threads && running.len() + self.overrun.len() < self.max_alive() {
                let Some((k, doc)) = work.pop_front() else { break };
                let job = self.next_job;
                self.next_job += 1;
                match self.spawn(job, doc) {
                    Ok(()) => {
                        running.insert(job, (k, self.budget.and_then(|b| Instant::now().checked_add(b))));
                    }
                    Err(e) => results[k] = Some(Err(InputError(format!("internal error: cannot start a thread: {e}")))),
                }
            }
            if running.is_empty() && work.is_empty() {
                return;
            }
            // Wait for a result, or until the first deadline of a running job. With nothing
            // running, the threads that overran are all there is to wait for.
            let first_deadline = running.values().filter_map(|&(_, deadline)| deadline).min();
            let received = match first_deadline {
                Some(deadline) => self.receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())),
                None => self.receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match received {
                Ok((job, result)) => match running.remove(&job) {
                    Some((k, _)) => results[k] = Some(result),
                    // A late result: its report was already reported as over the budget.
                    None => {
                        self.overrun.remove(&job);
                    }
                },
                Err(RecvTimeoutError::Timeout) => {
                    let now = Instant::now();
                    let late: Vec<u64> = running
                        .iter()
                        .filter(|(_, &(_, deadline))| deadline.is_some_and(|d| d <= now))
                        .map(|(&job, _)| job)
                        .collect();
                    for job in late {
                        if let Some((k, _)) = running.remove(&job) {
                            results[k] = Some(Err(over_budget(self.budget.unwrap_or_default())));
                            self.overrun.insert(job);
                        }
                    }
                }
                // Cannot happen (the watchdog holds a sender); the slots left empty are
                // reported as not processed.
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Starts extracting `doc` on a thread of its own, which sends `(job, result)` when done.
    fn spawn(&self, job: u64, doc: Prepared) -> std::io::Result<()> {
        let (pipeline, options, sender) = (Arc::clone(&self.pipeline), Arc::clone(&self.options), self.sender.clone());
        std::thread::Builder::new().name("marsad-extract".into()).stack_size(STACK_BYTES).spawn(move || {
            if let Some(pause) = test_delay(&doc.doc.doc_id) {
                std::thread::sleep(pause);
            }
            let result = extract_one(&pipeline, &options, &doc);
            // The receiver is gone only when the batch is over: the result is not wanted.
            let _ = sender.send((job, result));
        })?;
        Ok(())
    }
}

/// The error of a report over the budget.
fn over_budget(budget: Duration) -> InputError {
    InputError(format!("skipped: extraction took longer than {} s (--time-budget)", budget.as_secs_f64()))
}

/// The pause [`DELAY_VAR`] asks for before extracting `doc_id`, if any.
fn test_delay(doc_id: &str) -> Option<Duration> {
    static DELAY: OnceLock<Option<(String, Duration)>> = OnceLock::new();
    let delay = DELAY.get_or_init(|| {
        let value = std::env::var(DELAY_VAR).ok()?;
        let (id, secs) = value.rsplit_once('=')?;
        Some((id.to_owned(), Duration::try_from_secs_f64(secs.trim().parse().ok()?).ok()?))
    });
    delay.as_ref().filter(|(id, _)| id == doc_id).map(|&(_, pause)| pause)
}

/// Extracts one document. A panic in the pipeline becomes an error for this document only, so a
/// single odd report cannot end a batch of thousands.
fn extract_one(
    pipeline: &Pipeline,
    options: &ExtractOptions,
    prepared: &Prepared,
) -> Result<OutputDocument, InputError> {
    let run = panic::catch_unwind(AssertUnwindSafe(|| pipeline.extract(&prepared.doc, options)));
    match run {
        Ok(mut out) => {
            out.warnings.extend(prepared.warnings.iter().cloned());
            Ok(out)
        }
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(InputError(format!("internal error in extraction: {message}")))
        }
    }
}
