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

use cap_std::fs::Dir;
use rustix::fs::{AtFlags, Mode, OFlags, fstat, openat, statat, unlinkat};
use std::fs::File;
use std::io;
use std::sync::Arc;
use swan_fs::TempFile;

const SUFFIX: &str = ".part";

/// Permission bits of a stored picture, less the umask: an ordinary file of the user's.
const MODE: u32 = 0o666;

/// An unnamed temp file in the album folder (`O_TMPFILE`); [`probe_unnamed`] tells beforehand
/// whether that and linking it work there.
pub fn create_unnamed(root: &Arc<Dir>) -> io::Result<TempFile> {
    TempFile::create_unnamed(root, MODE)
}

/// Creates and locks a new named temp file in `tmp`.
///
/// A sweeper may take the lock in the instant between our create and our lock and unlink the
/// file; after locking we therefore check that our name still names our inode, and start over
/// if it does not.
pub fn create_named(tmp: &Arc<Dir>) -> io::Result<TempFile> {
    loop {
        let t = TempFile::create_named(tmp, "", SUFFIX, MODE)?;
        t.file().lock()?;
        let name = t.name().unwrap_or_default();
        if same_inode(t.file(), tmp, name)? {
            return Ok(t);
        }
        // The name is no longer ours to remove.
        drop(t.keep());
    }
}

/// Removes temporary files whose owner is gone. Returns how many were removed.
pub fn sweep(tmp: &Dir) -> io::Result<u64> {
    let mut removed = 0;
    for item in tmp.entries()? {
        let Ok(name) = item?.file_name().into_string() else {
            continue;
        };
        if !name.ends_with(SUFFIX) {
            continue;
        }
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
        let file = match openat(tmp, name.as_str(), flags, Mode::empty()) {
            Ok(fd) => File::from(fd),
            Err(rustix::io::Errno::NOENT) => continue,
            Err(e) => return Err(e.into()),
        };
        if file.try_lock().is_err() {
            continue; // a live save owns it
        }
        if same_inode(&file, tmp, &name)? {
            unlinkat(tmp, name.as_str(), AtFlags::empty())?;
            removed += 1;
        }
    }
    Ok(removed)
}

fn same_inode(file: &File, dir: &Dir, name: &str) -> io::Result<bool> {
    let open = fstat(file)?;
    match statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
        Ok(named) => Ok(named.st_ino == open.st_ino && named.st_dev == open.st_dev),
        Err(rustix::io::Errno::NOENT) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Whether unnamed temporary files can be made in `root` and linked into it: `O_TMPFILE` is
/// supported by the filesystem, and `/proc/self/fd` is there to link through. Asked once per
/// album open, so a save never finds out halfway through. The probe's name ends in `.part` in
/// `tmp`, so a crash in between leaves only what the sweep removes anyway.
pub fn probe_unnamed(root: &Arc<Dir>, tmp: &Dir) -> bool {
    let Ok(t) = create_unnamed(root) else {
        return false;
    };
    let Ok(hex) = swan_fs::random_hex(12) else {
        return false;
    };
    let name = format!("probe-{hex}{SUFFIX}");
    let linked = t.link_as(tmp, &name).is_ok();
    let _ = unlinkat(tmp, name.as_str(), AtFlags::empty());
    linked
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn dirs() -> (tempfile::TempDir, Arc<Dir>, Arc<Dir>) {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("tmp")).unwrap();
        let open = |p: &std::path::Path| {
            Arc::new(Dir::open_ambient_dir(p, cap_std::ambient_authority()).unwrap())
        };
        let (r, t) = (open(root.path()), open(&root.path().join("tmp")));
        (root, r, t)
    }

    fn names(dir: &Dir) -> Vec<String> {
        let mut v: Vec<String> = dir
            .entries()
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn an_unnamed_file_has_no_name_until_linked_and_never_replaces_one() {
        let (_t, root, tmp) = dirs();
        assert!(
            probe_unnamed(&root, &tmp),
            "O_TMPFILE works on the test's disk"
        );
        assert!(names(&tmp).is_empty(), "the probe left its name behind");
        let mut t = create_unnamed(&root).unwrap();
        t.write_all(b"picture").unwrap();
        root.write("taken.jpg", b"other").unwrap();
        let err = t.link_as(&root, "taken.jpg").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(root.read("taken.jpg").unwrap(), b"other");
        t.link_as(&root, "1.jpg").unwrap();
        drop(t);
        assert_eq!(root.read("1.jpg").unwrap(), b"picture");
        assert_eq!(names(&root), ["1.jpg", "taken.jpg", "tmp"]);
    }

    #[test]
    fn a_named_file_is_locked_while_alive_swept_only_when_dead_and_removed_on_drop() {
        let (_t, root, tmp) = dirs();
        let t = create_named(&tmp).unwrap();
        assert_eq!(names(&tmp).len(), 1);
        assert_eq!(sweep(&tmp).unwrap(), 0, "swept a live save's file");
        t.link_as(&root, "1.jpg").unwrap();
        drop(t);
        assert!(names(&tmp).is_empty());
        assert!(root.metadata("1.jpg").unwrap().is_file());
        // A dead save's file: nobody holds its lock.
        tmp.write(format!("dead{SUFFIX}"), b"x").unwrap();
        tmp.write("not-ours", b"x").unwrap();
        assert_eq!(sweep(&tmp).unwrap(), 1);
        assert_eq!(names(&tmp), ["not-ours"]);
    }

    #[test]
    fn probing_where_linking_cannot_work_says_no() {
        let (t, root, _tmp) = dirs();
        // A folder on another filesystem (or gone) cannot receive the link.
        let other = tempfile::tempdir_in("/dev/shm").ok();
        if let Some(other) = &other {
            let far = Dir::open_ambient_dir(other.path(), cap_std::ambient_authority()).unwrap();
            assert!(!probe_unnamed(&root, &far));
        }
        drop(t);
    }
}
