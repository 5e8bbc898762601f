//! The local SQLite database: opening it safely, migrations, and running work on it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::{Migrations, M};

use crate::Error;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "billkeep.db";

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("store_schema_v1.sql")),
        M::up(include_str!("store_schema_v2.sql")),
        M::up(include_str!("store_schema_v3.sql")),
        M::up(include_str!("store_schema_v4.sql")).foreign_key_check(),
    ])
}

/// Brings the schema up to date. All pending migrations run in one `IMMEDIATE` transaction, but
/// the version is read before it: when two processes open a new data directory at once, the one
/// that waited for the lock finds the schema already made, and reads the version again.
fn migrate(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    let before = version(conn)?;
    let result = match migrations().to_latest(conn) {
        Err(_) if version(conn)? != before => migrations().to_latest(conn),
        other => other,
    };
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Deferred);
    result
}

/// The database, shared by the app's parts. Calls are short and never held across an await.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

fn classify(path: &Path, e: rusqlite::Error) -> Error {
    let shown = path.display().to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            Error::CorruptDatabase {
                path: shown,
                detail: e.to_string(),
            }
        }
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied) => Error::ReadOnly {
            path: shown,
            detail: e.to_string(),
        },
        _ => Error::Database(e.to_string()),
    }
}

impl Store {
    /// Opens (creating if needed) `billkeep.db` in `data_dir`. A damaged or foreign file is reported
    /// and left exactly as it is; a read-only location is reported as such.
    pub fn open(data_dir: &Path) -> Result<Self, Error> {
        std::fs::create_dir_all(data_dir).map_err(|e| Error::ReadOnly {
            path: data_dir.display().to_string(),
            detail: e.to_string(),
        })?;
        let path = data_dir.join(DB_FILE);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags).map_err(|e| classify(&path, e))?;
        // First: another process (the CLI beside the app) may hold a lock while it writes or
        // migrates; every step below waits for it instead of failing with "database is locked".
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| classify(&path, e))?;
        // Reading the schema is the first real access: it fails here for a foreign or damaged file,
        // before anything is written to it.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| classify(&path, e))?;
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        if check != "ok" {
            return Err(Error::CorruptDatabase {
                path: path.display().to_string(),
                detail: check,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| classify(&path, e))?;
        // NORMAL (in WAL mode): every commit survives a crash of the app; a power cut may undo the
        // last ones, which the start-up reconcile against the API recovers (docs/vault.md).
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| classify(&path, e))?;
        // Deleted rows (an unlinked account's sealed token) are overwritten, not left in free pages.
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(|e| classify(&path, e))?;
        // Migrations run with foreign keys off: rebuilding a table (v4) must not cascade into the
        // rows that reference it. Each such migration checks the keys itself before it commits.
        migrate(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => classify(&path, err),
            other => Error::Database(other.to_string()),
        })?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| classify(&path, e))?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            path,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` with the connection.
    pub fn with<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        work(&mut conn).map_err(|e| match e {
            Error::Database(detail)
                if detail.contains("readonly") || detail.contains("read-only") =>
            {
                Error::ReadOnly {
                    path: self.path.display().to_string(),
                    detail,
                }
            }
            other => other,
        })
    }

    /// Folds the WAL into the database file and truncates it (after removing secrets).
    pub fn checkpoint(&self) -> Result<(), Error> {
        self.with(|c| Ok(c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}
