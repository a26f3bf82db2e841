//! The key-value storage of swan smart programs (`swan.setStorage`, `getStorage`,
//! `removeStorage`, `clearStorage`, `getStorageInfo` and their `Sync` forms), per app and
//! persisted across runs: plain Rust, no JavaScript.
//!
//! One SQLite file holds every app's keys ([`Storage`]); several processes may use it at once
//! (two runs of one app, a CLI), and Baidu's 10 MB per app ([`QUOTA_BYTES`]) holds under that
//! concurrency. A value is a [`StoredValue`]: the JSON text the engine's `JSON.stringify`
//! wrote, or a `Date` (see [`value`](StoredValue) for why). The API rules (argument checks,
//! error codes) live in `swan_core::api`; converting JavaScript values lives in the runtime.
//!
//! # Example
//!
//! ```
//! use swan_storage::{JsonText, Storage, StoredValue};
//!
//! let dir = tempfile::tempdir()?;
//! let storage = Storage::open(&dir.path().join("storage.sqlite"))?;
//! let token = StoredValue::Json(JsonText::new(r#"{"token":"abc","n":1}"#.into())?);
//! storage.set("demo", "session", &token)?;
//! assert_eq!(storage.get("demo", "session")?, Some(token));
//! assert_eq!(storage.get("other-app", "session")?, None, "apps do not see each other's keys");
//! let info = storage.info("demo")?;
//! assert_eq!(info.keys, ["session"]);
//! assert_eq!(info.current_bytes, ("session".len() + r#"{"token":"abc","n":1}"#.len()) as u64);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod error;
mod store;
mod value;

pub use error::StorageError;
pub use store::{Entry, QUOTA_BYTES, Storage, StorageInfo};
pub use value::{JsonText, StoredValue, iso_string};
