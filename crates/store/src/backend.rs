//! One interface over the stores marsad can keep events in: the embedded SQLite [`Store`] and,
//! in `marsad-pgstore`, PostgreSQL. The commands (`ingest`, `query`, `control`, `stats`,
//! `reprocess`, `export`, the server) hold a `Box<dyn EventStore>` and need not know which one it is;
//! both give the same answers to the same filters.

use marsad_model::InputDocument;

use crate::{BatchSummary, ControlPeriod, DedupedEvent, Extracted, Filter, Result, Stats, Store, StoredEvent, StoredInput};

/// What every event store does. Implementations document how they keep it (tables, indexes,
/// transactions); the answers are the same for the same documents.
pub trait EventStore: Send {
    /// Where the store is, for messages: a file path, or a URL without its password.
    fn location(&self) -> String;

    /// Whether `doc` is stored unchanged and was extracted by `extractor_version`.
    ///
    /// # Errors
    /// The database failed.
    fn is_current(&self, doc: &InputDocument, extractor_version: &str) -> Result<bool>;

    /// Stores a batch of extracted documents in one transaction (see [`Store::ingest_batch`]).
    ///
    /// # Errors
    /// The database failed; the whole batch is then rolled back.
    fn ingest_batch(&mut self, batch: &[Extracted<'_>], force: bool) -> Result<BatchSummary>;

    /// Events matching `filter`, by date (undated last), document and position.
    ///
    /// # Errors
    /// The database failed; [`crate::StoreError::BadQuery`] for a query that cannot be run.
    fn query(&self, filter: &Filter) -> Result<Vec<StoredEvent>>;

    /// Like [`EventStore::query`], but one row per real-world event where the store keeps
    /// merges of events several reports tell (see [`Store::query_merged`]); a store that keeps
    /// none (see [`EventStore::keeps_merges`]) gives each report's events alone, in the same
    /// order, as [`DedupedEvent::single`] makes them.
    ///
    /// # Errors
    /// As [`EventStore::query`].
    fn query_merged(&self, filter: &Filter) -> Result<Vec<DedupedEvent>>;

    /// Whether the store keeps merges across reports (`marsad dedup`), so that
    /// [`EventStore::query_merged`] can join several reports' events into one.
    fn keeps_merges(&self) -> bool;

    /// Who held each place and since when (see [`Store::control`]).
    ///
    /// # Errors
    /// The database failed.
    fn control(&self, place: Option<&str>, at: Option<&str>) -> Result<Vec<ControlPeriod>>;

    /// Document ids extracted by another extractor version (all with `all`), in storage order.
    ///
    /// # Errors
    /// The database failed.
    fn stale_documents(&self, extractor_version: &str, all: bool) -> Result<Vec<String>>;

    /// A stored document as an input for re-extraction, or `None` when no such doc_id.
    ///
    /// # Errors
    /// The database failed.
    fn stored_input(&self, doc_id: &str) -> Result<Option<StoredInput>>;

    /// Counts of what is stored.
    ///
    /// # Errors
    /// The database failed.
    fn stats(&self) -> Result<Stats>;
}

/// The SQLite store, by delegation to its own methods.
#[derive(Debug)]
pub struct SqliteEventStore {
    store: Store,
    path: std::path::PathBuf,
}

impl SqliteEventStore {
    /// Wraps an open store kept at `path`.
    pub fn new(store: Store, path: std::path::PathBuf) -> Self {
        SqliteEventStore { store, path }
    }

    /// The store itself, for what only SQLite offers (its connection).
    pub fn store(&self) -> &Store {
        &self.store
    }
}

impl EventStore for SqliteEventStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }
    fn is_current(&self, doc: &InputDocument, extractor_version: &str) -> Result<bool> {
        self.store.is_current(doc, extractor_version)
    }
    fn ingest_batch(&mut self, batch: &[Extracted<'_>], force: bool) -> Result<BatchSummary> {
        self.store.ingest_batch(batch, force)
    }
    fn query(&self, filter: &Filter) -> Result<Vec<StoredEvent>> {
        self.store.query(filter)
    }
    fn query_merged(&self, filter: &Filter) -> Result<Vec<DedupedEvent>> {
        self.store.query_merged(filter)
    }
    fn keeps_merges(&self) -> bool {
        true
    }
    fn control(&self, place: Option<&str>, at: Option<&str>) -> Result<Vec<ControlPeriod>> {
        self.store.control(place, at)
    }
    fn stale_documents(&self, extractor_version: &str, all: bool) -> Result<Vec<String>> {
        self.store.stale_documents(extractor_version, all)
    }
    fn stored_input(&self, doc_id: &str) -> Result<Option<StoredInput>> {
        self.store.stored_input(doc_id)
    }
    fn stats(&self) -> Result<Stats> {
        self.store.stats()
    }
}
