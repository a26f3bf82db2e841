//! The save protocol. Order is everything here:
//! 1. copy the source into a temp file on the album's own filesystem (unnamed where possible,
//!    see `temp`), validating and hashing what the temp file holds (see `copying`), then
//!    fdatasync it;
//! 2. give it its final name with an exclusive create (hard link, or rename that cannot clobber),
//!    so that two savers never share a name and nothing is ever overwritten;
//! 3. fsync the album folder, so the name survives a power cut;
//! 4. commit the index row; only then is the save reported.
//!
//! A crash between any two steps leaves either nothing (an unnamed temp file), a named temp file
//! (swept on the next open) or a file without a row (indexed on the next open): never a partial
//! picture under a real name.

use crate::copying::{Source, copy_checked};
use crate::naming::candidate;
use crate::{Album, AlbumEntry, AlbumError, Origin, index, temp};
use rusqlite::TransactionBehavior;
use std::fs::File;
use std::io;
use swan_fs::{TempFile, now_ms, sync_dir};
use swan_image::ImageInfo;

/// The outcome of a successful save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The picture as the index now records it (with its id and file name).
    pub entry: AlbumEntry,
    /// True when de-duplication found the same picture already in the album and nothing new
    /// was stored.
    pub existing: bool,
}

impl Album {
    /// Stores the picture in `source`, read from its current position to its end, byte for
    /// byte, and returns its entry once it is durably in the album. On any error the album is
    /// as it was before the call.
    ///
    /// The kernel copies the bytes into the album while a second thread checks and hashes the
    /// copy (see `copying`).
    pub fn save_file(&self, source: &File, origin: &Origin) -> Result<Saved, AlbumError> {
        self.located(self.save_from(source, origin))
    }

    /// [`Album::save_file`] for a picture in memory (one drawn by the page, say): the same
    /// steps, checks and guarantees.
    pub fn save_bytes(&self, bytes: &[u8], origin: &Origin) -> Result<Saved, AlbumError> {
        self.located(self.save_from(bytes, origin))
    }

    fn save_from(&self, source: impl Source, origin: &Origin) -> Result<Saved, AlbumError> {
        let tmp = self.temp_file()?;
        // fdatasync (the data and the size, not the timestamps) while the check finishes.
        let flush = || tmp.sync_data();
        let (info, blake3) = copy_checked(source, tmp.file(), &self.options.limits, flush)?;
        self.store(&tmp, info, blake3, origin)
    }

    /// Names the checked, flushed temp file and indexes it (or, with de-duplication on, finds
    /// the picture already there).
    fn store(
        &self,
        tmp: &TempFile,
        info: ImageInfo,
        blake3: String,
        origin: &Origin,
    ) -> Result<Saved, AlbumError> {
        let pending = Pending {
            info,
            blake3,
            origin,
        };
        if self.options.dedupe {
            self.commit_unless_present(tmp, pending)
        } else {
            self.commit(tmp, pending)
        }
    }

    fn commit(&self, tmp: &TempFile, p: Pending<'_>) -> Result<Saved, AlbumError> {
        let (name, ms) = self.place(tmp, p.info.format.extension())?;
        let mut entry = p.entry(name, ms);
        let inserted = {
            let mut conn = self.lock_index();
            let inserted = insert_committed(&mut conn, &entry);
            if inserted.is_err() {
                crate::wal::after_failed_commit(&conn);
            }
            inserted
        };
        entry.id = self.keep_or_undo(&entry.name, inserted)?;
        Ok(Saved {
            entry,
            existing: false,
        })
    }

    /// With de-duplication on, the look-up and the insert happen in one write transaction, so
    /// two processes saving the same picture at once still store it only once.
    fn commit_unless_present(&self, tmp: &TempFile, p: Pending<'_>) -> Result<Saved, AlbumError> {
        let mut conn = self.lock_index();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = index::find_by_hash(&tx, &p.blake3)?;
        if let Some(entry) = found.into_iter().find(|e| self.path_of(e).is_file()) {
            return Ok(Saved {
                entry,
                existing: true,
            });
        }
        let (name, ms) = self.place(tmp, p.info.format.extension())?;
        let mut entry = p.entry(name, ms);
        let inserted = index::upsert(&tx, &entry).and_then(|id| Ok(tx.commit().map(|_| id)?));
        if inserted.is_err() {
            crate::wal::after_failed_commit(&conn);
        }
        drop(conn);
        entry.id = self.keep_or_undo(&entry.name, inserted)?;
        Ok(Saved {
            entry,
            existing: false,
        })
    }

    /// An unnamed temp file in the album folder where the filesystem allows it (decided when the
    /// album was opened), else a named, locked one in the meta folder.
    fn temp_file(&self) -> io::Result<TempFile> {
        if self.unnamed_temps {
            temp::create_unnamed(&self.root_dir)
        } else {
            temp::create_named(&self.tmp_dir)
        }
    }

    /// Links the temp file under the first free name and makes the name durable.
    fn place(&self, tmp: &TempFile, ext: &str) -> Result<(String, i64), AlbumError> {
        let ms = now_ms();
        let mut attempt = 0;
        let name = loop {
            let name = candidate(ms, attempt, ext);
            match tmp.link_as(&self.root_dir, &name) {
                Ok(()) => break name,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => attempt += 1,
                Err(e) => return Err(e.into()),
            }
        };
        let synced = sync_dir(&self.root_dir);
        self.keep_or_undo(&name, synced.map_err(AlbumError::from))?;
        Ok((name, ms))
    }

    /// Keeps a placed file if the step after it worked, or removes it so the album is unchanged.
    fn keep_or_undo<T>(&self, name: &str, step: Result<T, AlbumError>) -> Result<T, AlbumError> {
        if step.is_err() {
            let _ = self.root_dir.remove_file(name);
            let _ = sync_dir(&self.root_dir);
        }
        step
    }
}

/// Inserts the row in a transaction of its own, so that a commit that fails (disk full, an I/O
/// error while SQLite flushes its WAL) is an error here. Without it the statement would run in
/// autocommit mode, where the commit of an `INSERT … RETURNING` happens when the statement is
/// reset after its row was read — and rusqlite discards the result of that reset, so a save
/// whose row never reached the disk was reported as saved.
fn insert_committed(
    conn: &mut rusqlite::Connection,
    entry: &AlbumEntry,
) -> Result<i64, AlbumError> {
    let tx = conn.transaction()?;
    let id = index::upsert(&tx, entry)?;
    tx.commit()?;
    Ok(id)
}

struct Pending<'a> {
    info: ImageInfo,
    blake3: String,
    origin: &'a Origin,
}

impl Pending<'_> {
    fn entry(&self, name: String, saved_at_ms: i64) -> AlbumEntry {
        AlbumEntry::new(
            name,
            self.info.clone(),
            self.blake3.clone(),
            self.origin,
            saved_at_ms,
        )
    }
}
