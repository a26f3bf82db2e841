//! downloadFile rules (spec §4) against a scriptable HTTPS server on 127.0.0.1.

mod common;

use std::time::Duration;

use common::*;
use swan_net::{AbortHandle, DownloadError, DownloadPolicy, USER_AGENT};

const HOST: &str = "cdn.example.com";

fn echo_server() -> TestServer {
    TestServer::start(HOST, |_| Reply::ok(b"hello"))
}

#[test]
fn error_codes_and_messages_are_baidus() {
    let cases = [
        (
            DownloadError::NotHttps,
            202,
            "request url header must be https or wss",
        ),
        (DownloadError::IllegalRequest, 202, "illegal request"),
        (
            DownloadError::TooLarge,
            1001,
            "download file failed because file size exceeds limit",
        ),
        (DownloadError::Aborted, 1001, "downloadFile:fail abort"),
        (DownloadError::Timeout, 1001, "downloadFile:fail timeout"),
        (
            DownloadError::Network("connection refused".into()),
            1001,
            "downloadFile:fail connection refused",
        ),
        (
            DownloadError::QuotaExceeded,
            1001,
            "downloadFile:fail the maximum size of the temp file storage is exceeded",
        ),
    ];
    for (err, code, msg) in cases {
        assert_eq!(err.err_code(), code, "{err:?}");
        assert_eq!(err.err_msg(), msg, "{err:?}");
    }
}

#[test]
fn rule_violations_never_reach_the_server() {
    let server = echo_server();
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = allow(&[HOST]);

    let expect = |url: &str, want: DownloadError| {
        let err = get(&dl, &fx, &policy, url).0.unwrap_err();
        assert_eq!(err, want, "{url}");
        assert_eq!(err.err_code(), 202, "{url}");
        // The synchronous check agrees with the download.
        assert_eq!(swan_net::check_url(&policy, url), Err(want), "{url}");
    };
    expect("http://cdn.example.com/a.png", DownloadError::NotHttps);
    expect("ftp://cdn.example.com/a.png", DownloadError::NotHttps);
    expect(
        "https://other.example.com/a.png",
        DownloadError::IllegalRequest,
    );
    expect("https://127.0.0.1/a.png", DownloadError::IllegalRequest);
    let with_port = format!("https://127.0.0.1:{}/a.png", server.addr.port());
    expect(&with_port, DownloadError::IllegalRequest);
    expect("https://[::1]/a.png", DownloadError::IllegalRequest);
    expect("https://localhost/a.png", DownloadError::IllegalRequest);
    expect(
        "https://cdn.example.com:443/a.png",
        DownloadError::IllegalRequest,
    );
    let host_port = format!("https://cdn.example.com:{}/a.png", server.addr.port());
    expect(&host_port, DownloadError::IllegalRequest);

    assert!(
        server.seen().is_empty(),
        "a refused request reached the server"
    );
    fx.assert_no_files();

    // The same URL on the whitelist works.
    assert!(swan_net::check_url(&policy, "https://CDN.example.com/a.png").is_ok());
    assert!(
        get(&dl, &fx, &policy, "https://CDN.example.com/a.png")
            .0
            .is_ok()
    );
}

#[test]
fn skip_domain_check_lets_other_hosts_through_but_not_http() {
    let server = echo_server();
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = DownloadPolicy {
        skip_domain_check: true,
        ..DownloadPolicy::default()
    };
    let done = get(&dl, &fx, &policy, "https://cdn.example.com/a")
        .0
        .unwrap();
    assert_eq!(fx.read(&done.temp_file_path), b"hello");
    assert_eq!(
        get(&dl, &fx, &policy, "http://cdn.example.com/a").0,
        Err(DownloadError::NotHttps)
    );
}

#[test]
fn referer_and_user_agent_from_the_caller_are_dropped() {
    let server = echo_server();
    let dl = server.downloader();
    let fx = Fx::new();
    let headers = [
        ("Referer", "https://evil.example/"),
        ("user-AGENT", "EvilBot/1.0"),
        ("REFERER", "https://evil2.example/"),
        ("X-Token", "t0k"),
        ("Accept-Language", "zh-CN"),
        ("Cookie", "a=1"),
    ];
    let res = get_with(
        &dl,
        &fx,
        &allow(&[HOST]),
        "https://cdn.example.com/p?q=1",
        &headers,
        &AbortHandle::new(),
    )
    .0;
    assert!(res.is_ok(), "{res:?}");
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let req = &seen[0];
    assert_eq!(req.path_and_query, "/p?q=1");
    assert!(req.header("referer").is_none(), "{:?}", req.headers);
    assert_eq!(req.header("user-agent"), Some(USER_AGENT));
    assert_eq!(req.header("x-token"), Some("t0k"));
    assert_eq!(req.header("accept-language"), Some("zh-CN"));
    assert_eq!(req.header("cookie"), Some("a=1"));
    assert_eq!(req.header("host"), Some(HOST));
}

#[test]
fn any_status_is_a_success_with_its_body() {
    let server = TestServer::start(HOST, |path| match path {
        "/gone" => Reply::ok(b"gone for good").status(410),
        "/err" => Reply::ok(b"oops").status(500),
        _ => Reply::ok(b"not here").status(404),
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = allow(&[HOST]);
    for (path, code, body) in [
        ("/x.png", 404, &b"not here"[..]),
        ("/gone", 410, b"gone for good"),
        ("/err", 500, b"oops"),
    ] {
        let url = format!("https://cdn.example.com{path}");
        let done = get(&dl, &fx, &policy, &url).0.unwrap();
        assert_eq!(done.status_code, code);
        assert_eq!(fx.read(&done.temp_file_path), body);
    }
}

#[test]
fn extension_comes_from_disposition_then_type_then_url() {
    let server = TestServer::start(HOST, |path| match path {
        "/cd/x.jpg" => Reply::ok(b"1")
            .header("content-type", "image/png")
            .header("content-disposition", "attachment; filename=\"photo.GIF\""),
        "/cd-bad/x.jpg" => Reply::ok(b"2").header("content-type", "image/webp").header(
            "content-disposition",
            "attachment; filename=\"../../x.p/g\"",
        ),
        "/ct/x.jpg" => Reply::ok(b"3").header("content-type", "image/heic"),
        "/url/x.JPEG?v=2" => Reply::ok(b"4").header("content-type", "application/octet-stream"),
        "/none/file" => Reply::ok(b"5"),
        "/evil/x.png%2F..%2Fa" => Reply::ok(b"6"),
        _ => Reply::ok(b"?").status(404),
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = allow(&[HOST]);
    let ext = |path: &str| {
        let url = format!("https://cdn.example.com{path}");
        let done = get(&dl, &fx, &policy, &url).0.unwrap();
        assert_eq!(done.status_code, 200, "{path}");
        let name = done
            .temp_file_path
            .strip_prefix("bdfile://")
            .unwrap()
            .to_owned();
        name.split_once('.').map(|(_, e)| e.to_owned())
    };
    assert_eq!(ext("/cd/x.jpg").as_deref(), Some("gif"));
    assert_eq!(ext("/cd-bad/x.jpg").as_deref(), Some("webp"));
    assert_eq!(ext("/ct/x.jpg").as_deref(), Some("heic"));
    assert_eq!(ext("/url/x.JPEG?v=2").as_deref(), Some("jpeg"));
    assert_eq!(ext("/none/file"), None);
    assert_eq!(ext("/evil/x.png%2F..%2Fa"), None);
}

#[test]
fn progress_is_throttled_monotonic_and_ends_at_100() {
    // 8 chunks 250 ms apart: about 1.75 s, so several progress events.
    let chunks: Vec<Vec<u8>> = (0..8).map(|i| bytes(10_000, i)).collect();
    let total: usize = chunks.iter().map(Vec::len).sum();
    let all: Vec<u8> = chunks.concat();
    let server = TestServer::start(HOST, move |path| {
        let mut r = if path == "/chunked" {
            Reply::chunked(chunks.clone())
        } else {
            let mut r = Reply::chunked(chunks.clone());
            r.headers.push(("content-length".into(), total.to_string()));
            r
        };
        r.delay = Duration::from_millis(250);
        r
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = allow(&[HOST]);

    for (path, expected) in [("/known", total as u64), ("/chunked", 0)] {
        let url = format!("https://cdn.example.com{path}");
        let mut events = Vec::new();
        let mut times = Vec::new();
        let done = dl
            .download(
                &fx.sandbox,
                &policy,
                &url,
                &[],
                &mut |p| {
                    events.push(p);
                    times.push(std::time::Instant::now());
                },
                &AbortHandle::new(),
            )
            .unwrap();
        assert_eq!(fx.read(&done.temp_file_path), all);
        assert!(events.len() >= 3, "{path}: {events:?}");
        let last = *events.last().unwrap();
        assert_eq!(last.progress, 100, "{path}");
        assert_eq!(last.total_bytes_written, total as u64);
        assert_eq!(last.total_bytes_expected_to_write, total as u64);
        assert_eq!(events.iter().filter(|e| e.progress == 100).count(), 1);
        for w in events.windows(2) {
            assert!(w[0].progress <= w[1].progress, "{path}: {events:?}");
            assert!(w[0].total_bytes_written <= w[1].total_bytes_written);
        }
        for e in &events[..events.len() - 1] {
            assert_eq!(e.total_bytes_expected_to_write, expected, "{path}");
            assert!(e.progress < 100);
            // Unknown size: 0 percent until the end.
            // Capped at 99 until the end: all bytes may be in before the file is complete.
            let want = (e.total_bytes_written * 100)
                .checked_div(expected)
                .unwrap_or(0)
                .min(99);
            assert_eq!(u64::from(e.progress), want);
        }
        // At most one event per 500 ms (the final one excepted).
        for w in times[..times.len() - 1].windows(2) {
            assert!(w[1] - w[0] >= Duration::from_millis(490), "{path}");
        }
    }
}

#[test]
fn redirects_are_followed_and_checked_hop_by_hop() {
    let server = TestServer::start(HOST, |path| match path {
        "/r1" => Reply::ok(b"").status(302).header("location", "/r2"),
        "/r2" => Reply::ok(b"")
            .status(301)
            .header("location", "https://cdn.example.com/final.png"),
        "/final.png" => Reply::ok(b"final"),
        "/to-http" => Reply::ok(b"")
            .status(302)
            .header("location", "http://cdn.example.com/final.png"),
        "/to-ftp" => Reply::ok(b"")
            .status(301)
            .header("location", "ftp://cdn.example.com/final.png"),
        "/to-other" => Reply::ok(b"")
            .status(307)
            .header("location", "https://other.example.com/x"),
        "/to-ip" => Reply::ok(b"")
            .status(308)
            .header("location", "https://127.0.0.1/x"),
        "/loop" => Reply::ok(b"").status(302).header("location", "/loop"),
        "/no-location" => Reply::ok(b"moved").status(302),
        _ => Reply::ok(b"?").status(404),
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = allow(&[HOST]);
    let run = |path: &str| get(&dl, &fx, &policy, &format!("https://cdn.example.com{path}")).0;

    let done = run("/r1").unwrap();
    assert_eq!(done.status_code, 200);
    assert_eq!(fx.read(&done.temp_file_path), b"final");
    assert!(done.temp_file_path.ends_with(".png"));
    // The page's own URL was fine: the message says the redirect was refused.
    let err = run("/to-http").unwrap_err();
    assert_eq!(
        err,
        DownloadError::RedirectNotHttps("http://cdn.example.com/final.png".into())
    );
    assert_eq!(err.err_code(), 202);
    assert_eq!(
        err.err_msg(),
        "request url header must be https or wss: redirect to \
         http://cdn.example.com/final.png refused, only https is allowed"
    );
    assert_eq!(
        run("/to-ftp"),
        Err(DownloadError::RedirectNotHttps(
            "ftp://cdn.example.com/final.png".into()
        ))
    );
    assert_eq!(run("/to-other"), Err(DownloadError::IllegalRequest));
    assert_eq!(run("/to-ip"), Err(DownloadError::IllegalRequest));
    assert_eq!(
        run("/loop"),
        Err(DownloadError::Network("too many redirects".into()))
    );
    let moved = run("/no-location").unwrap();
    assert_eq!(moved.status_code, 302);
    assert_eq!(fx.read(&moved.temp_file_path), b"moved");
}

#[test]
fn network_errors_are_1001_with_a_reason() {
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let mut config = swan_net::ClientConfig::default();
    config.resolve.insert(HOST.into(), addr);
    let dl = swan_net::Downloader::new(config).unwrap();
    let fx = Fx::new();
    let err = get(&dl, &fx, &allow(&[HOST]), "https://cdn.example.com/a")
        .0
        .unwrap_err();
    assert_eq!(err.err_code(), 1001);
    assert!(
        err.err_msg().starts_with("downloadFile:fail "),
        "{}",
        err.err_msg()
    );
    assert!(matches!(err, DownloadError::Network(_)), "{err:?}");
    fx.assert_no_files();
}

#[test]
fn invalid_caller_headers_fail_without_a_request() {
    let server = echo_server();
    let dl = server.downloader();
    let fx = Fx::new();
    let err = get_with(
        &dl,
        &fx,
        &allow(&[HOST]),
        "https://cdn.example.com/a",
        &[("X-A", "v\r\nInjected: yes")],
        &AbortHandle::new(),
    )
    .0
    .unwrap_err();
    assert_eq!(err, DownloadError::InvalidHeader("X-A".into()));
    assert_eq!(err.err_code(), 1001);
    assert!(server.seen().is_empty());
    fx.assert_no_files();
}
