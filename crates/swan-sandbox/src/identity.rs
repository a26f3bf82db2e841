//! Who may act as an app: the app id is bound to the project that first ran as it.
//!
//! An app's grants (keyed by app id) and its files (`<data_dir>/apps/<id>/`) would otherwise
//! belong to any project that declares the same id or sits in a folder of the same name. So the
//! first project that opens the app's sandbox is recorded in `<data_dir>/apps/<id>/project`
//! (its canonical root path, plus the device and inode of that folder), and a project at any
//! other path is refused with [`IdentityError::Claimed`] until it explicitly adopts the id
//! ([`Adopt::Yes`], the CLI's `--adopt`), which rebinds the id to it and hands it the app's files
//! and grants.
//!
//! The rule:
//! - The identity of a project is its canonical root path (symlinks resolved). A folder replaced
//!   at the same path is the same project: whoever can replace it can already change its code.
//! - A project moved to another path is refused like any other claimant (the error says it
//!   looks like the same folder, moved); adopting rebinds it.
//! - [`Package::Host`] (a host-side call such as `swan-album save --app ID FILE`, where no
//!   project code runs) neither binds nor is checked: the host reads the one file it was given.
//! - [`Package::None`] likewise: there is no code to trust or distrust.
//! - App folders from before binding existed are bound by the first project that opens them.

use std::ffi::OsStr;
use std::fmt;
use std::io::{self, Read as _, Write as _};
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt as _};
use swan_fs::{TempFile, sync_dir};

use crate::app_id::AppId;

/// Name of the binding record in the app's folder (not reachable by page code, which only sees
/// the `tmp`, `store` and `usr` areas).
const BINDING_FILE: &str = "project";
const HEADER: &str = "swan-album project binding 1";
/// A record is a few lines and a path; anything larger is not one of ours.
const MAX_RECORD: u64 = 64 * 1024;

/// Whether a project may take over an app id bound to another project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Adopt {
    /// Refuse if the id is bound to another project (the default).
    #[default]
    No,
    /// Rebind the id to this project: it gets the app's files and grants.
    Yes,
}

/// Whose code a sandbox is opened for; decides the code package and the identity check.
#[derive(Clone, Copy, Debug)]
pub enum Package<'a> {
    /// A project whose code runs as the app: the id is bound to it on first use and must be
    /// bound to it afterwards (see the module doc). Its root is the code package.
    Project {
        /// The project's root folder.
        root: &'a Path,
        /// Whether to take the id over from another project.
        adopt: Adopt,
    },
    /// A folder the host itself reads from, with no project code running (the CLI's
    /// `save --app ID FILE` reads FILE from its folder). Readable as the code package; nothing
    /// is bound and nothing is checked.
    Host(&'a Path),
    /// No code package at all.
    None,
}

/// Why a project may not act as an app.
#[derive(Debug)]
pub enum IdentityError {
    /// The app id is bound to another project.
    Claimed {
        /// The app id.
        app: AppId,
        /// The project the id is bound to.
        owner: PathBuf,
        /// The project that asked for it.
        claimant: PathBuf,
        /// The claimant is the owner's folder (same device and inode) at a new path.
        moved: bool,
    },
    /// The binding record is not one swan-album wrote (damaged or edited).
    Damaged {
        /// The app id.
        app: AppId,
    },
    /// The file system failed.
    Io(io::Error),
}

impl fmt::Display for IdentityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentityError::Claimed {
                app,
                owner,
                claimant,
                moved: true,
            } => write!(
                f,
                "app id \"{app}\" is bound to the project at {}; the project at {} looks like \
                 that folder moved: adopt the id to keep using its files and permissions",
                owner.display(),
                claimant.display()
            ),
            IdentityError::Claimed {
                app,
                owner,
                claimant,
                moved: false,
            } => write!(
                f,
                "app id \"{app}\" is already used by the project at {}; the project at {} may \
                 not use it unless it adopts the id, which hands it that app's files and \
                 permissions",
                owner.display(),
                claimant.display()
            ),
            IdentityError::Damaged { app } => write!(
                f,
                "the record of which project owns app id \"{app}\" is damaged; adopt the id to \
                 bind it to this project"
            ),
            IdentityError::Io(e) => write!(f, "cannot check the app's owner: {e}"),
        }
    }
}

impl std::error::Error for IdentityError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IdentityError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for IdentityError {
    fn from(e: io::Error) -> Self {
        IdentityError::Io(e)
    }
}

/// A project as recorded: canonical root, and the folder's device and inode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Binding {
    pub(crate) root: PathBuf,
    pub(crate) dev: u64,
    pub(crate) ino: u64,
}

impl Binding {
    /// `HEADER`, `dev N`, `ino N`, `root <path bytes>` and a final newline. The path is last and
    /// taken as raw bytes, so any file name (even one with a newline) round-trips.
    fn encode(&self) -> Vec<u8> {
        let mut out = format!("{HEADER}\ndev {}\nino {}\nroot ", self.dev, self.ino).into_bytes();
        out.extend_from_slice(self.root.as_os_str().as_bytes());
        out.push(b'\n');
        out
    }

    fn decode(bytes: &[u8]) -> Option<Binding> {
        let rest = bytes.strip_prefix(HEADER.as_bytes())?.strip_prefix(b"\n")?;
        let (dev, rest) = number_line(rest, b"dev ")?;
        let (ino, rest) = number_line(rest, b"ino ")?;
        let root = rest.strip_prefix(b"root ")?.strip_suffix(b"\n")?;
        if !root.starts_with(b"/") {
            return None;
        }
        Some(Binding {
            root: PathBuf::from(OsStr::from_bytes(root)),
            dev,
            ino,
        })
    }
}

fn number_line<'b>(bytes: &'b [u8], key: &[u8]) -> Option<(u64, &'b [u8])> {
    let rest = bytes.strip_prefix(key)?;
    let end = rest.iter().position(|&b| b == b'\n')?;
    let n = std::str::from_utf8(&rest[..end]).ok()?.parse().ok()?;
    Some((n, &rest[end + 1..]))
}

/// Checks that `project` may act as `app`, binding the id to it on first use or when adopting.
pub(crate) fn claim(
    app_dir: &Dir,
    app: &AppId,
    project: &Binding,
    adopt: Adopt,
) -> Result<(), IdentityError> {
    // Two tries: a first binding that loses a race to another project's first binding reads
    // the winner's record and is judged against it.
    for _ in 0..2 {
        match read(app_dir)? {
            None => {
                if write(app_dir, project, Replace::No)? {
                    return Ok(());
                }
            }
            Some(Some(owner)) if owner.root == project.root => {
                if owner != *project {
                    // The folder at that path was replaced: still the same project; keep the
                    // record's device and inode current so a later move is recognised.
                    write(app_dir, project, Replace::Yes)?;
                }
                return Ok(());
            }
            Some(_) if adopt == Adopt::Yes => {
                write(app_dir, project, Replace::Yes)?;
                return Ok(());
            }
            Some(Some(owner)) => {
                return Err(IdentityError::Claimed {
                    app: app.clone(),
                    moved: owner.dev == project.dev && owner.ino == project.ino,
                    owner: owner.root,
                    claimant: project.root.clone(),
                });
            }
            Some(None) => return Err(IdentityError::Damaged { app: app.clone() }),
        }
    }
    Err(IdentityError::Io(io::Error::other(
        "the app's owner record keeps changing",
    )))
}

/// The record: `None` if there is none, `Some(None)` if it cannot be read as one.
fn read(app_dir: &Dir) -> io::Result<Option<Option<Binding>>> {
    let mut opts = OpenOptions::new();
    opts.read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY);
    let file = match app_dir.open_with(BINDING_FILE, &opts) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        // A symlink or something else that cannot be a record of ours.
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(Some(None)),
        Err(e) => return Err(e),
    };
    if !file.metadata()?.is_file() {
        return Ok(Some(None));
    }
    let mut bytes = Vec::new();
    file.into_std()
        .take(MAX_RECORD + 1)
        .read_to_end(&mut bytes)?;
    Ok(Some(Binding::decode(&bytes)))
}

#[derive(PartialEq)]
enum Replace {
    No,
    Yes,
}

/// Writes the record durably and atomically: a synced temp file moved to the record's name
/// (never replacing one that appeared meanwhile, unless `Replace::Yes`), then the folder synced.
/// Returns false if `Replace::No` found a record already there.
fn write(app_dir: &Dir, binding: &Binding, replace: Replace) -> io::Result<bool> {
    let dir = Arc::new(app_dir.try_clone()?);
    let mut temp = TempFile::create_named(&dir, &format!(".{BINDING_FILE}-"), ".tmp", 0o600)?;
    temp.write_all(&binding.encode())?;
    temp.sync_all()?;
    match temp.persist(app_dir, BINDING_FILE, replace == Replace::Yes) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e),
    }
    sync_dir(app_dir)?;
    Ok(true)
}

/// The project at `root` as it would be recorded: its canonical path and the device and inode
/// of the folder opened there.
pub(crate) fn project_binding(root: &Path) -> io::Result<(Binding, Dir)> {
    use cap_std::fs::MetadataExt as _;
    let canonical = std::fs::canonicalize(root)?;
    let dir = Dir::open_ambient_dir(&canonical, cap_std::ambient_authority())?;
    let meta = dir.dir_metadata()?;
    Ok((
        Binding {
            root: canonical,
            dev: meta.dev(),
            ino: meta.ino(),
        },
        dir,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_round_trips_any_path() {
        for root in ["/a/b", "/with\nnewline\n", "/ünï cødé", "/"] {
            let b = Binding {
                root: PathBuf::from(root),
                dev: 7,
                ino: u64::MAX,
            };
            assert_eq!(Binding::decode(&b.encode()), Some(b));
        }
        assert_eq!(Binding::decode(b""), None);
        assert_eq!(Binding::decode(b"garbage"), None);
        let relative = format!("{HEADER}\ndev 1\nino 2\nroot x\n");
        assert_eq!(Binding::decode(relative.as_bytes()), None);
        let no_newline = format!("{HEADER}\ndev 1\nino 2\nroot /x");
        assert_eq!(Binding::decode(no_newline.as_bytes()), None);
    }
}
