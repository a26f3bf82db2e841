//! Temp files: creation, quota, commit, drop and clearing.

mod common;

use std::fs;
use std::io::Write;
use std::sync::{Arc, Barrier};
use std::thread;

use common::*;
use swan_sandbox::{DEFAULT_TEMP_QUOTA, PathError, Sandbox, TempError};

fn tmp_count(fx: &Fixture) -> usize {
    fs::read_dir(fx.area("app1", "tmp"))
        .expect("read_dir")
        .count()
}

#[test]
fn commit_keeps_the_file_and_it_resolves() {
    let fx = Fixture::create();
    let mut t = fx.app.create_temp(Some("png")).expect("create");
    let planned = t.file_path().to_owned();
    assert!(planned.starts_with("bdfile://tmp_") && planned.ends_with(".png"));
    let id = &planned["bdfile://tmp_".len()..planned.len() - ".png".len()];
    assert_eq!(id.len(), 16);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    t.write_all(b"hello ").expect("write");
    t.write_all(b"world").expect("write");
    assert_eq!(t.len(), 11);
    // Not visible before commit.
    assert!(is_not_found(&fx.app, &planned));
    let path = t.commit().expect("commit");
    assert_eq!(path, planned);
    assert_eq!(read(&fx.app, &path), b"hello world");
    assert_eq!(fx.app.temp_usage().expect("usage"), 11);
}

#[test]
fn temp_without_extension_and_bad_extensions() {
    let fx = Fixture::create();
    let t = fx.app.create_temp(None).expect("create");
    let path = t.commit().expect("commit");
    assert!(path.starts_with("bdfile://tmp_") && !path.contains('.'));
    assert_eq!(read(&fx.app, &path), b"");
    for ext in ["", "p.g", "../x", "abcdefghijk", "pn/g", "p\0g", "é"] {
        assert!(
            matches!(
                fx.app.create_temp(Some(ext)),
                Err(TempError::InvalidExtension)
            ),
            "{ext:?}"
        );
    }
    assert!(fx.app.create_temp(Some("abcdefghij")).is_ok());
}

#[test]
fn temp_names_are_unique() {
    let fx = Fixture::create();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..50 {
        let t = fx.app.create_temp(Some("bin")).expect("create");
        assert!(seen.insert(t.commit().expect("commit")));
    }
    assert_eq!(tmp_count(&fx), 50);
}

#[test]
fn dropping_uncommitted_deletes_and_returns_quota() {
    let fx = Fixture::create();
    let mut t = fx.app.create_temp(Some("png")).expect("create");
    t.write_all(&[7u8; 1000]).expect("write");
    assert_eq!(fx.app.temp_usage().expect("usage"), 1000);
    assert_eq!(tmp_count(&fx), 1);
    drop(t);
    assert_eq!(tmp_count(&fx), 0);
    assert_eq!(fx.app.temp_usage().expect("usage"), 0);
}

#[test]
fn quota_allows_up_to_limit_and_fails_beyond() {
    let mut fx = Fixture::create();
    assert_eq!(fx.app.temp_quota(), DEFAULT_TEMP_QUOTA);
    fx.app.set_temp_quota(1000);

    // Exactly the quota is fine.
    let mut t = fx.app.create_temp(None).expect("create");
    t.write_all(&[1u8; 600]).expect("write");
    t.write_all(&[1u8; 400]).expect("write");
    let full = t.commit().expect("commit");
    assert_eq!(fx.app.temp_usage().expect("usage"), 1000);

    // An empty file still fits (a download with an empty body).
    let empty = fx.app.create_temp(None).expect("create");
    let empty = empty.commit().expect("commit empty");

    // One more byte does not.
    let mut t = fx.app.create_temp(Some("png")).expect("create");
    let err = t.write_all(&[1u8]).expect_err("over quota");
    assert_eq!(err.kind(), std::io::ErrorKind::QuotaExceeded);
    assert!(TempError::is_quota_exceeded(&err));
    assert!(matches!(
        TempError::from(err),
        TempError::QuotaExceeded { quota: 1000 }
    ));
    // Further writes keep failing and the file cannot be committed.
    assert!(t.write(&[1u8]).is_err());
    let failed_path = t.file_path().to_owned();
    assert!(t.commit().is_err());
    // The failed file is removed.
    assert!(is_not_found(&fx.app, &failed_path));
    assert_eq!(tmp_count(&fx), 2);

    // Freeing space (clear) makes room again.
    fx.app.clear_temp().expect("clear");
    assert!(is_not_found(&fx.app, &full));
    assert!(is_not_found(&fx.app, &empty));
    let mut t = fx.app.create_temp(None).expect("create");
    t.write_all(&[1u8; 1000]).expect("write after clear");
    t.commit().expect("commit");
}

#[test]
fn failing_write_in_the_middle_leaves_nothing() {
    let mut fx = Fixture::create();
    fx.app.set_temp_quota(10_000);
    let mut t = fx.app.create_temp(Some("jpg")).expect("create");
    let mut written = 0;
    let err = loop {
        match t.write_all(&[0u8; 3000]) {
            Ok(()) => written += 3000,
            Err(e) => break e,
        }
    };
    assert_eq!(written, 9000);
    assert!(TempError::is_quota_exceeded(&err));
    assert_eq!(fx.app.temp_usage().expect("usage"), 9000);
    drop(t);
    assert_eq!(tmp_count(&fx), 0);
    assert_eq!(fx.app.temp_usage().expect("usage"), 0);
}

#[test]
fn concurrent_writers_share_the_quota() {
    let mut fx = Fixture::create();
    fx.app.set_temp_quota(10_000);
    let app = Arc::new(fx.app);
    let barrier = Arc::new(Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let app = Arc::clone(&app);
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                let mut t = app.create_temp(None).expect("create");
                barrier.wait();
                let mut n = 0u64;
                while t.write_all(&[9u8; 100]).is_ok() {
                    n += 100;
                }
                // Hold the file until every writer is done, so no quota is
                // given back while others still write.
                barrier.wait();
                let path = t.commit();
                assert!(path.is_err(), "failed file must not commit");
                n
            })
        })
        .collect();
    let total: u64 = handles.into_iter().map(|h| h.join().expect("thread")).sum();
    assert_eq!(total, 10_000, "writers together fill exactly the quota");
    assert_eq!(app.temp_usage().expect("usage"), 0);
    fx.app = Arc::try_unwrap(app).expect("sole owner");
    assert_eq!(tmp_count(&fx), 0);
}

#[test]
fn two_handles_of_one_app_share_the_quota() {
    let mut fx = Fixture::create();
    fx.app.set_temp_quota(1000);
    let second =
        Sandbox::open(&fx.data, &app_id("app1"), swan_sandbox::Package::None).expect("open");
    assert_eq!(second.temp_quota(), 1000);
    let mut a = fx.app.create_temp(None).expect("create");
    let mut b = second.create_temp(None).expect("create");
    a.write_all(&[0u8; 700]).expect("write a");
    assert!(b.write_all(&[0u8; 400]).is_err());
    drop(b);
    a.commit().expect("commit");
    // Another app is not affected.
    let mut c = fx.other.create_temp(None).expect("create");
    c.write_all(&[0u8; 5000])
        .expect("other app has its own quota");
}

#[test]
fn usage_is_initialised_from_disk_and_follows_moves() {
    let fx = Fixture::create();
    fx.put("app1", "tmp", "tmp_old1", &[0u8; 300]);
    fx.put("app1", "tmp", "tmp_old2.png", &[0u8; 200]);
    let mut sb =
        Sandbox::open(&fx.data, &app_id("app1"), swan_sandbox::Package::None).expect("open");
    assert_eq!(sb.temp_usage().expect("usage"), 500);
    sb.set_temp_quota(600);
    let mut t = sb.create_temp(None).expect("create");
    assert!(t.write_all(&[0u8; 101]).is_err());
    drop(t);
    // A file moved away (e.g. by saveFile) no longer counts.
    fs::rename(
        fx.area("app1", "tmp").join("tmp_old1"),
        fx.area("app1", "store").join("store_old1"),
    )
    .expect("rename");
    let mut t = sb.create_temp(None).expect("create");
    t.write_all(&[0u8; 400]).expect("fits now");
    t.commit().expect("commit");
    assert_eq!(sb.temp_usage().expect("usage"), 600);
}

#[test]
fn clear_temp_empties_but_spares_writers_in_progress() {
    let fx = Fixture::create();
    for _ in 0..3 {
        let mut t = fx.app.create_temp(Some("png")).expect("create");
        t.write_all(b"x").expect("write");
        t.commit().expect("commit");
    }
    fx.put("app1", "tmp", "junk/dir/file", b"junk");
    let mut live = fx.app.create_temp(None).expect("create");
    live.write_all(b"live").expect("write");
    fx.app.clear_temp().expect("clear");
    assert_eq!(tmp_count(&fx), 1, "only the file being written remains");
    assert_eq!(fx.app.temp_usage().expect("usage"), 4);
    let path = live.commit().expect("commit");
    assert_eq!(read(&fx.app, &path), b"live");
    fx.app.clear_temp().expect("clear");
    assert_eq!(tmp_count(&fx), 0);
    assert_eq!(fx.app.temp_usage().expect("usage"), 0);
    assert!(matches!(fx.app.open_file(&path), Err(PathError::NotFound)));
}

#[test]
fn reset_during_write_makes_commit_fail() {
    let fx = Fixture::create();
    let mut t = fx.app.create_temp(None).expect("create");
    t.write_all(b"abc").expect("write");
    fx.app.reset().expect("reset");
    assert!(t.commit().is_err());
    assert_eq!(tmp_count(&fx), 0);
}
