//! Errors of `downloadFile`, shaped as swan reports them (spec §1, §4).
//!
//! Why an enum with `err_code`/`err_msg` instead of strings: the JS binding
//! must produce Baidu's exact `{errCode, errMsg}` pairs, and tests must be able
//! to tell "too large" from "timed out" without parsing messages.

use std::fmt;

/// Prefix of every `errMsg` that is not one of Baidu's raw texts.
///
/// Form: `downloadFile:fail <reason>`, the WeChat/Baidu convention for
/// runtime failures. The reasons produced by this crate are short, lower-case
/// and stable for a given cause (see [`DownloadError`]); only
/// [`DownloadError::Network`] and [`DownloadError::File`] carry text that comes
/// from the system or the TLS library.
pub const FAIL_PREFIX: &str = "downloadFile:fail ";

/// Raw Baidu text for a URL whose scheme is not https (202).
pub const MSG_NOT_HTTPS: &str = "request url header must be https or wss";
/// Raw Baidu text for a host that is not allowed (202).
pub const MSG_ILLEGAL_REQUEST: &str = "illegal request";
/// Raw Baidu text for a body over the per-download limit (1001).
pub const MSG_TOO_LARGE: &str = "download file failed because file size exceeds limit";

/// Why a download failed. Every variant maps to one `{errCode, errMsg}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DownloadError {
    /// The URL does not start with `https://`. 202, [`MSG_NOT_HTTPS`].
    NotHttps,
    /// A redirect led to a URL that is not https (the URL, as resolved
    /// against the one redirecting). 202, [`MSG_NOT_HTTPS`] followed by
    /// `: redirect to <url> refused, only https is allowed`, so the page
    /// learns that its own URL was fine.
    RedirectNotHttps(String),
    /// Not on the download-domain whitelist, an IP literal, `localhost`, an
    /// explicit port, credentials in the URL, or a URL that cannot be parsed.
    /// 202, [`MSG_ILLEGAL_REQUEST`].
    IllegalRequest,
    /// The body is larger than the policy's `max_bytes` (announced by
    /// Content-Length or counted while streaming). 1001, [`MSG_TOO_LARGE`].
    TooLarge,
    /// Writing the body would exceed the app's temp quota (10 MB over all temp
    /// files). 1001, `downloadFile:fail the maximum size of the temp file storage is exceeded`.
    QuotaExceeded,
    /// The whole download took longer than the policy's timeout (including a
    /// server that stalls mid-body). 1001, `downloadFile:fail timeout`.
    Timeout,
    /// [`crate::AbortHandle::abort`] was called. 1001, `downloadFile:fail abort`.
    Aborted,
    /// A caller header cannot be sent as HTTP (bad name, or a value with
    /// control characters). 1001, `downloadFile:fail invalid header: <name>`.
    InvalidHeader(String),
    /// Any network failure: DNS, connect, TLS, protocol, too many redirects.
    /// 1001, `downloadFile:fail <reason>`.
    Network(String),
    /// The local temp file could not be created or written (not the quota).
    /// 1001, `downloadFile:fail <reason>`.
    File(String),
}

impl DownloadError {
    /// Baidu's `errCode`: 202 for request-rule violations, 1001 otherwise.
    pub fn err_code(&self) -> u32 {
        match self {
            DownloadError::NotHttps
            | DownloadError::RedirectNotHttps(_)
            | DownloadError::IllegalRequest => 202,
            _ => 1001,
        }
    }

    /// The exact `errMsg` to hand to the page.
    pub fn err_msg(&self) -> String {
        match self {
            DownloadError::NotHttps => MSG_NOT_HTTPS.to_owned(),
            DownloadError::RedirectNotHttps(url) => {
                format!("{MSG_NOT_HTTPS}: redirect to {url} refused, only https is allowed")
            }
            DownloadError::IllegalRequest => MSG_ILLEGAL_REQUEST.to_owned(),
            DownloadError::TooLarge => MSG_TOO_LARGE.to_owned(),
            DownloadError::QuotaExceeded => {
                format!("{FAIL_PREFIX}the maximum size of the temp file storage is exceeded")
            }
            DownloadError::Timeout => format!("{FAIL_PREFIX}timeout"),
            DownloadError::Aborted => format!("{FAIL_PREFIX}abort"),
            DownloadError::InvalidHeader(name) => {
                format!("{FAIL_PREFIX}invalid header: {name}")
            }
            DownloadError::Network(reason) | DownloadError::File(reason) => {
                format!("{FAIL_PREFIX}{reason}")
            }
        }
    }
}

impl DownloadError {
    /// The `errMsg` for the same failure in another network API (`request`, `uploadFile`):
    /// Baidu's raw texts (202s) are the same, `downloadFile:fail ` becomes `<api>:fail `, and an
    /// over-large body is a response that is too large, not a file.
    pub fn err_msg_for(&self, api: &str) -> String {
        if api == "downloadFile" {
            return self.err_msg();
        }
        match self {
            DownloadError::TooLarge => format!("{api}:fail response body exceeds the size limit"),
            DownloadError::NotHttps
            | DownloadError::RedirectNotHttps(_)
            | DownloadError::IllegalRequest => self.err_msg(),
            _ => match self.err_msg().strip_prefix(FAIL_PREFIX) {
                Some(reason) => format!("{api}:fail {reason}"),
                None => self.err_msg(),
            },
        }
    }
}

impl fmt::Display for DownloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.err_code(), self.err_msg())
    }
}

impl std::error::Error for DownloadError {}

/// Why a [`crate::Downloader`] could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// `extra_roots[index]` is not a usable X.509 trust anchor.
    InvalidRootCertificate {
        /// Position in [`crate::ClientConfig::extra_roots`].
        index: usize,
        /// What rustls/webpki said about it.
        reason: String,
    },
    /// The client certificate for `host` could not be loaded into the TLS
    /// client.
    InvalidClientIdentity {
        /// Key in [`crate::ClientConfig::client_identities`].
        host: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::InvalidRootCertificate { index, reason } => {
                write!(f, "extra root certificate #{index} is invalid: {reason}")
            }
            ConfigError::InvalidClientIdentity { host } => {
                write!(f, "the client certificate for {host} is invalid")
            }
        }
    }
}

impl std::error::Error for ConfigError {}
