//! Bringing files and index back into agreement after a crash. Files are the truth: a row
//! without its file is dropped, a picture without a row is indexed, and nothing the user put in
//! the folder is ever deleted (a file that is not a picture is only counted).

use crate::naming::ms_from_name;
use crate::save::stream_into;
use crate::{Album, AlbumEntry, AlbumError, Origin, index, temp};
use std::collections::HashSet;
use std::fmt;
use std::fs::{self, File};
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
}

impl RepairReport {
    /// True when the repair changed something.
    pub fn changed_anything(&self) -> bool {
        self.temps_removed + self.rows_dropped + self.files_indexed > 0
    }
}

impl fmt::Display for RepairReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} temporary file(s) removed, {} row(s) without a file dropped, {} file(s) indexed, {} non-picture file(s) ignored",
            self.temps_removed, self.rows_dropped, self.files_indexed, self.files_ignored
        )
    }
}

impl Album {
    /// Runs the repair that [`Album::open`] runs. Safe while other threads or processes save:
    /// live temp files are locked, rows are read before the folder (a save links its file
    /// before it writes its row), and a row is dropped only after its file is checked again.
    pub fn repair(&self) -> Result<RepairReport, AlbumError> {
        let mut report = RepairReport {
            temps_removed: temp::sweep(&self.tmp_dir())?,
            ..RepairReport::default()
        };
        let rows = index::names(&self.lock_index())?;
        let mut files = self.picture_names()?;
        for (id, name) in rows {
            if !files.remove(&name) && !self.root.join(&name).is_file() {
                index::delete(&self.lock_index(), id)?;
                report.rows_dropped += 1;
            }
        }
        for name in files {
            match self.index_orphan(&name) {
                Ok(true) => report.files_indexed += 1,
                Ok(false) => {}
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

    fn index_orphan(&self, name: &str) -> Result<bool, AlbumError> {
        let path = self.root.join(name);
        let file = File::open(&path)?;
        let mtime_ms = file
            .metadata()?
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_millis() as i64);
        let (info, blake3) =
            stream_into(file, std::io::sink(), None, || Ok(()), &self.options.limits)?;
        let saved_at_ms = ms_from_name(name).or(mtime_ms).unwrap_or(0);
        let entry = AlbumEntry::new(
            name.to_string(),
            info,
            blake3,
            &Origin::default(),
            saved_at_ms,
        );
        // In a transaction of its own, so that a commit that fails is an error here (see
        // `insert_committed` in save.rs).
        let mut conn = self.lock_index();
        let tx = conn.transaction()?;
        let added = index::insert_if_absent(&tx, &entry)?;
        tx.commit()?;
        Ok(added)
    }
}
