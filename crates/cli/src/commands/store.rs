//! What the store commands share: where the database is, and opening it.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use marsad_store::Store;

/// `--db`, shared by every store command.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// The store (an SQLite file). Default: $MARSAD_DB, else $XDG_DATA_HOME/marsad/marsad.db,
    /// else ~/.local/share/marsad/marsad.db.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
}

/// Name of the store file under the data directory.
const DB_FILE: &str = "marsad/marsad.db";

impl DbArg {
    /// The path to use: `--db`, else `$MARSAD_DB`, else the XDG data directory.
    ///
    /// # Errors
    /// When none is given and there is no home directory to put the store in.
    pub fn path(&self) -> anyhow::Result<PathBuf> {
        if let Some(db) = &self.db {
            return Ok(db.clone());
        }
        let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        if let Some(db) = env("MARSAD_DB") {
            return Ok(db);
        }
        // The XDG spec ignores a relative XDG_DATA_HOME.
        if let Some(data) = env("XDG_DATA_HOME").filter(|p| p.is_absolute()) {
            return Ok(data.join(DB_FILE));
        }
        match env("HOME") {
            Some(home) => Ok(home.join(".local/share").join(DB_FILE)),
            None => bail!("no place for the store: give --db FILE or set MARSAD_DB (HOME is not set)"),
        }
    }

    /// Opens the store for writing, creating it and its directory when missing.
    ///
    /// # Errors
    /// When the directory cannot be made or the store cannot be opened.
    pub fn create(&self) -> anyhow::Result<(Store, PathBuf)> {
        let path = self.path()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        Ok((open(&path)?, path))
    }

    /// Opens an existing store; a missing one is an error that says how to make it.
    ///
    /// # Errors
    /// When the file is missing or cannot be opened.
    pub fn existing(&self) -> anyhow::Result<(Store, PathBuf)> {
        let path = self.path()?;
        if !path.exists() {
            bail!("no store at {}: run `marsad ingest PATH... --db {}` first", path.display(), path.display());
        }
        Ok((open(&path)?, path))
    }
}

fn open(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("opening the store {}", path.display()))
}

/// Storing documents as they come out of extraction, in batches of one transaction each, with
/// the counts for the summary line.
pub struct Ingester<'a> {
    store: &'a std::cell::RefCell<Store>,
    reference_date: Option<String>,
    force: bool,
    pending: Vec<(marsad_model::InputDocument, marsad_model::OutputDocument)>,
    /// What was stored so far.
    pub summary: marsad_store::BatchSummary,
}

/// Documents per transaction: large enough that commits cost little, small enough that a
/// killed run loses little work.
pub const BATCH_DOCUMENTS: usize = 256;

impl<'a> Ingester<'a> {
    /// An ingester into `store`, recording the reference date extraction used.
    pub fn new(store: &'a std::cell::RefCell<Store>, reference_date: Option<chrono::NaiveDate>, force: bool) -> Self {
        Ingester {
            store,
            reference_date: reference_date.map(|d| d.format("%Y-%m-%d").to_string()),
            force,
            pending: Vec::with_capacity(BATCH_DOCUMENTS),
            summary: marsad_store::BatchSummary::default(),
        }
    }

    /// Queues one extracted document; stores the batch when it is full.
    ///
    /// # Errors
    /// When the store fails (the batch is rolled back).
    pub fn push(&mut self, input: marsad_model::InputDocument, output: marsad_model::OutputDocument) -> anyhow::Result<()> {
        self.pending.push((input, output));
        if self.pending.len() >= BATCH_DOCUMENTS {
            self.flush()?;
        }
        Ok(())
    }

    /// Stores what is queued.
    ///
    /// # Errors
    /// When the store fails (the batch is rolled back).
    pub fn flush(&mut self) -> anyhow::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let version = marsad_extract::extractor_version();
        let batch: Vec<marsad_store::Extracted<'_>> = self
            .pending
            .iter()
            .map(|(input, output)| marsad_store::Extracted {
                input,
                output,
                extractor_version: version,
                reference_date: self.reference_date.as_deref(),
            })
            .collect();
        let done = self.store.borrow_mut().ingest_batch(&batch, self.force).context("storing a batch")?;
        self.summary.add(&done);
        self.pending.clear();
        Ok(())
    }
}
