//! What can be wrong with a project, each naming the file (relative to the project root) and,
//! for config values, the key.

use cap_std::fs::{FileType, FileTypeExt as _};
use std::fmt;
use std::io;
use std::path::PathBuf;

/// What a project file turned out to be when it should have been a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Other,
}

impl FileKind {
    pub(crate) fn of(t: FileType) -> FileKind {
        if t.is_dir() {
            FileKind::Directory
        } else if t.is_fifo() {
            FileKind::Fifo
        } else if t.is_char_device() {
            FileKind::CharDevice
        } else if t.is_block_device() {
            FileKind::BlockDevice
        } else if t.is_socket() {
            FileKind::Socket
        } else {
            FileKind::Other
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a FIFO",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Socket => "a socket",
            FileKind::Other => "not a regular file",
        })
    }
}

#[derive(Debug)]
pub enum ProjectError {
    /// No `app.json` (or no folder) at this path.
    NotAProject(PathBuf),
    /// The project folder exists but cannot be opened.
    Root(PathBuf, io::Error),
    /// A project file exists but reading it failed.
    Read { file: String, source: io::Error },
    /// A project file is a FIFO, device, directory or socket.
    NotRegularFile { file: String, kind: FileKind },
    /// A project file is larger than its cap (see [`crate::MAX_CONFIG_BYTES`]).
    TooLarge { file: String, limit: u64 },
    /// A path or a symlink on the way leads out of the project folder.
    Escapes { file: String },
    /// A config file is not JSON at all.
    NotJson { file: String, message: String },
    /// A config key has the wrong type or value. `key` is dotted (`networkTimeout.downloadFile`),
    /// empty for the document itself.
    Config {
        file: String,
        key: String,
        expected: &'static str,
    },
    /// A script is not UTF-8 text.
    NotUtf8 { file: String },
    /// The route asked for is not in app.json `pages`.
    PageNotListed { route: String },
    /// A route asked for that is not a plain relative path (`..`, `.`, empty parts, NUL).
    BadRoute { route: String },
    /// app.json `pages` lists a route that is not a plain relative path (also absolute ones).
    BadPageEntry { route: String },
    /// The route is listed but its script does not exist.
    ScriptMissing { route: String, file: String },
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProjectError::NotAProject(p) => write!(
                f,
                "{} not found: is this a smart-program project?",
                p.display()
            ),
            ProjectError::Root(p, e) => write!(f, "cannot open project {}: {e}", p.display()),
            ProjectError::Read { file, source } => write!(f, "cannot read {file}: {source}"),
            ProjectError::NotRegularFile { file, kind } => {
                write!(f, "{file} is {kind}: project files must be regular files")
            }
            ProjectError::TooLarge { file, limit } => write!(
                f,
                "{file} is larger than {} MiB, the limit for this kind of project file",
                limit >> 20
            ),
            ProjectError::Escapes { file } => write!(
                f,
                "{file} leads outside the project folder (through \"..\", an absolute path or a symlink): refused"
            ),
            ProjectError::NotJson { file, message } => {
                write!(f, "{file} is not valid JSON: {message}")
            }
            ProjectError::Config {
                file,
                key,
                expected,
            } if key.is_empty() => write!(f, "{file}: must be {expected}"),
            ProjectError::Config {
                file,
                key,
                expected,
            } => write!(f, "{file}: {key:?} must be {expected}"),
            ProjectError::NotUtf8 { file } => write!(f, "{file} is not UTF-8 text"),
            ProjectError::PageNotListed { route } => {
                write!(f, "page {route:?} is not listed in app.json \"pages\"")
            }
            ProjectError::BadRoute { route } => write!(
                f,
                "page route {route:?} is refused: a route is a relative path inside the project, without \"..\", \".\" or empty parts"
            ),
            ProjectError::BadPageEntry { route } => write!(
                f,
                "app.json: \"pages\" lists {route:?}, which is not a path inside the project (no leading \"/\", \"..\", \".\" or empty parts): refused"
            ),
            ProjectError::ScriptMissing { route, file } => {
                write!(f, "page {route:?} has no script ({file} not found)")
            }
        }
    }
}

impl std::error::Error for ProjectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ProjectError::Root(_, e) | ProjectError::Read { source: e, .. } => Some(e),
            _ => None,
        }
    }
}
