//! Two runs of one app at once (issue 14, B6): a run's start sweeps only what dead runs left.
//!
//! The cross-process tests re-run this test binary as a child (`child_run`, which does nothing
//! unless `SWAN_SANDBOX_CHILD` is set): a real second process holding a run, killed with SIGKILL.

mod common;

use std::fs;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;
use swan_sandbox::{Package, Sandbox};

const CHILD_ENV: &str = "SWAN_SANDBOX_CHILD";

fn open(data: &Path) -> Sandbox {
    Sandbox::open(data, &app_id("app1"), Package::None).expect("open")
}

fn temp(sb: &Sandbox, bytes: &[u8]) -> String {
    let mut t = sb.create_temp(Some("bin")).expect("create");
    t.write_all(bytes).expect("write");
    t.commit().expect("commit")
}

fn count(dir: &Path) -> usize {
    fs::read_dir(dir).expect("ls").count()
}

#[test]
fn a_starting_run_keeps_the_files_of_a_live_run() {
    let fx = Fixture::create();
    let first = open(&fx.data);
    let kept = temp(&first, b"first run's download");
    let mut writing = first.create_temp(None).expect("create");
    writing.write_all(b"half").expect("write");

    let second = open(&fx.data);
    second.clear_temp().expect("second run starts");
    assert_eq!(read(&first, &kept), b"first run's download");
    writing.write_all(b" done").expect("write");
    let done = writing
        .commit()
        .expect("commit after the other run started");
    assert_eq!(read(&second, &done), b"half done");

    // The second run's own start-of-run clear removes its own files, not the first's.
    let own = temp(&second, b"second");
    second.clear_temp().expect("clear");
    assert!(is_not_found(&second, &own));
    assert_eq!(read(&second, &kept), b"first run's download");

    // Once the first run ends, its leftovers go at the next start.
    drop(first);
    let third = open(&fx.data);
    third.clear_temp().expect("third run starts");
    assert!(is_not_found(&third, &kept));
    assert!(is_not_found(&third, &done));
    assert_eq!(third.temp_usage().expect("usage"), 0);
}

#[test]
fn leftovers_without_a_run_are_swept() {
    let fx = Fixture::create();
    // Names from before run tags existed, a tag whose run has no lock file, junk.
    fx.put("app1", "tmp", "tmp_0123456789abcdef.png", b"old");
    fx.put("app1", "tmp", "tmp_legacy", b"old");
    fx.put("app1", "tmp", "junk/x", b"junk");
    let sb = open(&fx.data);
    sb.clear_temp().expect("clear");
    assert_eq!(count(&fx.area("app1", "tmp")), 0);
}

#[test]
fn run_lock_files_come_and_go_with_their_runs() {
    let fx = Fixture::create();
    let runs = fx.data.join("apps/app1/runs");
    let before = count(&runs); // the fixture's own sandbox
    let sb = open(&fx.data);
    assert_eq!(count(&runs), before + 1);
    drop(sb);
    assert_eq!(count(&runs), before);
}

/// Not a test on its own: the body of the child process of the tests below.
#[test]
fn child_run() {
    let Some(data) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let sb = open(Path::new(&data));
    let committed = temp(&sb, b"child's file");
    let mut writing = sb.create_temp(None).expect("create");
    writing.write_all(b"in flight").expect("write");
    println!("READY {committed} {}", writing.file_path());
    std::io::stdout().flush().expect("flush");
    // Wait to be killed; if the parent is gone first, stdin closes and we end.
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
    drop(writing);
}

#[test]
fn a_killed_run_leaves_nothing_after_the_next_start() {
    let fx = Fixture::create();
    let mut child = Command::new(std::env::current_exe().expect("exe"))
        .args(["--exact", "child_run", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &fx.data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    let mut lines = BufReader::new(stdout);
    // The harness prints "test child_run ... " before the child's own line.
    let ready = loop {
        line.clear();
        assert!(lines.read_line(&mut line).expect("read") > 0, "child ended");
        if let Some((_, ready)) = line.split_once("READY ") {
            break ready.trim().to_owned();
        }
    };
    let mut parts = ready.split(' ');
    let committed = parts.next().expect("committed").to_owned();
    let writing = parts.next().expect("writing").to_owned();
    let name = |p: &str| p.trim_start_matches("bdfile://").to_owned();
    let tmp = fx.area("app1", "tmp");

    // While the child lives, a new run leaves both its files alone.
    let sb = open(&fx.data);
    sb.clear_temp().expect("clear while the child lives");
    assert_eq!(read(&sb, &committed), b"child's file");
    assert!(tmp.join(name(&writing)).exists());

    child.kill().expect("kill");
    child.wait().expect("wait");
    let runs = fx.data.join("apps/app1/runs");
    let lock_files = count(&runs);

    let next = open(&fx.data);
    next.clear_temp().expect("clear after the kill");
    assert!(is_not_found(&next, &committed));
    assert!(!tmp.join(name(&writing)).exists());
    assert_eq!(count(&tmp), 0);
    // The dead run's lock file went (one fewer, though `next` added its own).
    assert_eq!(count(&runs), lock_files);
}
