//! Persisted authorization decisions.
//!
//! One SQLite file holds every app's decisions, keyed (app, scope). Only *decisions* are stored: a
//! missing row is what "unasked" means, so `reset` is a plain delete and `getSetting` ("only scopes
//! that were ever decided") is a plain select.
//!
//! Several processes (runtime instances, a CLI) may open the same file, hence WAL where the
//! filesystem allows it (readers never block the writer) and a busy timeout (a writer waits for
//! another writer instead of failing); decisions are rare and must survive a crash, so commits
//! use `synchronous=FULL`. All three come from [`swan_sqlite::open_shared`].
//!
//! The file says which apps the user trusted, so it is private (0600) whatever the umask: it is
//! created with that mode before SQLite opens it, and SQLite gives its `-wal`/`-shm`/`-journal`
//! files the mode of the database file.

use std::collections::BTreeMap;
use std::fs::{OpenOptions, Permissions};
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::error::AuthError;

/// How long one statement waits for another process's write lock before giving up with
/// `internal error`. Writes here are single-row and fast, so contention this long means something
/// is wrong rather than busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Schema version in `PRAGMA user_version`; a newer file is refused rather than misread.
const SCHEMA_VERSION: i64 = 1;

/// Mode of the store and of SQLite's files beside it: the user's own.
const STORE_FILE_MODE: u32 = 0o600;

/// Files SQLite keeps beside the database.
const SIBLING_SUFFIXES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The state of one (app, scope) as far as the user is concerned. "Forbidden" is not a state here:
/// it belongs to the host's policy, not to the user's decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthState {
    /// Never decided (or reset): the next request prompts.
    Unasked,
    Granted,
    Denied,
}

/// The SQLite-backed decision store.
///
/// `rusqlite::Connection` is `Send` but not `Sync`, so it sits behind a `Mutex`; every method takes
/// `&self` and holds the lock only for its own statements (never across an `.await`).
pub struct AuthStore {
    conn: Mutex<Connection>,
}

impl AuthStore {
    /// Opens (creating if needed, parent directories included) the store at `path`.
    pub fn open(path: &Path) -> Result<AuthStore, AuthError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| AuthError::internal("creating auth store directory", e))?;
        }
        make_private(path).map_err(|e| AuthError::internal("creating auth store", e))?;
        let conn = swan_sqlite::open_shared(path, BUSY_TIMEOUT, None)
            .map_err(|e| AuthError::internal("opening auth store", e))?;
        init(&conn)?;
        Ok(AuthStore {
            conn: Mutex::new(conn),
        })
    }

    /// The user's decision on (app, scope); a missing row is `Unasked`.
    pub fn state(&self, app: &str, scope: &str) -> Result<AuthState, AuthError> {
        let granted: Option<bool> = self
            .conn()
            .query_row(
                "SELECT granted FROM auth_decisions WHERE app = ?1 AND scope = ?2",
                params![app, scope],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| AuthError::internal("reading auth decision", e))?;
        Ok(match granted {
            None => AuthState::Unasked,
            Some(true) => AuthState::Granted,
            Some(false) => AuthState::Denied,
        })
    }

    /// Records (or overwrites) a decision. Last write wins: if two processes prompted at once, the
    /// answer given last is the one the user most recently expressed.
    pub fn decide(&self, app: &str, scope: &str, granted: bool) -> Result<(), AuthError> {
        self.conn()
            .execute(
                "INSERT INTO auth_decisions (app, scope, granted, decided_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (app, scope) DO UPDATE SET granted = excluded.granted,
                                                        decided_at = excluded.decided_at",
                params![app, scope, granted, now_millis()],
            )
            .map_err(|e| AuthError::internal("writing auth decision", e))?;
        Ok(())
    }

    /// Every decided scope of `app` (the `authSetting` object). Unasked scopes are absent.
    pub fn settings(&self, app: &str) -> Result<BTreeMap<String, bool>, AuthError> {
        settings_of(&self.conn(), app).map_err(|e| AuthError::internal("reading auth settings", e))
    }

    /// Changes decisions that already exist, ignoring scopes with no decision, and returns the
    /// settings afterwards — in one transaction, so another process never sees half the change and
    /// the returned map is exactly what was committed.
    ///
    /// Why "existing only": the settings page shows only decided scopes, so it cannot grant a
    /// scope the user was never asked about. An `UPDATE` touches existing rows only, which is
    /// that rule.
    pub fn update_decided(
        &self,
        app: &str,
        changes: &BTreeMap<String, bool>,
    ) -> Result<BTreeMap<String, bool>, AuthError> {
        let mut conn = self.conn();
        let run = |conn: &mut Connection| -> rusqlite::Result<BTreeMap<String, bool>> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut stmt = tx.prepare(
                    "UPDATE auth_decisions SET granted = ?3, decided_at = ?4
                     WHERE app = ?1 AND scope = ?2 AND granted <> ?3",
                )?;
                let now = now_millis();
                for (scope, &granted) in changes {
                    stmt.execute(params![app, scope, granted, now])?;
                }
            }
            let settings = settings_of(&tx, app)?;
            tx.commit()?;
            Ok(settings)
        };
        run(&mut conn).map_err(|e| AuthError::internal("updating auth settings", e))
    }

    /// Forgets every decision of `app` (app removed, or its settings reset): all its scopes are
    /// unasked again.
    pub fn reset(&self, app: &str) -> Result<(), AuthError> {
        self.conn()
            .execute("DELETE FROM auth_decisions WHERE app = ?1", params![app])
            .map_err(|e| AuthError::internal("resetting auth decisions", e))?;
        Ok(())
    }

    /// Apps with at least one decision, sorted (for a CLI `auth show`).
    pub fn apps(&self) -> Result<Vec<String>, AuthError> {
        let conn = self.conn();
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = conn.prepare("SELECT DISTINCT app FROM auth_decisions ORDER BY app")?;
            stmt.query_map([], |row| row.get(0))?.collect()
        };
        run().map_err(|e| AuthError::internal("listing apps", e))
    }

    /// The connection. A panic while holding the lock cannot leave the connection half-updated
    /// (SQLite rolls back an unfinished transaction when it is dropped or restarted), so poisoning
    /// is ignored rather than turning every later call into an error.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        swan_fs::lock(&self.conn)
    }
}

impl std::fmt::Debug for AuthStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthStore").finish_non_exhaustive()
    }
}

/// Creates `path` with [`STORE_FILE_MODE`] if it is missing, and narrows the mode of an existing
/// store and its SQLite siblings (made by an older version, or under a loose umask) to it.
fn make_private(path: &Path) -> std::io::Result<()> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(STORE_FILE_MODE)
        .open(path)?;
    // `mode` is filtered by the umask; set it exactly on the handle.
    file.set_permissions(Permissions::from_mode(STORE_FILE_MODE))?;
    for suffix in SIBLING_SUFFIXES {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let sibling = Path::new(&name);
        match std::fs::symlink_metadata(sibling) {
            Ok(meta) if meta.is_file() && meta.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(sibling, Permissions::from_mode(STORE_FILE_MODE))?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn init(conn: &Connection) -> Result<(), AuthError> {
    let sql = |e| AuthError::internal("initialising auth store", e);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sql)?;
    if version > SCHEMA_VERSION {
        return Err(AuthError::Internal(format!(
            "auth store schema version {version} is newer than supported {SCHEMA_VERSION}"
        )));
    }
    // IF NOT EXISTS: two processes may create the file at the same moment.
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         CREATE TABLE IF NOT EXISTS auth_decisions (
             app        TEXT    NOT NULL,
             scope      TEXT    NOT NULL,
             granted    INTEGER NOT NULL CHECK (granted IN (0, 1)),
             decided_at INTEGER NOT NULL, -- unix milliseconds, for `auth show` and audits
             PRIMARY KEY (app, scope)
         ) WITHOUT ROWID;
         PRAGMA user_version = 1;
         COMMIT;",
    )
    .map_err(sql)
}

fn settings_of(conn: &Connection, app: &str) -> rusqlite::Result<BTreeMap<String, bool>> {
    let mut stmt = conn.prepare("SELECT scope, granted FROM auth_decisions WHERE app = ?1")?;
    stmt.query_map(params![app], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect()
}

fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
