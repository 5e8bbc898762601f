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
        M::up(include_str!("store_schema_v5.sql")),
        M::up(include_str!("store_schema_v6.sql")),
        M::up(include_str!("store_schema_v7.sql")),
        M::up(include_str!("store_schema_v8.sql")),
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
        _ => Error::Database(e),
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
        // Room for every statement the app repeats (rusqlite keeps 16 by default).
        conn.set_prepared_statement_cache_capacity(64);
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
        // (Off explicitly: the bundled SQLite turns them on by default.)
        conn.pragma_update(None, "foreign_keys", "OFF")
            .map_err(|e| classify(&path, e))?;
        migrate(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => classify(&path, err),
            other => other.into(),
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
            Error::Database(e) => classify(&self.path, e),
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

    /// v4 rebuilds `links`; a database from before keeps every link, bill and notification, and
    /// each link gets the origin it was made on.
    #[test]
    fn v4_gives_existing_links_their_origin_and_keeps_their_bills() {
        let dir = std::env::temp_dir().join(format!("billkeep-store-v4-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        {
            let mut conn = Connection::open(dir.join(DB_FILE)).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            Migrations::new(vec![
                M::up(include_str!("store_schema_v1.sql")),
                M::up(include_str!("store_schema_v2.sql")),
                M::up(include_str!("store_schema_v3.sql")),
            ])
            .to_latest(&mut conn)
            .unwrap();
            conn.execute_batch(
                "INSERT INTO settings (key, value) VALUES ('custom_url', 'http://127.0.0.1:4010/'),
                     ('client_id.custom', 'client_team'), ('client_id.sandbox', 'client_me');
                 INSERT INTO links (id, environment, link_id, biller_id, biller_name, account_mask, status,
                     created_at, updated_at, sealed_token)
                 VALUES (1, 'embedded', 'link_a', 'b', 'B', '****1', 'ok', 0, 0, x'01'),
                        (2, 'custom', 'link_b', 'b', 'B', '****2', 'ok', 0, 0, x'02'),
                        (3, 'sandbox', 'link_c', 'b', 'B', '****3', 'ok', 0, 0, NULL);
                 INSERT INTO bills (link_row, bill_id, biller_id, biller_name, account_number, amount, currency,
                     due_date, status, statement_date, auto_pay, line_items, fetched_at)
                 VALUES (1, 'bill_1', 'b', 'B', '****1', 100, 'USD', '2026-01-01', 'PAID', '2025-12-01', 0, '[]', 0),
                        (2, 'bill_2', 'b', 'B', '****2', 200, 'USD', '2026-01-01', 'PAID', '2025-12-01', 0, '[]', 0);
                 INSERT INTO notified_bills (link_row, bill_id, notified_at) VALUES (2, 'bill_2', 0);
                 INSERT INTO pending_links (environment, started_at) VALUES ('custom', 0);",
            )
            .unwrap();
        }
        let store = Store::open(&dir).unwrap();
        store
            .with(|c| {
                let origins: Vec<(i64, String, Option<Vec<u8>>)> = c
                    .prepare("SELECT id, origin, sealed_token FROM links ORDER BY id")?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<Result<_, _>>()?;
                assert_eq!(
                    origins,
                    vec![
                        (1, "embedded".to_owned(), Some(vec![1])),
                        (2, "http://127.0.0.1:4010/".to_owned(), Some(vec![2])),
                        (3, "https://sandbox.api.billerapi.com/".to_owned(), None),
                    ]
                );
                let count = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
                assert_eq!(count("SELECT count(*) FROM bills")?, 2, "no bill cascaded away");
                // v7 keeps the announcement, as one standing for every lead time.
                assert_eq!(
                    count("SELECT count(*) FROM reminders_sent WHERE rule = 'lead:any' AND bill_id = 'bill_2'")?,
                    1
                );
                let marker: String =
                    c.query_row("SELECT origin FROM pending_links", [], |r| r.get(0))?;
                assert_eq!(marker, "http://127.0.0.1:4010/");
                let moved: String = c.query_row(
                    "SELECT value FROM settings WHERE key = 'client_id.custom:http://127.0.0.1:4010/'",
                    [],
                    |r| r.get(0),
                )?;
                assert_eq!(moved, "client_team");
                assert_eq!(
                    count("SELECT count(*) FROM settings WHERE key = 'client_id.sandbox'")?,
                    1
                );
                assert!(c.query_row("PRAGMA foreign_keys", [], |r| r.get::<_, bool>(0))?);
                Ok(())
            })
            .unwrap();
        std::fs::remove_dir_all(dir).ok();
    }
}
