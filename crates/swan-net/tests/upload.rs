//! `swan.uploadFile`'s multipart POST against real local HTTPS servers: the body exactly as the
//! server received it, progress, the whitelist, timeout, abort and a `--map-host` echo.

mod common;

use std::io::Write as _;
use std::time::{Duration, Instant};

use common::*;
use swan_net::{
    AbortHandle, ClientConfig, DownloadError, DownloadPolicy, Downloader, HttpResponse, UploadForm,
    UploadProgress, serve_dir,
};

const HOST: &str = "up.example.com";

fn file_with(data: &[u8]) -> (tempfile::NamedTempFile, std::fs::File) {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(data).unwrap();
    let handle = std::fs::File::open(f.path()).unwrap();
    (f, handle)
}

fn form(url: &str, data: &[u8]) -> (tempfile::NamedTempFile, UploadForm) {
    let (keep, file) = file_with(data);
    let form = UploadForm {
        url: url.into(),
        headers: vec![
            ("X-Token".into(), "abc".into()),
            // Baidu's own example sets this; the multipart type must win.
            ("content-type".into(), "application/json".into()),
            ("Referer".into(), "https://evil.example".into()),
        ],
        fields: vec![
            ("user".into(), "swan".into()),
            ("note".into(), "line1\r\nline2 图".into()),
        ],
        name: "photo".into(),
        file_name: "tmp_1.png".into(),
        content_type: "image/png".into(),
        file,
        len: data.len() as u64,
    };
    (keep, form)
}

fn upload(
    dl: &Downloader,
    policy: &DownloadPolicy,
    form: UploadForm,
    abort: &AbortHandle,
) -> (Result<HttpResponse, DownloadError>, Vec<UploadProgress>) {
    let mut events = Vec::new();
    let res = dl.upload(policy, form, &mut |p| events.push(p), abort);
    (res, events)
}

/// The parts of a multipart body: (headers block, content).
fn parts(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delim = format!("--{boundary}");
    let mut out = Vec::new();
    let mut rest = body;
    // Split on the delimiter, byte-wise (the file part is binary).
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let first = find(rest, delim.as_bytes()).expect("first boundary");
    assert_eq!(first, 0, "the body starts with the boundary");
    rest = &rest[delim.len()..];
    loop {
        if rest.starts_with(b"--\r\n") {
            assert_eq!(rest.len(), 4, "nothing after the closing boundary");
            break;
        }
        assert!(rest.starts_with(b"\r\n"));
        rest = &rest[2..];
        let end = find(rest, format!("\r\n{delim}").as_bytes()).expect("next boundary");
        let part = &rest[..end];
        let split = find(part, b"\r\n\r\n").expect("part headers");
        out.push((
            String::from_utf8(part[..split].to_vec()).unwrap(),
            part[split + 4..].to_vec(),
        ));
        rest = &rest[end + 2 + delim.len()..];
    }
    out
}

#[test]
fn the_server_receives_a_well_formed_multipart_body() {
    let server = TestServer::start(HOST, |_| Reply::ok(b"{\"url\":\"https://cdn/x.png\"}"));
    let dl = server.downloader();
    let data = bytes(300_000, 9);
    let (_keep, f) = form("https://up.example.com/upload?k=1", &data);
    let (res, events) = upload(&dl, &allow(&[HOST]), f, &AbortHandle::new());
    let res = res.unwrap();
    assert_eq!(res.head.status_code, 200);
    assert_eq!(res.body, b"{\"url\":\"https://cdn/x.png\"}");

    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let s = &seen[0];
    assert_eq!(
        (s.method.as_str(), s.path_and_query.as_str()),
        ("POST", "/upload?k=1")
    );
    assert_eq!(s.header("x-token"), Some("abc"));
    assert_eq!(s.header("referer"), None);
    assert_eq!(s.header("transfer-encoding"), None, "sized, not chunked");
    assert_eq!(
        s.header("content-length"),
        Some(s.body.len().to_string().as_str())
    );
    let ct = s.header("content-type").unwrap();
    let boundary = ct
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{ct}"));
    let parts = parts(&s.body, boundary);
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0].0, "Content-Disposition: form-data; name=\"user\"");
    assert_eq!(parts[0].1, b"swan");
    assert_eq!(parts[1].0, "Content-Disposition: form-data; name=\"note\"");
    assert_eq!(parts[1].1, "line1\r\nline2 图".as_bytes());
    assert_eq!(
        parts[2].0,
        "Content-Disposition: form-data; name=\"photo\"; filename=\"tmp_1.png\"\r\nContent-Type: image/png"
    );
    assert_eq!(parts[2].1, data, "the file, byte for byte");

    // Progress ends with exactly one 100 carrying the whole body.
    let last = events.last().unwrap();
    assert_eq!(last.progress, 100);
    assert_eq!(last.total_bytes_sent, s.body.len() as u64);
    assert_eq!(last.total_bytes_expected_to_send, s.body.len() as u64);
    assert_eq!(events.iter().filter(|p| p.progress == 100).count(), 1);
}

#[test]
fn names_with_quotes_cannot_forge_part_headers() {
    let server = TestServer::start(HOST, |_| Reply::ok(b"ok"));
    let dl = server.downloader();
    let (_keep, mut f) = form("https://up.example.com/u", b"x");
    f.name = "a\"\r\nX-Evil: 1".into();
    f.fields.clear();
    upload(&dl, &allow(&[HOST]), f, &AbortHandle::new())
        .0
        .unwrap();
    let body = String::from_utf8_lossy(&server.seen()[0].body).into_owned();
    assert!(body.contains("name=\"a%22%0D%0AX-Evil: 1\""), "{body}");
    assert!(!body.contains("\r\nX-Evil"), "{body}");
}

#[test]
fn the_whitelist_refuses_before_any_connection() {
    let server = TestServer::start(HOST, |_| Reply::ok(b"ok"));
    let dl = server.downloader();
    let (_keep, f) = form("https://up.example.com/u", b"x");
    let err = upload(&dl, &allow(&["other.example.com"]), f, &AbortHandle::new())
        .0
        .unwrap_err();
    assert_eq!(
        (err.err_code(), err.err_msg_for("uploadFile")),
        (202, "illegal request".to_string())
    );
    let (_keep, f) = form("http://up.example.com/u", b"x");
    let err = upload(&dl, &allow(&[HOST]), f, &AbortHandle::new())
        .0
        .unwrap_err();
    assert_eq!(err, DownloadError::NotHttps);
    assert!(server.seen().is_empty());
}

#[test]
fn timeout_and_abort() {
    let server = TestServer::start(HOST, |_| Reply {
        head_delay: Duration::from_secs(5),
        ..Reply::ok(b"late")
    });
    let dl = server.downloader();
    let policy = DownloadPolicy {
        timeout: Duration::from_millis(300),
        ..allow(&[HOST])
    };
    let (_keep, f) = form("https://up.example.com/u", b"x");
    let start = Instant::now();
    let err = upload(&dl, &policy, f, &AbortHandle::new()).0.unwrap_err();
    assert_eq!(err.err_msg_for("uploadFile"), "uploadFile:fail timeout");
    assert!(start.elapsed() < Duration::from_secs(3));

    let abort = AbortHandle::new();
    let later = abort.clone();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        later.abort();
    });
    let (_keep, f) = form("https://up.example.com/u", b"x");
    let start = Instant::now();
    let err = upload(&dl, &allow(&[HOST]), f, &abort).0.unwrap_err();
    t.join().unwrap();
    assert_eq!(err.err_msg_for("uploadFile"), "uploadFile:fail abort");
    assert!(start.elapsed() < Duration::from_secs(4));
}

#[test]
fn a_file_shorter_than_announced_fails() {
    let server = TestServer::start(HOST, |_| Reply::ok(b"ok"));
    let dl = server.downloader();
    let (_keep, mut f) = form("https://up.example.com/u", b"short");
    f.len = 1000;
    let err = upload(&dl, &allow(&[HOST]), f, &AbortHandle::new())
        .0
        .unwrap_err();
    assert!(matches!(err, DownloadError::Network(_)), "{err:?}");
}

#[test]
fn map_host_answers_uploads_with_an_echo_or_a_recording() {
    let site = tempfile::tempdir().unwrap();
    write_file(
        site.path(),
        "_responses/POST/echo.json",
        br#"{"echo": true}"#,
    );
    write_file(
        site.path(),
        "_responses/POST/upload.json",
        br#"{"body": {"url": "https://cdn.example.com/1.png"}}"#,
    );
    let mapped = serve_dir(HOST, site.path()).unwrap();
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    let data = bytes(200_000, 4);
    let (_keep, f) = form("https://up.example.com/echo", &data);
    let res = upload(&dl, &allow(&[HOST]), f, &AbortHandle::new())
        .0
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(v["method"], "POST");
    let len = v["bodyLength"].as_u64().unwrap();
    assert!(len > 200_000, "{len}");
    assert_eq!(v["headers"]["content-length"], len.to_string());
    let head = v["body"].as_str().unwrap();
    assert!(head.contains("name=\"user\""), "{head}");
    assert!(head.contains("filename=\"tmp_1.png\""));
    assert!(
        v["headers"]["content-type"]
            .as_str()
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );

    let (_keep, f) = form("https://up.example.com/upload", b"x");
    let res = upload(&dl, &allow(&[HOST]), f, &AbortHandle::new())
        .0
        .unwrap();
    assert_eq!(res.body, br#"{"url":"https://cdn.example.com/1.png"}"#);
}
