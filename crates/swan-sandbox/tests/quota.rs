//! The store + user quota holds under concurrency (issue 14, B7): threads and processes racing
//! to keep files in `usr` together never keep more than the quota.
//!
//! The cross-process test re-runs this test binary as children (`child_fill`, which does
//! nothing unless `SWAN_SANDBOX_FILL` is set).

mod common;

use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::thread;

use common::*;
use swan_sandbox::{DEFAULT_PERSISTENT_QUOTA, Keep, Package, PersistError, Sandbox};

const FILL_ENV: &str = "SWAN_SANDBOX_FILL";
const SIZE: usize = 20_000;
const THREADS: usize = 8;

fn open(data: &Path) -> Sandbox {
    let mut sb = Sandbox::open(data, &app_id("app1"), Package::None).expect("open");
    // Room for every racer's download: the persistent quota is the one under test.
    sb.set_temp_quota(u64::MAX);
    sb
}

/// `THREADS` threads, each with its own sandbox (as separate API calls have), keep downloads
/// in usr until the quota refuses one. Returns how many were kept.
fn race(data: &Path, prefix: &str) -> usize {
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let (data, barrier) = (data.to_path_buf(), Arc::clone(&barrier));
            let prefix = prefix.to_owned();
            thread::spawn(move || {
                let sb = open(&data);
                barrier.wait();
                for n in 0.. {
                    let mut t = sb.create_temp(Some("bin")).expect("create");
                    t.write_all(&[i as u8; SIZE]).expect("write");
                    let temp = t.commit().expect("commit");
                    let dest = format!("bdfile://usr/{prefix}/{i}/{n}.bin");
                    match sb.persist_temp(&temp, Keep::Usr(&dest)) {
                        Ok(_) => {}
                        Err(PersistError::OverLimit { quota }) => {
                            assert_eq!(quota, DEFAULT_PERSISTENT_QUOTA);
                            assert!(
                                sb.open_file(&dest).is_err(),
                                "a refused keep leaves nothing"
                            );
                            return n;
                        }
                        Err(e) => panic!("{e}"),
                    }
                }
                unreachable!()
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().expect("thread")).sum()
}

fn usr_bytes(fx: &Fixture) -> u64 {
    fn walk(p: &Path) -> u64 {
        fs::read_dir(p)
            .expect("ls")
            .map(|e| {
                let e = e.expect("entry");
                let t = e.file_type().expect("type");
                if t.is_dir() {
                    walk(&e.path())
                } else {
                    e.metadata().expect("meta").len()
                }
            })
            .sum()
    }
    walk(&fx.area("app1", "usr"))
}

const FIT: usize = (DEFAULT_PERSISTENT_QUOTA / SIZE as u64) as usize;

#[test]
fn threads_racing_to_fill_usr_keep_at_most_the_quota() {
    for round in 0..2 {
        let fx = Fixture::create();
        let kept = race(&fx.data, &format!("r{round}"));
        assert_eq!(kept, FIT);
        assert_eq!(usr_bytes(&fx), (FIT * SIZE) as u64);
        assert!(usr_bytes(&fx) <= DEFAULT_PERSISTENT_QUOTA);
    }
}

/// Not a test on its own: the body of the child processes below. Prints how many it kept.
#[test]
fn child_fill() {
    let Some(data) = std::env::var_os(FILL_ENV) else {
        return;
    };
    let prefix = format!("p{}", std::process::id());
    println!("KEPT {}", race(Path::new(&data), &prefix));
}

#[test]
fn processes_racing_to_fill_usr_keep_at_most_the_quota() {
    let fx = Fixture::create();
    let exe = std::env::current_exe().expect("exe");
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(&exe)
                .args(["--exact", "child_fill", "--nocapture", "--test-threads=1"])
                .env(FILL_ENV, &fx.data)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let mut kept = 0;
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        let n = text
            .split("KEPT ")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("no count in {text:?}"));
        kept += n;
    }
    assert_eq!(kept, FIT);
    assert_eq!(usr_bytes(&fx), (FIT * SIZE) as u64);
}

#[test]
fn replacing_a_user_file_counts_only_the_difference() {
    let fx = Fixture::create();
    let sb = open(&fx.data);
    let keep = |bytes: usize| {
        let mut t = sb.create_temp(None).expect("create");
        t.write_all(&vec![1; bytes]).expect("write");
        let temp = t.commit().expect("commit");
        sb.persist_temp(&temp, Keep::Usr("bdfile://usr/big.bin"))
    };
    let q = DEFAULT_PERSISTENT_QUOTA as usize;
    keep(q - 10).expect("nearly full");
    // Replacing the same file with one as large fits: the old one's space comes back.
    keep(q).expect("replace with the full quota");
    assert!(matches!(keep(q + 1), Err(PersistError::OverLimit { .. })));
    assert_eq!(usr_bytes(&fx), q as u64);
}

const TEMP_ENV: &str = "SWAN_SANDBOX_TEMP";
const CHUNK: usize = 4096;

/// Not a test on its own: a run in another process that, once told to go, downloads into one
/// temp file until the temp quota stops it, then holds the file until its stdin closes.
#[test]
fn child_temp() {
    use std::io::BufRead as _;
    let Some(data) = std::env::var_os(TEMP_ENV) else {
        return;
    };
    let sb = Sandbox::open(Path::new(&data), &app_id("app1"), Package::None).expect("open");
    let mut t = sb.create_temp(None).expect("create");
    println!("CREATED");
    let mut stdin = std::io::stdin().lock();
    let mut go = String::new();
    stdin.read_line(&mut go).expect("go");
    let mut written = 0;
    loop {
        match t.write_all(&[7; CHUNK]) {
            Ok(()) => written += CHUNK,
            Err(e) => {
                assert!(swan_sandbox::TempError::is_quota_exceeded(&e), "{e}");
                break;
            }
        }
    }
    println!("WROTE {written}");
    let _ = std::io::Read::read_to_end(&mut stdin, &mut Vec::new());
}

/// Two runs of one app in two processes, both downloading at once: together they write no more
/// than the app's temp quota (each used to count only its own writes: up to twice the quota).
#[test]
fn processes_downloading_at_once_share_the_temp_quota() {
    use std::io::{BufRead as _, BufReader};
    let fx = Fixture::create();
    let exe = std::env::current_exe().expect("exe");
    let mut children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(&exe)
                .args(["--exact", "child_temp", "--nocapture", "--test-threads=1"])
                .env(TEMP_ENV, &fx.data)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let mut outputs: Vec<_> = children
        .iter_mut()
        .map(|c| BufReader::new(c.stdout.take().expect("stdout")))
        .collect();
    let wait_for = |out: &mut BufReader<std::process::ChildStdout>, word: &str| -> String {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(out.read_line(&mut line).expect("read") > 0, "child ended");
            if let Some((_, rest)) = line.split_once(word) {
                return rest.trim().to_owned();
            }
        }
    };
    // Both have their temp file before either writes.
    for out in &mut outputs {
        wait_for(out, "CREATED");
    }
    for c in &mut children {
        writeln!(c.stdin.as_mut().expect("stdin"), "go").expect("go");
    }
    let total: usize = outputs
        .iter_mut()
        .map(|out| wait_for(out, "WROTE ").parse::<usize>().expect("count"))
        .sum();
    assert_eq!(total as u64, swan_sandbox::DEFAULT_TEMP_QUOTA);
    for mut c in children {
        drop(c.stdin.take());
        assert!(c.wait().expect("wait").success());
    }
}
