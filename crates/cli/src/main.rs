//! `marsad`: reads Arabic news reports, writes ACLED-style conflict events (`marsad extract`),
//! and scores predictions against annotated gold files (`marsad eval`).
//!
//! This binary only reads inputs, runs `marsad_extract::Pipeline` and writes outputs; it holds
//! no extraction logic.
//!
//! Exit codes, the same for every subcommand: 0 all inputs processed; 1 some inputs were refused
//! or empty (each named on stderr, the rest processed); 2 usage errors and fatal errors
//! (unwritable output, pipeline failed to load).

mod batch;
mod explain;
mod commands;
mod input;
mod output;
mod progress;
mod score;
mod table;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Arabic conflict-event extraction.
#[derive(Debug, Parser)]
#[command(name = "marsad", version, about, propagate_version = true, after_help = "\
Exit status: 0 every input was processed; 1 some input was refused or empty (each named on stderr \
as `marsad: FILE[:LINE]: problem`, the rest processed); 2 usage or fatal error.
  extract  1: an input skipped (unreadable, empty, too large, not Arabic, over the time budget)
  eval     1: the gold or prediction file unreadable or broken, or a gold document refused
  actors   1: an input skipped, as for extract (empty input included)
  places   1: the text empty or unreadable; finding no place is not an error (0)
  ingest   1: an input skipped, as for extract; the others are stored
  reprocess 1: a stored document failed to re-extract (its old extraction is kept)
  watch    1 (with --once): a feed failed or an article is to be retried; the others are stored
  query, control, stats, dedup, export, jobs: 0 or 2 (no store, bad arguments)
  serve    0 when stopped by a signal; 2 when it cannot start
  enqueue  1: an input skipped; worker: 0 or 2")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract events from reports (.txt, .html, .jsonl, directories, stdin).
    #[command(after_help = "\
Inputs that cannot be read (not UTF-8, empty, over --max-document-mb, no Arabic text, a broken JSON line, a \
JSON line without `text`) are reported on stderr as `marsad: FILE[:LINE]: problem` and skipped, \
as is a report whose extraction takes longer than --time-budget; the rest is processed and \
written in input order. A summary line ends stderr: \
`N documents, M events, K errors`.

Exit status: 0 all inputs processed, 1 some inputs skipped, 2 usage or fatal error.")]
    Extract(commands::extract::Args),
    /// Score predicted events against a gold file (a port of eval/score.py).
    #[command(after_help = "\
Exit status: 0 scored; 1 the gold or prediction file cannot be read or has a broken line, or a \
gold document was refused by the pipeline (named on stderr, the rest scored); 2 usage or fatal \
error.")]
    Eval(commands::eval::Args),
    /// The actors, people, places and relations behind the reports, aggregated (text, JSON or
    /// GraphML).
    #[command(after_help = "\
Inputs are read as by `marsad extract`; those that cannot be read are reported on stderr as \
`marsad: FILE[:LINE]: problem` and left out of the aggregate.

Exit status: 0 all inputs processed, 1 some inputs skipped (empty input included), 2 usage or \
fatal error.")]
    Actors(commands::actors::Args),
    /// Show what the geocoder finds in a text and why (mentions, candidates, scores, precision).
    #[command(after_help = "\
Exit status: 0 the text was read (finding no place is not an error), 1 the text is empty or \
cannot be read (`marsad: stdin: empty input`), 2 usage or fatal error (an overlay that cannot be \
loaded).")]
    Places(commands::places::Args),
    /// Extract reports and keep them in the store (an SQLite file): documents, events with
    /// evidence, entities, relations.
    #[command(after_help = "\
Inputs are read as by `marsad extract`. A document already stored with the same text, metadata \
and extractor version is left alone; an edited one (same doc_id or URL) replaces its old events. \
Documents are stored 256 to a transaction, so an interrupted run loses at most the last batch \
and can simply be run again. stderr names the store and ends with a summary: \
`N documents new, N unchanged, N replaced, N failed; N events stored in FILE`. Then the stored \
events are deduplicated across reports as by `marsad dedup` (not with --no-dedup), and a line \
`marsad: dedup: ...` says how many merged events there are. A progress bar is drawn when stderr \
is a terminal (not with --quiet).

Exit status: 0 all inputs stored, 1 some inputs skipped (named on stderr), 2 usage or fatal error.")]
    Ingest(commands::ingest::Args),
    /// Events from the store, filtered by date, place, area, actor, type, fatalities or text.
    #[command(after_help = "Exit status: 0 queried (finding nothing is not an error), 2 usage or fatal error (no store).")]
    Query(commands::query::Args),
    /// Cross-report deduplication: merge the stored events that several reports tell, list the
    /// merges with their reasons, or undo one.
    #[command(after_help = "\
`marsad ingest` and `marsad reprocess` run it themselves (unless --no-dedup). A run re-clusters \
every stored event and changes only what changed: a second run writes nothing. An undone merge \
stays undone: its events are never merged together again.

Exit status: 0 done, 2 usage or fatal error (no store, no such merge).")]
    Dedup(commands::dedup::Args),
    /// Write the store's events as ACLED CSV, GeoJSON, JSONL or GraphML (merged events once, with
    /// every report), or its control history (--control).
    #[command(after_help = "\
Takes the filters of `marsad query`. Events that several reports tell (`marsad dedup`) are \
written once, with every report: ACLED's `source` lists their outlets joined by \"; \", and \
`fatalities` is the lowest credible figure; --raw writes every extracted event instead. \
On PostgreSQL (--db postgres://...), which keeps no merges across reports, every export is \
written as --raw writes it, and the summary line says so. Columns and properties: docs/EXPORTS.md. A progress bar is drawn on stderr when it is a \
terminal (not with --quiet); a summary line ends stderr.

Exit status: 0 written, 2 usage or fatal error (no store, unwritable output).")]
    Export(commands::export::Args),
    /// Who held each place and since when, from every stored report.
    #[command(after_help = "Exit status: 0 queried (finding nothing is not an error), 2 usage or fatal error (no store).")]
    Control(commands::control::Args),
    /// Re-extract stored documents that another version of marsad extracted.
    #[command(after_help = "\
Exit status: 0 all re-extracted, 1 some documents failed (named on stderr; their old extraction \
is kept), 2 usage or fatal error.")]
    Reprocess(commands::reprocess::Args),
    /// Counts of what the store holds, its schema version and the extractor versions in it.
    #[command(after_help = "Exit status: 0 done, 2 usage or fatal error (no store).")]
    Stats(commands::stats::Args),
    /// The extractor's rules (data/rules/rules.toml): `rules stats` counts how often each fires.
    #[command(after_help = "\
Inputs are read as by `marsad extract`; those that cannot be read are reported on stderr and left \
out of the counts.

Exit status: 0 all inputs processed, 1 some inputs skipped, 2 usage or fatal error.")]
    Rules(commands::rules::Args),
    /// Poll RSS and Atom feeds and store each new article once (extracted like `ingest`).
    #[command(after_help = "\
Each feed is polled at its interval, with the ETag and Last-Modified of its last read (a 304 costs \
nothing); a feed that fails is polled again after its interval times 2^failures (at most 6 hours \
or the interval), named on stderr, while the others go on. Every article handled is remembered \
in the store (watch_* tables), so a restarted watch stores nothing twice. With --once, every \
feed is polled once and stderr ends with `N feeds polled, N failed; N articles stored (N \
events), N to retry, in FILE`.

Exit status: 0 done; 1 (--once) a feed failed or an article is to be retried; 2 usage or fatal \
error (bad feeds file, store not writable).")]
    Watch(commands::watch::Args),
    /// Serve the JSON API (described at /api/openapi.json) and the web page over a store.
    #[command(after_help = "\
Reads are open; POST /api/documents needs the write token (--token-file FILE or \
$MARSAD_WRITE_TOKEN) as `Authorization: Bearer TOKEN`. Stops on Ctrl-C or SIGTERM.

Exit status: 0 stopped, 2 fatal error (store, address in use, unreadable token file).")]
    Serve(commands::serve::Args),
    /// Add documents to the PostgreSQL work queue (each once: the same document again is a no-op).
    #[command(after_help = "\
Inputs are read as by `marsad ingest`; those that cannot be read are reported on stderr and \
skipped. Needs --db postgres://... (or MARSAD_DB). Idle workers are woken (LISTEN/NOTIFY).

Exit status: 0 all inputs queued, 1 some inputs skipped, 2 usage or fatal error.")]
    Enqueue(commands::queue::EnqueueArgs),
    /// Extract queued documents into the PostgreSQL store, batch by batch, under a lease.
    #[command(after_help = "\
Each batch's results and its jobs' completion are committed in one transaction. A worker that \
dies loses nothing: its lease expires and another worker takes the batch back. A document that \
fails --max-attempts times is parked with its error (`marsad jobs` lists them).

Exit status: 0 stopped (--exit-when-done), 2 fatal error (database unreachable).")]
    Worker(commands::queue::WorkerArgs),
    /// The PostgreSQL work queue: counts, parked documents, throughput.
    #[command(after_help = "Exit status: 0 done, 2 usage or fatal error.")]
    Jobs(commands::queue::JobsArgs),
}

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every input was processed.
    Clean,
    /// Some inputs were refused; they were reported on stderr.
    InputErrors,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Actors(args) => commands::actors::run(args),
        Command::Places(args) => commands::places::run(args),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Query(args) => commands::query::run(args),
        Command::Control(args) => commands::control::run(args),
        Command::Dedup(args) => commands::dedup::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Reprocess(args) => commands::reprocess::run(args),
        Command::Stats(args) => commands::stats::run(args),
        Command::Rules(args) => commands::rules::run(args),
        Command::Watch(args) => commands::watch::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Enqueue(args) => commands::queue::enqueue(args),
        Command::Worker(args) => commands::queue::worker(args),
        Command::Jobs(args) => commands::queue::jobs(args),
    };
    match result {
        Ok(Status::Clean) => ExitCode::SUCCESS,
        Ok(Status::InputErrors) => ExitCode::from(1),
        Err(e) => {
            // `marsad extract ... | head` closes stdout early: that is the reader's choice, not
            // a failure worth a message.
            let broken_pipe = e
                .chain()
                .filter_map(|c| c.downcast_ref::<std::io::Error>())
                .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("marsad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
