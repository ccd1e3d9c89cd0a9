//! What the store commands share: where the database is, and opening it.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use marsad_pgstore::PgStore;
use marsad_store::{EventStore, SqliteEventStore, Store};

/// `--db`, shared by every store command.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// The store: an SQLite file, or a PostgreSQL database (postgres://user@host:port/db, with
    /// PostGIS on the server). Default: $MARSAD_DB, else $XDG_DATA_HOME/marsad/marsad.db, else
    /// ~/.local/share/marsad/marsad.db.
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

    /// The PostgreSQL URL when `--db` (or `$MARSAD_DB`) is one.
    ///
    /// # Errors
    /// As for [`DbArg::path`].
    pub fn url(&self) -> anyhow::Result<Option<String>> {
        let path = self.path()?;
        Ok(path.to_str().filter(|p| marsad_pgstore::is_url(p)).map(str::to_owned))
    }

    /// The PostgreSQL database, for the commands that only work there (the queue).
    ///
    /// # Errors
    /// When `--db` is not a PostgreSQL URL or the server cannot be used.
    pub fn postgres(&self, command: &str) -> anyhow::Result<PgStore> {
        match self.url()? {
            Some(url) => connect(&url),
            None => bail!("`marsad {command}` needs a PostgreSQL database: --db postgres://user@host:port/db"),
        }
    }

    /// Opens the store for writing, creating it (and a file's directory) when missing.
    ///
    /// # Errors
    /// When the directory cannot be made or the store cannot be opened.
    pub fn create(&self) -> anyhow::Result<(Box<dyn EventStore>, String)> {
        if let Some(url) = self.url()? {
            let store = connect(&url)?;
            let location = store.location();
            return Ok((Box::new(store), location));
        }
        let path = self.path()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        Ok((open(&path)?, path.display().to_string()))
    }

    /// Opens an existing store; a missing file is an error that says how to make it.
    ///
    /// # Errors
    /// When the file is missing or the store cannot be opened.
    pub fn existing(&self) -> anyhow::Result<(Box<dyn EventStore>, String)> {
        if self.url()?.is_some() {
            return self.create();
        }
        let path = self.path()?;
        if !path.exists() {
            bail!("no store at {}: run `marsad ingest PATH... --db {}` first", path.display(), path.display());
        }
        Ok((open(&path)?, path.display().to_string()))
    }
}

impl DbArg {
    /// The SQLite store, created when missing, for the commands that only work on it so far
    /// (dedup, serve, watch, `query --merged`).
    ///
    /// # Errors
    /// When `--db` is a PostgreSQL URL, or as for [`DbArg::create`].
    pub fn sqlite_create(&self, command: &str) -> anyhow::Result<(Store, PathBuf)> {
        let path = self.sqlite_path(command)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        Ok((open_sqlite(&path)?, path))
    }

    /// The existing SQLite store, for the commands that only work on it so far.
    ///
    /// # Errors
    /// When `--db` is a PostgreSQL URL, the file is missing or cannot be opened.
    pub fn sqlite_existing(&self, command: &str) -> anyhow::Result<(Store, PathBuf)> {
        let path = self.sqlite_path(command)?;
        if !path.exists() {
            bail!("no store at {}: run `marsad ingest PATH... --db {}` first", path.display(), path.display());
        }
        Ok((open_sqlite(&path)?, path))
    }

    fn sqlite_path(&self, command: &str) -> anyhow::Result<PathBuf> {
        if self.url()?.is_some() {
            bail!("`marsad {command}` works on the SQLite store only (ingest, query, control, stats, reprocess, export and the queue work on PostgreSQL)");
        }
        self.path()
    }
}

fn open_sqlite(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("opening the store {}", path.display()))
}

fn open(path: &Path) -> anyhow::Result<Box<dyn EventStore>> {
    let store = Store::open(path).with_context(|| format!("opening the store {}", path.display()))?;
    Ok(Box::new(SqliteEventStore::new(store, path.to_owned())))
}

fn connect(url: &str) -> anyhow::Result<PgStore> {
    PgStore::connect(url).with_context(|| format!("opening the store {}", marsad_pgstore::redact(url)))
}

/// One extracted document waiting to be stored.
type Pending = (marsad_model::InputDocument, marsad_model::OutputDocument);

/// Storing documents as they come out of extraction, in batches of one transaction each, on a
/// thread of its own: the store writes one batch while the pipeline extracts the next.
pub struct Ingester {
    pending: Vec<Pending>,
    sender: Option<std::sync::mpsc::SyncSender<Vec<Pending>>>,
    writer: Option<std::thread::JoinHandle<anyhow::Result<marsad_store::BatchSummary>>>,
}

/// Documents per transaction: large enough that commits cost little, small enough that a
/// killed run loses little work.
pub const BATCH_DOCUMENTS: usize = 256;

/// Batches waiting for the writer: one being written, one queued, so memory stays bounded.
const QUEUED_BATCHES: usize = 1;

impl Ingester {
    /// Starts the writer on `store`, recording the reference date extraction used; with
    /// `force`, unchanged documents are rewritten too.
    ///
    /// # Errors
    /// When the writer thread cannot be started.
    pub fn start(mut store: Box<dyn EventStore>, reference_date: Option<chrono::NaiveDate>, force: bool) -> anyhow::Result<Self> {
        let reference_date = reference_date.map(|d| d.format("%Y-%m-%d").to_string());
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Pending>>(QUEUED_BATCHES);
        let writer = std::thread::Builder::new().name("marsad-store".into()).spawn(move || {
            let version = marsad_extract::extractor_version();
            let mut summary = marsad_store::BatchSummary::default();
            for batch in receiver {
                let batch: Vec<marsad_store::Extracted<'_>> = batch
                    .iter()
                    .map(|(input, output)| marsad_store::Extracted {
                        input,
                        output,
                        extractor_version: version,
                        reference_date: reference_date.as_deref(),
                    })
                    .collect();
                summary.add(&store.ingest_batch(&batch, force).with_context(|| {
                    format!(
                        "storing a batch of {} documents (the {} stored before it are kept; free space or fix the cause, then run the same command again to store the rest)",
                        batch.len(),
                        summary.new + summary.unchanged + summary.replaced
                    )
                })?);
            }
            Ok(summary)
        })?;
        Ok(Ingester { pending: Vec::with_capacity(BATCH_DOCUMENTS), sender: Some(sender), writer: Some(writer) })
    }

    /// Queues one extracted document; hands the batch to the writer when it is full.
    ///
    /// # Errors
    /// When the writer has stopped on an error (returned by [`Ingester::finish`]).
    pub fn push(&mut self, input: marsad_model::InputDocument, output: marsad_model::OutputDocument) -> anyhow::Result<()> {
        self.pending.push((input, output));
        if self.pending.len() >= BATCH_DOCUMENTS {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> anyhow::Result<()> {
        let batch = std::mem::take(&mut self.pending);
        let sent = self.sender.as_ref().is_some_and(|s| s.send(batch).is_ok());
        if !sent {
            // The writer ended on an error: stop extracting and report it.
            return Err(self.join().err().unwrap_or_else(|| anyhow::anyhow!("the store writer stopped")));
        }
        Ok(())
    }

    fn join(&mut self) -> anyhow::Result<marsad_store::BatchSummary> {
        self.sender = None;
        match self.writer.take() {
            Some(writer) => writer.join().map_err(|_| anyhow::anyhow!("internal error: the store writer panicked"))?,
            None => bail!("the store writer stopped"),
        }
    }

    /// Stores what is queued and waits for the writer.
    ///
    /// # Errors
    /// When storing any batch failed (that batch was rolled back; earlier ones are kept).
    pub fn finish(mut self) -> anyhow::Result<marsad_store::BatchSummary> {
        if !self.pending.is_empty() {
            self.send()?;
        }
        self.join()
    }
}
