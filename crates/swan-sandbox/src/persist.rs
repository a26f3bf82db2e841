//! Keeping a temp file: `saveFile` moves it into the store, `downloadFile({filePath})` into the
//! user folder. Saved and user files share one quota per app (10 MB), unlike temp files, which
//! live for one run.

use std::fmt;
use std::io;

use cap_std::fs::Dir;

use crate::path::{SandboxPath, is_ext};
use crate::sandbox::Sandbox;
use swan_fs::sync_dir;

/// Store and user files of one app together.
pub const DEFAULT_PERSISTENT_QUOTA: u64 = 10 * 1024 * 1024;

/// Where a kept temp file goes.
#[derive(Clone, Copy, Debug)]
pub enum Keep<'a> {
    /// A new `bdfile://store_<id>[.<ext>]` (the temp file's extension is kept).
    Store,
    /// The given `bdfile://usr/...` path (replaced if it exists; folders are created).
    Usr(&'a str),
}

#[derive(Debug)]
pub enum PersistError {
    /// Not an existing, finished temp file of this app.
    NotFound,
    /// The destination is not a legal user path.
    Illegal,
    /// Keeping it would take the app's store and user files over the quota.
    OverLimit {
        quota: u64,
    },
    Io(io::Error),
}

impl fmt::Display for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersistError::NotFound => f.write_str("no such temp file"),
            PersistError::Illegal => f.write_str("illegal destination path"),
            PersistError::OverLimit { quota } => {
                write!(f, "saved and user files would exceed {quota} bytes")
            }
            PersistError::Io(e) => write!(f, "I/O error: {e}"),
        }
    }
}

impl std::error::Error for PersistError {}

impl Sandbox {
    /// Moves a finished temp file to `keep` and returns its new swan path. The move is a
    /// rename inside the app's folder: the bytes are not copied and a crash cannot leave two.
    ///
    /// The quota check and the move happen under the app's quota lock, so concurrent calls (in
    /// threads or processes) together never keep more than the quota; one that would pass it
    /// fails with [`PersistError::OverLimit`] and moves nothing.
    pub fn persist_temp(
        &self,
        temp_file_path: &str,
        keep: Keep<'_>,
    ) -> Result<String, PersistError> {
        let Ok(SandboxPath::Temp { name }) = SandboxPath::parse(temp_file_path) else {
            return Err(PersistError::NotFound);
        };
        if self.temp_account().is_inflight(&name) {
            return Err(PersistError::NotFound);
        }
        let meta = match self.tmp_dir().symlink_metadata(&name) {
            Ok(m) if m.is_file() => m,
            Ok(_) => return Err(PersistError::NotFound),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(PersistError::NotFound),
            Err(e) => return Err(PersistError::Io(e)),
        };
        let (dir, relative, path) = match keep {
            Keep::Store => {
                let ext = name.rsplit_once('.').map(|(_, e)| e).filter(|e| is_ext(e));
                let id = swan_fs::random_hex(8).map_err(PersistError::Io)?;
                let file = match ext {
                    Some(ext) => format!("store_{id}.{ext}"),
                    None => format!("store_{id}"),
                };
                (self.store_dir(), file.clone(), format!("bdfile://{file}"))
            }
            Keep::Usr(path) => match SandboxPath::parse(path) {
                Ok(SandboxPath::Usr { relative })
                    if !relative.is_empty() && !relative.ends_with('/') =>
                {
                    (self.usr_dir(), relative, path.to_string())
                }
                _ => return Err(PersistError::Illegal),
            },
        };
        // Held until the rename is done: no other thread or process of this app can check the
        // quota between our check and our move (B7: concurrent downloads to usr went over it).
        let _quota = crate::quota_lock::lock(self.app_dir()).map_err(PersistError::Io)?;
        let quota = self.persistent_quota();
        let used = self.persistent_usage().map_err(PersistError::Io)?;
        // A user file that is replaced frees its space.
        let replaced = match dir.symlink_metadata(&relative) {
            Ok(m) if m.is_file() => m.len(),
            _ => 0,
        };
        if used.saturating_sub(replaced).saturating_add(meta.len()) > quota {
            return Err(PersistError::OverLimit { quota });
        }
        if let Some((parent, _)) = relative.rsplit_once('/') {
            dir.create_dir_all(parent).map_err(|e| match e.kind() {
                // Something that is not a folder of ours (a file, a symlink) is in the way.
                io::ErrorKind::AlreadyExists | io::ErrorKind::NotADirectory => {
                    PersistError::Illegal
                }
                _ => classify(e),
            })?;
        }
        self.tmp_dir()
            .rename(&name, dir, &relative)
            .map_err(classify)?;
        sync_dir(dir).map_err(PersistError::Io)?;
        Ok(path)
    }

    /// Bytes held by the app's store and user files.
    pub fn persistent_usage(&self) -> io::Result<u64> {
        Ok(dir_size(self.store_dir())? + dir_size(self.usr_dir())?)
    }
}

fn classify(e: io::Error) -> PersistError {
    if crate::sandbox::is_escape(&e) {
        PersistError::Illegal
    } else {
        PersistError::Io(e)
    }
}

fn dir_size(dir: &Dir) -> io::Result<u64> {
    let mut total = 0;
    for entry in dir.entries()? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            total += dir_size(&entry.open_dir()?)?;
        } else if kind.is_file() {
            total += entry.metadata()?.len();
        }
    }
    Ok(total)
}
