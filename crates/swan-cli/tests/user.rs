//! The scripted user's flags with the real binary: `--modal`, `--action-sheet`,
//! `--choose-image`, `--location`, `--login` and `--user FILE.json`, and their usage errors.

mod common;

use common::{run, stderr, stdout};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;

const PAGE: &str = r#"Page({
  async go() {
    const modal = await swan.showModal({ title: '保存', content: '保存到相册？' });
    console.log('modal', modal.confirm);
    swan.showActionSheet({ itemList: ['a', 'b', 'c'],
      success: res => console.log('sheet', res.tapIndex),
      fail: err => console.log('sheet', err.errMsg) });
    try {
      const loc = await swan.getLocation();
      console.log('location', loc.latitude, loc.longitude);
    } catch (e) { console.log('location', e.errMsg); }
    try { console.log('login', (await swan.login()).code); } catch (e) { console.log('login', e.errMsg); }
    console.log('clipboard', (await swan.getClipboardData()).data);
    console.log('user', (await swan.getUserInfo()).userInfo.nickName);
    try {
      const picked = await swan.chooseImage({ count: 1 });
      await swan.saveImageToPhotosAlbum({ filePath: picked.tempFilePaths[0] });
      console.log('saved', picked.tempFilePaths[0].startsWith('bdfile://tmp_'));
    } catch (e) { console.log('picked', e.errMsg); }
  }
});"#;

fn project(dir: &Path) -> PathBuf {
    let root = dir.join("project");
    std::fs::create_dir_all(root.join("pages/index")).unwrap();
    std::fs::write(root.join("app.json"), r#"{"pages": ["pages/index/index"]}"#).unwrap();
    std::fs::write(root.join("swan-album.json"), r#"{"appId": "user-flags"}"#).unwrap();
    std::fs::write(root.join("app.js"), "App({});").unwrap();
    std::fs::write(root.join("pages/index/index.js"), PAGE).unwrap();
    let picture = dir.join("picked.png");
    std::fs::write(
        &picture,
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/png-alpha.png"))
            .unwrap(),
    )
    .unwrap();
    root
}

fn go(dir: &Path, extra: &[&str]) -> Output {
    let root = project(dir);
    let mut args = vec![
        "--json",
        "run",
        root.to_str().unwrap(),
        "--page",
        "pages/index/index",
        "--call",
        "go",
        "--auth",
        "allow",
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

fn events(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn logs(out: &Output) -> Vec<Value> {
    events(out)
        .into_iter()
        .filter(|e| e["type"] == "console")
        .map(|e| e["args"].clone())
        .collect()
}

#[test]
fn defaults_confirm_cancel_the_sheet_and_the_picker_and_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let out = go(dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        logs(&out),
        vec![
            json!(["modal", true]),
            json!(["sheet", "showActionSheet:fail cancel"]),
            json!(["location", 39.9087, 116.3975]),
            json!(["login", "swan-album-login-code"]),
            json!(["clipboard", ""]),
            json!(["user", "swan-album user"]),
            json!(["picked", "chooseImage:fail cancel"]),
        ]
    );
    let modal = events(&out)
        .into_iter()
        .find(|e| e["type"] == "modal")
        .unwrap();
    assert_eq!(modal["answer"], "confirm");
    assert_eq!(modal["confirmColor"], "#3c76ff");
}

#[test]
fn flags_answer_every_prompt_and_the_picked_picture_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("picked.png");
    let out = go(
        dir.path(),
        &[
            "--modal",
            "cancel",
            "--action-sheet",
            "2",
            "--location",
            "22.5431,114.0579",
            "--login",
            "abc123",
            "--choose-image",
            picture.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let logs = logs(&out);
    assert_eq!(logs[0], json!(["modal", false]));
    assert_eq!(logs[1], json!(["sheet", 2]));
    assert_eq!(logs[2], json!(["location", 22.5431, 114.0579]));
    assert_eq!(logs[3], json!(["login", "abc123"]));
    assert_eq!(logs[6], json!(["saved", true]));
    let album: Vec<_> = std::fs::read_dir(dir.path().join("album"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(album.len(), 1);
}

#[test]
fn a_user_file_gives_every_key_and_flags_win_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("user.json");
    std::fs::write(
        &file,
        r#"{"modal": "cancel", "login": {"loggedIn": false}, "clipboard": "邀请码 42",
            "userInfo": {"nickName": "小红", "gender": 2}}"#,
    )
    .unwrap();
    let out = go(
        dir.path(),
        &["--user", file.to_str().unwrap(), "--modal", "confirm"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let logs = logs(&out);
    assert_eq!(logs[0], json!(["modal", true]), "the flag wins");
    assert_eq!(logs[3], json!(["login", "user not logged in"]));
    assert_eq!(logs[4], json!(["clipboard", "邀请码 42"]));
    // Logged out: Baidu's anonymous user, whatever the profile says.
    assert_eq!(logs[5], json!(["user", "百度网友"]));
}

#[test]
fn bad_answers_are_usage_errors_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("user.json");
    std::fs::write(&file, r#"{"modle": "cancel"}"#).unwrap();
    let out = go(dir.path(), &["--user", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown field `modle`"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).lines().all(|l| !l.contains("\"console\"")));

    std::fs::write(&file, r#"{"location": {"latitude": 100, "longitude": 0}}"#).unwrap();
    let out = go(dir.path(), &["--user", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-90..90"), "{}", stderr(&out));

    for bad in [
        vec!["--location", "north"],
        vec!["--location", "91,0"],
        vec!["--action-sheet", "-1"],
        vec!["--modal", "maybe"],
        vec!["--choose-image", "/no/such/picture.png"],
        vec!["--user", "/no/such/answers.json"],
    ] {
        let out = go(dir.path(), &bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr(&out));
    }
}
