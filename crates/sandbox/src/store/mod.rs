//! The emulator's SQLite store: one connection, migrations in code, work run off the async
//! threads.

pub mod bills;

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{ApiError, Error};

/// Shared handle to the database.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("schema_v1.sql")),
        M::up(include_str!("schema_v2.sql")),
    ])
}

impl Store {
    /// Opens (creating and migrating as needed) the database at `path`, or an in-memory one.
    pub fn open(path: Option<&Path>) -> Result<Self, Error> {
        let shown = path.map_or_else(|| ":memory:".to_owned(), |p| p.display().to_string());
        let store_err = |source| Error::Store {
            path: shown.clone(),
            source,
        };
        let mut conn = match path {
            Some(path) => Connection::open(path).map_err(store_err)?,
            None => Connection::open_in_memory().map_err(store_err)?,
        };
        // WAL keeps readers and the writer apart. synchronous=OFF: a committed write survives a
        // crash of the process (it is in the OS cache), not a power cut; for a sandbox that is the
        // right trade, and it keeps checkpoints from stalling writers (bench/emulator).
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(store_err)?;
        conn.pragma_update(None, "synchronous", "OFF")
            .map_err(store_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(store_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(store_err)?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|e| Error::Migration(e.to_string()))?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `work` on the connection.
    ///
    /// Every statement here takes tens of microseconds, so it runs on the calling worker under
    /// the lock: `bench/emulator` measured a hand-off to the blocking pool costing more than the
    /// query itself. Nothing awaits while the lock is held.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    {
        // A panic while holding the lock poisons it; the connection itself is still sound.
        let mut guard = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        work(&mut guard)
    }

    /// Runs `work` on the calling thread (start-up and tests).
    pub fn run_now<T>(&self, work: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        work(&mut guard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().expect("valid migrations");
    }

    #[test]
    fn a_file_store_uses_wal_and_foreign_keys() {
        let dir = std::env::temp_dir().join(format!("sandbox-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let store = Store::open(Some(&dir.join("s.db"))).expect("opens");
        let (mode, fk): (String, i64) = store.run_now(|c| {
            let mode = c
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .expect("mode");
            let fk = c
                .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
                .expect("fk");
            (mode, fk)
        });
        assert_eq!(mode, "wal");
        assert_eq!(fk, 1);
        std::fs::remove_dir_all(dir).ok();
    }
}
