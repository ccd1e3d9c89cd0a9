//! Running the pipeline over a stream of inputs on several threads, keeping input order.
//!
//! Inputs are taken in chunks; each chunk is extracted in parallel (the pipeline is immutable and
//! shared by reference) and handed on in input order before the next chunk is read, so output is
//! deterministic whatever the thread count and memory stays bounded by the chunk size.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::OutputDocument;

use crate::input::{InputError, Item, Prepared};

/// Documents per chunk and thread: enough to keep threads busy, few enough to bound memory.
const CHUNK_PER_THREAD: usize = 16;

/// The result for one input, in input order.
#[derive(Debug)]
pub struct Outcome {
    /// Where the input came from (`file`, `file:line`, `stdin`).
    pub origin: String,
    /// The extracted document, or why the input was skipped.
    pub result: Result<OutputDocument, InputError>,
}

/// Extracts every item and passes the outcomes to `sink` in input order.
///
/// # Errors
/// The first error returned by `sink` (typically a closed stdout); processing stops there.
pub fn run<I, F, E>(
    pipeline: &Pipeline,
    options: &ExtractOptions,
    threads: usize,
    items: I,
    mut sink: F,
) -> Result<(), E>
where
    I: IntoIterator<Item = Item>,
    F: FnMut(Outcome) -> Result<(), E>,
{
    let threads = threads.max(1);
    let mut items = items.into_iter();
    loop {
        let chunk: Vec<Item> = items.by_ref().take(threads * CHUNK_PER_THREAD).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        let mut docs: Vec<Option<Prepared>> = Vec::with_capacity(chunk.len());
        let mut origins = Vec::with_capacity(chunk.len());
        let mut errors: Vec<Option<InputError>> = Vec::with_capacity(chunk.len());
        for item in chunk {
            origins.push(item.origin);
            match item.doc {
                Ok(doc) => {
                    docs.push(Some(doc));
                    errors.push(None);
                }
                Err(e) => {
                    docs.push(None);
                    errors.push(Some(e));
                }
            }
        }
        let mut results = extract_all(pipeline, options, threads, &docs);
        for (k, origin) in origins.into_iter().enumerate() {
            let result = match errors[k].take() {
                Some(e) => Err(e),
                None => results[k].take().unwrap_or_else(|| Err(InputError("not processed".into()))),
            };
            sink(Outcome { origin, result })?;
        }
    }
}

/// Extracts the present documents of one chunk; slot `k` of the result answers `docs[k]`.
fn extract_all(
    pipeline: &Pipeline,
    options: &ExtractOptions,
    threads: usize,
    docs: &[Option<Prepared>],
) -> Vec<Option<Result<OutputDocument, InputError>>> {
    let work = docs.iter().filter(|d| d.is_some()).count();
    if threads == 1 || work <= 1 {
        return docs.iter().map(|d| d.as_ref().map(|d| extract_one(pipeline, options, d))).collect();
    }
    // Work stealing by index: long reports do not hold up a whole slice of the chunk.
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Result<OutputDocument, InputError>>> = Vec::new();
    results.resize_with(docs.len(), || None);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(work))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(slot) = docs.get(k) else { break };
                        if let Some(doc) = slot {
                            done.push((k, extract_one(pipeline, options, doc)));
                        }
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            // extract_one catches panics, so a worker cannot panic; if one did, its documents
            // stay `None` and are reported as not processed.
            if let Ok(done) = worker.join() {
                for (k, result) in done {
                    results[k] = Some(result);
                }
            }
        }
    });
    results
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
