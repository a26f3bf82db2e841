//! Network side of the swan runtime: `swan.downloadFile` (spec §4) in plain
//! Rust, and local HTTPS servers for `--map-host HOST=DIR` offline runs.
//!
//! - [`Downloader::download`]: one GET into a sandbox temp file, with the
//!   swan rules (https only, download-domain whitelist, no IP/localhost/port,
//!   `Referer`/`User-Agent` dropped), limits (10 MB, timeout, temp quota),
//!   progress and abort. Errors carry Baidu's `errCode`/`errMsg`
//!   ([`DownloadError`]).
//! - [`Downloader::request`] (`swan.request`) and [`Downloader::upload`] (`swan.uploadFile`):
//!   the same client, URL rules and limits, the whole response held in memory under
//!   [`MAX_RESPONSE_BYTES`]; errors are the same pairs, worded for the API
//!   ([`DownloadError::err_msg_for`]).
//! - [`serve_dir`]: a real HTTPS server for one host, with certificates made
//!   at start; it answers only the client holding its client certificate,
//!   which [`ClientConfig::with_mapped_hosts`] hands to that client alone.
//!
//! Crates: `ureq` 3 (blocking client, rustls with ring) for downloads; `hyper`
//! 1 + `tokio` + `tokio-rustls` (same rustls 0.23/ring) and `rcgen` for the
//! map-host server. No hand-written HTTP. Why each: see `client` and
//! `map_host` module docs.

mod abort;
mod client;
mod download;
mod error;
mod extension;
mod file_body;
mod identity;
mod map_host;
mod map_host_api;
mod map_host_tls;
mod policy;
mod request;
mod upload;
mod url_check;

pub use abort::AbortHandle;
pub use client::{ClientConfig, Downloader, USER_AGENT};
pub use download::{Downloaded, MAX_REDIRECTS, PROGRESS_INTERVAL, Progress};
pub use error::{
    ConfigError, DownloadError, FAIL_PREFIX, MSG_ILLEGAL_REQUEST, MSG_NOT_HTTPS, MSG_TOO_LARGE,
};
pub use identity::ClientIdentity;
pub use map_host::{MAX_CONNECTIONS, MAX_HANDSHAKES, MappedHost, content_type_for, serve_dir};
pub use map_host_api::{ECHO_BODY_BYTES, RESPONSES_DIR};
pub use policy::{DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, DownloadPolicy};
pub use request::{HttpRequest, HttpResponse, MAX_RESPONSE_BYTES, METHODS, ResponseHead};
pub use rustls_pki_types::CertificateDer;
pub use upload::{UploadForm, UploadProgress};
pub use url_check::{check_url, url_host};

#[cfg(test)]
mod tests {
    /// Callers share one `Downloader` across worker threads and hand an
    /// `AbortHandle` to the JS side; both must stay thread-safe.
    #[test]
    fn shared_types_are_send_and_sync() {
        fn check<T: Send + Sync + Clone>() {}
        check::<crate::Downloader>();
        check::<crate::AbortHandle>();
        fn send<T: Send>() {}
        send::<crate::MappedHost>();
    }
}
