//! Why a storage operation failed. The code and text page code sees for each are decided by
//! `swan_core::SwanError`, which wraps this error.

use std::fmt;

/// A failed storage operation.
#[derive(Debug)]
pub enum StorageError {
    /// The write would take the app past its quota; nothing was changed.
    QuotaExceeded {
        /// The app's quota in bytes.
        limit: u64,
        /// What the app would hold after the write, in bytes.
        needed: u64,
    },
    /// The file is not a storage database, or SQLite found it corrupt. Nothing is repaired
    /// behind the user's back: the file is the user's data.
    Damaged(rusqlite::Error),
    /// The file was written by a newer swan-album (its schema version is higher than ours).
    NewerSchema(i64),
    /// A stored value is not what this crate writes (edited by hand, or damaged).
    BadValue {
        /// The key whose value is unreadable.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Any other SQLite failure (disk full, I/O error, another process holding the lock
    /// longer than the busy timeout).
    Sqlite(rusqlite::Error),
    /// The database file or its folder could not be created.
    Io(std::io::Error),
}

impl StorageError {
    /// Sorts a SQLite error: a file that is not a database, or a corrupt one, is `Damaged`.
    pub(crate) fn from_sqlite(e: rusqlite::Error) -> StorageError {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            Some(NotADatabase | DatabaseCorrupt) => StorageError::Damaged(e),
            _ => StorageError::Sqlite(e),
        }
    }
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        StorageError::from_sqlite(e)
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::QuotaExceeded { limit, needed } => {
                write!(
                    f,
                    "storage quota exceeded: {needed} bytes needed, {limit} allowed"
                )
            }
            StorageError::Damaged(e) => write!(f, "the storage database is damaged: {e}"),
            StorageError::NewerSchema(v) => write!(
                f,
                "the storage database has schema version {v}, newer than this swan-album reads"
            ),
            StorageError::BadValue { key, reason } => {
                write!(f, "the stored value of {key:?} is unreadable: {reason}")
            }
            StorageError::Sqlite(e) => write!(f, "storage database error: {e}"),
            StorageError::Io(e) => write!(f, "cannot create the storage database: {e}"),
        }
    }
}

impl std::error::Error for StorageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StorageError::Damaged(e) | StorageError::Sqlite(e) => Some(e),
            StorageError::Io(e) => Some(e),
            _ => None,
        }
    }
}
