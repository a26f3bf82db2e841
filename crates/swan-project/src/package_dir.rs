//! The package's directory handle and the one way a project file is read from it.

use crate::error::{FileKind, ProjectError};
use cap_std::ambient_authority;
use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt as _};
use std::io::{self, Read as _};
use std::path::Path;
use std::sync::Arc;

/// What cap-std says when a path would leave the directory (cap-primitives `escape_attempt`).
const ESCAPE_MESSAGE: &str = "a path led outside of the filesystem";

/// The project folder, opened once: every later read resolves beneath this handle, so a
/// project renamed or swapped after loading cannot make us read another one's files, and no
/// `..`, absolute path or symlink can lead out (symlinks that stay inside are followed).
#[derive(Clone, Debug)]
pub(crate) struct PackageDir(Arc<Dir>);

impl PackageDir {
    pub(crate) fn open(root: &Path) -> Result<PackageDir, ProjectError> {
        match Dir::open_ambient_dir(root, ambient_authority()) {
            Ok(dir) => Ok(PackageDir(Arc::new(dir))),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                Err(ProjectError::NotAProject(root.join(crate::APP_JSON)))
            }
            Err(e) => Err(ProjectError::Root(root.to_path_buf(), e)),
        }
    }

    /// The bytes of the regular file `rel`, or `None` if there is no such file. At most `limit`
    /// bytes are ever allocated: a larger file is refused from its size, and one that grows while
    /// being read is refused once it passes the limit.
    ///
    /// The type is checked before opening (opening a device can have side effects) and again on
    /// the opened handle; the open itself is non-blocking, so a FIFO swapped in between still
    /// cannot hang the load.
    pub(crate) fn read(&self, rel: &str, limit: u64) -> Result<Option<Vec<u8>>, ProjectError> {
        let meta = match self.0.metadata(rel) {
            Ok(meta) => meta,
            Err(e) => return absent_or(rel, e),
        };
        check(rel, meta.file_type(), meta.len(), limit)?;
        let mut options = OpenOptions::new();
        options
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
        let file = match self.0.open_with(rel, &options) {
            Ok(file) => file,
            Err(e) => return absent_or(rel, e),
        };
        let meta = file.metadata().map_err(|e| read_error(rel, e))?;
        check(rel, meta.file_type(), meta.len(), limit)?;
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.into_std()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| read_error(rel, e))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(rel, limit));
        }
        Ok(Some(bytes))
    }

    /// What `rel` is (symlinks inside the package followed), or `None` if nothing is there: how
    /// module resolution probes `x`, `x.js` and `x/index.js` without reading them. A path or
    /// symlink leading out of the package is refused, as for [`PackageDir::read`].
    pub(crate) fn file_type(
        &self,
        rel: &str,
    ) -> Result<Option<cap_std::fs::FileType>, ProjectError> {
        match self.0.metadata(rel) {
            Ok(meta) => Ok(Some(meta.file_type())),
            Err(e) => absent_or(rel, e).map(|_| None),
        }
    }
}

fn check(
    rel: &str,
    file_type: cap_std::fs::FileType,
    len: u64,
    limit: u64,
) -> Result<(), ProjectError> {
    if !file_type.is_file() {
        return Err(ProjectError::NotRegularFile {
            file: rel.to_string(),
            kind: FileKind::of(file_type),
        });
    }
    if len > limit {
        return Err(too_large(rel, limit));
    }
    Ok(())
}

fn too_large(rel: &str, limit: u64) -> ProjectError {
    ProjectError::TooLarge {
        file: rel.to_string(),
        limit,
    }
}

/// A missing file is `None` (the caller decides whether that is fine); an escape is refused;
/// anything else is a read error.
fn absent_or(rel: &str, e: io::Error) -> Result<Option<Vec<u8>>, ProjectError> {
    if is_escape(&e) {
        return Err(ProjectError::Escapes {
            file: rel.to_string(),
        });
    }
    match e.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => Ok(None),
        _ => Err(read_error(rel, e)),
    }
}

fn read_error(rel: &str, source: io::Error) -> ProjectError {
    ProjectError::Read {
        file: rel.to_string(),
        source,
    }
}

fn is_escape(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::PermissionDenied
        && e.raw_os_error().is_none()
        && e.get_ref()
            .is_some_and(|inner| inner.to_string() == ESCAPE_MESSAGE)
}
