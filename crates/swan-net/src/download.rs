//! `swan.downloadFile` (spec §4) without JavaScript: one GET into a sandbox
//! temp file.
//!
//! Shape of a download: check the URL → request (following up to
//! [`MAX_REDIRECTS`] redirects, each hop checked like the first) → refuse an
//! announced body over the limit → create the temp file → stream with a byte
//! count, abort check and throttled progress → commit. Every error path drops
//! the uncommitted [`swan_sandbox::TempFile`], which deletes it, so nothing is
//! left behind.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use swan_sandbox::{Sandbox, TempError};
use ureq::http::{self, HeaderName, HeaderValue, StatusCode, header};

use crate::abort::AbortHandle;
use crate::client::Downloader;
use crate::error::DownloadError;
use crate::extension;
use crate::policy::DownloadPolicy;
use crate::url_check::{self, CheckedUrl};

/// Redirect hops followed before giving up (`downloadFile:fail too many redirects`).
pub const MAX_REDIRECTS: usize = 5;

/// Minimum time between two progress calls (spec §4).
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(500);

/// Read buffer size: small enough that the abort flag and the byte limit are
/// checked often, large enough for throughput.
pub(crate) const CHUNK: usize = 64 * 1024;

/// Longest timeout honoured. Larger values (hostile or `Duration::MAX`) are cut
/// here so no deadline arithmetic can overflow.
pub(crate) const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// One `onProgressUpdate` event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Percent, 0..=100. Stays below 100 until the file is complete; exactly
    /// one event with 100 is sent, on success. 0 while the size is unknown.
    pub progress: u8,
    /// Body bytes written so far.
    pub total_bytes_written: u64,
    /// Content-Length of the response, 0 if the server did not announce one.
    /// In the final event it is the real size when it was unknown before.
    pub total_bytes_expected_to_write: u64,
}

/// A finished download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downloaded {
    /// `bdfile://tmp_<id>[.<ext>]`.
    pub temp_file_path: String,
    /// HTTP status of the final response (after redirects), whatever it is.
    pub status_code: u16,
}

/// Caller headers that are never sent: `Referer` and `User-Agent` per spec
/// §4, and the framing/routing headers that belong to the client (a caller
/// `Host` or `Content-Length` would corrupt the request or defeat the
/// whitelist).
pub(crate) const DROPPED_HEADERS: &[&str] = &[
    "referer",
    "user-agent",
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
    "proxy-connection",
];

impl Downloader {
    /// Downloads `url` into a new temp file of `sandbox`.
    ///
    /// Any HTTP status is a success; the body is written either way. Blocks
    /// until done, failed, timed out or aborted (call it on a worker thread).
    /// `progress` is called on this thread, at most every 500 ms and once with
    /// 100 on success. `headers` are sent except `Referer`, `User-Agent` and
    /// connection-level headers (matched case-insensitively).
    pub fn download(
        &self,
        sandbox: &Sandbox,
        policy: &DownloadPolicy,
        url: &str,
        headers: &[(String, String)],
        progress: &mut dyn FnMut(Progress),
        abort: &AbortHandle,
    ) -> Result<Downloaded, DownloadError> {
        let mut target = url_check::check(policy, url)?;
        let caller_headers = filter_headers(headers)?;
        let first_host = target.host.clone();
        let timeout = policy.timeout.min(MAX_TIMEOUT);
        let start = Instant::now();

        let mut hops = 0;
        let (response, _attached) = loop {
            if abort.is_aborted() {
                return Err(DownloadError::Aborted);
            }
            let remaining = timeout.saturating_sub(start.elapsed());
            if remaining.is_zero() {
                return Err(DownloadError::Timeout);
            }
            let agent = self.agent(&target.host, remaining);
            let attached = abort.attach(&agent).map_err(|()| DownloadError::Aborted)?;
            // Caller headers may carry credentials (Cookie, Authorization):
            // they go to the host the page named, not to a redirect target.
            let send_headers = target.host == first_host;
            let request = build_request(&target, send_headers.then_some(&caller_headers[..]))?;
            let response = agent.run(request).map_err(|e| map_ureq_error(e, abort))?;
            let location = redirect_location(&response);
            match location {
                Some(loc) => target = next_hop(policy, &target, &loc, &mut hops)?,
                None => break (response, attached),
            }
        };

        let status_code = response.status().as_u16();
        let hdr = |name: header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let expected: u64 = hdr(header::CONTENT_LENGTH)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        if expected > policy.max_bytes {
            return Err(DownloadError::TooLarge);
        }
        let ext = extension::choose(
            hdr(header::CONTENT_DISPOSITION).as_deref(),
            hdr(header::CONTENT_TYPE).as_deref(),
            target.uri.path(),
        );
        let mut file = sandbox
            .create_temp(ext.as_deref())
            .map_err(map_temp_error)?;

        let mut reader = response.into_body().into_with_config().reader();
        let mut buf = vec![0u8; CHUNK];
        let mut written: u64 = 0;
        let mut last_report = Instant::now();
        loop {
            if abort.is_aborted() {
                return Err(DownloadError::Aborted);
            }
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(map_ureq_error(ureq::Error::from(e), abort)),
            };
            let n64 = n as u64;
            if written.saturating_add(n64) > policy.max_bytes {
                return Err(DownloadError::TooLarge);
            }
            file.write_all(&buf[..n]).map_err(map_write_error)?;
            written += n64;
            if last_report.elapsed() >= PROGRESS_INTERVAL {
                last_report = Instant::now();
                progress(Progress {
                    progress: percent(written, expected),
                    total_bytes_written: written,
                    total_bytes_expected_to_write: expected,
                });
            }
        }
        // An abort can end a body early with what looks like a clean EOF
        // (socket shutdown); never commit in that case.
        if abort.is_aborted() {
            return Err(DownloadError::Aborted);
        }
        let temp_file_path = file.commit().map_err(map_write_error)?;
        progress(Progress {
            progress: 100,
            total_bytes_written: written,
            total_bytes_expected_to_write: if expected == 0 { written } else { expected },
        });
        Ok(Downloaded {
            temp_file_path,
            status_code,
        })
    }
}

/// Longest URL quoted in an error message, in characters.
pub(crate) const MAX_URL_IN_MESSAGE: usize = 200;

/// `s` cut to `max` characters, with `…` when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Percent below completion: capped at 99 so that 100 is sent exactly once.
pub(crate) fn percent(written: u64, expected: u64) -> u8 {
    if expected == 0 {
        return 0;
    }
    let p = (u128::from(written) * 100 / u128::from(expected)).min(99);
    p as u8
}

/// Validated caller headers minus the dropped ones.
pub(crate) fn filter_headers(
    headers: &[(String, String)],
) -> Result<Vec<(HeaderName, HeaderValue)>, DownloadError> {
    let mut out = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let lower = name.trim().to_ascii_lowercase();
        if DROPPED_HEADERS.contains(&lower.as_str()) {
            continue;
        }
        let n = HeaderName::from_bytes(lower.as_bytes())
            .map_err(|_| DownloadError::InvalidHeader(name.clone()))?;
        // `from_bytes` allows UTF-8 (obs-text) but rejects CR, LF and NUL,
        // so a value can never inject another header.
        let v = HeaderValue::from_bytes(value.as_bytes())
            .map_err(|_| DownloadError::InvalidHeader(name.clone()))?;
        out.push((n, v));
    }
    Ok(out)
}

fn build_request(
    target: &CheckedUrl,
    headers: Option<&[(HeaderName, HeaderValue)]>,
) -> Result<http::Request<()>, DownloadError> {
    let mut request = http::Request::get(target.uri.clone())
        .body(())
        .map_err(|e| DownloadError::Network(e.to_string()))?;
    for (name, value) in headers.unwrap_or(&[]) {
        request.headers_mut().append(name.clone(), value.clone());
    }
    Ok(request)
}

/// The `Location` of a redirect response, if it is one.
pub(crate) fn redirect_location(response: &http::Response<ureq::Body>) -> Option<String> {
    let redirect = matches!(
        response.status(),
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    );
    if !redirect {
        return None;
    }
    // A redirect without a usable Location is delivered as it is.
    response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
        .map(str::to_owned)
}

fn map_temp_error(e: TempError) -> DownloadError {
    match e {
        TempError::QuotaExceeded { .. } => DownloadError::QuotaExceeded,
        other => DownloadError::File(other.to_string()),
    }
}

fn map_write_error(e: io::Error) -> DownloadError {
    if TempError::is_quota_exceeded(&e) {
        DownloadError::QuotaExceeded
    } else {
        DownloadError::File(e.to_string())
    }
}

/// Short, stable reasons for the causes pages can act on; the library text
/// otherwise. A set abort flag wins over whatever the interrupted I/O said.
pub(crate) fn map_ureq_error(e: ureq::Error, abort: &AbortHandle) -> DownloadError {
    if abort.is_aborted() {
        return DownloadError::Aborted;
    }
    use ureq::Error as E;
    match e {
        E::Timeout(_) => DownloadError::Timeout,
        E::HostNotFound => DownloadError::Network("host not found".into()),
        E::ConnectionFailed => DownloadError::Network("connection failed".into()),
        E::TooManyRedirects => DownloadError::Network("too many redirects".into()),
        E::Rustls(err) => DownloadError::Network(format!("ssl error: {err}")),
        E::Tls(msg) => DownloadError::Network(format!("ssl error: {msg}")),
        // rustls errors from the handshake arrive wrapped in io::Error.
        E::Io(io) if io.get_ref().is_some_and(|e| e.is::<rustls::Error>()) => {
            let reason = io.get_ref().map(|e| e.to_string()).unwrap_or_default();
            DownloadError::Network(format!("ssl error: {reason}"))
        }
        E::Io(io) => match io.kind() {
            io::ErrorKind::TimedOut => DownloadError::Timeout,
            io::ErrorKind::ConnectionRefused => DownloadError::Network("connection refused".into()),
            io::ErrorKind::ConnectionReset => DownloadError::Network("connection reset".into()),
            io::ErrorKind::UnexpectedEof => DownloadError::Network("connection closed".into()),
            _ => DownloadError::Network(io.to_string()),
        },
        other => DownloadError::Network(other.to_string()),
    }
}

/// The next hop of a redirect: the `Location` resolved against the current URL and checked
/// against the policy like the first URL (a redirect to `http:` says so), within
/// [`MAX_REDIRECTS`] hops. `request` and `uploadFile` follow redirects through this too.
pub(crate) fn next_hop(
    policy: &DownloadPolicy,
    from: &CheckedUrl,
    location: &str,
    hops: &mut usize,
) -> Result<CheckedUrl, DownloadError> {
    if *hops >= MAX_REDIRECTS {
        return Err(DownloadError::Network("too many redirects".into()));
    }
    *hops += 1;
    let next = url_check::resolve_location(from, location);
    url_check::check(policy, &next).map_err(|e| match e {
        DownloadError::NotHttps => {
            DownloadError::RedirectNotHttps(shorten(&next, MAX_URL_IN_MESSAGE))
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_capped_and_safe() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(5, 0), 0);
        assert_eq!(percent(50, 100), 50);
        assert_eq!(percent(100, 100), 99);
        assert_eq!(percent(u64::MAX, 1), 99);
    }

    #[test]
    fn long_urls_are_shortened_on_char_boundaries() {
        assert_eq!(shorten("http://a/b", 200), "http://a/b");
        assert_eq!(shorten("http://图片", 8), "http://图…");
    }

    #[test]
    fn headers_are_filtered() {
        let h = |n: &str, v: &str| (n.to_string(), v.to_string());
        let out = filter_headers(&[
            h("Referer", "x"),
            h("USER-AGENT", "x"),
            h("Host", "evil.com"),
            h("X-Token", "abc"),
            h("Accept-Language", "zh-CN"),
        ])
        .unwrap();
        let names: Vec<_> = out.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["x-token", "accept-language"]);
        assert!(matches!(
            filter_headers(&[h("X-A", "a\r\nInjected: 1")]),
            Err(DownloadError::InvalidHeader(_))
        ));
        assert!(matches!(
            filter_headers(&[h("bad name", "a")]),
            Err(DownloadError::InvalidHeader(_))
        ));
        assert!(filter_headers(&[h("X-U", "图片")]).is_ok());
    }
}
