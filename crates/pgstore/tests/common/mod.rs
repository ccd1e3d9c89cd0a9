//! A throw-away PostgreSQL database for a test, from `scripts/postgres.sh` (which installs
//! PostGIS, or a whole server, when missing), dropped when the test ends.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

/// A database made for one test; dropped on drop.
pub struct TestDb {
    /// Its URL.
    pub url: String,
}

impl TestDb {
    /// A fresh database, or `None` (with "skipped: why" on stderr) when no server can be had,
    /// unless MARSAD_REQUIRE_SERVICES=1, which makes that a failure.
    pub fn new(test: &str) -> Option<TestDb> {
        let out = Command::new("bash").arg(repo("scripts/postgres.sh")).output();
        let why = match &out {
            Ok(o) if o.status.success() => {
                let url = String::from_utf8_lossy(&o.stdout).trim().to_owned();
                return Some(TestDb { url });
            }
            Ok(o) => format!("scripts/postgres.sh failed: {}", String::from_utf8_lossy(&o.stderr).trim()),
            Err(e) => format!("cannot run scripts/postgres.sh: {e}"),
        };
        assert!(std::env::var("MARSAD_REQUIRE_SERVICES").as_deref() != Ok("1"), "{test}: no PostgreSQL server: {why}");
        eprintln!("{test}: skipped: no PostgreSQL server: {why}");
        None
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.url.rsplit_once('/') else { return };
        if let Ok(mut c) = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}
