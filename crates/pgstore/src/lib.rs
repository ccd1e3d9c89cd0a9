//! marsad on PostgreSQL with PostGIS: the event store of `marsad-store` on a shared server, for
//! many analysts and many workers, and a durable work queue for fleets of stateless workers.
//!
//! [`PgStore`] implements [`marsad_store::EventStore`] with the tables of the SQLite store, so
//! that `ingest`, `query`, `control`, `stats`, `reprocess` and `export` work on either and give
//! the same answers (merges across reports are kept by the SQLite store alone): event and place
//! coordinates are PostGIS points with GiST indexes, and reports are searched through a
//! `tsvector` of their words folded as `marsad_store::keys` folds them.
//! The queue ([`PgStore::enqueue`], [`PgStore::claim`], [`PgStore::complete`]) hands documents
//! to workers under leases with `FOR UPDATE SKIP LOCKED` and commits a worker's results with
//! its jobs' completion in one transaction (docs/SCALE.md).
//!
//! ```no_run
//! use marsad_store::{EventStore, Filter};
//! let store = marsad_pgstore::PgStore::connect("postgres://postgres@127.0.0.1/marsad")?;
//! let events = store.query(&Filter::default())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod ingest;
mod query;
mod queue;
mod schema;

use std::sync::{Mutex, MutexGuard};

use marsad_model::InputDocument;
use marsad_store::{BatchSummary, ControlPeriod, DedupedEvent, EventStore, Extracted, Filter, Stats, StoreError, StoredEvent, StoredInput};
use postgres::{Client, NoTls};

pub use queue::{Claimed, Completed, EnqueueSummary, JobOutcome, ParkedJob, QueueStatus};
pub use schema::SCHEMA_VERSION;

/// What can go wrong with the PostgreSQL store.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    /// The server, the network or a statement failed.
    #[error("PostgreSQL: {}", message(.0))]
    Postgres(postgres::Error),
    /// The server has no PostGIS, which the store's geometry columns need.
    #[error("PostGIS is not installed on the PostgreSQL server at {server}: install the package postgresql-{major}-postgis-3 there (scripts/postgres.sh does on Debian), then run again")]
    NoPostgis {
        /// The server, as given (without password).
        server: String,
        /// The server's major version, for the package name.
        major: String,
    },
    /// The database was written by a newer marsad.
    #[error("the database's marsad schema is version {found}, newer than this marsad understands ({supported}): use a newer marsad")]
    TooNew {
        /// Version in the database.
        found: i64,
        /// Newest version this binary knows.
        supported: i64,
    },
    /// A stored JSON record could not be read back.
    #[error("stored record of {what} is not valid JSON: {source}")]
    Json {
        /// Which record.
        what: String,
        /// The parse error.
        source: serde_json::Error,
    },
}

impl From<postgres::Error> for PgError {
    fn from(e: postgres::Error) -> Self {
        PgError::Postgres(e)
    }
}

/// The server's own words when it answered with an error (the client's Display says only
/// "db error"), else the client's.
fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut m = format!("{}: {}", db.severity(), db.message());
            if let Some(detail) = db.detail() {
                m.push_str(&format!(" ({detail})"));
            }
            m
        }
        None => e.to_string(),
    }
}

impl PgError {
    /// The error the server or client reported, when this is one.
    pub fn postgres(&self) -> Option<&postgres::Error> {
        match self {
            PgError::Postgres(e) => Some(e),
            _ => None,
        }
    }
}

impl From<PgError> for StoreError {
    fn from(e: PgError) -> Self {
        StoreError::Backend(Box::new(e))
    }
}

/// Result with [`PgError`].
pub type Result<T, E = PgError> = std::result::Result<T, E>;

/// Whether `db` names a PostgreSQL database (`postgres://` or `postgresql://`) rather than a file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// `url` without its password, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// A connection to a marsad database on PostgreSQL. One connection; open one per thread.
pub struct PgStore {
    client: Mutex<Client>,
    location: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("location", &self.location).finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://user[:password]@host[:port]/database`) and brings the
    /// marsad schema up to date (PostGIS is enabled in the database when the server has it).
    ///
    /// # Errors
    /// The server cannot be reached; it has no PostGIS ([`PgError::NoPostgis`]); the schema is
    /// newer than this binary's; a migration fails (nothing of it is kept).
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut client = Client::connect(url, NoTls)?;
        let location = redact(url);
        schema::migrate(&mut client, &location)?;
        Ok(PgStore { client: Mutex::new(client), location })
    }

    /// The connection, locked. A panic while it was held leaves it usable: every use is a
    /// statement or a transaction that the server rolls back if it did not finish.
    fn client(&self) -> MutexGuard<'_, Client> {
        self.client.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `sql` (statements separated by `;`), for tests and maintenance.
    ///
    /// # Errors
    /// The statements fail.
    pub fn batch_execute(&self, sql: &str) -> Result<()> {
        Ok(self.client().batch_execute(sql)?)
    }
}

impl EventStore for PgStore {
    fn location(&self) -> String {
        self.location.clone()
    }
    fn is_current(&self, doc: &InputDocument, extractor_version: &str) -> marsad_store::Result<bool> {
        Ok(ingest::is_current(&mut self.client(), doc, extractor_version)?)
    }
    fn ingest_batch(&mut self, batch: &[Extracted<'_>], force: bool) -> marsad_store::Result<BatchSummary> {
        let mut client = self.client();
        let mut tx = client.transaction().map_err(PgError::from)?;
        let summary = ingest::ingest_batch(&mut tx, batch, force)?;
        tx.commit().map_err(PgError::from)?;
        Ok(summary)
    }
    fn query(&self, filter: &Filter) -> marsad_store::Result<Vec<StoredEvent>> {
        query::query(&mut self.client(), filter)
    }
    /// Each report's events alone: `marsad dedup` keeps its merges in the SQLite store only.
    fn query_merged(&self, filter: &Filter) -> marsad_store::Result<Vec<DedupedEvent>> {
        Ok(self.query(filter)?.into_iter().map(DedupedEvent::single).collect())
    }
    fn keeps_merges(&self) -> bool {
        false
    }
    fn control(&self, place: Option<&str>, at: Option<&str>) -> marsad_store::Result<Vec<ControlPeriod>> {
        let claims = query::claims(&mut self.client())?;
        Ok(marsad_store::periods(claims, place, at))
    }
    fn stale_documents(&self, extractor_version: &str, all: bool) -> marsad_store::Result<Vec<String>> {
        let rows = self
            .client()
            .query("SELECT doc_id FROM documents WHERE $2 OR extractor_version <> $1 ORDER BY id", &[&extractor_version, &all])
            .map_err(PgError::from)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
    fn stored_input(&self, doc_id: &str) -> marsad_store::Result<Option<StoredInput>> {
        let row = self
            .client()
            .query_opt("SELECT doc_id, text, published, source, url, reference_date FROM documents WHERE doc_id = $1", &[&doc_id])
            .map_err(PgError::from)?;
        Ok(row.map(|r| StoredInput {
            doc: InputDocument { doc_id: r.get(0), text: r.get(1), published: r.get(2), source: r.get(3), url: r.get(4) },
            reference_date: r.get(5),
        }))
    }
    fn stats(&self) -> marsad_store::Result<Stats> {
        Ok(query::stats(&mut self.client())?)
    }
}
