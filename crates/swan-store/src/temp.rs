//! In-flight files. Every save streams into its own temporary file inside the album's meta
//! folder (so the final move stays on one filesystem) and holds an exclusive `flock` on it for its
//! whole life. The lock is what tells a live save from a crashed one: the kernel drops it when the
//! process dies, so a sweeper that can take the lock knows the owner is gone.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

const SUFFIX: &str = ".part";

/// A locked temporary file; removed on drop.
pub struct TempFile {
    pub file: File,
    pub path: PathBuf,
}

impl TempFile {
    /// Creates and locks a new temporary file in `dir`.
    ///
    /// A sweeper may take the lock in the instant between our create and our lock and unlink the
    /// file; after locking we therefore check that our path still names our inode, and start over
    /// if it does not.
    pub fn create(dir: &Path) -> io::Result<TempFile> {
        loop {
            let path = dir.join(format!("{}{SUFFIX}", random_hex()?));
            let file = match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            file.lock()?;
            if same_inode(&file, &path)? {
                return Ok(TempFile { file, path });
            }
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Still locked here, so no sweeper can be looking at it; a failure leaves a file that the
        // next sweep removes.
        let _ = fs::remove_file(&self.path);
    }
}

/// Removes temporary files whose owner is gone. Returns how many were removed.
pub fn sweep(dir: &Path) -> io::Result<u64> {
    let mut removed = 0;
    for item in fs::read_dir(dir)? {
        let item = item?;
        let name = item.file_name();
        if !name.to_string_lossy().ends_with(SUFFIX) {
            continue;
        }
        let path = item.path();
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if file.try_lock().is_err() {
            continue; // a live save owns it
        }
        if same_inode(&file, &path)? {
            fs::remove_file(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

fn same_inode(file: &File, path: &Path) -> io::Result<bool> {
    let open = file.metadata()?;
    match fs::symlink_metadata(path) {
        Ok(named) => Ok(named.ino() == open.ino() && named.dev() == open.dev()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

fn random_hex() -> io::Result<String> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
