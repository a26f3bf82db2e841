//! One lock per app for its store and user files, so that "does it fit in the quota?" and the
//! move that takes the space are one step, for every thread and every process of the app.
//!
//! An exclusive `flock` on `<app>/quota.lock`: each holder opens the file itself, and `flock`
//! locks of different open files exclude each other even within one process. The kernel drops
//! the lock of a process that dies, so a crash cannot leave the app locked.

use std::fs::File;
use std::io;

use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt as _};

const QUOTA_LOCK: &str = "quota.lock";

/// Held while the app's persistent usage is checked and changed; released on drop.
pub(crate) struct QuotaLock {
    _file: File,
}

/// Waits for and takes the app's quota lock. Holders keep it only for a check and a rename.
pub(crate) fn lock(app_dir: &Dir) -> io::Result<QuotaLock> {
    let file = open_lock_file(app_dir, QUOTA_LOCK)?;
    file.lock()?;
    Ok(QuotaLock { _file: file })
}

/// Opens (creating it if needed) the lock file `name` in the app's folder, refusing a symlink,
/// a FIFO or anything else that is not a regular file.
pub(crate) fn open_lock_file(app_dir: &Dir, name: &str) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true)
        .write(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let file = app_dir.open_with(name, &opts)?.into_std();
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(format!(
            "the app's {name} is not a regular file"
        )));
    }
    Ok(file)
}
