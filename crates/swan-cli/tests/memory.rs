//! The memory a run can make the host use is bounded: whatever the page does, the process's peak
//! resident set stays under 1 GiB (the bound the README documents) and the run ends with a clear
//! message. Peak RSS is the kernel's own figure for the child (`wait4`'s `ru_maxrss`).

use std::path::Path;
use std::process::{Command, Stdio};

/// The documented bound on a run's peak resident set.
const BOUND_KIB: i64 = 1024 * 1024;

struct Ended {
    code: Option<i32>,
    stderr: String,
    peak_kib: i64,
}

#[test]
fn console_output_is_budgeted() {
    // 25 lines of 40 MiB: 1 GB of text the host would have to hold or write.
    let ended = run_page(
        "huge() { const s = 'x'.repeat(40 * 1024 * 1024); for (let i = 0; i < 25; i++) console.log(s); }",
        "huge",
    );
    assert_eq!(ended.code, Some(4), "{}", ended.stderr);
    assert!(ended.stderr.contains("console"), "{}", ended.stderr);
    assert!(ended.peak_kib < BOUND_KIB, "peak {} KiB", ended.peak_kib);
}

#[test]
fn timers_are_budgeted() {
    let ended = run_page(
        "many() { for (let i = 0; i < 5000000; i++) setTimeout(() => {}, 1000000); }",
        "many",
    );
    assert_eq!(ended.code, Some(4), "{}", ended.stderr);
    assert!(ended.stderr.contains("timer"), "{}", ended.stderr);
    assert!(ended.peak_kib < BOUND_KIB, "peak {} KiB", ended.peak_kib);
}

#[test]
fn running_out_of_js_heap_says_so_within_the_bound() {
    let ended = run_page(
        "grow() { const a = []; for (;;) a.push(new Array(1 << 16).fill(1.5)); }",
        "grow",
    );
    assert_eq!(ended.code, Some(4), "{}", ended.stderr);
    assert!(ended.stderr.contains("out of memory"), "{}", ended.stderr);
    assert!(ended.peak_kib < BOUND_KIB, "peak {} KiB", ended.peak_kib);
}

#[test]
fn a_huge_app_json_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let project = write_project(dir.path(), "ok() {}");
    let app_json = std::fs::OpenOptions::new()
        .append(true)
        .open(project.join("app.json"))
        .unwrap();
    app_json.set_len(80 * 1000 * 1000).unwrap(); // sparse: 80 MB of NULs after the JSON
    let ended = spawn(dir.path(), &project, "ok");
    assert_eq!(ended.code, Some(5), "{}", ended.stderr);
    assert!(ended.stderr.contains("app.json"), "{}", ended.stderr);
    assert!(ended.peak_kib < 64 * 1024, "peak {} KiB", ended.peak_kib);
}

fn run_page(method_source: &str, method: &str) -> Ended {
    let dir = tempfile::tempdir().unwrap();
    let project = write_project(dir.path(), method_source);
    spawn(dir.path(), &project, method)
}

fn write_project(dir: &Path, method_source: &str) -> std::path::PathBuf {
    let p = dir.join("project");
    std::fs::create_dir_all(p.join("pages/index")).unwrap();
    std::fs::write(p.join("app.json"), r#"{"pages": ["pages/index/index"]}"#).unwrap();
    std::fs::write(
        p.join("pages/index/index.js"),
        format!("Page({{ {method_source} }});"),
    )
    .unwrap();
    p
}

// The child is reaped by `wait4` (for its peak RSS), not by std's `wait`.
#[allow(clippy::zombie_processes)]
fn spawn(dir: &Path, project: &Path, method: &str) -> Ended {
    let stderr_path = dir.join("stderr");
    let child = Command::new(env!("CARGO_BIN_EXE_swan-album"))
        .arg("--album")
        .arg(dir.join("album"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("run")
        .arg(project)
        .args(["--page", "pages/index/index", "--call", method])
        .args(["--timeout", "60"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet reaped (std's Child is never waited on).
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    // Keep the tail only: a failing assertion should not print megabytes.
    let stderr = stderr.chars().rev().take(4000).collect::<Vec<_>>();
    Ended {
        code,
        stderr: stderr.into_iter().rev().collect(),
        peak_kib: usage.ru_maxrss,
    }
}
