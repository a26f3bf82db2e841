//! `swan-album storage show|clear` with the real binary, on storage a real `swan-album run`
//! wrote.

mod common;

use common::{run, stderr, stdout};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A one-page project with app id `demo` whose `save` method keeps a few values.
fn project(dir: &Path) -> PathBuf {
    let project = dir.join("project");
    std::fs::create_dir_all(project.join("pages/index")).unwrap();
    std::fs::write(
        project.join("app.json"),
        r#"{"pages": ["pages/index/index"]}"#,
    )
    .unwrap();
    std::fs::write(project.join("swan-album.json"), r#"{"appId": "demo"}"#).unwrap();
    std::fs::write(project.join("app.js"), "App({});").unwrap();
    std::fs::write(
        project.join("pages/index/index.js"),
        r#"Page({
  save() {
    swan.setStorageSync('user', { name: '小明', id: 7 });
    swan.setStorageSync('seen', new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)));
    swan.setStorageSync('long', 'x'.repeat(300));
    swan.setStorageSync('evil', '\u001b[31mred\nline');
  },
  read() { console.log(JSON.stringify(swan.getStorageInfoSync().keys)); },
  many() {
    const me = Math.random().toString(36).slice(2);
    for (let i = 0; i < 200; i++) {
      swan.setStorageSync(me + '-' + i, { i, pad: 'p'.repeat(100) });
      swan.setStorageSync('shared', me + '-' + i);
    }
    console.log(me);
  },
});"#,
    )
    .unwrap();
    project
}

fn run_page(dir: &Path, method: &str) -> std::process::Output {
    let project = project(dir);
    let out = run(
        dir,
        &[
            "run",
            project.to_str().unwrap(),
            "--page",
            "pages/index/index",
            "--call",
            method,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

fn json_of(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(stdout(&out).trim()).unwrap()
}

#[test]
fn show_lists_what_a_run_kept_and_clear_forgets_it() {
    let dir = tempfile::tempdir().unwrap();
    run_page(dir.path(), "save");

    let shown = json_of(dir.path(), &["storage", "show", "--app", "demo"]);
    let demo = &shown["storage"]["demo"];
    let keys: Vec<&str> = demo["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["user", "seen", "long", "evil"]);
    assert_eq!(demo["keys"][0]["value"], json!({"name": "小明", "id": 7}));
    assert_eq!(
        demo["keys"][0]["size"],
        json!("user".len() + r#"{"name":"小明","id":7}"#.len())
    );
    assert_eq!(demo["keys"][1]["value"], json!("2024-01-02T03:04:05.006Z"));
    assert_eq!(demo["keys"][1]["date"], json!(true));
    assert_eq!(
        demo["keys"][2]["value"],
        json!("x".repeat(300)),
        "--json shows all"
    );
    assert_eq!(demo["limitSize"], json!(10240));
    assert_eq!(demo["currentSize"], json!(1));
    // Without --app, every app with storage.
    let all = json_of(dir.path(), &["storage", "show"]);
    assert_eq!(all["storage"].as_object().unwrap().len(), 1);

    // The human listing: one line per key, page text escaped, long values cut.
    let out = run(dir.path(), &["storage", "show", "--app", "demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], "demo: 4 keys, 1 KB of 10240 KB");
    assert!(lines[1].starts_with("  user  "), "{text}");
    assert!(
        lines[2].ends_with("\"2024-01-02T03:04:05.006Z\" (Date)"),
        "{text}"
    );
    assert!(lines[3].ends_with('…') && lines[3].len() < 200, "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "terminal escapes are shown escaped: {text}"
    );

    let cleared = json_of(dir.path(), &["storage", "clear", "--app", "demo"]);
    assert_eq!(cleared, json!({"cleared": "demo", "keys": 4}));
    let shown = json_of(dir.path(), &["storage", "show", "--app", "demo"]);
    assert_eq!(shown["storage"]["demo"]["keys"], json!([]));
    // The next run of the app sees the storage empty.
    let out = run_page(dir.path(), "read");
    assert!(stdout(&out).contains("[]"), "{}", stdout(&out));

    let out = run(dir.path(), &["storage", "clear", "--app", "demo"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "demo: storage cleared (0 keys removed)\n");
}

#[test]
fn two_runs_of_one_app_at_once_both_keep_everything() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let args = [
        "run",
        project.to_str().unwrap(),
        "--page",
        "pages/index/index",
        "--call",
        "many",
    ];
    // Created first so both processes open an existing database (the race to create it is
    // SQLite's and swan-sqlite's, tested there).
    run_page(dir.path(), "read");
    let children: Vec<_> = (0..2)
        .map(|_| {
            common::swan(dir.path())
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut writers = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        writers.push(text.trim().rsplit(' ').next().unwrap().to_string());
    }
    let shown = json_of(dir.path(), &["storage", "show", "--app", "demo"]);
    let keys = shown["storage"]["demo"]["keys"].as_array().unwrap();
    assert_eq!(
        keys.len(),
        401,
        "200 keys from each run, and the shared one"
    );
    for w in &writers {
        let mine = keys
            .iter()
            .filter(|k| k["key"].as_str().unwrap().starts_with(&format!("{w}-")))
            .count();
        assert_eq!(mine, 200, "{w}");
    }
    let last = keys.iter().find(|k| k["key"] == "shared").unwrap();
    let last = last["value"].as_str().unwrap();
    assert!(writers.iter().any(|w| last == format!("{w}-199")), "{last}");
}

#[test]
fn a_damaged_storage_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::set_permissions(&data, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let junk = b"not a database at all ".repeat(200);
    std::fs::write(data.join("storage.sqlite"), &junk).unwrap();
    let out = run(dir.path(), &["storage", "show", "--app", "demo"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("storage.sqlite") && err.contains("damaged"),
        "{err}"
    );
    assert!(err.contains("move the file aside"), "{err}");
    assert_eq!(std::fs::read(data.join("storage.sqlite")).unwrap(), junk);
}

#[test]
fn clear_needs_an_app_id() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["storage", "clear"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(dir.path(), &["storage", "clear", "--app", "../x"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Storage is opened when a page first uses it: a damaged file does not stop `save` or a page
/// that never touches storage, and a storage call fails through its callbacks (1001), leaving
/// the file as it is.
#[test]
fn a_damaged_storage_file_fails_only_storage_calls() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::set_permissions(&data, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let junk = b"not a database at all ".repeat(200);
    std::fs::write(data.join("storage.sqlite"), &junk).unwrap();
    let project = project(dir.path());
    std::fs::write(
        project.join("pages/index/index.js"),
        r#"Page({
  quiet() { console.log('no storage here'); },
  store() {
    swan.setStorage({ key: 'k', data: 1, fail: e => console.log(e.errCode, e.errMsg) });
    try { swan.getStorageSync('k'); } catch (e) { console.log('threw', e.errCode, e.errMsg); }
  },
});"#,
    )
    .unwrap();
    let page = |method: &str| {
        run(
            dir.path(),
            &["--json", "run", project.to_str().unwrap(), "--call", method],
        )
    };
    let out = page("quiet");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = page("store");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(r#""args":["threw",1001,"getStorageSync:fail storage error"]"#),
        "{text}"
    );
    assert!(
        text.contains(r#""args":[1001,"setStorage:fail storage error"]"#),
        "{text}"
    );
    assert_eq!(std::fs::read(data.join("storage.sqlite")).unwrap(), junk);
}
