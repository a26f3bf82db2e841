//! Error types.
//!
//! They are shaped after the order in which the caller reports failures
//! (network → 1001, malformed → 201, missing → 1001): a network URL is not an
//! error at all (see [`crate::Resolved::Network`]), and [`PathError`] keeps
//! "illegal" and "not found" apart so the caller never has to look at messages.

use std::fmt;
use std::io;

use crate::identity::IdentityError;

/// Why a swan `filePath` could not be opened.
#[derive(Debug)]
pub enum PathError {
    /// Malformed path, or one that would leave the app's directories
    /// (`..` above an area root, a symlink or absolute path pointing outside).
    /// Swan reports this as 201 `Illegal file_path`.
    Illegal,
    /// Well formed but there is no regular file there (missing, a directory, a
    /// FIFO or device, another app's file, no code package). Swan reports 1001.
    NotFound,
    /// The file exists but the system refused or failed to read it.
    Io(io::Error),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Illegal => f.write_str("illegal file path"),
            PathError::NotFound => f.write_str("no such file"),
            PathError::Io(e) => write!(f, "i/o error: {e}"),
        }
    }
}

impl std::error::Error for PathError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PathError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Why a temp file could not be created or written.
#[derive(Debug)]
pub enum TempError {
    /// The app's temp files together would exceed the temp quota.
    QuotaExceeded {
        /// The quota in bytes at the time of the failure.
        quota: u64,
    },
    /// The requested extension is not `[A-Za-z0-9]{1,10}`.
    InvalidExtension,
    /// The file system failed.
    Io(io::Error),
}

impl TempError {
    /// Whether an `io::Error` (as returned by [`crate::TempFile`]'s `Write`
    /// impl) is the temp quota being exceeded.
    ///
    /// Why a helper: `Write` can only return `io::Error`; the quota error is
    /// carried inside it with kind [`io::ErrorKind::QuotaExceeded`], and this
    /// tells it apart from a real disk quota (`EDQUOT`), which has the same kind.
    pub fn is_quota_exceeded(err: &io::Error) -> bool {
        matches!(
            err.get_ref().and_then(|e| e.downcast_ref::<TempError>()),
            Some(TempError::QuotaExceeded { .. })
        )
    }

    pub(crate) fn quota_io_error(quota: u64) -> io::Error {
        io::Error::new(
            io::ErrorKind::QuotaExceeded,
            TempError::QuotaExceeded { quota },
        )
    }
}

impl fmt::Display for TempError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TempError::QuotaExceeded { quota } => {
                write!(
                    f,
                    "temp files would exceed the app's quota of {quota} bytes"
                )
            }
            TempError::InvalidExtension => {
                f.write_str("invalid temp file extension: expected [A-Za-z0-9]{1,10}")
            }
            TempError::Io(e) => write!(f, "i/o error: {e}"),
        }
    }
}

impl std::error::Error for TempError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TempError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for TempError {
    fn from(e: io::Error) -> Self {
        if TempError::is_quota_exceeded(&e) {
            let quota = match e.get_ref().and_then(|i| i.downcast_ref::<TempError>()) {
                Some(TempError::QuotaExceeded { quota }) => *quota,
                _ => 0,
            };
            TempError::QuotaExceeded { quota }
        } else {
            TempError::Io(e)
        }
    }
}

/// Why a [`crate::Sandbox`] could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// The app id belongs to another project (or its record is damaged).
    Identity(IdentityError),
    /// The file system failed, or the data folder is not private (see `private_dir.rs`).
    Io(io::Error),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Identity(e) => e.fmt(f),
            OpenError::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::Identity(e) => Some(e),
            OpenError::Io(e) => Some(e),
        }
    }
}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> Self {
        OpenError::Io(e)
    }
}

impl From<IdentityError> for OpenError {
    fn from(e: IdentityError) -> Self {
        match e {
            IdentityError::Io(e) => OpenError::Io(e),
            other => OpenError::Identity(other),
        }
    }
}

/// For callers that only carry `io::Error`: an identity refusal becomes `PermissionDenied`
/// with the [`OpenError`] inside (downcast to tell it apart).
impl From<OpenError> for io::Error {
    fn from(e: OpenError) -> Self {
        match e {
            OpenError::Io(e) => e,
            other => io::Error::new(io::ErrorKind::PermissionDenied, other),
        }
    }
}
