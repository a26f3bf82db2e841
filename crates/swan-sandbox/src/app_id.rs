//! The identity of one smart program.
//!
//! The id becomes a directory name under `<data_dir>/apps/`, so it is validated
//! once, here, and every other part of the crate can rely on it being a single,
//! harmless path component.

use std::fmt;
use std::str::FromStr;

/// Longest accepted app id. Baidu app keys are far shorter; the cap keeps the
/// directory name well under every file system's component limit.
pub const MAX_APP_ID_LEN: usize = 64;

/// A validated app id: 1..=64 characters of `[A-Za-z0-9_.-]`, not starting
/// with `.`.
///
/// Why so strict: the id is used as a directory name. Excluding `/`, a leading
/// `.` (so neither `.` nor `..` nor hidden names) and everything outside ASCII
/// means the id can never name anything but a plain child of `apps/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppId(String);

/// Returned when a string is not a valid [`AppId`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidAppId;

impl fmt::Display for InvalidAppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "invalid app id: expected 1 to 64 characters of [A-Za-z0-9_.-], not starting with '.'",
        )
    }
}

impl std::error::Error for InvalidAppId {}

impl AppId {
    /// The id as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for AppId {
    type Err = InvalidAppId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok_len = !s.is_empty() && s.len() <= MAX_APP_ID_LEN;
        let ok_chars = s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if ok_len && ok_chars && !s.starts_with('.') {
            Ok(AppId(s.to_owned()))
        } else {
            Err(InvalidAppId)
        }
    }
}

impl TryFrom<&str> for AppId {
    type Error = InvalidAppId;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl fmt::Display for AppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for AppId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
