//! Limits (spec §4): 10 MB per download, the temp quota, the timeout and
//! abort. Every failure must leave no file behind.

mod common;

use std::thread;
use std::time::{Duration, Instant};

use common::*;
use swan_net::{AbortHandle, DEFAULT_MAX_BYTES, DownloadError, DownloadPolicy};

const HOST: &str = "cdn.example.com";
const URL: &str = "https://cdn.example.com/file.bin";

fn policy_with(f: impl FnOnce(&mut DownloadPolicy)) -> DownloadPolicy {
    let mut p = allow(&[HOST]);
    f(&mut p);
    p
}

#[test]
fn content_length_over_the_limit_is_refused_early() {
    let server = TestServer::start(HOST, |_| Reply::ok(&bytes(2_000, 1)));
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = policy_with(|p| p.max_bytes = 1_999);
    let (res, events) = get(&dl, &fx, &policy, URL);
    let err = res.unwrap_err();
    assert_eq!(err, DownloadError::TooLarge);
    assert_eq!(err.err_code(), 1001);
    assert_eq!(
        err.err_msg(),
        "download file failed because file size exceeds limit"
    );
    assert!(events.is_empty());
    fx.assert_no_files();

    // Exactly at the limit is fine.
    let policy = policy_with(|p| p.max_bytes = 2_000);
    let done = get(&dl, &fx, &policy, URL).0.unwrap();
    assert_eq!(fx.read(&done.temp_file_path).len(), 2_000);
}

#[test]
fn chunked_body_over_the_limit_stops_streaming() {
    let server = TestServer::start(HOST, |_| {
        Reply::chunked((0..10).map(|i| bytes(1_000, i)).collect())
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = policy_with(|p| p.max_bytes = 4_500);
    assert_eq!(get(&dl, &fx, &policy, URL).0, Err(DownloadError::TooLarge));
    fx.assert_no_files();
    let policy = policy_with(|p| p.max_bytes = 10_000);
    assert!(get(&dl, &fx, &policy, URL).0.is_ok());
}

#[test]
fn real_ten_megabytes_plus_one_with_content_length() {
    let size = DEFAULT_MAX_BYTES as usize + 1;
    let server = TestServer::start(HOST, move |_| {
        // Announced size; the body would follow if the client read it.
        let mut r = Reply::chunked((0..11).map(|_| vec![7u8; 1 << 20]).collect());
        r.headers.push(("content-length".into(), size.to_string()));
        r.chunks.last_mut().unwrap().truncate(size - 10 * (1 << 20));
        r
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let t = Instant::now();
    let (res, events) = get(&dl, &fx, &allow(&[HOST]), URL);
    assert_eq!(res, Err(DownloadError::TooLarge));
    assert!(events.is_empty(), "refused before streaming");
    assert!(t.elapsed() < Duration::from_secs(10));
    fx.assert_no_files();
}

#[test]
fn real_ten_megabytes_plus_one_chunked() {
    let server = TestServer::start(HOST, |_| {
        let mut chunks: Vec<Vec<u8>> = (0..10).map(|i| bytes(1 << 20, i)).collect();
        chunks.push(vec![1u8]);
        Reply::chunked(chunks)
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let (res, _) = get(&dl, &fx, &allow(&[HOST]), URL);
    // The per-download limit is hit before the (equal) temp quota.
    assert_eq!(res, Err(DownloadError::TooLarge));
    fx.assert_no_files();
}

#[test]
fn temp_quota_is_enforced_and_reported() {
    let server = TestServer::start(HOST, |_| Reply::chunked(vec![bytes(3_000, 2)]));
    let dl = server.downloader();
    let mut fx = Fx::new();
    fx.sandbox.set_temp_quota(2_000);
    let err = get(&dl, &fx, &allow(&[HOST]), URL).0.unwrap_err();
    assert_eq!(err, DownloadError::QuotaExceeded);
    assert_eq!(err.err_code(), 1001);
    fx.assert_no_files();
}

#[test]
fn a_server_that_stalls_mid_body_times_out() {
    let server = TestServer::start(HOST, |_| {
        let mut r = Reply::ok(&bytes(1_000, 3));
        // Announce 1 MB, send 1 000 bytes, then nothing.
        r.headers = vec![("content-length".into(), (1 << 20).to_string())];
        r.stall = true;
        r
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = policy_with(|p| p.timeout = Duration::from_millis(800));
    let t = Instant::now();
    let err = get(&dl, &fx, &policy, URL).0.unwrap_err();
    let took = t.elapsed();
    assert_eq!(err, DownloadError::Timeout);
    assert_eq!(err.err_msg(), "downloadFile:fail timeout");
    assert!(took >= Duration::from_millis(700), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    fx.assert_no_files();
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = TestServer::start(HOST, |_| {
        let mut r = Reply::ok(b"late");
        r.head_delay = Duration::from_secs(30);
        r
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = policy_with(|p| p.timeout = Duration::from_millis(500));
    let t = Instant::now();
    assert_eq!(get(&dl, &fx, &policy, URL).0, Err(DownloadError::Timeout));
    assert!(t.elapsed() < Duration::from_secs(5));
    fx.assert_no_files();
}

#[test]
fn a_slow_but_steady_body_still_counts_against_the_total_timeout() {
    // Each chunk arrives well within any per-read limit, but the whole takes
    // longer than the budget.
    let server = TestServer::start(HOST, |_| {
        let mut r = Reply::chunked((0..20).map(|i| bytes(100, i)).collect());
        r.delay = Duration::from_millis(100);
        r
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = policy_with(|p| p.timeout = Duration::from_millis(700));
    let t = Instant::now();
    assert_eq!(get(&dl, &fx, &policy, URL).0, Err(DownloadError::Timeout));
    assert!(t.elapsed() < Duration::from_secs(5));
    fx.assert_no_files();
}

#[test]
fn abort_from_another_thread_stops_a_stalled_download() {
    let server = TestServer::start(HOST, |_| {
        let mut r = Reply::chunked(vec![bytes(5_000, 4)]);
        r.stall = true;
        r
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let abort = AbortHandle::new();
    let aborter = {
        let abort = abort.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(400));
            abort.abort();
            Instant::now()
        })
    };
    let (res, _) = get_with(&dl, &fx, &allow(&[HOST]), URL, &[], &abort);
    let returned = Instant::now();
    let aborted_at = aborter.join().unwrap();
    let err = res.unwrap_err();
    assert_eq!(err, DownloadError::Aborted);
    assert_eq!(err.err_msg(), "downloadFile:fail abort");
    assert_eq!(err.err_code(), 1001);
    // Default timeout is 60 s: returning promptly proves the read was interrupted.
    assert!(returned - aborted_at < Duration::from_secs(1));
    assert!(abort.is_aborted());
    fx.assert_no_files();
}

#[test]
fn abort_while_streaming_a_steady_body() {
    let server = TestServer::start(HOST, |_| {
        let mut r = Reply::chunked((0..100).map(|i| bytes(1_000, i)).collect());
        r.delay = Duration::from_millis(50);
        r
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let abort = AbortHandle::new();
    let mut events = 0;
    let a2 = abort.clone();
    let t = Instant::now();
    let res = dl.download(
        &fx.sandbox,
        &allow(&[HOST]),
        URL,
        &[],
        &mut |_| {
            // Abort from inside the progress callback of this very download.
            events += 1;
            a2.abort();
        },
        &abort,
    );
    assert_eq!(res, Err(DownloadError::Aborted));
    assert_eq!(events, 1);
    assert!(t.elapsed() < Duration::from_secs(3));
    fx.assert_no_files();
}

#[test]
fn an_aborted_handle_fails_at_once() {
    let server = TestServer::start(HOST, |_| Reply::ok(b"x"));
    let dl = server.downloader();
    let fx = Fx::new();
    let abort = AbortHandle::new();
    abort.abort();
    assert_eq!(
        get_with(&dl, &fx, &allow(&[HOST]), URL, &[], &abort).0,
        Err(DownloadError::Aborted)
    );
    assert!(server.seen().is_empty());
    fx.assert_no_files();
}

#[test]
fn concurrent_downloads_abort_independently() {
    let server = TestServer::start(HOST, |path| {
        let mut r = Reply::chunked(vec![bytes(1_000, 5)]);
        r.stall = path == "/stall";
        r
    });
    let dl = server.downloader();
    let fx = Fx::new();
    let policy = allow(&[HOST]);
    thread::scope(|s| {
        let stalled_abort = AbortHandle::new();
        let stalled = {
            let (dl, fx, policy, a) = (&dl, &fx, &policy, stalled_abort.clone());
            s.spawn(move || get_with(dl, fx, policy, "https://cdn.example.com/stall", &[], &a).0)
        };
        thread::sleep(Duration::from_millis(200));
        // Another download on the same Downloader with its own handle.
        let ok = get(&dl, &fx, &policy, "https://cdn.example.com/fine")
            .0
            .unwrap();
        assert_eq!(fx.read(&ok.temp_file_path).len(), 1_000);
        stalled_abort.abort();
        assert_eq!(stalled.join().unwrap(), Err(DownloadError::Aborted));
    });
    assert_eq!(
        fx.tmp_files().len(),
        1,
        "only the finished download remains"
    );
}
