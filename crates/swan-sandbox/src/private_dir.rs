//! The data folder is private to the user: app files, grants and identity records live there.
//!
//! The rule (B8):
//! - A data folder this crate creates is made 0700, whatever the umask (the mode is set
//!   explicitly after creation, since `mkdir` masks it). Missing parents are created 0700 too.
//! - An existing data folder must be a directory owned by this user and writable by no one
//!   else; otherwise opening fails with `PermissionDenied` and says how to fix it. It is not
//!   changed: it may be a folder the user chose (their home, say), whose mode is theirs.
//! - Everything beneath it that belongs to swan-album (`apps/`, each app's folder and its
//!   `tmp`, `store`, `usr`, `runs`) is always ours: created 0700 and tightened to 0700 if it
//!   was looser (an older version made them with the umask). One owned by another user is
//!   refused.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::Path;

use cap_std::fs::{Dir, DirBuilder, DirBuilderExt as _, Permissions, PermissionsExt as _};

/// Mode of every folder swan-album keeps private data in.
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// Creates `data_dir` (0700) if missing, or checks that an existing one is safe (see the module
/// doc). Called by [`crate::Sandbox::open`]; hosts call it before putting anything there.
pub fn ensure_data_dir(data_dir: &Path) -> io::Result<()> {
    // Outermost first, so each folder we make is made (and chmod-ed) inside an existing one.
    let mut missing: Vec<&Path> = data_dir
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && fs::symlink_metadata(p).is_err())
        .collect();
    missing.reverse();
    for dir in missing {
        match fs::DirBuilder::new().mode(PRIVATE_DIR_MODE).create(dir) {
            // `mkdir` masks the mode with the umask: set it for real.
            Ok(()) => fs::set_permissions(dir, fs::Permissions::from_mode(PRIVATE_DIR_MODE))?,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    let meta = fs::metadata(data_dir)?;
    if !meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            format!("data folder {} is not a directory", data_dir.display()),
        ));
    }
    if meta.uid() != euid() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "data folder {} belongs to another user (uid {}); choose a folder of your own",
                data_dir.display(),
                meta.uid()
            ),
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "data folder {} is writable by other users (mode {:03o}); \
                 make it private with `chmod 700 {}`",
                data_dir.display(),
                meta.mode() & 0o777,
                data_dir.display()
            ),
        ));
    }
    Ok(())
}

/// Creates (0700) or opens the folder `name` beneath `parent`, tightening it to 0700 if needed.
/// Refuses a symlink, a non-directory, or a folder owned by another user.
pub(crate) fn private_child(parent: &Dir, name: &str) -> io::Result<Dir> {
    let mut builder = DirBuilder::new();
    builder.mode(PRIVATE_DIR_MODE);
    let created = match parent.create_dir_with(name, &builder) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
        Err(e) => return Err(e),
    };
    let meta = parent.symlink_metadata(name)?;
    if !meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            format!("{name:?} in the data folder is not a directory"),
        ));
    }
    if cap_std::fs::MetadataExt::uid(&meta) != euid() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{name:?} in the data folder belongs to another user"),
        ));
    }
    if created || cap_std::fs::MetadataExt::mode(&meta) & 0o777 != PRIVATE_DIR_MODE {
        parent.set_permissions(name, Permissions::from_mode(PRIVATE_DIR_MODE))?;
    }
    parent.open_dir(name)
}

fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}
