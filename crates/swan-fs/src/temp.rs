//! A file that only becomes visible under a final name once it is complete.

use crate::random_hex;
use cap_std::fs::Dir;
use rustix::fs::{AtFlags, Mode, OFlags, RenameFlags, linkat, openat, renameat_with, unlinkat};
use std::fs::File;
use std::io::{self, Write};
use std::sync::Arc;

/// A temporary file in a directory: named (`<prefix><16 hex><suffix>`, created exclusively) or,
/// where the filesystem allows it, unnamed (Linux `O_TMPFILE`: nothing to clean up after a
/// crash, no directory update to create or drop it). Removed on drop unless kept; giving it a
/// final name ([`TempFile::link_as`], [`TempFile::persist`]) never replaces an existing file.
pub struct TempFile {
    file: File,
    guard: Name,
}

impl TempFile {
    /// Creates a new, empty, named file in `dir`, open for reading and writing, with permission
    /// bits `mode` (less the umask). A name already taken is never reused.
    pub fn create_named(
        dir: &Arc<Dir>,
        prefix: &str,
        suffix: &str,
        mode: u32,
    ) -> io::Result<TempFile> {
        // 64 random bits: a collision is practically impossible, and the exclusive create makes
        // one harmless anyway.
        Self::create_named_with(dir, prefix, 8, suffix, mode)
    }

    /// Like [`TempFile::create_named`], with `random_bytes` random bytes (twice as many hex
    /// digits) in the name: for a caller whose `prefix` already makes names unique among its
    /// peers (the sandbox puts its run's tag there) and whose names have a fixed length.
    pub fn create_named_with(
        dir: &Arc<Dir>,
        prefix: &str,
        random_bytes: usize,
        suffix: &str,
        mode: u32,
    ) -> io::Result<TempFile> {
        let flags =
            OFlags::RDWR | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        for _ in 0..16 {
            let name = format!("{prefix}{}{suffix}", random_hex(random_bytes)?);
            match openat(&**dir, name.as_str(), flags, Mode::from_raw_mode(mode)) {
                Ok(fd) => {
                    return Ok(TempFile {
                        file: File::from(fd),
                        guard: Name {
                            dir: Arc::clone(dir),
                            name: Some(name),
                        },
                    });
                }
                Err(rustix::io::Errno::EXIST) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free temporary file name",
        ))
    }

    /// Creates an unnamed file in `dir` (`O_TMPFILE`), or fails with the filesystem's answer
    /// (`Unsupported` off Linux). Whether [`TempFile::link_as`] then works also depends on
    /// `/proc` being mounted; a caller that needs to know asks once with a probe file.
    pub fn create_unnamed(dir: &Arc<Dir>, mode: u32) -> io::Result<TempFile> {
        #[cfg(target_os = "linux")]
        {
            let fd = openat(
                &**dir,
                ".",
                OFlags::RDWR | OFlags::TMPFILE | OFlags::CLOEXEC,
                Mode::from_raw_mode(mode),
            )?;
            Ok(TempFile {
                file: File::from(fd),
                guard: Name {
                    dir: Arc::clone(dir),
                    name: None,
                },
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (dir, mode);
            Err(io::ErrorKind::Unsupported.into())
        }
    }

    /// The open file.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The temporary name in its directory; `None` for an unnamed file.
    pub fn name(&self) -> Option<&str> {
        self.guard.name.as_deref()
    }

    /// The directory the file was created in.
    pub fn dir(&self) -> &Arc<Dir> {
        &self.guard.dir
    }

    /// Flushes the data and the size (not the timestamps): enough for the bytes to be durable.
    pub fn sync_data(&self) -> io::Result<()> {
        self.file.sync_data()
    }

    /// Flushes data and metadata.
    pub fn sync_all(&self) -> io::Result<()> {
        self.file.sync_all()
    }

    /// Gives the file the name `to` in `to_dir` as well, failing with `AlreadyExists` rather
    /// than replacing. The file stays temporary (a named one is still removed on drop), so a
    /// step that fails after this must remove `to` itself. `to_dir` must be on the same
    /// filesystem.
    ///
    /// A hard link where the filesystem has them; otherwise (FAT) a named file is moved with
    /// `renameat2(RENAME_NOREPLACE)`. An unnamed file is linked through `/proc/self/fd` with
    /// `AT_SYMLINK_FOLLOW`, as open(2) documents for `O_TMPFILE` without privileges.
    pub fn link_as(&self, to_dir: &Dir, to: &str) -> io::Result<()> {
        match &self.guard.name {
            Some(name) => match linkat(
                &*self.guard.dir,
                name.as_str(),
                to_dir,
                to,
                AtFlags::empty(),
            ) {
                Err(
                    rustix::io::Errno::PERM
                    | rustix::io::Errno::OPNOTSUPP
                    | rustix::io::Errno::MLINK,
                ) => Ok(renameat_with(
                    &*self.guard.dir,
                    name.as_str(),
                    to_dir,
                    to,
                    RenameFlags::NOREPLACE,
                )?),
                other => Ok(other?),
            },
            None => {
                use std::os::fd::AsRawFd;
                let from = format!("/proc/self/fd/{}", self.file.as_raw_fd());
                Ok(linkat(
                    rustix::fs::CWD,
                    from.as_str(),
                    to_dir,
                    to,
                    AtFlags::SYMLINK_FOLLOW,
                )?)
            }
        }
    }

    /// Moves the file to `to` in `to_dir` (replacing what is there when `replace`, else failing
    /// with `AlreadyExists`) and keeps it. Flush the file first, and the directory after, for the
    /// move to survive a power cut.
    pub fn persist(self, to_dir: &Dir, to: &str, replace: bool) -> io::Result<File> {
        match self.guard.name.as_deref() {
            Some(name) if replace => {
                rustix::fs::renameat(&*self.guard.dir, name, to_dir, to)?;
            }
            Some(name) => {
                renameat_with(&*self.guard.dir, name, to_dir, to, RenameFlags::NOREPLACE)?;
            }
            None if replace => {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    "an unnamed temporary file can only be linked under a free name",
                ));
            }
            None => self.link_as(to_dir, to)?,
        }
        Ok(self.into_file())
    }

    /// Keeps the file where it is (under its temporary name, if it has one) and returns it.
    pub fn keep(self) -> File {
        self.into_file()
    }

    fn into_file(self) -> File {
        let TempFile { file, mut guard } = self;
        guard.name = None;
        file
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl std::fmt::Debug for TempFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TempFile")
            .field("name", &self.guard.name)
            .finish_non_exhaustive()
    }
}

/// The temporary name, removed when dropped. Dropped after the file (field order), so the file
/// is closed before its name goes; a failure leaves a name that the owner's sweep removes.
struct Name {
    dir: Arc<Dir>,
    name: Option<String>,
}

impl Drop for Name {
    fn drop(&mut self) {
        if let Some(name) = &self.name {
            let _ = unlinkat(&*self.dir, name.as_str(), AtFlags::empty());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::os::unix::fs::PermissionsExt as _;

    fn dir() -> (tempfile::TempDir, Arc<Dir>) {
        let t = tempfile::tempdir().unwrap();
        let d = Dir::open_ambient_dir(t.path(), cap_std::ambient_authority()).unwrap();
        (t, Arc::new(d))
    }

    fn names(dir: &Dir) -> Vec<String> {
        let mut v: Vec<String> = dir
            .entries()
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_named_file_is_removed_on_drop_and_linking_never_replaces() {
        let (_t, d) = dir();
        d.write("taken", b"other").unwrap();
        let mut t = TempFile::create_named(&d, "tmp_", ".part", 0o600).unwrap();
        let name = t.name().unwrap().to_string();
        assert!(name.starts_with("tmp_") && name.ends_with(".part") && name.len() == 25);
        t.write_all(b"picture").unwrap();
        t.sync_data().unwrap();
        let err = t.link_as(&d, "taken").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(d.read("taken").unwrap(), b"other");
        t.link_as(&d, "final").unwrap();
        assert_eq!(names(&d), ["final", "taken", name.as_str()]);
        drop(t);
        assert_eq!(names(&d), ["final", "taken"]);
        assert_eq!(d.read("final").unwrap(), b"picture");
    }

    #[test]
    fn a_name_can_carry_a_tag_and_a_shorter_random_part() {
        let (_t, d) = dir();
        let t = TempFile::create_named_with(&d, "tmp_0badcafe", 4, ".png", 0o600).unwrap();
        let name = t.name().unwrap().to_string();
        let random = &name["tmp_0badcafe".len()..name.len() - ".png".len()];
        assert_eq!(random.len(), 8, "{name}");
        assert!(random.bytes().all(|b| b.is_ascii_hexdigit()), "{name}");
        let other = TempFile::create_named_with(&d, "tmp_0badcafe", 4, ".png", 0o600).unwrap();
        assert_ne!(other.name(), t.name());
        let kept = t.keep();
        assert_eq!(kept.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        drop(other);
        assert_eq!(names(&d), [name]);
    }

    #[test]
    fn kept_and_persisted_files_stay() {
        let (_t, d) = dir();
        let mut t = TempFile::create_named(&d, "", "", 0o600).unwrap();
        t.write_all(b"kept").unwrap();
        let name = t.name().unwrap().to_string();
        drop(t.keep());
        assert_eq!(d.read(&name).unwrap(), b"kept");

        d.write("dest", b"old").unwrap();
        let mut t = TempFile::create_named(&d, "x", "", 0o600).unwrap();
        t.write_all(b"new").unwrap();
        let t = match t.persist(&d, "dest", false) {
            Ok(_) => panic!("persist without replace replaced a file"),
            Err(e) => {
                assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
                TempFile::create_named(&d, "y", "", 0o600).unwrap()
            }
        };
        let mut f = t.persist(&d, "dest", true).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        let mut want = vec!["dest".to_string(), name];
        want.sort();
        assert_eq!(names(&d), want);
        assert_eq!(d.read("dest").unwrap(), b"");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn an_unnamed_file_has_no_name_until_linked() {
        let (_t, d) = dir();
        let mut t = TempFile::create_unnamed(&d, 0o644).unwrap();
        assert_eq!(t.name(), None);
        t.write_all(&[7u8; 100_000]).unwrap();
        assert!(names(&d).is_empty());
        t.link_as(&d, "1.jpg").unwrap();
        assert_eq!(
            t.link_as(&d, "1.jpg").unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        drop(t);
        assert_eq!(names(&d), ["1.jpg"]);
        assert_eq!(d.read("1.jpg").unwrap().len(), 100_000);
        // Dropped before a link: nothing left.
        drop(TempFile::create_unnamed(&d, 0o644).unwrap());
        assert_eq!(names(&d), ["1.jpg"]);
    }
}
