//! `swan.request` (and the HTTP half of `uploadFile`) without JavaScript: one HTTP exchange
//! whose whole response body is kept in memory, under the same client, URL rules and limits as
//! downloads.
//!
//! Shape of a request: check the URL (https, whitelist, no IP/localhost/port, as downloads) →
//! send (following up to [`crate::MAX_REDIRECTS`] redirects, each hop checked like the first)
//! → hand the status and headers to `on_headers` → read the body up to the policy's
//! `max_bytes` ([`MAX_RESPONSE_BYTES`] by default), refusing more. The body is held in memory
//! because page code gets it as one string or ArrayBuffer; the cap is what keeps a hostile
//! server from blowing the host's memory.
//!
//! Redirects are followed as browsers and the phone's HTTP stacks do: 303, and 301/302 after
//! anything but GET/HEAD, continue as a GET without a body; 307/308 repeat the method and body.
//! Caller headers (which may carry cookies or tokens) go only to the host the page named.

use std::io::{self, Read};
use std::time::Instant;

use ureq::SendBody;
use ureq::http::{self, HeaderName, HeaderValue, Method, StatusCode, header};

use crate::abort::AbortHandle;
use crate::client::Downloader;
use crate::download::{
    CHUNK, MAX_TIMEOUT, filter_headers, map_ureq_error, next_hop, redirect_location,
};
use crate::error::DownloadError;
use crate::policy::DownloadPolicy;
use crate::url_check::{self, CheckedUrl};

/// The response-body cap of `request` and `uploadFile`: Baidu's 10 MB download limit, applied
/// to bodies that are held in memory (the policy's `max_bytes`, which defaults to it).
pub const MAX_RESPONSE_BYTES: u64 = crate::policy::DEFAULT_MAX_BYTES;

/// The methods `swan.request` accepts, as Baidu documents them (TRACE and CONNECT are
/// Android-only on phones; here they are sent as given).
pub const METHODS: [&str; 8] = [
    "OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT",
];

/// One request as page code settled it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    /// One of [`METHODS`] (anything else fails as a network error).
    pub method: String,
    /// The URL as given (the policy judges it).
    pub url: String,
    /// Headers to send, minus `Referer`, `User-Agent` and connection-level ones (dropped, as
    /// for downloads).
    pub headers: Vec<(String, String)>,
    /// The body; `None` sends none (no Content-Length either).
    pub body: Option<Vec<u8>>,
}

/// The status line and headers of the final response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseHead {
    /// HTTP status.
    pub status_code: u16,
    /// Header names in their usual capitalisation (`Content-Type`, `Set-Cookie`), since HTTP/1
    /// clients see them so and page code reads `res.header['Content-Type']`; a header sent
    /// several times appears once, its values joined with `, ` (as `fetch`'s `Headers.get`).
    pub headers: Vec<(String, String)>,
}

/// A finished exchange: any HTTP status is a success.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status and headers.
    pub head: ResponseHead,
    /// The whole body (empty for HEAD), at most the policy's `max_bytes`.
    pub body: Vec<u8>,
}

impl Downloader {
    /// Sends `request` under `policy` and reads the whole response.
    ///
    /// Blocks until done, failed, timed out (the policy's `timeout` covers everything,
    /// redirects and body included) or aborted. `on_headers` is called once, on this thread,
    /// when the final response's head has arrived (before its body is read).
    pub fn request(
        &self,
        policy: &DownloadPolicy,
        request: &HttpRequest,
        on_headers: &mut dyn FnMut(&ResponseHead),
        abort: &AbortHandle,
    ) -> Result<HttpResponse, DownloadError> {
        let mut target = url_check::check(policy, &request.url)?;
        let caller_headers = filter_headers(&request.headers)?;
        let mut method = Method::from_bytes(request.method.as_bytes())
            .map_err(|_| DownloadError::Network(format!("invalid method {}", request.method)))?;
        let mut body = request.body.as_deref();
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
            let headers = (target.host == first_host).then_some(&caller_headers[..]);
            let built = build(&method, &target, headers)?;
            let response = match body {
                // A sized body: ureq sends its Content-Length.
                Some(bytes) => {
                    let (parts, ()) = built.into_parts();
                    agent.run(http::Request::from_parts(parts, bytes))
                }
                None => agent.run(built),
            }
            .map_err(|e| map_ureq_error(e, abort))?;
            match redirect_location(&response) {
                Some(loc) => {
                    target = next_hop(policy, &target, &loc, &mut hops)?;
                    let status = response.status();
                    let to_get = status == StatusCode::SEE_OTHER
                        || (matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND)
                            && method != Method::GET
                            && method != Method::HEAD);
                    if to_get {
                        if method != Method::HEAD {
                            method = Method::GET;
                        }
                        body = None;
                    }
                }
                None => break (response, attached),
            }
        };
        let head = head_of(&response);
        on_headers(&head);
        let body = read_body(response, policy.max_bytes, abort)?;
        Ok(HttpResponse { head, body })
    }
}

/// The request line and headers (no body yet).
pub(crate) fn build(
    method: &Method,
    target: &CheckedUrl,
    headers: Option<&[(HeaderName, HeaderValue)]>,
) -> Result<http::Request<()>, DownloadError> {
    let mut request = http::Request::builder()
        .method(method.clone())
        .uri(target.uri.clone())
        .body(())
        .map_err(|e| DownloadError::Network(e.to_string()))?;
    for (name, value) in headers.unwrap_or(&[]) {
        request.headers_mut().append(name.clone(), value.clone());
    }
    Ok(request)
}

/// `request` with `body` of `len` bytes and its Content-Length (so a server sees a sized
/// body, never a chunked one: some upload endpoints refuse chunked bodies).
pub(crate) fn with_body(
    request: http::Request<()>,
    body: SendBody<'_>,
    len: usize,
) -> http::Request<SendBody<'_>> {
    let (mut parts, ()) = request.into_parts();
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(len as u64));
    http::Request::from_parts(parts, body)
}

/// Status and headers, names capitalised, repeated headers joined.
pub(crate) fn head_of(response: &http::Response<ureq::Body>) -> ResponseHead {
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, value) in response.headers() {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let name = capitalise(name.as_str());
        match headers.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => {
                v.push_str(", ");
                v.push_str(&value);
            }
            None => headers.push((name, value)),
        }
    }
    ResponseHead {
        status_code: response.status().as_u16(),
        headers,
    }
}

/// `content-type` -> `Content-Type`, `x-request-id` -> `X-Request-Id`.
fn capitalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        upper = c == '-';
    }
    out
}

/// The whole body, refusing more than `max` bytes (announced or counted).
pub(crate) fn read_body(
    response: http::Response<ureq::Body>,
    max: u64,
    abort: &AbortHandle,
) -> Result<Vec<u8>, DownloadError> {
    let announced: Option<u64> = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    if announced.is_some_and(|n| n > max) {
        return Err(DownloadError::TooLarge);
    }
    let mut reader = response.into_body().into_with_config().reader();
    // Never trust the announced length for the allocation beyond what it says.
    let mut body = Vec::with_capacity(announced.unwrap_or(0).min(max).min(1 << 20) as usize);
    let mut buf = vec![0u8; CHUNK];
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
        if body.len() as u64 + n as u64 > max {
            return Err(DownloadError::TooLarge);
        }
        body.extend_from_slice(&buf[..n]);
    }
    if abort.is_aborted() {
        return Err(DownloadError::Aborted);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_capitalised() {
        assert_eq!(capitalise("content-type"), "Content-Type");
        assert_eq!(capitalise("x-request-id"), "X-Request-Id");
        assert_eq!(capitalise("etag"), "Etag");
        assert_eq!(capitalise("a--b"), "A--B");
    }
}
