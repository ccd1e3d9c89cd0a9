//! Schema migrations on PostgreSQL: numbered files, applied in one transaction under an
//! advisory lock, so that workers starting together migrate once.

use postgres::Client;

use crate::{PgError, Result};

/// The migrations, in order; `MIGRATIONS[n - 1]` makes schema version `n`.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_initial.sql")];

/// Schema version this binary writes (the number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Advisory lock key held while migrating ("marsad" in ASCII).
const MIGRATION_LOCK: i64 = 0x6d61_7273_6164;

/// Applies the missing migrations; refuses a database newer than this binary.
pub fn migrate(client: &mut Client, location: &str) -> Result<()> {
    if current(client)? == Some(SCHEMA_VERSION) {
        return Ok(());
    }
    require_postgis(client, location)?;
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS marsad_schema (version BIGINT NOT NULL)")?;
    let found: i64 = tx.query_opt("SELECT version FROM marsad_schema", &[])?.map_or(0, |r| r.get(0));
    if found > SCHEMA_VERSION {
        return Err(PgError::TooNew { found, supported: SCHEMA_VERSION });
    }
    for sql in MIGRATIONS.iter().skip(usize::try_from(found).unwrap_or(0)) {
        tx.batch_execute(sql)?;
    }
    tx.execute("DELETE FROM marsad_schema", &[])?;
    tx.execute("INSERT INTO marsad_schema (version) VALUES ($1)", &[&SCHEMA_VERSION])?;
    tx.commit()?;
    Ok(())
}

/// The schema version, `None` in a database marsad has not used.
pub fn current(client: &mut Client) -> Result<Option<i64>> {
    let exists: bool = client.query_one("SELECT to_regclass('marsad_schema') IS NOT NULL", &[])?.get(0);
    if !exists {
        return Ok(None);
    }
    let found = client.query_opt("SELECT version FROM marsad_schema", &[])?.map(|r| r.get(0));
    if let Some(found) = found.filter(|f| *f > SCHEMA_VERSION) {
        return Err(PgError::TooNew { found, supported: SCHEMA_VERSION });
    }
    Ok(found)
}

/// Refuses a server without PostGIS with the package to install, before any table is made.
fn require_postgis(client: &mut Client, location: &str) -> Result<()> {
    let available = client.query_opt("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'", &[])?.is_some();
    if available {
        return Ok(());
    }
    let version: String = client.query_one("SHOW server_version_num", &[])?.get(0);
    Err(PgError::NoPostgis { server: location.to_owned(), major: version.chars().take(2).collect() })
}
