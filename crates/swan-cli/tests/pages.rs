//! `swan-album run` for whole programs (issue 12): without `--call`, with `--script` and
//! `--clock virtual`, and a page with a setInterval that ends cleanly.

mod common;

use common::{run, stderr, stdout};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

fn project(dir: &Path) -> String {
    let root = dir.join("project");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "app.json",
        r#"{"pages": ["pages/index/index", "pages/count/count"]}"#,
    );
    write(
        "pages/index/index.js",
        "Page({ onLoad() { console.log('index'); setInterval(() => {}, 1000); } });",
    );
    write(
        "pages/count/count.js",
        r#"Page({
  onLoad(q) { this.left = Number(q.from); },
  start() {
    const id = setInterval(() => { this.left--; if (this.left === 0) { clearInterval(id); console.log('liftoff'); } }, 1000);
  },
});"#,
    );
    root.to_str().unwrap().to_string()
}

fn events(out: &std::process::Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_lifecycle_alone_with_an_interval_exits_0_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let out = run(
        dir.path(),
        &["--json", "run", &p, "--page", "pages/index/index"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let events = events(&out);
    assert_eq!(events[0]["args"][0], "index");
    assert_eq!(events[1]["type"], "notice");
    assert_eq!(events[1]["what"], "timersLeft");
}

#[test]
fn a_script_under_the_virtual_clock_counts_down_a_minute_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let script = dir.path().join("steps.json");
    std::fs::write(
        &script,
        r#"[{"navigateTo": "/pages/count/count?from=60"}, {"call": "start"}, {"advance": "60s"}]"#,
    )
    .unwrap();
    let started = Instant::now();
    let out = run(
        dir.path(),
        &[
            "--json",
            "run",
            &p,
            "--page",
            "pages/index/index",
            "--script",
            script.to_str().unwrap(),
            "--clock",
            "virtual",
        ],
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let events = events(&out);
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        ["console", "navigate", "console", "notice"],
        "{events:?}"
    );
    assert_eq!(events[1]["to"], "pages/count/count");
    assert_eq!(events[2]["args"][0], "liftoff");
}

#[test]
fn a_bad_script_is_a_usage_error_naming_the_step() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let script = dir.path().join("steps.json");
    std::fs::write(&script, r#"[{"call": "x"}, {"teleport": 1}]"#).unwrap();
    let out = run(
        dir.path(),
        &[
            "run",
            &p,
            "--page",
            "pages/index/index",
            "--script",
            script.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("step 2: unknown step"),
        "{}",
        stderr(&out)
    );
    let out = run(
        dir.path(),
        &[
            "run",
            &p,
            "--page",
            "pages/index/index",
            "--clock",
            "sundial",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
