//! Recorded API answers of a `--map-host` folder, so `swan.request` and `swan.uploadFile` can be
//! run offline against the URLs the program really calls.
//!
//! The format, one JSON file per endpoint and method, beneath `_responses/` in the served folder:
//!
//! ```text
//! DIR/_responses/<METHOD>/<url path>.json           e.g. _responses/POST/api/login.json
//! DIR/_responses/<METHOD>/<url path>?<query>.json   this exact query first (as sent, still
//!                                                    percent-encoded), e.g. list?page=2.json
//! DIR/_responses/<METHOD>/index.json                for the path `/`
//! ```
//!
//! Each file holds one response: `{"status": 200, "headers": {"X-Token": "t"}, "body": …}`, all
//! optional. A string `body` is sent as is (`text/plain; charset=utf-8` unless `headers` says
//! otherwise); any other JSON `body` is sent as JSON (`application/json`); no `body`, an empty
//! one. `"delay": <milliseconds>` holds the answer back that long (at most
//! [`MAX_DELAY_MS`]), to try a page's timeout or its loading state. `{"echo": true}` instead answers with what the server received, as JSON: `method`,
//! `path`, `query`, `headers` (lower-case names), `body` (as text, its first
//! [`ECHO_BODY_BYTES`] bytes) and `bodyLength` — handy for POSTs and uploads whose answer does
//! not matter, and for seeing what a page sent.
//!
//! Lookup for a request: the exact-query file, then the path's file; for GET and HEAD with no
//! recording, the served file at that path (the download case). Anything else gets a 404 whose
//! text names the file to create. `_responses/` itself is never served as files.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use cap_std::fs::Dir;
use http_body_util::BodyExt as _;
use hyper::body::{Bytes, Incoming};
use hyper::{HeaderMap, StatusCode};
use serde_json::{Map, Value, json};

use crate::map_host::url_path_to_relative;

/// The folder of recorded responses inside a mapped folder.
pub const RESPONSES_DIR: &str = "_responses";

/// Largest recorded-response file read (the client's response cap; more could never be
/// delivered anyway).
const MAX_RECORDED_BYTES: u64 = crate::request::MAX_RESPONSE_BYTES;

/// Longest `delay` honoured, in milliseconds (Baidu's longest network timeout).
pub const MAX_DELAY_MS: u64 = 60_000;

/// Request-body bytes an echo repeats; the rest is counted, not kept.
pub const ECHO_BODY_BYTES: usize = 64 * 1024;

/// Largest request body the server reads; a larger one is answered 413. Bodies are streamed and
/// only [`ECHO_BODY_BYTES`] kept, so this bounds time, not memory.
const MAX_REQUEST_BODY: u64 = 256 * 1024 * 1024;

/// A response read from a recording.
pub(crate) struct Recorded {
    pub status: StatusCode,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// Set when no `Content-Type` was recorded.
    pub default_type: &'static str,
    /// How long to wait before answering.
    pub delay: std::time::Duration,
}

/// What the server received, as much as an echo needs.
pub(crate) struct Received {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub head: Vec<u8>,
    pub len: u64,
}

/// Reads (and mostly discards) a request body. `Err(())` when it is over
/// [`MAX_REQUEST_BODY`] or the connection failed.
pub(crate) async fn drain(mut body: Incoming) -> Result<(Vec<u8>, u64), ()> {
    let mut head = Vec::new();
    let mut len: u64 = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| ())?;
        if let Ok(data) = frame.into_data() {
            len += data.len() as u64;
            if len > MAX_REQUEST_BODY {
                return Err(());
            }
            let room = ECHO_BODY_BYTES.saturating_sub(head.len());
            head.extend_from_slice(&data[..data.len().min(room)]);
        }
    }
    Ok((head, len))
}

/// The candidate recording files for `method path?query`, most specific first; empty if the
/// path cannot name a file beneath the folder.
pub(crate) fn candidates(method: &str, path: &str, query: Option<&str>) -> Vec<PathBuf> {
    let mut base = PathBuf::from(RESPONSES_DIR);
    base.push(method);
    let rel = match url_path_to_relative(path) {
        Some(rel) => rel,
        None if path.trim_matches('/').is_empty() => PathBuf::from("index"),
        None => return Vec::new(),
    };
    let stem = base.join(rel);
    let mut out = Vec::new();
    if let Some(q) = query.filter(|q| !q.is_empty() && !q.contains(['/', '\\', '\0'])) {
        out.push(with_suffix(&stem, &format!("?{q}.json")));
    }
    out.push(with_suffix(&stem, ".json"));
    out
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Whether a URL path points into the recordings (never served as a file).
pub(crate) fn is_recording_path(rel: &Path) -> bool {
    rel.components()
        .next()
        .is_some_and(|c| c.as_os_str() == RESPONSES_DIR)
}

/// The first candidate that exists, read and parsed; `None` when none exists. A recording
/// that is not valid is answered 500 with the reason, so the author sees what to fix.
pub(crate) fn find(root: &Dir, candidates: &[PathBuf], received: &Received) -> Option<Recorded> {
    for candidate in candidates {
        let Ok((file, len)) = crate::map_host::open_file(root, candidate) else {
            continue;
        };
        if len > MAX_RECORDED_BYTES {
            return Some(problem(candidate, "is larger than the response size limit"));
        }
        let mut bytes = Vec::with_capacity(len as usize);
        if file
            .take(MAX_RECORDED_BYTES)
            .read_to_end(&mut bytes)
            .is_err()
        {
            return Some(problem(candidate, "cannot be read"));
        }
        return Some(match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => recorded(candidate, &map, received),
            Ok(_) => problem(candidate, "must hold a JSON object"),
            Err(e) => problem(candidate, &format!("is not JSON: {e}")),
        });
    }
    None
}

fn recorded(file: &Path, map: &Map<String, Value>, received: &Received) -> Recorded {
    let delay = match map.get("delay") {
        None => 0,
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or(0).min(MAX_DELAY_MS),
        Some(_) => return problem(file, "has a \"delay\" that is not a number of milliseconds"),
    };
    let delay = std::time::Duration::from_millis(delay);
    if map.get("echo") == Some(&Value::Bool(true)) {
        return Recorded {
            delay,
            ..echo(received)
        };
    }
    let status = match map.get("status") {
        None => StatusCode::OK,
        Some(Value::Number(n)) => match n
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .and_then(|n| StatusCode::from_u16(n).ok())
        {
            Some(s) => s,
            None => return problem(file, "has a \"status\" that is not an HTTP status"),
        },
        Some(_) => return problem(file, "has a \"status\" that is not a number"),
    };
    let mut headers = Vec::new();
    match map.get("headers") {
        None => {}
        Some(Value::Object(h)) => {
            for (name, value) in h {
                let value = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                headers.push((name.clone(), value));
            }
        }
        Some(_) => return problem(file, "has \"headers\" that are not an object"),
    }
    let (body, default_type) = match map.get("body") {
        None => (Bytes::new(), "text/plain; charset=utf-8"),
        Some(Value::String(s)) => (Bytes::from(s.clone()), "text/plain; charset=utf-8"),
        Some(other) => (Bytes::from(other.to_string()), "application/json"),
    };
    Recorded {
        status,
        headers,
        body,
        default_type,
        delay,
    }
}

/// `{"echo": true}`: what was received, as JSON.
pub(crate) fn echo(received: &Received) -> Recorded {
    let headers: Map<String, Value> = received
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                Value::String(String::from_utf8_lossy(v.as_bytes()).into_owned()),
            )
        })
        .collect();
    let body = json!({
        "method": received.method,
        "path": received.path,
        "query": received.query,
        "headers": headers,
        "body": String::from_utf8_lossy(&received.head),
        "bodyLength": received.len,
    });
    Recorded {
        status: StatusCode::OK,
        headers: Vec::new(),
        body: Bytes::from(body.to_string()),
        default_type: "application/json",
        delay: std::time::Duration::ZERO,
    }
}

/// A recording that cannot be used: 500 with a text saying which file and why.
fn problem(file: &Path, why: &str) -> Recorded {
    Recorded {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        headers: Vec::new(),
        body: Bytes::from(format!("map-host: {} {why}\n", file.display())),
        default_type: "text/plain; charset=utf-8",
        delay: std::time::Duration::ZERO,
    }
}

/// The 404 for an API call with no recording: names the file that would answer it.
pub(crate) fn missing(candidates: &[PathBuf]) -> Bytes {
    match candidates.last() {
        Some(file) => Bytes::from(format!(
            "map-host: no recorded response; create {} in the mapped folder\n",
            file.display()
        )),
        None => Bytes::from_static(b"Not Found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_files() {
        let c = candidates("POST", "/api/login", None);
        assert_eq!(c, [PathBuf::from("_responses/POST/api/login.json")]);
        let c = candidates("GET", "/api/list", Some("page=2&q=%E5%9B%BE"));
        assert_eq!(
            c,
            [
                PathBuf::from("_responses/GET/api/list?page=2&q=%E5%9B%BE.json"),
                PathBuf::from("_responses/GET/api/list.json"),
            ]
        );
        assert_eq!(
            candidates("GET", "/", None),
            [PathBuf::from("_responses/GET/index.json")]
        );
        // A query that would name another folder is not used as a file name.
        assert_eq!(candidates("GET", "/a", Some("x=/etc")).len(), 1);
        assert!(candidates("GET", "/../x", None).is_empty());
    }

    #[test]
    fn recordings_are_not_files() {
        assert!(is_recording_path(Path::new("_responses/GET/a.json")));
        assert!(!is_recording_path(Path::new("img/_responses")));
    }
}
