//! In-flight files. Every save streams into its own temporary file on the album's filesystem
//! (so giving it its final name is a link, never a copy), and only a finished, flushed file ever
//! gets a name in the album.
//!
//! Where the filesystem allows it (Linux, `O_TMPFILE`), the temporary file has no name at all:
//! nothing to clean up after a crash (the kernel frees an unnamed inode), no folder to update
//! when it is made or dropped, and its flush does not also flush a temp folder. Elsewhere it is a
//! named file in the album's meta folder, holding an exclusive `flock` for its whole life: the
//! lock is what tells a live save from a crashed one (the kernel drops it when the process dies),
//! so a sweeper that can take the lock knows the owner is gone.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

const SUFFIX: &str = ".part";

/// A temporary file; removed (or, unnamed, freed) on drop.
pub struct TempFile {
    pub file: File,
    /// None for an unnamed (`O_TMPFILE`) file.
    path: Option<PathBuf>,
}

impl TempFile {
    /// Creates an unnamed file in `dir` (`O_TMPFILE`), or fails with the filesystem's answer;
    /// [`probe_unnamed`] tells beforehand whether it and [`TempFile::link_as`] work there.
    #[cfg(target_os = "linux")]
    pub fn create_unnamed(dir: &Path) -> io::Result<TempFile> {
        use std::os::unix::fs::OpenOptionsExt;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .mode(0o666)
            .custom_flags(libc::O_TMPFILE)
            .open(dir)?;
        Ok(TempFile { file, path: None })
    }

    #[cfg(not(target_os = "linux"))]
    pub fn create_unnamed(_dir: &Path) -> io::Result<TempFile> {
        Err(io::ErrorKind::Unsupported.into())
    }

    /// Gives the file the name `to`, failing with `AlreadyExists` rather than replacing. The
    /// file keeps its temporary identity (a named one is still removed on drop), so a step that
    /// fails after this must remove `to` itself.
    pub fn link_as(&self, to: &Path) -> io::Result<()> {
        match &self.path {
            Some(path) => create_exclusive(path, to),
            None => link_unnamed(&self.file, to),
        }
    }

    /// Creates and locks a new temporary file in `dir`.
    ///
    /// A sweeper may take the lock in the instant between our create and our lock and unlink the
    /// file; after locking we therefore check that our path still names our inode, and start over
    /// if it does not.
    pub fn create_named(dir: &Path) -> io::Result<TempFile> {
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
                return Ok(TempFile {
                    file,
                    path: Some(path),
                });
            }
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Still locked here, so no sweeper can be looking at it; a failure leaves a file that the
        // next sweep removes. An unnamed file needs nothing: closing it frees it.
        if let Some(path) = &self.path {
            let _ = fs::remove_file(path);
        }
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

/// Whether unnamed temporary files can be made in `dir` and linked into it: `O_TMPFILE` is
/// supported by the filesystem, and `/proc/self/fd` is there to link through. Asked once per
/// album open, so a save never finds out halfway through. The probe's name ends in `.part` in
/// `tmp_dir`, so a crash in between leaves only what the sweep removes anyway.
pub fn probe_unnamed(dir: &Path, tmp_dir: &Path) -> bool {
    let Ok(tmp) = TempFile::create_unnamed(dir) else {
        return false;
    };
    let Ok(hex) = random_hex() else {
        return false;
    };
    let name = tmp_dir.join(format!("probe-{hex}{SUFFIX}"));
    let linked = tmp.link_as(&name).is_ok();
    let _ = fs::remove_file(&name);
    linked
}

/// Names an unnamed file: `linkat` of `/proc/self/fd/N` with `AT_SYMLINK_FOLLOW`, the way
/// open(2) documents for `O_TMPFILE` without privileges (`AT_EMPTY_PATH` would need
/// CAP_DAC_READ_SEARCH). Fails with `AlreadyExists` if `to` exists, like any link.
fn link_unnamed(file: &File, to: &Path) -> io::Result<()> {
    use rustix::fs::{AtFlags, CWD, linkat};
    use std::os::fd::AsRawFd;
    let from = format!("/proc/self/fd/{}", file.as_raw_fd());
    Ok(linkat(
        CWD,
        from.as_str(),
        CWD,
        to,
        AtFlags::SYMLINK_FOLLOW,
    )?)
}

/// Gives `from`'s inode the name `to`, failing with `AlreadyExists` rather than replacing.
/// A hard link is the portable way; filesystems without links (FAT) get `renameat2(NOREPLACE)`.
fn create_exclusive(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match fs::hard_link(from, to) {
        Err(e)
            if matches!(
                e.raw_os_error(),
                Some(libc::EPERM | libc::EOPNOTSUPP | libc::EMLINK)
            ) =>
        {
            Ok(renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE)?)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn dirs() -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let tmp = root.path().join("tmp");
        fs::create_dir(&tmp).unwrap();
        (root, tmp)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn an_unnamed_file_has_no_name_until_linked_and_never_replaces_one() {
        let (root, tmp) = dirs();
        assert!(
            probe_unnamed(root.path(), &tmp),
            "O_TMPFILE works on the test's disk"
        );
        assert!(names(&tmp).is_empty(), "the probe left its name behind");
        let mut t = TempFile::create_unnamed(root.path()).unwrap();
        t.file.write_all(b"picture").unwrap();
        assert_eq!(
            names(root.path()),
            ["tmp"],
            "an unnamed file showed up in the folder"
        );
        fs::write(root.path().join("taken.jpg"), b"other").unwrap();
        let err = t.link_as(&root.path().join("taken.jpg")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(root.path().join("taken.jpg")).unwrap(), b"other");
        t.link_as(&root.path().join("1.jpg")).unwrap();
        drop(t);
        assert_eq!(fs::read(root.path().join("1.jpg")).unwrap(), b"picture");
        assert_eq!(names(root.path()), ["1.jpg", "taken.jpg", "tmp"]);
    }

    #[test]
    fn an_unnamed_file_dropped_before_its_link_leaves_nothing() {
        let (root, _tmp) = dirs();
        if let Ok(mut t) = TempFile::create_unnamed(root.path()) {
            t.file.write_all(&[7u8; 100_000]).unwrap();
        }
        assert_eq!(names(root.path()), ["tmp"]);
    }

    #[test]
    fn a_named_file_is_locked_while_alive_swept_only_when_dead_and_removed_on_drop() {
        let (root, tmp) = dirs();
        let t = TempFile::create_named(&tmp).unwrap();
        assert_eq!(names(&tmp).len(), 1);
        assert_eq!(sweep(&tmp).unwrap(), 0, "swept a live save's file");
        t.link_as(&root.path().join("1.jpg")).unwrap();
        drop(t);
        assert!(names(&tmp).is_empty());
        assert!(root.path().join("1.jpg").is_file());
        // A dead save's file: nobody holds its lock.
        fs::write(tmp.join(format!("dead{SUFFIX}")), b"x").unwrap();
        fs::write(tmp.join("not-ours"), b"x").unwrap();
        assert_eq!(sweep(&tmp).unwrap(), 1);
        assert_eq!(names(&tmp), ["not-ours"]);
    }

    #[test]
    fn probing_a_folder_that_is_not_there_says_no() {
        let (root, tmp) = dirs();
        assert!(!probe_unnamed(&root.path().join("gone"), &tmp));
        assert!(!probe_unnamed(root.path(), &root.path().join("gone")));
    }
}
