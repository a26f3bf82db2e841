//! Authorization failures. Which code and text page code sees for each is decided once, by
//! `swan_core::SwanError`, which wraps this error.

use std::fmt;

/// Why an authorization request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// The user said no, now or earlier (10003 `user deny`). A dismissed prompt counts as no.
    UserDeny,
    /// The host forbids the scope, or the scope is unknown (10005 `system deny`).
    SystemDeny,
    /// Storage failed, or a prompt could not be completed (10001 `internal error`). The string is
    /// for logs only; page code sees just the contract's fixed text.
    Internal(String),
}

impl AuthError {
    pub(crate) fn internal(context: &str, err: impl fmt::Display) -> Self {
        AuthError::Internal(format!("{context}: {err}"))
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::UserDeny => f.write_str("user deny"),
            AuthError::SystemDeny => f.write_str("system deny"),
            AuthError::Internal(detail) => write!(f, "internal error ({detail})"),
        }
    }
}

impl std::error::Error for AuthError {}
