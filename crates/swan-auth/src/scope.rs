//! Which scopes exist, and which the host forbids.
//!
//! Both checks are pure and come first in [`crate::Authorization::require`], because §3 says a
//! forbidden or unknown scope fails with `system deny` *without* a prompt — the user must never be
//! asked about something the host will refuse anyway, or about a typo'd scope name.

use std::collections::BTreeSet;

/// Every scope a swan program may request. Anything else is "unknown" and answered with
/// `system deny`, so an app cannot make the user grant (and the store persist) made-up scopes.
pub const KNOWN_SCOPES: &[&str] = &[
    "scope.userInfo",
    "scope.userLocation",
    "scope.writePhotosAlbum",
    "scope.address",
    "scope.invoiceTitle",
    "scope.invoice",
    "scope.record",
    "scope.camera",
];

/// The scope `saveImageToPhotosAlbum` needs (contract §2 step 5, §3).
pub const WRITE_PHOTOS_ALBUM: &str = "scope.writePhotosAlbum";

/// The scope `getLocation` needs.
pub const USER_LOCATION: &str = "scope.userLocation";

/// The scope `getUserInfo` needs.
pub const USER_INFO: &str = "scope.userInfo";

/// Whether `scope` is one of [`KNOWN_SCOPES`] (exact, case-sensitive match, as Baidu's runtime does).
pub fn is_known_scope(scope: &str) -> bool {
    KNOWN_SCOPES.contains(&scope)
}

/// What the host (not the user) allows. A forbidden scope fails with `system deny` even if the user
/// granted it earlier: the host's policy outranks any stored decision, and the stored decision is
/// left untouched so lifting the ban restores the user's choice.
#[derive(Clone, Debug, Default)]
pub struct HostPolicy {
    /// Scopes this host never allows.
    pub forbidden: BTreeSet<String>,
}

impl HostPolicy {
    /// A policy forbidding exactly the given scopes.
    pub fn forbidding<I, S>(scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        HostPolicy {
            forbidden: scopes.into_iter().map(Into::into).collect(),
        }
    }

    /// Whether the host forbids `scope`.
    pub fn forbids(&self, scope: &str) -> bool {
        self.forbidden.contains(scope)
    }
}
