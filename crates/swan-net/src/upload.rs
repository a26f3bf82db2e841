//! `swan.uploadFile` without JavaScript: one `multipart/form-data` POST of a file, streamed from
//! its handle, with the form fields first and the file last (as browsers and the phones send
//! them).
//!
//! Why the multipart framing is written here and not with ureq's `multipart` feature: ureq's
//! form cannot give a part read from a handle a known size, so the body would go chunked (some
//! upload endpoints refuse that, and progress would have no total), and it writes field names
//! into `Content-Disposition` unescaped, where a page-controlled `name` holding `"` or a line
//! break would forge headers. The framing is a few fixed lines (RFC 7578); names are escaped as
//! the WHATWG form encoder does (`"` → `%22`, CR → `%0D`, LF → `%0A`).
//!
//! Redirects are not followed (the file would have to be sent again): a 3xx is the result, with
//! its status. The response body is read as for `request`, under the same cap.

use std::io::{self, Read};
use std::time::Instant;

use ureq::SendBody;
use ureq::http::{HeaderValue, Method, header};

use crate::abort::AbortHandle;
use crate::client::Downloader;
use crate::download::{MAX_TIMEOUT, PROGRESS_INTERVAL, filter_headers, map_ureq_error, percent};
use crate::error::DownloadError;
use crate::policy::DownloadPolicy;
use crate::request::{HttpResponse, build, head_of, read_body, with_body};
use crate::url_check;

/// One upload as page code settled it.
#[derive(Debug)]
pub struct UploadForm {
    /// The URL as given (the policy judges it).
    pub url: String,
    /// Headers to send; a caller `Content-Type` is replaced by the multipart one, and the
    /// headers downloads drop are dropped.
    pub headers: Vec<(String, String)>,
    /// `formData`: text fields, sent before the file, in order.
    pub fields: Vec<(String, String)>,
    /// `name`: the file part's field name.
    pub name: String,
    /// The file name the server sees (`filename=`).
    pub file_name: String,
    /// The file part's `Content-Type`.
    pub content_type: String,
    /// The file, read from its start.
    pub file: std::fs::File,
    /// Its length in bytes (what is sent; a file that shrinks meanwhile fails the upload).
    pub len: u64,
}

/// One `onProgressUpdate` event of an upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadProgress {
    /// Percent of the request body sent, 0..=100; 100 exactly once, when the response came.
    pub progress: u8,
    /// Request-body bytes handed to the connection so far.
    pub total_bytes_sent: u64,
    /// The whole request body (fields, file and framing).
    pub total_bytes_expected_to_send: u64,
}

impl Downloader {
    /// POSTs `form` as `multipart/form-data` under `policy` and reads the whole response.
    ///
    /// Blocks until done, failed, timed out or aborted. `progress` is called on this thread at
    /// most every 500 ms while sending and once with 100 when the response has arrived.
    pub fn upload(
        &self,
        policy: &DownloadPolicy,
        form: UploadForm,
        progress: &mut dyn FnMut(UploadProgress),
        abort: &AbortHandle,
    ) -> Result<HttpResponse, DownloadError> {
        let target = url_check::check(policy, &form.url)?;
        let headers: Vec<(String, String)> = form
            .headers
            .iter()
            .filter(|(n, _)| !n.trim().eq_ignore_ascii_case("content-type"))
            .cloned()
            .collect();
        let mut headers = filter_headers(&headers)?;
        let boundary = boundary();
        let content_type =
            HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
                .map_err(|e| DownloadError::Network(e.to_string()))?;
        headers.push((header::CONTENT_TYPE, content_type));
        let (head, tail) = framing(&form, &boundary);
        let total = head.len() as u64 + form.len + tail.len() as u64;
        let total_usize = usize::try_from(total)
            .map_err(|_| DownloadError::Network("file too large to upload".into()))?;

        if abort.is_aborted() {
            return Err(DownloadError::Aborted);
        }
        let timeout = policy.timeout.min(MAX_TIMEOUT);
        if timeout.is_zero() {
            return Err(DownloadError::Timeout);
        }
        let agent = self.agent(&target.host, timeout);
        let _attached = abort.attach(&agent).map_err(|()| DownloadError::Aborted)?;
        let request = build(&Method::POST, &target, Some(&headers))?;
        let mut body = Counting {
            inner: io::Cursor::new(head)
                .chain(Exact {
                    inner: form.file,
                    left: form.len,
                })
                .chain(io::Cursor::new(tail)),
            sent: 0,
            total,
            last_report: Instant::now(),
            progress: &mut *progress,
        };
        let response = agent
            .run(with_body(
                request,
                SendBody::from_reader(&mut body),
                total_usize,
            ))
            .map_err(|e| map_ureq_error(e, abort))?;
        let head = head_of(&response);
        progress(UploadProgress {
            progress: 100,
            total_bytes_sent: total,
            total_bytes_expected_to_send: total,
        });
        let body = read_body(response, policy.max_bytes, abort)?;
        Ok(HttpResponse { head, body })
    }
}

/// A boundary no file is likely to contain: 32 random hex digits (std's per-process random
/// hasher keys, so no extra crate), prefixed as browsers do.
fn boundary() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::BuildHasher;
    let a = RandomState::new().hash_one(std::time::SystemTime::now());
    let b = RandomState::new().hash_one(a);
    format!("----SwanAlbumFormBoundary{a:016x}{b:016x}")
}

/// Everything before the file's bytes, and everything after.
fn framing(form: &UploadForm, boundary: &str) -> (Vec<u8>, Vec<u8>) {
    let mut head = String::new();
    for (name, value) in &form.fields {
        head.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{value}\r\n",
            escape(name)
        ));
    }
    head.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
        escape(&form.name),
        escape(&form.file_name),
        one_line(&form.content_type),
    ));
    let tail = format!("\r\n--{boundary}--\r\n");
    (head.into_bytes(), tail.into_bytes())
}

/// A name inside `Content-Disposition`'s quotes (WHATWG multipart/form-data encoding).
fn escape(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A header value without line breaks.
fn one_line(value: &str) -> String {
    value.replace(['\r', '\n'], " ")
}

/// Exactly `left` bytes of `inner`: a file that shrinks fails the upload instead of sending a
/// body shorter than its Content-Length; one that grows is cut.
struct Exact<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Exact<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let want = usize::try_from(self.left).map_or(buf.len(), |l| l.min(buf.len()));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file shrank while being uploaded",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Counts what the client reads to send, reporting progress (below 100) as it goes.
struct Counting<'p, R> {
    inner: R,
    sent: u64,
    total: u64,
    last_report: Instant,
    progress: &'p mut dyn FnMut(UploadProgress),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sent += n as u64;
        if n > 0 && self.last_report.elapsed() >= PROGRESS_INTERVAL {
            self.last_report = Instant::now();
            (self.progress)(UploadProgress {
                progress: percent(self.sent, self.total),
                total_bytes_sent: self.sent,
                total_bytes_expected_to_send: self.total,
            });
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_forge_headers() {
        assert_eq!(escape("a\"b\r\nX: y"), "a%22b%0D%0AX: y");
        assert_eq!(one_line("image/png\r\nX: y"), "image/png  X: y");
    }

    #[test]
    fn boundaries_differ() {
        assert_ne!(boundary(), boundary());
        assert!(boundary().len() > 40);
    }
}
