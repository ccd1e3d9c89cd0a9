//! The embedded event store: one SQLite file holding reports, the events extracted from them
//! with their evidence, the entities and relations of each report, full-text search over the
//! normalised text and a spatial index over event coordinates.
//!
//! The schema is versioned with `PRAGMA user_version` and built by numbered migrations
//! (`migrations/NNNN_*.sql`, compiled in), applied in one transaction when a store is opened; a
//! store written by a newer marsad is refused rather than misread. The store does not extract:
//! callers hand it each input document with the record extraction produced for it
//! ([`Store::ingest_batch`]), and ask it which documents need extracting at all
//! ([`Store::is_current`], [`Store::stale_documents`]).
//!
//! ```no_run
//! use marsad_store::{Filter, Store};
//! let store = Store::open("marsad.db".as_ref())?;
//! let events = store.query(&Filter { actor: Some("الدفاع الوطني".into()), ..Filter::default() })?;
//! # Ok::<(), marsad_store::StoreError>(())
//! ```
#![deny(missing_docs)]

mod backend;
mod browse;
mod control;
mod ingest;
pub mod keys;
mod merge;
mod query;
mod schema;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension as _};

pub use browse::{ActorDetail, ActorSummary, DocumentView, EventDetail, EventPage, EventSort, HeldPlace, PlaceSummary, RelationSummary, Source, Span, MAX_PAGE};
pub use backend::{EventStore, SqliteEventStore};
pub use control::{periods, ControlClaim, ControlPeriod};
pub use ingest::{BatchSummary, Extracted, IngestOutcome};
pub use merge::{DedupSummary, DedupedEvent, Merge, MergeMember};
pub use query::{Filter, StoredEvent};
pub use schema::SCHEMA_VERSION;

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (I/O, a locked or corrupt file, a constraint).
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The store was written by a newer marsad, whose schema this binary does not know.
    #[error("the store's schema is version {found}, newer than this marsad understands ({supported}): use a newer marsad")]
    TooNew {
        /// Schema version in the file.
        found: i64,
        /// Newest schema version this binary knows.
        supported: i64,
    },
    /// A stored JSON record could not be read back (the store was edited by hand?).
    #[error("stored record of {what} is not valid JSON: {source}")]
    Json {
        /// Which record.
        what: String,
        /// The parse error.
        source: serde_json::Error,
    },
    /// A query that cannot be run as given.
    #[error("{0}")]
    BadQuery(String),
    /// A merge that cannot be undone as asked (none with that id, or undone already).
    #[error("{0}")]
    Merge(String),
    /// Another implementation of [`EventStore`] failed (PostgreSQL: the server, the network).
    #[error(transparent)]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

/// Result with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open store. One writer at a time; readers may use other connections meanwhile (WAL).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

/// A stored document as an input for re-extraction.
#[derive(Debug, Clone)]
pub struct StoredInput {
    /// The document as it was ingested.
    pub doc: marsad_model::InputDocument,
    /// The reference date ("now" for year-less dates) it was extracted with, `YYYY-MM-DD`.
    pub reference_date: Option<String>,
}

/// Counts for `marsad stats`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stats {
    /// Schema version of the file.
    pub schema_version: i64,
    /// Documents stored.
    pub documents: i64,
    /// Events stored.
    pub events: i64,
    /// Distinct gazetteer places that events happened at.
    pub event_places: i64,
    /// Distinct actors on the sides of events.
    pub event_actors: i64,
    /// Relations stored.
    pub relations: i64,
    /// Merges in force: groups of events of different reports taken as one event.
    pub merges: i64,
    /// Events that belong to a merge in force.
    pub merged_events: i64,
    /// Extractor versions present, with their number of documents, most documents first.
    pub extractor_versions: Vec<(String, i64)>,
}

impl Store {
    /// Opens the store at `path`, creating the file (not its directory) when missing, and brings
    /// its schema up to date.
    ///
    /// # Errors
    /// The file cannot be opened or is not SQLite; its schema is newer than this binary's
    /// ([`StoreError::TooNew`]); a migration fails (nothing of it is kept).
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        schema::configure(&conn)?;
        schema::migrate(&mut conn)?;
        keys::register_functions(&conn)?;
        Ok(Store { conn })
    }

    /// The SQLite connection, for what the narrow API does not cover (exports, merges). Writes
    /// through it must keep the invariants documented in `docs/STORE.md`.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Whether `doc` is stored unchanged (same id, text, metadata) and was extracted by
    /// `extractor_version`: if so, ingesting it again would change nothing and extraction can
    /// be skipped.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn is_current(&self, doc: &marsad_model::InputDocument, extractor_version: &str) -> Result<bool> {
        ingest::is_current(&self.conn, doc, extractor_version)
    }

    /// Stores a batch of extracted documents in one transaction: a new document is added, one
    /// stored unchanged is left alone, an edited one (same `doc_id` or same URL, other text or
    /// metadata, or another extractor version) has its old events, entities and relations
    /// replaced. With `force`, documents are replaced even when unchanged (`reprocess --all`).
    ///
    /// # Errors
    /// SQLite errors; the whole batch is then rolled back.
    pub fn ingest_batch(&mut self, batch: &[Extracted<'_>], force: bool) -> Result<BatchSummary> {
        ingest::ingest_batch(&mut self.conn, batch, force)
    }

    /// Events matching `filter`, by date (undated last), document and position.
    ///
    /// # Errors
    /// SQLite errors; [`StoreError::BadQuery`] for a text query with nothing searchable.
    pub fn query(&self, filter: &Filter) -> Result<Vec<StoredEvent>> {
        query::query(&self.conn, filter)
    }

    /// Cross-report deduplication: clusters every stored event with marsad-dedup and brings
    /// the stored merges in line (new groups added, vanished ones removed, unchanged ones left
    /// alone, so a second run changes nothing). Undone merges stay undone: their events are
    /// kept apart.
    ///
    /// # Errors
    /// SQLite errors (the run is rolled back); a stored event that is not valid JSON.
    pub fn dedup(&mut self) -> Result<DedupSummary> {
        merge::run(&mut self.conn)
    }

    /// Undoes merge `id`: its events show apart again, and no later [`Store::dedup`] merges
    /// them together. The merge row stays, marked undone, as the record of that decision.
    ///
    /// # Errors
    /// [`StoreError::Merge`] when there is no such merge or it was undone already; SQLite errors.
    pub fn undo_merge(&self, id: i64) -> Result<Merge> {
        merge::undo(&self.conn, id)
    }

    /// The merges in force (and, with `undone`, the undone ones too), by date.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn merges(&self, undone: bool) -> Result<Vec<Merge>> {
        merge::list(&self.conn, undone)
    }

    /// Like [`Store::query`], but one row per real-world event: a merged event (with every
    /// report of it) once, where its first matching member would be, and the other events as
    /// they are. Filters apply to the member events; `limit` to the rows.
    ///
    /// # Errors
    /// As [`Store::query`].
    pub fn query_merged(&self, filter: &Filter) -> Result<Vec<DedupedEvent>> {
        merge::query_merged(&self.conn, filter)
    }

    /// Who held each place and since when, folded from every report's territory events and
    /// "controls" relations; `place` keeps the places whose English or Arabic name contains it,
    /// `at` keeps the periods that had begun by that day.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn control(&self, place: Option<&str>, at: Option<&str>) -> Result<Vec<ControlPeriod>> {
        control::history(&self.conn, place, at)
    }

    /// Document ids whose stored extraction was made by another extractor version (all
    /// documents with `all`), in storage order.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn stale_documents(&self, extractor_version: &str, all: bool) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT doc_id FROM documents WHERE ?2 OR extractor_version <> ?1 ORDER BY id",
        )?;
        let ids = stmt.query_map((extractor_version, all), |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// A stored document as an input for re-extraction, or `None` when no such doc_id.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn stored_input(&self, doc_id: &str) -> Result<Option<StoredInput>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc_id, text, published, source, url, reference_date FROM documents WHERE doc_id = ?1",
        )?;
        let found = stmt
            .query_row([doc_id], |r| {
                Ok(StoredInput {
                    doc: marsad_model::InputDocument {
                        doc_id: r.get(0)?,
                        text: r.get(1)?,
                        published: r.get(2)?,
                        source: r.get(3)?,
                        url: r.get(4)?,
                    },
                    reference_date: r.get(5)?,
                })
            })
            .optional()?;
        Ok(found)
    }

    /// Counts of what is stored.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| self.conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        let mut stmt = self.conn.prepare(
            "SELECT extractor_version, count(*) FROM documents GROUP BY extractor_version ORDER BY 2 DESC, 1",
        )?;
        let extractor_versions = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(Stats {
            schema_version: count("PRAGMA user_version")?,
            documents: count("SELECT count(*) FROM documents")?,
            events: count("SELECT count(*) FROM events")?,
            event_places: count("SELECT count(DISTINCT gazetteer_id) FROM events")?,
            event_actors: count("SELECT count(DISTINCT actor_id) FROM event_actors")?,
            relations: count("SELECT count(*) FROM relations")?,
            merges: count("SELECT count(*) FROM merges WHERE undone_at IS NULL")?,
            merged_events: count("SELECT count(*) FROM merge_members mm JOIN merges m ON m.id = mm.merge WHERE m.undone_at IS NULL")?,
            extractor_versions,
        })
    }
}
