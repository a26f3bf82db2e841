//! One app's view of the file system, and resolution of swan paths in it.
//!
//! Every area (temp, store, user, code package) is held as an open directory
//! handle, and paths are opened *beneath* that handle with cap-std (on Linux
//! `openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)`). The kernel, not string
//! comparison, guarantees that `..`, symlinks and absolute paths cannot leave
//! the area, so one app can never reach the host's or another app's files.

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::Arc;

use cap_std::ambient_authority;
use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt as _};

use crate::app_id::AppId;
use crate::error::{OpenError, PathError, TempError};
use crate::identity::{self, Package};
use crate::path::SandboxPath;
use crate::private_dir::{ensure_data_dir, private_child};
use crate::run_lock::RunLock;
use crate::temp::{TempAccount, TempFile, clear_dir};

/// Folder under the data dir that holds one folder per app.
const APPS_DIR: &str = "apps";
const TMP_DIR: &str = "tmp";
const STORE_DIR: &str = "store";
const USR_DIR: &str = "usr";
/// One lock file per live run of the app (not reachable by page code).
const RUNS_DIR: &str = "runs";

/// The message cap-std gives (with kind `PermissionDenied`) when a path would
/// resolve outside the directory it is opened beneath.
const ESCAPE_MESSAGE: &str = "a path led outside of the filesystem";

/// One app's sandbox: `<data_dir>/apps/<app>/{tmp,store,usr}` plus an optional
/// read-only code package (the project root).
///
/// One `Sandbox` is one run of the app: it holds the run's lock (see `run_lock.rs`) for its
/// whole life, so other runs of the same app leave its temp files alone.
pub struct Sandbox {
    app: AppId,
    app_dir: Dir,
    tmp: Arc<Dir>,
    store: Dir,
    usr: Dir,
    runs: Arc<Dir>,
    project: Option<Dir>,
    temp: Arc<TempAccount>,
    run: Arc<RunLock>,
}

/// What a swan path resolved to.
#[derive(Debug)]
pub enum Resolved {
    /// A network URL: not opened. Returned as a value, not an error, because the
    /// caller checks for it *before* checking legality (spec §2 step 2).
    Network {
        /// The URL as given.
        url: String,
    },
    /// A regular file of the app, opened for reading.
    File(SandboxFile),
}

/// A regular file opened read-only from inside the sandbox.
#[derive(Debug)]
pub struct SandboxFile {
    /// Opened read-only and verified to be a regular file *on this handle*, so
    /// a swap after the check cannot substitute something else. It was opened
    /// with `O_NONBLOCK` (so a FIFO could not hang the open); that flag has no
    /// effect on regular files.
    pub file: std::fs::File,
    /// Size in bytes at open time.
    pub len: u64,
    /// The swan path as given by the caller.
    pub file_path: String,
}

impl Sandbox {
    /// Opens the sandbox of `app` for `package`, creating its folders (0700) if missing.
    ///
    /// With [`Package::Project`] the app id must belong to that project: it is bound to it on
    /// first use, and another project is refused with [`OpenError::Identity`] unless it adopts
    /// the id (see `identity.rs` for the rule). [`Package::Host`] and [`Package::None`] neither
    /// bind nor are checked, since no project code runs.
    ///
    /// This is the only place that uses the host's ambient authority (the paths
    /// the host chose); everything after goes through directory handles.
    pub fn open(data_dir: &Path, app: &AppId, package: Package<'_>) -> Result<Sandbox, OpenError> {
        ensure_data_dir(data_dir)?;
        let data = Dir::open_ambient_dir(data_dir, ambient_authority())?;
        let apps = private_child(&data, APPS_DIR)?;
        let app_dir = private_child(&apps, app.as_str())?;
        let project = match package {
            Package::Project { root, adopt } => {
                let (binding, dir) = identity::project_binding(root)?;
                identity::claim(&app_dir, app, &binding, adopt)?;
                Some(dir)
            }
            Package::Host(root) => Some(Dir::open_ambient_dir(root, ambient_authority())?),
            Package::None => None,
        };
        let tmp = private_child(&app_dir, TMP_DIR)?;
        let store = private_child(&app_dir, STORE_DIR)?;
        let usr = private_child(&app_dir, USR_DIR)?;
        let runs = Arc::new(private_child(&app_dir, RUNS_DIR)?);
        let run = Arc::new(RunLock::acquire(Arc::clone(&runs))?);
        let temp = TempAccount::for_dir(&app_dir, &tmp)?;
        Ok(Sandbox {
            app: app.clone(),
            app_dir,
            tmp: Arc::new(tmp),
            store,
            usr,
            runs,
            project,
            temp,
            run,
        })
    }

    /// The app this sandbox belongs to.
    pub fn app(&self) -> &AppId {
        &self.app
    }

    pub(crate) fn tmp_dir(&self) -> &Dir {
        &self.tmp
    }

    pub(crate) fn store_dir(&self) -> &Dir {
        &self.store
    }

    pub(crate) fn usr_dir(&self) -> &Dir {
        &self.usr
    }

    pub(crate) fn app_dir(&self) -> &Dir {
        &self.app_dir
    }

    pub(crate) fn temp_account(&self) -> &TempAccount {
        &self.temp
    }

    /// The quota of store and user files together.
    pub fn persistent_quota(&self) -> u64 {
        crate::persist::DEFAULT_PERSISTENT_QUOTA
    }

    /// Resolves a swan `filePath` and opens it for reading.
    ///
    /// Network URLs give `Ok(Resolved::Network)` so the caller can report them
    /// first; then [`PathError::Illegal`] (malformed, or would leave the app's
    /// directories), then [`PathError::NotFound`] (missing, not a regular file,
    /// another app's file). Never blocks on FIFOs or devices.
    pub fn open_file(&self, file_path: &str) -> Result<Resolved, PathError> {
        let (dir, rel) = match SandboxPath::parse(file_path)? {
            SandboxPath::Network { url } => return Ok(Resolved::Network { url }),
            SandboxPath::Temp { name } => {
                // An uncommitted temp file does not exist yet from the app's
                // point of view (its download has not finished).
                if self.temp.is_inflight(&name) {
                    return Err(PathError::NotFound);
                }
                (&*self.tmp, name)
            }
            SandboxPath::Store { name } => (&self.store, name),
            SandboxPath::Usr { relative } => (&self.usr, relative),
            SandboxPath::Package { relative } => match &self.project {
                Some(p) => (p, relative),
                None => return Err(PathError::NotFound),
            },
        };
        if rel.is_empty() || rel.ends_with('/') {
            // The area root or a path that can only be a directory.
            return Err(PathError::NotFound);
        }
        let file = open_regular(dir, &rel)?;
        let meta = file.metadata().map_err(PathError::Io)?;
        Ok(Resolved::File(SandboxFile {
            file,
            len: meta.len(),
            file_path: file_path.to_owned(),
        }))
    }

    /// Creates a new temp file (e.g. for a download) named
    /// `tmp_<16 random hex>[.<ext>]`; `ext` must be `[A-Za-z0-9]{1,10}`.
    pub fn create_temp(&self, ext: Option<&str>) -> Result<TempFile, TempError> {
        self.temp.create(&self.tmp, &self.run, ext)
    }

    /// Deletes the temp files that no live run needs: this run's committed ones and everything
    /// that runs which have ended (exited, crashed, killed) left behind. Temp files are valid
    /// for their run only, so the runtime calls this when a run starts. Files of other live
    /// runs of the app (another process, another `Sandbox`) and files still being written stay.
    pub fn clear_temp(&self) -> io::Result<()> {
        self.temp.sweep(&self.tmp, &self.runs, self.run.tag())
    }

    /// Sets the temp quota of this app (shared by every `Sandbox` of the app in
    /// this process; other processes check their own against the same files).
    /// Lowering it below the current usage makes further writes fail; nothing
    /// already written is deleted.
    pub fn set_temp_quota(&mut self, bytes: u64) {
        self.temp.set_quota(bytes);
    }

    /// The current temp quota in bytes.
    pub fn temp_quota(&self) -> u64 {
        self.temp.quota()
    }

    /// Bytes used by the app's temp files on disk: those of every run, finished
    /// or still being written.
    pub fn temp_usage(&self) -> io::Result<u64> {
        self.temp.usage(&self.tmp)
    }

    /// Deletes all of the app's files (temp, store and user), as when the app is
    /// removed. The folders themselves stay, empty. Temp files still being
    /// written are deleted too; committing them afterwards fails.
    pub fn reset(&self) -> io::Result<()> {
        let mut first_err = self.temp.clear_all(&self.tmp).err();
        for dir in [&self.store, &self.usr] {
            if let Err(e) = clear_dir(dir) {
                first_err.get_or_insert(e);
            }
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("app", &self.app)
            .field("has_project", &self.project.is_some())
            .finish_non_exhaustive()
    }
}

/// Opens `rel` beneath `dir` read-only and returns it only if it is a regular
/// file.
///
/// Why two checks: the metadata check first avoids even opening FIFOs and
/// devices in the common case (opening a device can have side effects); the
/// open itself uses `O_NONBLOCK | O_NOCTTY` so that a FIFO swapped in after the
/// check still cannot block, and the handle is checked again so the caller only
/// ever gets a regular file.
fn open_regular(dir: &Dir, rel: &str) -> Result<std::fs::File, PathError> {
    let meta = dir.metadata(rel).map_err(classify)?;
    if !meta.is_file() {
        return Err(PathError::NotFound);
    }
    open_checked(dir, rel)
}

/// The race-proof half of [`open_regular`]: a non-blocking open, then a check
/// of the opened handle.
fn open_checked(dir: &Dir, rel: &str) -> Result<std::fs::File, PathError> {
    let mut opts = OpenOptions::new();
    opts.read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    let file = dir.open_with(rel, &opts).map_err(classify)?.into_std();
    let meta = file.metadata().map_err(PathError::Io)?;
    if !meta.is_file() {
        return Err(PathError::NotFound);
    }
    Ok(file)
}

/// Whether cap-std refused a path because it would leave the directory.
pub(crate) fn is_escape(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::PermissionDenied
        && e.raw_os_error().is_none()
        && e.get_ref()
            .is_some_and(|inner| inner.to_string() == ESCAPE_MESSAGE)
}

/// Maps an error from resolving a path beneath an area to the caller's order:
/// escapes are illegal, anything meaning "no such regular file" is not found,
/// the rest is an I/O error.
fn classify(e: io::Error) -> PathError {
    if is_escape(&e) {
        return PathError::Illegal;
    }
    match e.kind() {
        io::ErrorKind::NotFound
        | io::ErrorKind::NotADirectory
        | io::ErrorKind::IsADirectory
        | io::ErrorKind::InvalidFilename => PathError::NotFound,
        _ => match e.raw_os_error() {
            // Symlink loop (or too many links), name too long, a socket or
            // device without a driver: there is no readable file there.
            Some(libc::ELOOP | libc::ENAMETOOLONG | libc::ENXIO | libc::ENODEV) => {
                PathError::NotFound
            }
            _ => PathError::Io(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Models a FIFO swapped in after the metadata check: the open itself
    /// must neither block nor hand out the FIFO.
    #[test]
    fn open_checked_does_not_block_on_fifo() {
        let t = tempfile::tempdir().expect("tempdir");
        let status = std::process::Command::new("mkfifo")
            .arg(t.path().join("p"))
            .status()
            .expect("mkfifo");
        assert!(status.success());
        let dir = Dir::open_ambient_dir(t.path(), ambient_authority()).expect("open");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(matches!(open_checked(&dir, "p"), Err(PathError::NotFound)));
        });
        let ok = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("open of a FIFO hung");
        assert!(ok);
    }

    #[test]
    fn escape_detection() {
        let t = tempfile::tempdir().expect("tempdir");
        let dir = Dir::open_ambient_dir(t.path(), ambient_authority()).expect("open");
        let e = dir.open("../x").expect_err("escape");
        assert!(is_escape(&e));
        assert!(matches!(classify(e), PathError::Illegal));
        let e = dir.open("missing").expect_err("missing");
        assert!(!is_escape(&e));
        assert!(matches!(classify(e), PathError::NotFound));
        let plain = io::Error::from_raw_os_error(libc::EACCES);
        assert!(!is_escape(&plain));
        assert!(matches!(classify(plain), PathError::Io(_)));
    }
}
