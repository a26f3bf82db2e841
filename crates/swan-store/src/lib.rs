//! The album: ordinary image files in one folder, plus a SQLite index beside them.
//!
//! The files are what the user owns and sees in any photo app, so they are stored byte for byte
//! under plain names (`<epoch ms>.<ext>`); the index (in a hidden `.swan-album/` folder) is what
//! makes listing and lookup fast and is always repairable from the files. A save is reported only
//! once the bytes, the directory entry and the index row are all on disk (see [`Album::save`]).

mod copying;
mod entry;
mod error;
mod hashing;
mod index;
mod naming;
mod open;
mod repair;
mod save;
mod temp;
mod wal;
mod writeback;

pub use entry::{AlbumEntry, Origin};
pub use error::AlbumError;
pub use repair::RepairReport;
pub use save::Saved;
pub use swan_image::{Format, ImageError, Limits};

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Name of the hidden folder inside the album that holds the index and in-flight temporary files.
pub const META_DIR: &str = ".swan-album";

/// How an album behaves; the defaults are a phone's.
#[derive(Clone, Debug, Default)]
pub struct AlbumOptions {
    /// Size and pixel limits applied to every picture.
    pub limits: Limits,
    /// When true, saving a picture whose content is already in the album returns the existing
    /// entry instead of storing a second copy. Off by default: a phone keeps both.
    pub dedupe: bool,
    /// Stream saves into named, locked `.part` files in `.swan-album/tmp` even where unnamed
    /// ones (Linux `O_TMPFILE`) work. Off by default: unnamed files leave nothing behind after a
    /// crash and cost one folder update less per save. For watching saves in flight, and for
    /// testing the path other filesystems take.
    pub named_temps: bool,
}

/// An open album. Cheap to share between threads (`&Album` is enough to save).
pub struct Album {
    root: PathBuf,
    meta: PathBuf,
    index: Mutex<rusqlite::Connection>,
    options: AlbumOptions,
    /// Saves stream into unnamed (`O_TMPFILE`) files; see `temp`.
    unnamed_temps: bool,
}

impl Album {
    /// The folder that holds the pictures.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The options the album was opened with.
    pub fn options(&self) -> &AlbumOptions {
        &self.options
    }

    /// Entries, newest first; `limit` bounds how many.
    pub fn list(&self, limit: Option<usize>) -> Result<Vec<AlbumEntry>, AlbumError> {
        index::list(&self.lock_index(), limit)
    }

    /// One entry by its id.
    pub fn get(&self, id: i64) -> Result<Option<AlbumEntry>, AlbumError> {
        index::get(&self.lock_index(), id)
    }

    /// Number of entries in the index.
    pub fn len(&self) -> Result<u64, AlbumError> {
        index::count(&self.lock_index())
    }

    /// True when the album holds no entry.
    pub fn is_empty(&self) -> Result<bool, AlbumError> {
        Ok(self.len()? == 0)
    }

    /// Absolute path of an entry's file.
    pub fn path_of(&self, entry: &AlbumEntry) -> PathBuf {
        self.root.join(&entry.name)
    }

    fn lock_index(&self) -> std::sync::MutexGuard<'_, rusqlite::Connection> {
        // A panic while holding the lock cannot leave the connection half-changed (every change
        // is one SQLite transaction), so a poisoned lock is still safe to use.
        self.index.lock().unwrap_or_else(|p| p.into_inner())
    }
}
