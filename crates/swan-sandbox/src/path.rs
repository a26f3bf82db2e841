//! Parsing of swan `filePath` strings into a [`SandboxPath`].
//!
//! Parsing is purely lexical and never touches the file system. It only decides
//! *which* of the app's directories a path belongs to and rejects what can never
//! be legal; whether the path really stays inside that directory (symlinks) is
//! decided later by resolving it beneath a directory handle, never by comparing
//! strings.

use crate::error::PathError;

/// The scheme of the app's own files. Every other scheme is a network URL.
const BDFILE_SCHEME: &str = "bdfile";
/// Longest extension accepted on temp and store names.
pub(crate) const MAX_EXT_LEN: usize = 10;

/// A parsed swan file path: which area it lives in and its name there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SandboxPath {
    /// `bdfile://tmp_<id>[.<ext>]`: a temp file of the current run. `name` is
    /// the file name in the app's temp directory (`tmp_<id>[.<ext>]`).
    Temp {
        /// File name in the temp directory.
        name: String,
    },
    /// `bdfile://store_<id>[.<ext>]`: a file kept by `swan.saveFile`.
    Store {
        /// File name in the store directory.
        name: String,
    },
    /// `bdfile://usr/<relative>`: the app's user data folder
    /// (`swan.env.USER_DATA_PATH`). `relative` is lexically normalised (no
    /// `.`, `..` or empty segments); empty means the folder itself, and a
    /// trailing `/` is kept when the path can only name a directory.
    Usr {
        /// Normalised path relative to the user folder.
        relative: String,
    },
    /// A read-only code-package path relative to the project root; a leading
    /// `/` means the project root, never the host root. Normalised like
    /// [`SandboxPath::Usr`].
    Package {
        /// Normalised path relative to the project root.
        relative: String,
    },
    /// Any URL with a scheme other than `bdfile:` (`http:`, `https:`, `data:`,
    /// `file:` ...). Never opened: the caller reports it as not found.
    Network {
        /// The URL as given.
        url: String,
    },
}

impl SandboxPath {
    /// Parses a swan `filePath`.
    ///
    /// Order matters and mirrors the caller's error order: anything that looks
    /// like a URL with a non-`bdfile` scheme is [`SandboxPath::Network`] first,
    /// even when it contains characters that would be illegal in a file path;
    /// only then are malformed paths rejected with [`PathError::Illegal`].
    /// This never returns [`PathError::NotFound`] or [`PathError::Io`].
    pub fn parse(file_path: &str) -> Result<SandboxPath, PathError> {
        if file_path.is_empty() {
            return Err(PathError::Illegal);
        }
        let scheme = scheme_of(file_path);
        if let Some(scheme) = scheme
            && !scheme.eq_ignore_ascii_case(BDFILE_SCHEME)
        {
            return Ok(SandboxPath::Network {
                url: file_path.to_owned(),
            });
        }
        if has_forbidden_chars(file_path) {
            return Err(PathError::Illegal);
        }
        match scheme {
            Some(scheme) => {
                // `scheme` is ASCII, so slicing right after it and its ':' is
                // on a char boundary.
                let after_scheme = file_path.get(scheme.len() + 1..).unwrap_or("");
                let body = after_scheme.strip_prefix("//").ok_or(PathError::Illegal)?;
                parse_bdfile(body)
            }
            None => Ok(SandboxPath::Package {
                relative: normalize(file_path)?,
            }),
        }
    }
}

/// The URL scheme of `s` (`^[A-Za-z][A-Za-z0-9+.-]*:`), without the colon.
fn scheme_of(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    if first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
    {
        Some(scheme)
    } else {
        None
    }
}

/// Control characters (NUL included) and backslashes never belong in a swan
/// path. Why reject rather than pass through: NUL truncates C strings, control
/// characters corrupt logs and prompts, and a backslash is a Windows separator
/// that would make the same string mean different files on different hosts.
fn has_forbidden_chars(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || c == '\\')
}

fn parse_bdfile(body: &str) -> Result<SandboxPath, PathError> {
    if let Some(rest) = body.strip_prefix("usr") {
        if rest.is_empty() || rest.starts_with('/') {
            return Ok(SandboxPath::Usr {
                relative: normalize(rest)?,
            });
        }
        return Err(PathError::Illegal);
    }
    if let Some(rest) = body.strip_prefix("tmp_") {
        check_id_and_ext(rest)?;
        return Ok(SandboxPath::Temp {
            name: body.to_owned(),
        });
    }
    if let Some(rest) = body.strip_prefix("store_") {
        check_id_and_ext(rest)?;
        return Ok(SandboxPath::Store {
            name: body.to_owned(),
        });
    }
    Err(PathError::Illegal)
}

/// Checks `<id>[.<ext>]` with `<id>` = `[A-Za-z0-9_-]+` and `<ext>` =
/// `[A-Za-z0-9]{1,10}`. Because neither may contain `/` or start with `.`, a
/// temp or store name is always one plain component of its directory.
fn check_id_and_ext(s: &str) -> Result<(), PathError> {
    let (id, ext) = match s.split_once('.') {
        Some((id, ext)) => (id, Some(ext)),
        None => (s, None),
    };
    if !is_id(id) {
        return Err(PathError::Illegal);
    }
    if let Some(ext) = ext
        && !is_ext(ext)
    {
        return Err(PathError::Illegal);
    }
    Ok(())
}

pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub(crate) fn is_ext(s: &str) -> bool {
    (1..=MAX_EXT_LEN).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Lexically normalises a relative path: drops empty and `.` segments, applies
/// `..` to the segment before it, and rejects a `..` that would climb above the
/// area root.
///
/// Why lexical: `a/../b` is an ordinary way to write `b`, but a `..` above the
/// root is never legitimate, so it is reported as illegal instead of being
/// clamped (clamping would silently open a different file). Leading `/` is just
/// an empty segment, so `/x` is `x` relative to the area root. Symlinks are not
/// considered here; the beneath-resolution at open time handles them.
///
/// A path whose last segment is empty, `.` or `..` can only name a directory;
/// it keeps a trailing `/` so that opening it fails instead of opening a file
/// of the same name.
fn normalize(raw: &str) -> Result<String, PathError> {
    let mut parts: Vec<&str> = Vec::new();
    let mut last = "";
    for seg in raw.split('/') {
        last = seg;
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(PathError::Illegal);
                }
            }
            name => parts.push(name),
        }
    }
    let mut out = parts.join("/");
    let dir_only = matches!(last, "" | "." | "..");
    if dir_only && !out.is_empty() {
        out.push('/');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(s: &str) -> Option<String> {
        normalize(s).ok()
    }

    #[test]
    fn normalize_cases() {
        assert_eq!(rel("a/../b.png").as_deref(), Some("b.png"));
        assert_eq!(rel("/a//./b").as_deref(), Some("a/b"));
        assert_eq!(rel("a/").as_deref(), Some("a/"));
        assert_eq!(rel("a/b/..").as_deref(), Some("a/"));
        assert_eq!(rel("").as_deref(), Some(""));
        assert_eq!(rel("/").as_deref(), Some(""));
        assert!(rel("..").is_none());
        assert!(rel("a/../../x").is_none());
    }

    #[test]
    fn scheme_detection() {
        assert_eq!(scheme_of("http://x"), Some("http"));
        assert_eq!(scheme_of("a+b.c-d:x"), Some("a+b.c-d"));
        assert_eq!(scheme_of("1http://x"), None);
        assert_eq!(scheme_of("images/a:b"), None);
        assert_eq!(scheme_of(":x"), None);
    }
}
