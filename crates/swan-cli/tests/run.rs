//! `swan-album run` as a developer uses it: the seed example offline, JSON events, exit codes.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

mod common;
use common::run;

fn seed(dir: &Path, auth: &str, json: bool) -> Output {
    let project = repo().join("examples/seed");
    let mapped = format!(
        "b.bdstatic.com={}",
        repo().join("examples/seed/mapped/b.bdstatic.com").display()
    );
    let mut args = vec![
        "run",
        project.to_str().unwrap(),
        "--page",
        "pages/index/index",
        "--call",
        "saveImageToPhotosAlbum",
        "--auth",
        auth,
        "--map-host",
        &mapped,
    ];
    if json {
        args.insert(0, "--json");
    }
    run(dir, &args)
}

fn events(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn the_seed_runs_offline_and_the_picture_lands_in_the_album() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed(dir.path(), "allow", true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = events(&out);
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "progress", "api", "prompt", "api", "toast", "console", "api"
        ],
        "{events:?}"
    );
    assert_eq!(events[1]["name"], "downloadFile");
    assert_eq!(
        events[2],
        serde_json::json!({"type": "prompt", "scope": "scope.writePhotosAlbum", "answer": "allow"})
    );
    assert_eq!(
        events[3]["res"],
        serde_json::json!({"errMsg": "saveImageToPhotosAlbum:ok"})
    );
    assert_eq!(
        events[4],
        serde_json::json!({"type": "toast", "title": "已保存到本地相册", "icon": "none", "duration": 2000, "mask": false})
    );
    assert_eq!(events[5]["args"][0], "saveImageToPhotosAlbum success");
    let pictures: Vec<_> = std::fs::read_dir(dir.path().join("album"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(pictures.len(), 1);
    let served = std::fs::read(
        repo().join("examples/seed/mapped/b.bdstatic.com/miniapp/image/getImageInfo.png"),
    )
    .unwrap();
    assert_eq!(std::fs::read(&pictures[0]).unwrap(), served);

    // Human output of a second run, now with the decision remembered: no prompt line.
    let out = seed(dir.path(), "deny", false);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("toast: \"已保存到本地相册\""), "{text}");
    assert!(!text.contains("prompt:"), "{text}");
}

#[test]
fn a_denial_is_a_result_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed(dir.path(), "deny", true);
    assert_eq!(out.status.code(), Some(0));
    let events = events(&out);
    let save = events
        .iter()
        .find(|e| e["name"] == "saveImageToPhotosAlbum")
        .unwrap();
    assert_eq!(save["outcome"], "fail");
    assert_eq!(
        save["res"],
        serde_json::json!({"errCode": 10003, "errMsg": "user deny"})
    );
}

fn project(dir: &Path, page: &str) -> PathBuf {
    swan_testkit::project(dir, "project", None, page)
}

#[test]
fn exit_codes_say_what_went_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(
        dir.path(),
        "Page({ ok() { console.log('fine'); }, boom() { throw new Error('x'); }, spin() { for (;;) {} } });",
    );
    let p = p.to_str().unwrap();
    let code = |args: &[&str]| run(dir.path(), args).status.code();
    assert_eq!(
        code(&["run", p, "--page", "pages/index/index", "--call", "ok"]),
        Some(0)
    );
    assert_eq!(
        code(&["run", p, "--page", "pages/index/index", "--call", "boom"]),
        Some(4)
    );
    assert_eq!(
        code(&["run", p, "--page", "pages/index/index", "--call", "nope"]),
        Some(5)
    );
    assert_eq!(
        code(&["run", p, "--page", "pages/other/other", "--call", "ok"]),
        Some(5)
    );
    assert_eq!(
        code(&[
            "run",
            "/nonexistent",
            "--page",
            "pages/index/index",
            "--call",
            "ok"
        ]),
        Some(5)
    );
    assert_eq!(
        code(&[
            "run",
            p,
            "--page",
            "pages/index/index",
            "--call",
            "spin",
            "--timeout",
            "0.5"
        ]),
        Some(6)
    );
    assert_eq!(
        code(&[
            "run",
            p,
            "--page",
            "pages/index/index",
            "--call",
            "ok",
            "--event",
            "{not json"
        ]),
        Some(2)
    );
    let out = run(
        dir.path(),
        &[
            "--json",
            "run",
            p,
            "--page",
            "pages/index/index",
            "--call",
            "boom",
        ],
    );
    let last: Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(last["type"], "error");
    assert_eq!(last["message"], "Error: x");
    assert!(
        last["stack"]
            .as_str()
            .unwrap()
            .contains("pages/index/index.js")
    );
}
