//! What can be wrong with a project, each naming the file (relative to the project root) and,
//! for config values, the key.

use cap_std::fs::{FileType, FileTypeExt as _};
use std::fmt;
use std::io;
use std::path::PathBuf;

/// What a project file turned out to be when it should have been a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A folder.
    Directory,
    /// A named pipe: reading it could block forever.
    Fifo,
    /// A character device (`/dev/zero` would never end).
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A Unix socket.
    Socket,
    /// Anything else that is not a regular file.
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

/// Why a project could not be loaded or one of its files read. Each names the file (relative to
/// the project root) and, for config values, the key, so the message says what to fix.
#[derive(Debug)]
pub enum ProjectError {
    /// No `app.json` (or no folder) at this path.
    NotAProject(PathBuf),
    /// The project folder exists but cannot be opened.
    Root(PathBuf, io::Error),
    /// A project file exists but reading it failed.
    Read {
        /// The file, relative to the project root.
        file: String,
        /// The failed read.
        source: io::Error,
    },
    /// A project file is a FIFO, device, directory or socket.
    NotRegularFile {
        /// The file, relative to the project root.
        file: String,
        /// What it is instead.
        kind: FileKind,
    },
    /// A project file is larger than its cap (see [`crate::MAX_CONFIG_BYTES`]).
    TooLarge {
        /// The file, relative to the project root.
        file: String,
        /// The cap it passed, in bytes.
        limit: u64,
    },
    /// A path or a symlink on the way leads out of the project folder.
    Escapes {
        /// The path as asked for, relative to the project root.
        file: String,
    },
    /// A config file is not JSON at all.
    NotJson {
        /// The config file, relative to the project root.
        file: String,
        /// The JSON parser's words, with line and column.
        message: String,
    },
    /// A config key has the wrong type or value. `key` is dotted (`networkTimeout.downloadFile`),
    /// empty for the document itself.
    Config {
        /// The config file, relative to the project root.
        file: String,
        /// The dotted key, or empty for the document itself.
        key: String,
        /// What the key must be, in words (`"an array of strings"`).
        expected: &'static str,
    },
    /// A script is not UTF-8 text.
    NotUtf8 {
        /// The script, relative to the project root.
        file: String,
    },
    /// The route asked for is not in app.json `pages`.
    PageNotListed {
        /// The route as asked for.
        route: String,
    },
    /// A route asked for that is not a plain relative path (`..`, `.`, empty parts, NUL).
    BadRoute {
        /// The route as asked for.
        route: String,
    },
    /// app.json `pages` lists a route that is not a plain relative path (also absolute ones).
    BadPageEntry {
        /// The entry as app.json lists it.
        route: String,
    },
    /// The route is listed but its script does not exist.
    ScriptMissing {
        /// The route as asked for.
        route: String,
        /// The script it names (`pages/index/index.js`).
        file: String,
    },
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
