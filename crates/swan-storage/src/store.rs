//! The storage database: one SQLite file for every app, rows keyed (app, key).

use crate::error::StorageError;
use crate::value::StoredValue;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::fs::{OpenOptions, Permissions};
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Baidu's limit: "同一个用户，同一个小程序 storage 上限为 10MB".
pub const QUOTA_BYTES: u64 = 10 * 1024 * 1024;

/// How long a statement waits for another process's write lock. Writes are one row; waiting
/// longer than this means something is stuck, and the call fails rather than hanging the page.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Schema version in `PRAGMA user_version`; a newer file is refused rather than misread.
const SCHEMA_VERSION: i64 = 1;

/// One key of an app, as `swan-album storage show` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key as page code gave it.
    pub key: String,
    /// The value.
    pub value: StoredValue,
    /// Bytes it counts for against the quota: the key's UTF-8 length plus the value's.
    pub size: u64,
}

/// What `swan.getStorageInfo` reports, in bytes (the API turns them into KB).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageInfo {
    /// Every key, in the order they were first set.
    pub keys: Vec<String>,
    /// Bytes in use.
    pub current_bytes: u64,
    /// The quota in bytes.
    pub limit_bytes: u64,
}

/// The storage of every app, in one SQLite file that several processes may use at once.
///
/// Opened like the project's other shared files ([`swan_sqlite::open_shared`]: WAL where the
/// filesystem allows it, `synchronous=FULL`, a busy timeout). A write checks the quota and
/// writes in one `IMMEDIATE` transaction, so two processes cannot both pass the check and
/// together go over it.
pub struct Storage {
    conn: Mutex<Connection>,
    quota: u64,
}

impl Storage {
    /// Opens (creating if needed, with its folder) the database at `path`, with Baidu's quota.
    ///
    /// A file that is not a storage database, or a corrupt one, is [`StorageError::Damaged`];
    /// it is left as it is.
    pub fn open(path: &Path) -> Result<Storage, StorageError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(StorageError::Io)?;
        }
        create_private(path).map_err(StorageError::Io)?;
        let conn = swan_sqlite::open_shared(path, BUSY_TIMEOUT, None)?;
        init(&conn)?;
        Ok(Storage {
            conn: Mutex::new(conn),
            quota: QUOTA_BYTES,
        })
    }

    /// The same storage with another quota per app (for tests and hosts with other limits).
    pub fn with_quota(mut self, bytes: u64) -> Storage {
        self.quota = bytes;
        self
    }

    /// The quota per app, in bytes.
    pub fn quota(&self) -> u64 {
        self.quota
    }

    /// Sets `key` of `app` to `value`, replacing any earlier value. Fails with
    /// [`StorageError::QuotaExceeded`] if the app would then hold more than its quota (the old
    /// value stays).
    pub fn set(&self, app: &str, key: &str, value: &StoredValue) -> Result<(), StorageError> {
        let text = value.text();
        let size = key.len() as u64 + text.len() as u64;
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let others: i64 = tx.query_row(
            "SELECT COALESCE(SUM(size), 0) FROM storage WHERE app = ?1 AND key <> ?2",
            params![app, key],
            |r| r.get(0),
        )?;
        let needed = u64::try_from(others)
            .unwrap_or(u64::MAX)
            .saturating_add(size);
        if needed > self.quota {
            return Err(StorageError::QuotaExceeded {
                limit: self.quota,
                needed,
            });
        }
        tx.execute(
            "INSERT INTO storage (app, key, kind, value, size) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (app, key) DO UPDATE SET kind = excluded.kind, value = excluded.value,
                                                  size = excluded.size",
            params![app, key, value.kind(), text, size as i64],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The value of `key`, or `None` when the app never set it (or removed it).
    pub fn get(&self, app: &str, key: &str) -> Result<Option<StoredValue>, StorageError> {
        // Cached: pages read storage often (often at start-up), and preparing costs more than
        // the indexed lookup itself.
        let conn = self.conn();
        let row: Option<(String, String)> = conn
            .prepare_cached("SELECT kind, value FROM storage WHERE app = ?1 AND key = ?2")?
            .query_row(params![app, key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(kind, text)| read_value(key, &kind, text))
            .transpose()
    }

    /// Removes `key`; true if it was there.
    pub fn remove(&self, app: &str, key: &str) -> Result<bool, StorageError> {
        let n = self.conn().execute(
            "DELETE FROM storage WHERE app = ?1 AND key = ?2",
            params![app, key],
        )?;
        Ok(n > 0)
    }

    /// Removes every key of `app`; returns how many there were.
    pub fn clear(&self, app: &str) -> Result<usize, StorageError> {
        Ok(self
            .conn()
            .execute("DELETE FROM storage WHERE app = ?1", params![app])?)
    }

    /// The app's keys (in the order they were first set), bytes in use and quota, read in one
    /// transaction so the keys and the size agree.
    pub fn info(&self, app: &str) -> Result<StorageInfo, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let keys = {
            let mut stmt = tx.prepare("SELECT key FROM storage WHERE app = ?1 ORDER BY id")?;
            stmt.query_map(params![app], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?
        };
        let used: i64 = tx.query_row(
            "SELECT COALESCE(SUM(size), 0) FROM storage WHERE app = ?1",
            params![app],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(StorageInfo {
            keys,
            current_bytes: u64::try_from(used).unwrap_or(0),
            limit_bytes: self.quota,
        })
    }

    /// Every key of `app` with its value and size, in the order they were first set.
    pub fn entries(&self, app: &str) -> Result<Vec<Entry>, StorageError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare("SELECT key, kind, value, size FROM storage WHERE app = ?1 ORDER BY id")?;
        let rows = stmt
            .query_map(params![app], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(key, kind, text, size)| {
                let value = read_value(&key, &kind, text)?;
                Ok(Entry {
                    key,
                    value,
                    size: u64::try_from(size).unwrap_or(0),
                })
            })
            .collect()
    }

    /// Apps with at least one key, sorted.
    pub fn apps(&self) -> Result<Vec<String>, StorageError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT DISTINCT app FROM storage ORDER BY app")?;
        let apps = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(apps)
    }

    /// The connection. A panic while holding the lock cannot leave the database half-written
    /// (SQLite rolls back an unfinished transaction), so poisoning is ignored.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        swan_fs::lock(&self.conn)
    }
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage")
            .field("quota", &self.quota)
            .finish_non_exhaustive()
    }
}

fn read_value(key: &str, kind: &str, text: String) -> Result<StoredValue, StorageError> {
    StoredValue::from_row(kind, text).map_err(|reason| StorageError::BadValue {
        key: key.into(),
        reason,
    })
}

/// Creates the file private to the user (0600) if it is missing: it holds what apps keep about
/// their user (tokens, ids). An existing file keeps its mode.
fn create_private(path: &Path) -> std::io::Result<()> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        // `mode` is filtered by the umask; set it exactly.
        Ok(file) => file.set_permissions(Permissions::from_mode(0o600)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn init(conn: &Connection) -> Result<(), StorageError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StorageError::NewerSchema(version));
    }
    // IF NOT EXISTS: two processes may create the file at the same moment. A rowid table (not
    // WITHOUT ROWID) because a value may be megabytes; `id` also gives the order keys were
    // first set (an update keeps its row). The (app, size) index lets the quota check sum an
    // app's sizes without reading its values.
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         CREATE TABLE IF NOT EXISTS storage (
             id    INTEGER PRIMARY KEY,
             app   TEXT    NOT NULL,
             key   TEXT    NOT NULL,
             kind  TEXT    NOT NULL CHECK (kind IN ('json', 'date')),
             value TEXT    NOT NULL,
             size  INTEGER NOT NULL CHECK (size >= 0),
             UNIQUE (app, key)
         );
         CREATE INDEX IF NOT EXISTS storage_size ON storage (app, size);
         PRAGMA user_version = 1;
         COMMIT;",
    )?;
    Ok(())
}
