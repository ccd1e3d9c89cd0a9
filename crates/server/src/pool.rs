//! Read connections to the store, reused between requests (SQLite connections are not shared
//! across threads; WAL lets each read while the writer writes).

use std::path::PathBuf;
use std::sync::Mutex;

use marsad_store::{Store, StoreError};

/// Most idle connections kept.
const MAX_IDLE: usize = 16;

/// A pool of read connections.
pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
}

impl Readers {
    pub fn new(path: PathBuf) -> Readers {
        Readers { path, idle: Mutex::new(Vec::new()) }
    }

    /// Runs `f` with a connection, taking an idle one or opening another.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let idle = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        let store = match idle {
            Some(s) => s,
            None => Store::open(&self.path)?,
        };
        let out = f(&store);
        if let Ok(mut v) = self.idle.lock() {
            if v.len() < MAX_IDLE {
                v.push(store);
            }
        }
        out
    }
}
