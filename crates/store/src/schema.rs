//! Connection settings and schema migrations.
//!
//! Migration `n` (1-based) brings a store from `user_version` n-1 to n. Migrations are only ever
//! added, never edited once released: a store in the field was built by the old text.

use std::time::Duration;

use rusqlite::Connection;

use crate::{Result, StoreError};

/// The migrations, in order; `MIGRATIONS[n - 1]` makes schema version `n`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_merges.sql"),
];

/// Schema version this binary writes (the number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// WAL so that readers (a `query` while an `ingest` runs, the sqlite3 shell) are not blocked;
/// `synchronous = NORMAL` is durable across a killed process under WAL (only a power loss can
/// lose the last transactions, never corrupt the file); foreign keys for the cascades.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // The pragma answers with the mode now in force (an in-memory database stays "memory").
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    Ok(())
}

/// Applies the missing migrations in one transaction; refuses a store newer than this binary.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { found, supported: SCHEMA_VERSION });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another process may have migrated while this one waited for the lock.
    let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(found).unwrap_or(0)) {
        tx.execute_batch(sql)?;
        // PRAGMA takes no bound parameters; the value is this binary's own counter.
        tx.execute_batch(&format!("PRAGMA user_version = {}", n + 1))?;
    }
    tx.commit()?;
    Ok(())
}
