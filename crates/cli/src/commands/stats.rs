//! `marsad stats`: what the store holds.

use super::store::DbArg;
use crate::Status;

/// Arguments of `marsad stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Print JSON instead of lines of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `marsad stats`.
///
/// # Errors
/// When the store cannot be opened or read.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let (store, path) = args.db.existing()?;
    let s = store.stats()?;
    if args.json {
        println!("{}", serde_json::to_string(&s)?);
        return Ok(Status::Clean);
    }
    println!("store              {}", path);
    println!("schema version     {}", s.schema_version);
    println!("documents          {}", s.documents);
    println!("events             {}", s.events);
    println!("event places       {}", s.event_places);
    println!("event actors       {}", s.event_actors);
    println!("relations          {}", s.relations);
    println!("merged events      {} (of {} events told by several reports; marsad dedup --list)", s.merges, s.merged_events);
    let current = marsad_extract::extractor_version();
    for (version, n) in &s.extractor_versions {
        let note = if version == current { " (this marsad)" } else { " (stale: marsad reprocess)" };
        println!("extractor version  {version}: {n} documents{note}");
    }
    Ok(Status::Clean)
}
