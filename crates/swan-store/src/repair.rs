//! Bringing files and index back into agreement after a crash. Files are the truth: a row
//! without its file is dropped, a picture without a row is indexed, and nothing the user put in
//! the folder is ever deleted (a file that is not a picture is only counted).
//!
//! A damaged index (see [`AlbumError::IndexDamaged`]) is moved aside, never deleted, and a new
//! one is built from the pictures; what can still be read from the damaged file (which app
//! saved a picture, from where, and when) is carried over for pictures whose hash it recorded.

use crate::copying::Source;
use crate::naming::ms_from_name;
use crate::{Album, AlbumEntry, AlbumError, Origin, index, temp};
use rusqlite::{Connection, OpenFlags};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What a repair did. All zero means the album was already consistent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RepairReport {
    /// Temporary files of saves that died, removed.
    pub temps_removed: u64,
    /// Index rows whose file was gone, dropped.
    pub rows_dropped: u64,
    /// Pictures found without a row, indexed.
    pub files_indexed: u64,
    /// Files without a row that are not pictures we accept, left alone.
    pub files_ignored: u64,
    /// Rows this version could not read (a format it does not know), re-read from their
    /// pictures.
    pub rows_refreshed: u64,
    /// Set when the index was damaged and has been rebuilt from the pictures.
    pub index_rebuilt: Option<IndexRebuilt>,
}

/// A damaged index that was kept aside and rebuilt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexRebuilt {
    /// The damaged file (with its `-wal`, if any) is now `index.sqlite.damaged-<this>` in the
    /// album's `.swan-album` folder.
    pub kept_as_ms: i64,
    /// Pictures whose origin and save time were read back from the damaged file.
    pub rows_salvaged: u64,
}

impl IndexRebuilt {
    /// The damaged file's name in the album's `.swan-album` folder.
    pub fn kept_as(&self) -> String {
        format!("{}.damaged-{}", index::FILE, self.kept_as_ms)
    }
}

impl RepairReport {
    /// True when the repair changed something.
    pub fn changed_anything(&self) -> bool {
        self.temps_removed + self.rows_dropped + self.files_indexed + self.rows_refreshed > 0
            || self.index_rebuilt.is_some()
    }
}

impl fmt::Display for RepairReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = &self.index_rebuilt {
            write!(
                f,
                "damaged index kept as {} and rebuilt from the pictures ({} picture(s) kept \
                 their origin), ",
                r.kept_as(),
                r.rows_salvaged
            )?;
        }
        write!(
            f,
            "{} temporary file(s) removed, {} row(s) without a file dropped, {} file(s) indexed, {} non-picture file(s) ignored",
            self.temps_removed, self.rows_dropped, self.files_indexed, self.files_ignored
        )?;
        if self.rows_refreshed > 0 {
            write!(
                f,
                ", {} unreadable row(s) re-read from their pictures",
                self.rows_refreshed
            )?;
        }
        Ok(())
    }
}

/// What the damaged index still said about the pictures, by file name.
type Salvage = HashMap<String, Salvaged>;

/// What the damaged index still said about a picture.
#[derive(Default)]
struct Salvaged {
    blake3: Option<String>,
    app_id: Option<String>,
    source_path: Option<String>,
    saved_at_ms: Option<i64>,
}

impl Album {
    /// Runs the repair that [`Album::open`] runs, and also rebuilds a damaged index. Safe while
    /// other threads or processes save: live temp files are locked, rows are read before the
    /// folder (a save links its file before it writes its row), and a row is dropped only after
    /// its file is checked again. (A rebuild is best run alone: a process that still has the
    /// damaged file open writes its rows there; their pictures are indexed by the next repair.)
    pub fn repair(&self) -> Result<RepairReport, AlbumError> {
        self.located(self.repair_with(true, false))
    }

    /// The repair; `rebuild` allows rebuilding a damaged index, which `damaged` says is known.
    pub(crate) fn repair_with(
        &self,
        rebuild: bool,
        damaged: bool,
    ) -> Result<RepairReport, AlbumError> {
        let mut report = RepairReport {
            temps_removed: temp::sweep(&self.tmp_dir)?,
            ..RepairReport::default()
        };
        let read = if damaged {
            Err(AlbumError::damaged("unreadable", None))
        } else {
            index::names(&self.lock_index())
        };
        let (rows, salvage) = match read {
            Ok(rows) => (rows, HashMap::new()),
            Err(e) if e.is_index_damaged() && rebuild => match self.rebuild_index()? {
                Some((kept_as_ms, salvage)) => {
                    report.index_rebuilt = Some(IndexRebuilt {
                        kept_as_ms,
                        rows_salvaged: 0,
                    });
                    (Vec::new(), salvage)
                }
                // Another process rebuilt it meanwhile.
                None => (index::names(&self.lock_index())?, HashMap::new()),
            },
            Err(e) => return Err(e),
        };
        let mut files = self.picture_names()?;
        for row in rows {
            let present = files.remove(&row.name) || self.root.join(&row.name).is_file();
            if !present {
                index::delete(&self.lock_index(), row.id)?;
                report.rows_dropped += 1;
            } else if !row.readable {
                match self.refresh_row(row.id, &row.name) {
                    Ok(()) => report.rows_refreshed += 1,
                    // Still not a picture this version accepts: the row stays as it is.
                    Err(AlbumError::Image(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        for name in files {
            match self.index_orphan(&name, salvage.get(&name)) {
                Ok((added, salvaged)) => {
                    report.files_indexed += u64::from(added);
                    if let Some(r) = &mut report.index_rebuilt {
                        r.rows_salvaged += u64::from(added && salvaged);
                    }
                }
                Err(AlbumError::Image(_)) => report.files_ignored += 1,
                Err(e) => return Err(e),
            }
        }
        Ok(report)
    }

    /// Regular, visible files directly in the album folder.
    fn picture_names(&self) -> Result<HashSet<String>, AlbumError> {
        let mut names = HashSet::new();
        for item in fs::read_dir(&self.root)? {
            let item = item?;
            let Ok(name) = item.file_name().into_string() else {
                continue;
            };
            if !name.starts_with('.') && item.file_type()?.is_file() {
                names.insert(name);
            }
        }
        Ok(names)
    }

    /// Checks and hashes a picture already in the folder, as an entry with the origin `old`
    /// recorded when it recorded the same bytes. Also says whether `old` was used.
    fn read_picture(
        &self,
        name: &str,
        old: Option<&Salvaged>,
    ) -> Result<(AlbumEntry, bool), AlbumError> {
        let file = File::open(self.root.join(name))?;
        let mtime_ms = file
            .metadata()?
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_millis() as i64);
        let mut hasher = blake3::Hasher::new();
        let tail = (&file).tail()?;
        let info =
            swan_image::check_stream_with_tail(&file, &mut hasher, &self.options.limits, &tail)?;
        let blake3 = hasher.finalize().to_hex().to_string();
        let old = old.filter(|o| o.blake3.as_deref() == Some(blake3.as_str()));
        let origin = Origin {
            app_id: old.and_then(|o| o.app_id.clone()),
            source_path: old.and_then(|o| o.source_path.clone()),
        };
        let saved_at_ms = old
            .and_then(|o| o.saved_at_ms)
            .or_else(|| ms_from_name(name))
            .or(mtime_ms)
            .unwrap_or(0);
        let entry = AlbumEntry::new(name.to_string(), info, blake3, &origin, saved_at_ms);
        Ok((entry, old.is_some()))
    }

    fn index_orphan(&self, name: &str, old: Option<&Salvaged>) -> Result<(bool, bool), AlbumError> {
        let (entry, salvaged) = self.read_picture(name, old)?;
        // In a transaction of its own, so that a commit that fails is an error here (see
        // `insert_committed` in save.rs).
        let mut conn = self.lock_index();
        let tx = conn.transaction()?;
        let added = index::insert_if_absent(&tx, &entry)?;
        tx.commit()?;
        Ok((added, salvaged))
    }

    fn refresh_row(&self, id: i64, name: &str) -> Result<(), AlbumError> {
        let (entry, _) = self.read_picture(name, None)?;
        index::refresh(&self.lock_index(), id, &entry)
    }

    /// Moves the damaged index aside, reads back what it can, and opens a new, empty one.
    /// Returns `None` when, by the time this process held the rebuild lock, another had already
    /// rebuilt it.
    fn rebuild_index(&self) -> Result<Option<(i64, Salvage)>, AlbumError> {
        let mut conn = self.lock_index();
        // Close our handle on the damaged file before it moves.
        drop(std::mem::replace(&mut *conn, Connection::open_in_memory()?));
        let path = self.index_path();
        // One rebuild at a time across processes: a lock on the meta folder itself.
        let lock = File::open(self.meta())?;
        lock.lock()?;
        if let Ok(fresh) = index::open(&path)
            && index::names(&fresh).is_ok()
        {
            *conn = fresh;
            return Ok(None);
        }
        let (kept_as_ms, kept) = set_aside(self.meta(), &path)?;
        let salvage = salvage(&kept);
        *conn = index::open(&path)?;
        Ok(Some((kept_as_ms, salvage)))
    }
}

/// Renames the index and its companion files to `<index>.damaged-<ms>[-wal|-shm|-journal]`
/// (a WAL left beside a new index would be replayed into it), and flushes the folder.
fn set_aside(meta: &Path, index: &Path) -> io::Result<(i64, PathBuf)> {
    let mut ms = swan_fs::now_ms();
    let with = |p: &Path, suffix: &str| {
        let mut s = p.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    let kept = loop {
        let kept = with(index, &format!(".damaged-{ms}"));
        if fs::symlink_metadata(&kept).is_err() {
            break kept;
        }
        ms += 1;
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        match fs::rename(with(index, suffix), with(&kept, suffix)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    File::open(meta)?.sync_all()?;
    Ok((ms, kept))
}

/// Every row of the damaged index that can still be read, by name; nothing if none can. Reads
/// columns by name, so an index with other columns still gives what it has.
fn salvage(path: &Path) -> Salvage {
    let mut out = HashMap::new();
    if !path.is_file() {
        return out;
    }
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if let Ok(conn) = Connection::open_with_flags(path, read_only) {
        read_rows(&conn, &mut out);
    }
    if out.is_empty() {
        // Without its WAL, in case that is what fails to open.
        let uri = format!("file:{}?immutable=1", path.display());
        if let Ok(conn) = Connection::open_with_flags(uri, read_only | OpenFlags::SQLITE_OPEN_URI) {
            read_rows(&conn, &mut out);
        }
    }
    out
}

/// Reads rows in rowid order; past a damaged part of the table, tries further and further
/// ahead (1, 2, 4, … rowids past the last row read) until rows read again.
fn read_rows(conn: &Connection, out: &mut Salvage) {
    // A file shorter than its header says is refused outright unless the schema is "writable";
    // then SQLite reads the pages that are there. The connection is read-only all the same.
    let _ = conn.execute_batch("PRAGMA writable_schema = ON");
    let sql = "SELECT rowid AS swan_rowid, * FROM entries WHERE rowid >= ?1 ORDER BY rowid";
    let Ok(mut stmt) = conn.prepare(sql) else {
        return;
    };
    let (mut from, mut base, mut jump) = (i64::MIN, 0i64, 1i64);
    while jump <= 1 << 40 {
        let Ok(mut rows) = stmt.query([from]) else {
            return;
        };
        let mut last = None;
        loop {
            match rows.next() {
                Ok(Some(row)) => {
                    last = row.get::<_, i64>("swan_rowid").ok().or(last);
                    let text = |c: &str| row.get::<_, Option<String>>(c).ok().flatten();
                    if let Some(name) = text("name") {
                        let old = Salvaged {
                            blake3: text("blake3"),
                            app_id: text("app_id"),
                            source_path: text("source_path"),
                            saved_at_ms: row.get::<_, Option<i64>>("saved_at_ms").ok().flatten(),
                        };
                        out.insert(name, old);
                    }
                }
                Ok(None) => return,
                Err(_) => break,
            }
        }
        match last {
            Some(rowid) => (base, jump) = (rowid, 1),
            None => jump = jump.saturating_mul(2),
        }
        from = base.saturating_add(jump);
    }
}
