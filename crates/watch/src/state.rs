//! What the watcher remembers between runs, in the store's own SQLite file.
//!
//! The tables are named `watch_*` and created here with `IF NOT EXISTS`, outside the store's
//! numbered migrations (`PRAGMA user_version` is the store's alone): a store that was never
//! watched has no such tables, and a newer store schema cannot collide with them.

use rusqlite::{params, Connection, OptionalExtension as _};

/// The watcher's tables. Columns are only ever added (`ALTER TABLE ... ADD COLUMN`, guarded).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS watch_feeds (
    url TEXT PRIMARY KEY,
    name TEXT,
    source_scale TEXT,
    etag TEXT,
    last_modified TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll INTEGER,
    last_polled TEXT,
    last_ok TEXT,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS watch_items (
    feed_url TEXT NOT NULL,
    item_key TEXT NOT NULL,
    url TEXT,
    status TEXT NOT NULL CHECK (status IN ('ingested', 'skipped', 'retry')),
    attempts INTEGER NOT NULL DEFAULT 1,
    doc_id TEXT,
    detail TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);
CREATE INDEX IF NOT EXISTS watch_items_url ON watch_items (url);
";

/// Creates the watcher's tables when missing.
pub fn create(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)
}

/// What is remembered of a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedState {
    /// The `ETag` of the last feed body read in full.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last feed body read in full.
    pub last_modified: Option<String>,
    /// Failed polls in a row.
    pub failures: u32,
    /// When the feed is due next (Unix seconds); `None` when never polled.
    pub next_poll: Option<i64>,
}

/// The stored state of `url` (the default when never polled).
pub fn feed(conn: &Connection, url: &str) -> rusqlite::Result<FeedState> {
    let found = conn
        .prepare_cached("SELECT etag, last_modified, failures, next_poll FROM watch_feeds WHERE url = ?1")?
        .query_row([url], |r| {
            Ok(FeedState { etag: r.get(0)?, last_modified: r.get(1)?, failures: r.get(2)?, next_poll: r.get(3)? })
        })
        .optional()?;
    Ok(found.unwrap_or_default())
}

/// How one poll of a feed ended, to be remembered.
pub struct PollRecord<'a> {
    /// The feed.
    pub feed: &'a crate::Feed,
    /// The state after the poll.
    pub state: &'a FeedState,
    /// The time of the poll (RFC 3339).
    pub at: &'a str,
    /// Why it failed; `None` when it succeeded.
    pub error: Option<&'a str>,
}

/// Stores the state of a feed after a poll.
pub fn save_feed(conn: &Connection, record: &PollRecord<'_>) -> rusqlite::Result<()> {
    let (f, s) = (record.feed, record.state);
    conn.prepare_cached(
        "INSERT INTO watch_feeds (url, name, source_scale, etag, last_modified, failures, next_poll, last_polled, last_ok, last_error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CASE WHEN ?9 IS NULL THEN ?8 END, ?9)
         ON CONFLICT (url) DO UPDATE SET name = excluded.name, source_scale = excluded.source_scale,
            etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
            next_poll = excluded.next_poll, last_polled = excluded.last_polled,
            last_ok = coalesce(excluded.last_ok, watch_feeds.last_ok), last_error = excluded.last_error",
    )?
    .execute(params![f.url, f.name, f.source_scale, s.etag, s.last_modified, s.failures, s.next_poll, record.at, record.error])?;
    Ok(())
}

/// Whether an item needs no more work: ingested or given up on, under this feed's key for it
/// or, from any feed, under its article address (when it has one).
pub fn is_done(conn: &Connection, feed_url: &str, key: &str, url: Option<&str>) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM watch_items WHERE status <> 'retry'
            AND ((feed_url = ?1 AND item_key = ?2) OR url = ?3))",
    )?
    .query_row(params![feed_url, key, url], |r| r.get(0))
}

/// How handling one item ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    /// Stored in the store as the document named.
    Ingested,
    /// Will not be tried again (not an article marsad can read, or failed too often).
    Skipped,
    /// Failed for now; tried again at the next poll.
    Retry,
}

impl ItemStatus {
    fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Ingested => "ingested",
            ItemStatus::Skipped => "skipped",
            ItemStatus::Retry => "retry",
        }
    }
}

/// An item of a feed and how handling it ended.
pub struct ItemRecord<'a> {
    /// The feed's address.
    pub feed_url: &'a str,
    /// The item's id in the feed (its guid or Atom id, else its link).
    pub key: &'a str,
    /// The article's address; `None` for an item without a link.
    pub url: Option<&'a str>,
    /// How it ended.
    pub status: ItemStatus,
    /// The store document made of it.
    pub doc_id: Option<&'a str>,
    /// Why it was skipped or will be retried.
    pub detail: Option<&'a str>,
    /// Now (RFC 3339).
    pub at: &'a str,
}

/// Records an item; returns how many times it has been tried (including this one).
pub fn save_item(conn: &Connection, r: &ItemRecord<'_>) -> rusqlite::Result<u32> {
    conn.prepare_cached(
        "INSERT INTO watch_items (feed_url, item_key, url, status, attempts, doc_id, detail, seen_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7)
         ON CONFLICT (feed_url, item_key) DO UPDATE SET url = excluded.url, status = excluded.status,
            attempts = watch_items.attempts + 1, doc_id = excluded.doc_id, detail = excluded.detail,
            seen_at = excluded.seen_at
         RETURNING attempts",
    )?
    .query_row(params![r.feed_url, r.key, r.url, r.status.as_str(), r.doc_id, r.detail, r.at], |row| row.get(0))
}

/// Marks an item that failed too often as given up, with why.
pub fn give_up(conn: &Connection, feed_url: &str, key: &str, detail: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE watch_items SET status = 'skipped', detail = ?3 WHERE feed_url = ?1 AND item_key = ?2")?
        .execute(params![feed_url, key, detail])?;
    Ok(())
}
