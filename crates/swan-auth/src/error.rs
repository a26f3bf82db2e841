//! Authorization failures, carrying the exact codes and texts of contract §3 so callers can build the
//! `{errCode, errMsg}` fail object without a translation table of their own.

use std::fmt;

/// Why an authorization request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// The user said no, now or earlier (10003 `user deny`). A dismissed prompt counts as no.
    UserDeny,
    /// The host forbids the scope, or the scope is unknown (10005 `system deny`).
    SystemDeny,
    /// Storage failed, or a prompt could not be completed (10001 `internal error`). The string is
    /// for logs only; JS sees just [`AuthError::err_msg`].
    Internal(String),
}

impl AuthError {
    /// The Baidu error code for the fail object.
    pub fn code(&self) -> u32 {
        match self {
            AuthError::UserDeny => 10003,
            AuthError::SystemDeny => 10005,
            AuthError::Internal(_) => 10001,
        }
    }

    /// Baidu's raw message text for the fail object. Deliberately without the `Internal` detail:
    /// the contract fixes the text, and internal details (paths, SQL errors) are not the app's
    /// business.
    pub fn err_msg(&self) -> &'static str {
        match self {
            AuthError::UserDeny => "user deny",
            AuthError::SystemDeny => "system deny",
            AuthError::Internal(_) => "internal error",
        }
    }

    pub(crate) fn internal(context: &str, err: impl fmt::Display) -> Self {
        AuthError::Internal(format!("{context}: {err}"))
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::Internal(detail) => write!(f, "{} ({detail})", self.err_msg()),
            _ => f.write_str(self.err_msg()),
        }
    }
}

impl std::error::Error for AuthError {}
