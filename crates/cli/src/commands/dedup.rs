//! `marsad dedup`: cross-report deduplication of the stored events, listing merges and undoing
//! them.

use std::io::{self, BufWriter, IsTerminal as _, Write as _};

use anyhow::Context as _;
use marsad_store::{DedupSummary, Merge, Store};

use super::store::DbArg;
use crate::{table, Status};

/// Output format of `marsad dedup --list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// Aligned columns, for reading.
    Table,
    /// One merge per line: members with their reasons, the merged event, sources, figures.
    Jsonl,
}

/// Arguments of `marsad dedup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Undo this merge (its id from --list): its events show apart again and no later run
    /// merges them together.
    #[arg(long, value_name = "MERGE_ID", conflicts_with = "list")]
    pub undo: Option<i64>,
    /// List the merges in force instead of deduplicating.
    #[arg(long)]
    pub list: bool,
    /// With --list: the undone merges too.
    #[arg(long, requires = "list")]
    pub all: bool,
    /// Format of --list (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum, requires = "list")]
    pub format: Option<ListFormat>,
}

/// The summary line of a run.
pub fn summary_line(s: &DedupSummary) -> String {
    format!(
        "{} events: {} merged events of {} events told by several reports ({} new, {} updated, {} removed, {} split by undone merges)",
        s.events, s.merges, s.merged_events, s.created, s.updated, s.removed, s.kept_apart
    )
}

/// Deduplicates the store at `db` (after an ingest or a reprocess) and prints the summary.
///
/// # Errors
/// When the store cannot be opened or written.
pub fn after_ingest(db: &DbArg) -> anyhow::Result<()> {
    if db.url()?.is_some() {
        // Merges are kept by the SQLite store; on PostgreSQL every report's events stay apart.
        return Ok(());
    }
    let (mut store, _) = db.sqlite_existing("dedup")?;
    let s = store.dedup().context("deduplicating the stored events")?;
    eprintln!("marsad: dedup: {}", summary_line(&s));
    Ok(())
}

/// Runs `marsad dedup`.
///
/// # Errors
/// When the store cannot be opened, read or written, or the merge to undo does not exist.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let (mut store, path) = args.db.sqlite_existing("dedup")?;
    if let Some(id) = args.undo {
        let m = store.undo_merge(id)?;
        let members: Vec<String> = m.members.iter().map(|x| format!("{}#{}", x.doc_id, x.event_id)).collect();
        eprintln!("marsad: merge {id} undone; kept apart from now on: {}", members.join(", "));
        return Ok(Status::Clean);
    }
    if args.list {
        return list(&store, args.all, args.format);
    }
    let s = store.dedup().context("deduplicating the stored events")?;
    eprintln!("marsad: {}: {}", path.display(), summary_line(&s));
    Ok(Status::Clean)
}

fn list(store: &Store, all: bool, format: Option<ListFormat>) -> anyhow::Result<Status> {
    let merges = store.merges(all)?;
    let stdout = io::stdout();
    let format = format.unwrap_or(if stdout.is_terminal() { ListFormat::Table } else { ListFormat::Jsonl });
    let mut out = BufWriter::new(stdout.lock());
    match format {
        ListFormat::Table => table::write(&mut out, &["merge", "date", "sub-type", "place", "killed", "reports", "why", "undone"], &rows(&merges))?,
        ListFormat::Jsonl => {
            for m in &merges {
                serde_json::to_writer(&mut out, m)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush().context("writing output")?;
    Ok(Status::Clean)
}

fn rows(merges: &[Merge]) -> Vec<Vec<String>> {
    merges
        .iter()
        .map(|m| {
            let (e, f) = (&m.combined.event, &m.combined.fatalities);
            let place = e.location.as_ref().map(|p| p.name_en.clone().unwrap_or_else(|| p.name_ar.clone())).unwrap_or_default();
            let docs: Vec<&str> = m.members.iter().map(|x| x.doc_id.as_str()).collect();
            let why: Vec<&str> = m.members.iter().flat_map(|x| x.reasons.iter().map(String::as_str)).collect();
            vec![
                m.id.to_string(),
                e.date.clone().unwrap_or_else(|| "-".into()),
                e.sub_event_type.clone(),
                place,
                format!("{} ({}-{}-{})", f.acled, f.low, f.best, f.high),
                docs.join(", "),
                why.join("; "),
                m.undone_at.clone().unwrap_or_default(),
            ]
        })
        .collect()
}
