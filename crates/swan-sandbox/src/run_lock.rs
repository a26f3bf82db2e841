//! Which runs of an app are alive, so that a run sweeps only the temp files of dead runs.
//!
//! Each open [`crate::Sandbox`] (one per run) holds an exclusive `flock` on its own file
//! `<app>/runs/<tag>.lock` for its whole life, and the names of the temp files it creates start
//! with that tag. The kernel drops the lock when the process dies, so a sweeper that can take
//! the lock knows the run is gone: the same scheme as the album's in-flight files
//! (swan-store's `temp.rs`).

use std::fs::{File, TryLockError};
use std::io::{self, Write as _};
use std::sync::Arc;

use cap_std::fs::{Dir, MetadataExt as _, OpenOptions, OpenOptionsExt as _};

const SUFFIX: &str = ".lock";
/// Length of a run tag in hex digits (32 random bits; tags of live runs are unique because each
/// owns its lock file, created with `O_EXCL`).
pub(crate) const TAG_LEN: usize = 8;

/// The lock of one live run. Removed (and released) when dropped.
pub(crate) struct RunLock {
    runs: Arc<Dir>,
    tag: String,
    file: File,
}

impl RunLock {
    /// Creates and locks a new run file in `runs`.
    ///
    /// A sweeper may take the lock between our create and our lock and remove the file; after
    /// locking we therefore check that the name still leads to our file, and start over if not.
    pub(crate) fn acquire(runs: Arc<Dir>) -> io::Result<RunLock> {
        for _ in 0..16 {
            let tag = swan_fs::random_hex(TAG_LEN / 2)?;
            let name = format!("{tag}{SUFFIX}");
            let mut opts = OpenOptions::new();
            opts.write(true).create_new(true).mode(0o600);
            let mut file = match runs.open_with(&name, &opts) {
                Ok(f) => f.into_std(),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            file.lock()?;
            if same_file(&runs, &name, &file)? {
                // For people looking at the folder; liveness is the lock, not the pid.
                let _ = writeln!(file, "{}", std::process::id());
                return Ok(RunLock { runs, tag, file });
            }
        }
        Err(io::Error::other("could not create a run lock"))
    }

    pub(crate) fn tag(&self) -> &str {
        &self.tag
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // Still locked, so no sweeper is deciding about it; the temp files left with our tag
        // have no lock file any more and go at the next sweep.
        let name = format!("{}{SUFFIX}", self.tag);
        if same_file(&self.runs, &name, &self.file).unwrap_or(false) {
            let _ = self.runs.remove_file(&name);
        }
    }
}

/// What a sweeper found out about a run.
pub(crate) enum Liveness {
    /// Its lock is held: leave its files alone.
    Alive,
    /// Gone. If its lock file is still there it is returned locked (so the tag cannot be taken
    /// again while the sweeper deletes its files); [`Dead::bury`] removes it.
    Dead(Dead),
}

pub(crate) struct Dead(Option<(String, File)>);

impl Dead {
    /// Removes the dead run's lock file, if it still names the file we locked.
    pub(crate) fn bury(self, runs: &Dir) {
        if let Some((name, file)) = self.0
            && same_file(runs, &name, &file).unwrap_or(false)
        {
            let _ = runs.remove_file(&name);
        }
    }
}

/// Whether the run `tag` is alive.
pub(crate) fn probe(runs: &Dir, tag: &str) -> io::Result<Liveness> {
    let name = format!("{tag}{SUFFIX}");
    let mut opts = OpenOptions::new();
    opts.read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let file = match runs.open_with(&name, &opts) {
        Ok(f) => f.into_std(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Liveness::Dead(Dead(None))),
        Err(e) => return Err(e),
    };
    match file.try_lock() {
        Ok(()) => Ok(Liveness::Dead(Dead(Some((name, file))))),
        Err(TryLockError::WouldBlock) => Ok(Liveness::Alive),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Tags of every run that has a lock file, live or dead.
pub(crate) fn tags(runs: &Dir) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in runs.entries()? {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        if let Some(tag) = name.to_str().and_then(|n| n.strip_suffix(SUFFIX))
            && is_tag(tag)
        {
            out.push(tag.to_owned());
        }
    }
    Ok(out)
}

pub(crate) fn is_tag(s: &str) -> bool {
    s.len() == TAG_LEN && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn same_file(runs: &Dir, name: &str, file: &File) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt as _;
    let open = file.metadata()?;
    match runs.symlink_metadata(name) {
        Ok(named) => Ok(named.ino() == open.ino() && named.dev() == open.dev()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}
