//! `marsad watch`: poll outlets' feeds and store their new articles.

use std::path::PathBuf;

use anyhow::Context as _;
use marsad_watch::{FeedList, Outcome, WatchOptions, Watcher};

use super::store::DbArg;
use crate::Status;

/// Arguments of `marsad watch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The feeds file (TOML: `[[feed]]` tables with `url`, `name`, `interval`, `source_scale`).
    pub feeds: PathBuf,
    #[command(flatten)]
    pub db: DbArg,
    /// Poll every feed once, whatever its schedule, then exit (for cron and tests).
    #[arg(long)]
    pub once: bool,
}

/// Runs `marsad watch`.
///
/// # Errors
/// When the feeds file is bad, or the store cannot be opened or written.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let feeds = FeedList::load(&args.feeds)?;
    let count = feeds.feeds.len();
    let (store, path) = args.db.sqlite_create("watch")?;
    eprintln!("marsad: store {}", path.display());
    let mut watcher = Watcher::new(store, feeds, WatchOptions::default()).context("starting the watcher")?;
    if !args.once {
        eprintln!("marsad: watching {count} feeds (Ctrl-C to stop)");
        watcher.run()?;
        return Ok(Status::Clean);
    }
    let reports = watcher.poll_all()?;
    let (mut stored, mut events, mut failed, mut retry) = (0, 0, 0, 0);
    for report in &reports {
        match &report.outcome {
            Outcome::Read(c) => (stored, events, retry) = (stored + c.ingested, events + c.events, retry + c.retry),
            Outcome::Failed { .. } => failed += 1,
            Outcome::NotModified => {}
        }
    }
    eprintln!(
        "marsad: {count} feeds polled, {failed} failed; {stored} articles stored ({events} events), {retry} to retry, in {}",
        path.display()
    );
    Ok(if failed + retry > 0 { Status::InputErrors } else { Status::Clean })
}
