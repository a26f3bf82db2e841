//! What a download is allowed to do (spec §4), decided by the caller per app.

use std::time::Duration;

/// Per-download size limit (spec §4: 10 MB).
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// Default and maximum download timeout (spec §4: 60 s). The caller clamps
/// `networkTimeout.downloadFile` from app.json to this.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The rules one app's downloads run under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadPolicy {
    /// The app's download-domain whitelist. Entries are host names, compared
    /// case-insensitively and exactly (no implicit subdomains); a leading
    /// `https://` and a trailing `/` are ignored so entries can be copied from
    /// the app's settings page, where they are written as URLs.
    pub allowed_domains: Vec<String>,
    /// Development switch ("do not verify domains"): turns off the whitelist,
    /// IP-literal, `localhost`, port and credentials checks. https stays
    /// mandatory.
    pub skip_domain_check: bool,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Budget for the whole download: name lookup, connect, TLS, redirects and
    /// the entire body. A zero timeout fails at once.
    pub timeout: Duration,
}

impl Default for DownloadPolicy {
    /// 10 MB, 60 s, no domains allowed, domain check on.
    fn default() -> Self {
        DownloadPolicy {
            allowed_domains: Vec::new(),
            skip_domain_check: false,
            max_bytes: DEFAULT_MAX_BYTES,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}
