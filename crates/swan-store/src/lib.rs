//! The album: ordinary image files in one folder, plus a SQLite index beside them.
//!
//! The files are what the user owns and sees in any photo app, so they are stored byte for byte
//! under plain names (`<epoch ms>.<ext>`); the index (in a hidden `.swan-album/` folder) is what
//! makes listing and lookup fast and is always repairable from the files. A save is reported only
//! once the bytes, the directory entry and the index row are all on disk (see [`Album::save_file`]).
//!
//! It is a crate of its own because the album outlives any app and any runtime: the contract
//! (`swan-core`), the CLI's `album` commands and several processes at once all use the same
//! folder. [`Album::open`] sweeps what a crash left and says so in a [`RepairReport`];
//! [`Album::save_file`] and [`Album::save_bytes`] check the content with `swan-image` (the
//! format comes from the bytes, never the name), store it and return the [`Saved`]
//! [`AlbumEntry`], with the [`Origin`] recorded beside it; every failure is an [`AlbumError`]
//! that leaves the album as it was. [`AlbumOptions`] holds what a host may change (limits,
//! de-duplication).
//!
//! # Example
//!
//! ```
//! use swan_store::{Album, AlbumOptions, Origin};
//! let dir = tempfile::tempdir()?;
//! let (album, _repair) = Album::open(dir.path(), AlbumOptions::default())?;
//! // The smallest GIF: 1×1, one colour.
//! let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b";
//! let saved = album.save_bytes(gif, &Origin::default())?;
//! assert_eq!(std::fs::read(album.path_of(&saved.entry))?, gif);
//! assert_eq!(album.list(None)?.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod copying;
mod entry;
mod error;
mod index;
mod naming;
mod open;
mod repair;
mod save;
mod temp;
mod wal;

pub use entry::{AlbumEntry, Origin};
pub use error::AlbumError;
pub use repair::{IndexRebuilt, RepairReport};
pub use save::Saved;
pub use swan_image::{Format, ImageError, Limits};

use cap_std::fs::Dir;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    /// When the index cannot be read (see [`AlbumError::IndexDamaged`]), [`Album::open`] keeps
    /// it aside and rebuilds it from the pictures instead of failing. Off by default, so that a
    /// damaged index is only replaced when the user asks (`swan-album album repair` sets it).
    pub rebuild_damaged_index: bool,
}

/// An open album. Cheap to share between threads (`&Album` is enough to save).
pub struct Album {
    root: PathBuf,
    meta: PathBuf,
    /// The album folder and its `.swan-album/tmp`, held open: saves create and name files
    /// relative to them.
    root_dir: Arc<Dir>,
    tmp_dir: Arc<Dir>,
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

    /// Entries, newest first; `limit` bounds how many. A row this version cannot read (a format
    /// it does not know) is left out, never an error for the whole list.
    pub fn list(&self, limit: Option<usize>) -> Result<Vec<AlbumEntry>, AlbumError> {
        self.located(index::list(&self.lock_index(), limit))
    }

    /// One entry by its id (`None` also for a row this version cannot read).
    pub fn get(&self, id: i64) -> Result<Option<AlbumEntry>, AlbumError> {
        self.located(index::get(&self.lock_index(), id))
    }

    /// Number of rows in the index.
    pub fn len(&self) -> Result<u64, AlbumError> {
        self.located(index::count(&self.lock_index()))
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
        // Every change is one SQLite transaction, so a panic cannot leave it half-made.
        swan_fs::lock(&self.index)
    }

    fn index_path(&self) -> PathBuf {
        self.meta.join(index::FILE)
    }

    /// Names the index file in a damage report.
    fn located<T>(&self, r: Result<T, AlbumError>) -> Result<T, AlbumError> {
        r.map_err(|e| e.at(&self.index_path()))
    }
}
