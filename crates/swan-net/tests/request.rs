//! `swan.request`'s HTTP exchange against real local HTTPS servers: methods, headers, bodies as
//! the server received them, redirects, the response cap, timeout, abort, the whitelist, and
//! `--map-host` recorded responses.

mod common;

use std::time::{Duration, Instant};

use common::*;
use swan_net::{
    AbortHandle, ClientConfig, DownloadError, DownloadPolicy, Downloader, HttpRequest,
    HttpResponse, METHODS, ResponseHead, serve_dir,
};

const HOST: &str = "api.example.com";

fn req(method: &str, url: &str, body: Option<&[u8]>) -> HttpRequest {
    HttpRequest {
        method: method.into(),
        url: url.into(),
        headers: Vec::new(),
        body: body.map(<[u8]>::to_vec),
    }
}

fn send(
    dl: &Downloader,
    policy: &DownloadPolicy,
    request: &HttpRequest,
) -> (Result<HttpResponse, DownloadError>, Vec<ResponseHead>) {
    let mut heads = Vec::new();
    let res = dl.request(
        policy,
        request,
        &mut |h| heads.push(h.clone()),
        &AbortHandle::new(),
    );
    (res, heads)
}

#[test]
fn every_documented_method_reaches_the_server() {
    let server = TestServer::start(HOST, |_| Reply::ok(b"{\"ok\":true}").header("X-Id", "7"));
    let dl = server.downloader();
    let policy = allow(&[HOST]);
    // CONNECT is accepted too but means a tunnel to an HTTP server; it is not sent here.
    for method in METHODS.iter().filter(|m| **m != "CONNECT") {
        let (res, heads) = send(
            &dl,
            &policy,
            &req(method, "https://api.example.com/m", None),
        );
        let res = res.unwrap_or_else(|e| panic!("{method}: {e}"));
        assert_eq!(res.head.status_code, 200, "{method}");
        assert_eq!(
            heads,
            std::slice::from_ref(&res.head),
            "{method}: head reported once"
        );
        let expected_body: &[u8] = if *method == "HEAD" {
            b""
        } else {
            b"{\"ok\":true}"
        };
        assert_eq!(res.body, expected_body, "{method}");
        // Names as servers usually write them.
        assert!(
            res.head.headers.contains(&("X-Id".into(), "7".into())),
            "{:?}",
            res.head.headers
        );
    }
    let seen: Vec<String> = server.seen().into_iter().map(|s| s.method).collect();
    assert_eq!(
        seen,
        ["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE"]
    );
}

#[test]
fn bodies_and_headers_arrive_as_sent() {
    let server = TestServer::start(HOST, |_| Reply::ok(b"done"));
    let dl = server.downloader();
    let policy = allow(&[HOST]);
    let body = bytes(100_000, 3);
    let mut post = req("POST", "https://api.example.com/p?x=1", Some(&body));
    post.headers = vec![
        ("Content-Type".into(), "application/octet-stream".into()),
        ("X-Token".into(), "abc".into()),
        ("Referer".into(), "https://evil.example".into()),
        ("User-Agent".into(), "page".into()),
        ("Content-Length".into(), "1".into()),
    ];
    send(&dl, &policy, &post).0.unwrap();
    send(&dl, &policy, &req("GET", "https://api.example.com/g", None))
        .0
        .unwrap();
    send(
        &dl,
        &policy,
        &req("PUT", "https://api.example.com/e", Some(b"")),
    )
    .0
    .unwrap();
    let seen = server.seen();
    let p = &seen[0];
    assert_eq!(
        (p.method.as_str(), p.path_and_query.as_str()),
        ("POST", "/p?x=1")
    );
    assert_eq!(p.body, body);
    assert_eq!(p.header("content-length"), Some("100000"));
    assert_eq!(p.header("content-type"), Some("application/octet-stream"));
    assert_eq!(p.header("x-token"), Some("abc"));
    assert_eq!(p.header("referer"), None);
    assert_eq!(p.header("user-agent"), Some(swan_net::USER_AGENT));
    let g = &seen[1];
    assert!(g.body.is_empty());
    assert_eq!(g.header("content-length"), None);
    assert_eq!(g.header("transfer-encoding"), None);
    let e = &seen[2];
    assert_eq!(e.header("content-length"), Some("0"));

    let mut bad = req("GET", "https://api.example.com/", None);
    bad.headers = vec![("X-A".into(), "a\r\nInjected: 1".into())];
    assert_eq!(
        send(&dl, &policy, &bad).0.unwrap_err(),
        DownloadError::InvalidHeader("X-A".into())
    );
}

#[test]
fn any_status_is_a_result_and_repeated_headers_join() {
    let server = TestServer::start(HOST, |_| {
        Reply::ok(b"gone")
            .status(410)
            .header("Set-Cookie", "a=1")
            .header("Set-Cookie", "b=2")
    });
    let dl = server.downloader();
    let res = send(
        &dl,
        &allow(&[HOST]),
        &req("GET", "https://api.example.com/x", None),
    )
    .0
    .unwrap();
    assert_eq!(res.head.status_code, 410);
    assert_eq!(res.body, b"gone");
    let cookie: Vec<_> = res
        .head
        .headers
        .iter()
        .filter(|(n, _)| n == "Set-Cookie")
        .collect();
    assert_eq!(
        cookie,
        [&("Set-Cookie".to_string(), "a=1, b=2".to_string())]
    );
}

#[test]
fn redirects_change_the_method_as_browsers_do() {
    let server = TestServer::start(HOST, |path| match path {
        "/found" => Reply::ok(b"").status(302).header("Location", "/final"),
        "/temp" => Reply::ok(b"").status(307).header("Location", "/final"),
        "/away" => Reply::ok(b"")
            .status(302)
            .header("Location", "https://other.example.com/x"),
        _ => Reply::ok(b"final"),
    });
    let dl = server.downloader();
    let policy = allow(&[HOST]);
    let res = send(
        &dl,
        &policy,
        &req("POST", "https://api.example.com/found", Some(b"data")),
    )
    .0
    .unwrap();
    assert_eq!(res.body, b"final");
    send(
        &dl,
        &policy,
        &req("POST", "https://api.example.com/temp", Some(b"data")),
    )
    .0
    .unwrap();
    let seen = server.seen();
    let hops: Vec<(&str, &str, &[u8])> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.path_and_query.as_str(), &s.body[..]))
        .collect();
    assert_eq!(
        hops,
        [
            ("POST", "/found", &b"data"[..]),
            ("GET", "/final", &b""[..]),
            ("POST", "/temp", &b"data"[..]),
            ("POST", "/final", &b"data"[..]),
        ]
    );
    // Every hop is checked against the whitelist.
    assert_eq!(
        send(
            &dl,
            &policy,
            &req("GET", "https://api.example.com/away", None)
        )
        .0
        .unwrap_err(),
        DownloadError::IllegalRequest
    );
}

#[test]
fn the_whitelist_refuses_before_any_connection() {
    let server = TestServer::start(HOST, |_| Reply::ok(b"x"));
    let dl = server.downloader();
    let policy = allow(&["other.example.com"]);
    let err = send(&dl, &policy, &req("GET", "https://api.example.com/", None))
        .0
        .unwrap_err();
    assert_eq!(err, DownloadError::IllegalRequest);
    assert_eq!(
        (err.err_code(), err.err_msg_for("request")),
        (202, "illegal request".to_string())
    );
    let err = send(&dl, &policy, &req("GET", "http://api.example.com/", None))
        .0
        .unwrap_err();
    assert_eq!(
        err.err_msg_for("request"),
        "request url header must be https or wss"
    );
    assert!(server.seen().is_empty());
    // The devtools' "do not verify domains" lets it through (https still required).
    let skip = DownloadPolicy {
        skip_domain_check: true,
        ..DownloadPolicy::default()
    };
    assert_eq!(
        send(&dl, &skip, &req("GET", "https://api.example.com/", None))
            .0
            .unwrap()
            .body,
        b"x"
    );
    assert_eq!(
        swan_net::url_host("https://API.Example.com./a?b"),
        Some("api.example.com".into())
    );
    assert_eq!(swan_net::url_host("http://api.example.com/"), None);
}

#[test]
fn the_response_cap_holds_announced_or_not() {
    let server = TestServer::start(HOST, |path| match path {
        "/announced" => Reply::ok(&[1u8; 2000]),
        "/chunked" => Reply::chunked(vec![vec![1u8; 600], vec![2u8; 600]]),
        _ => Reply::ok(&[3u8; 1000]),
    });
    let dl = server.downloader();
    let policy = DownloadPolicy {
        max_bytes: 1000,
        ..allow(&[HOST])
    };
    for path in ["announced", "chunked"] {
        let err = send(
            &dl,
            &policy,
            &req("GET", &format!("https://api.example.com/{path}"), None),
        )
        .0
        .unwrap_err();
        assert_eq!(err, DownloadError::TooLarge, "{path}");
        assert_eq!(
            (err.err_code(), err.err_msg_for("request")),
            (
                1001,
                "request:fail response body exceeds the size limit".to_string()
            )
        );
    }
    // Exactly the cap is fine.
    let ok = send(
        &dl,
        &policy,
        &req("GET", "https://api.example.com/exact", None),
    );
    assert_eq!(ok.0.unwrap().body.len(), 1000);
    assert_eq!(swan_net::MAX_RESPONSE_BYTES, 10 * 1024 * 1024);
}

#[test]
fn a_slow_server_times_out() {
    let server = TestServer::start(HOST, |_| Reply {
        head_delay: Duration::from_secs(5),
        ..Reply::ok(b"late")
    });
    let dl = server.downloader();
    let policy = DownloadPolicy {
        timeout: Duration::from_millis(300),
        ..allow(&[HOST])
    };
    let start = Instant::now();
    let err = send(&dl, &policy, &req("GET", "https://api.example.com/", None))
        .0
        .unwrap_err();
    assert_eq!(err, DownloadError::Timeout);
    assert_eq!(err.err_msg_for("request"), "request:fail timeout");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn abort_interrupts_a_stalled_response() {
    let server = TestServer::start(HOST, |_| Reply {
        stall: true,
        ..Reply::chunked(vec![b"part".to_vec()])
    });
    let dl = server.downloader();
    let abort = AbortHandle::new();
    let later = abort.clone();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        later.abort();
    });
    let start = Instant::now();
    let mut heads = 0;
    let err = dl
        .request(
            &allow(&[HOST]),
            &req("GET", "https://api.example.com/", None),
            &mut |_| heads += 1,
            &abort,
        )
        .unwrap_err();
    t.join().unwrap();
    assert_eq!(err, DownloadError::Aborted);
    assert_eq!(err.err_msg_for("request"), "request:fail abort");
    assert_eq!(heads, 1, "the head arrived before the stall");
    assert!(start.elapsed() < Duration::from_secs(5));
    // An aborted handle fails at once.
    assert_eq!(
        dl.request(
            &allow(&[HOST]),
            &req("GET", "https://api.example.com/", None),
            &mut |_| {},
            &abort
        )
        .unwrap_err(),
        DownloadError::Aborted
    );
}

fn mapped(site: &std::path::Path) -> (swan_net::MappedHost, Downloader) {
    let mapped = serve_dir(HOST, site).unwrap();
    let dl = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &mapped,
    )))
    .unwrap();
    (mapped, dl)
}

#[test]
fn map_host_answers_from_recorded_responses() {
    let site = tempfile::tempdir().unwrap();
    write_file(
        site.path(),
        "_responses/POST/api/login.json",
        br#"{"status": 201, "headers": {"X-Token": "t1"}, "body": {"token": "abc", "n": [1, 2]}}"#,
    );
    write_file(
        site.path(),
        "_responses/GET/api/list.json",
        br#"{"body": "page one"}"#,
    );
    write_file(
        site.path(),
        "_responses/GET/api/list?page=2.json",
        br#"{"body": "page two", "headers": {"Content-Type": "text/csv"}}"#,
    );
    write_file(
        site.path(),
        "_responses/PUT/echo.json",
        br#"{"echo": true}"#,
    );
    write_file(site.path(), "_responses/DELETE/bad.json", b"[1]");
    write_file(site.path(), "static/a.txt", b"file body");
    let (_m, dl) = mapped(site.path());
    let policy = allow(&[HOST]);
    let get = |m: &str, path: &str, body: Option<&[u8]>| {
        send(
            &dl,
            &policy,
            &req(m, &format!("https://{HOST}{path}"), body),
        )
        .0
        .unwrap()
    };
    let header = |r: &HttpResponse, n: &str| {
        r.head
            .headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
    };

    let login = get("POST", "/api/login", Some(b"{\"user\":\"a\"}"));
    assert_eq!(login.head.status_code, 201);
    assert_eq!(login.body, br#"{"token":"abc","n":[1,2]}"#);
    assert_eq!(header(&login, "X-Token").as_deref(), Some("t1"));
    assert_eq!(
        header(&login, "Content-Type").as_deref(),
        Some("application/json")
    );

    let one = get("GET", "/api/list?page=1", None);
    assert_eq!(one.body, b"page one");
    assert_eq!(
        header(&one, "Content-Type").as_deref(),
        Some("text/plain; charset=utf-8")
    );
    let two = get("GET", "/api/list?page=2", None);
    assert_eq!(two.body, b"page two");
    assert_eq!(header(&two, "Content-Type").as_deref(), Some("text/csv"));
    assert_eq!(get("HEAD", "/api/list", None).body, b"");

    let echo = get("PUT", "/echo?x=1", Some(b"hello body"));
    let v: serde_json::Value = serde_json::from_slice(&echo.body).unwrap();
    assert_eq!(v["method"], "PUT");
    assert_eq!(v["path"], "/echo");
    assert_eq!(v["query"], "x=1");
    assert_eq!(v["body"], "hello body");
    assert_eq!(v["bodyLength"], 10);
    assert_eq!(v["headers"]["content-length"], "10");

    // Files are still served for GET; recordings are not files.
    assert_eq!(get("GET", "/static/a.txt", None).body, b"file body");
    assert_eq!(
        get("GET", "/_responses/GET/api/list.json", None)
            .head
            .status_code,
        404
    );

    // An API call with no recording says which file would answer it.
    let missing = get("POST", "/api/none", Some(b"x"));
    assert_eq!(missing.head.status_code, 404);
    let text = String::from_utf8(missing.body).unwrap();
    assert!(text.contains("_responses/POST/api/none.json"), "{text}");

    // A recording that is not an object is a 500 that says so.
    let bad = get("DELETE", "/bad", None);
    assert_eq!(bad.head.status_code, 500);
    let text = String::from_utf8(bad.body).unwrap();
    assert!(text.contains("must hold a JSON object"), "{text}");
}

#[test]
fn a_recording_can_be_slow() {
    let site = tempfile::tempdir().unwrap();
    write_file(
        site.path(),
        "_responses/GET/slow.json",
        br#"{"delay": 3000, "body": "late"}"#,
    );
    write_file(
        site.path(),
        "_responses/GET/quick.json",
        br#"{"delay": 50, "body": "soon"}"#,
    );
    write_file(site.path(), "_responses/GET/bad.json", br#"{"delay": "x"}"#);
    let (_m, dl) = mapped(site.path());
    let policy = DownloadPolicy {
        timeout: Duration::from_millis(300),
        ..allow(&[HOST])
    };
    let start = Instant::now();
    let err = send(
        &dl,
        &policy,
        &req("GET", "https://api.example.com/slow", None),
    )
    .0
    .unwrap_err();
    assert_eq!(err, DownloadError::Timeout);
    assert!(start.elapsed() < Duration::from_secs(2));
    let ok = send(
        &dl,
        &policy,
        &req("GET", "https://api.example.com/quick", None),
    );
    assert_eq!(ok.0.unwrap().body, b"soon");
    let bad = send(
        &dl,
        &policy,
        &req("GET", "https://api.example.com/bad", None),
    );
    assert_eq!(bad.0.unwrap().head.status_code, 500);
}
