//! `--timeout` holds whatever the page does: native builtins on huge array-likes (where the
//! engine's interrupt check never runs) and promise-job storms end within a second or two of
//! the deadline, with exit 6 and one message.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const PAGE: &str = r#"Page({
  join() { Array.prototype.join.call({ length: 2 ** 53 - 1 }, ''); },
  string() { String(Array(2 ** 32 - 1)); },
  sort() { Array.prototype.sort.call({ length: 2 ** 32 - 1 }); },
  copy() { Array.prototype.copyWithin.call({ length: 2 ** 53 - 1 }, 1, 0); },
  flat() { const o = { length: 2 ** 32 - 1 }; Array.prototype.flat.call(o); },
  splice() { Array.prototype.splice.call({ length: 2 ** 53 - 1 }, 0, 2 ** 31); },
  storm() { const f = () => { Promise.resolve().then(f); Promise.resolve().then(f); }; f(); },
});"#;

#[test]
fn the_deadline_holds_against_builtins_and_job_storms() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("project");
    std::fs::create_dir_all(p.join("pages/index")).unwrap();
    std::fs::write(p.join("app.json"), r#"{"pages": ["pages/index/index"]}"#).unwrap();
    std::fs::write(p.join("pages/index/index.js"), PAGE).unwrap();
    for method in ["join", "string", "sort", "copy", "flat", "splice", "storm"] {
        let started = Instant::now();
        let out = run(dir.path(), &p, method);
        let took = started.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(6), "{method}: {stderr} {stdout}");
        assert!(took < Duration::from_secs(4), "{method} took {took:?}");
        let lines: Vec<&str> = stderr.lines().chain(stdout.lines()).collect();
        let limit: Vec<_> = lines.iter().filter(|l| l.contains("time limit")).collect();
        assert_eq!(limit.len(), 1, "{method}: {lines:?}");
        assert!(!stderr.contains("interrupted"), "{method}: {stderr}");
        assert!(lines.len() <= 3, "{method}: {lines:?}");
    }
}

fn run(dir: &Path, project: &Path, method: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_swan-album"))
        .arg("--album")
        .arg(dir.join("album"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(["run"])
        .arg(project)
        .args([
            "--page",
            "pages/index/index",
            "--call",
            method,
            "--timeout",
            "0.5",
        ])
        .output()
        .unwrap()
}
