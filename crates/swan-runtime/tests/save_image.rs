//! saveImageToPhotosAlbum from page code: every §2 row, §3 transitions, through QuickJS.

mod common;

use common::*;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use swan_core::swan_auth::{HostPolicy, PromptAnswer};
use swan_runtime::{Event, Outcome, RunStatus};

/// A page whose `save` method saves `event.detail.path`-style literal paths given here.
fn saving(path_js: &str) -> String {
    format!(
        r#"Page({{
  save() {{
    swan.saveImageToPhotosAlbum({{
      filePath: {path_js},
      success: res => {{ swan.showToast({{ title: '已保存到本地相册', icon: 'none' }}); console.log('success', res); }},
      fail: err => console.log('fail', err),
      complete: res => console.log('complete', res),
    }});
    console.log('returned');
  }}
}});"#
    )
}

fn fail_of(ran: &Ran) -> serde_json::Value {
    ran.api("saveImageToPhotosAlbum")[0].1.clone()
}

#[test]
fn allow_saves_the_picture_shows_the_toast_and_calls_back_in_order() {
    let w = World::new(&saving("'/images/a.png'"));
    let ran = w.run("save", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let ok = json!({"errMsg": "saveImageToPhotosAlbum:ok"});
    assert_eq!(
        ran.api("saveImageToPhotosAlbum"),
        vec![(Outcome::Success, ok.clone())]
    );
    assert_eq!(
        ran.logs(),
        vec![
            json!("returned"),
            json!(["success", ok]),
            json!(["complete", ok])
        ]
    );
    assert!(ran.events.iter().any(|e| matches!(e, Event::Toast { title, icon, duration: 2000, .. } if title == "已保存到本地相册" && icon == "none")));
    assert_eq!(ran.prompts(), 1);
    let files = w.album_files();
    assert_eq!(files.len(), 1);
    assert_eq!(std::fs::read(&files[0]).unwrap(), fixture("png-alpha.png"));
}

#[test]
fn deny_fails_with_10003_and_a_later_run_is_not_asked_until_open_setting_flips_it() {
    let w = World::new(&saving("'images/a.png'"));
    let ran = w.run("save", PromptAnswer::Deny);
    assert_eq!(ran.status, RunStatus::Completed);
    assert_eq!(
        fail_of(&ran),
        json!({"errCode": 10003, "errMsg": "user deny"})
    );
    assert_eq!(
        ran.logs()[1],
        json!(["fail", {"errCode": 10003, "errMsg": "user deny"}])
    );
    assert_eq!(ran.prompts(), 1);
    // Next run: the user would allow, but is never asked.
    let ran = w.run("save", PromptAnswer::Allow);
    assert_eq!(fail_of(&ran)["errCode"], 10003);
    assert_eq!(ran.prompts(), 0);
    assert!(w.album_files().is_empty());
}

#[test]
fn open_setting_turns_a_denied_scope_back_on_without_a_prompt() {
    let page = r#"Page({
  deny() { swan.authorize({ scope: 'scope.writePhotosAlbum', fail: e => console.log('denied', e.errCode) }); },
  flip() {
    swan.openSetting({ success: res => {
      console.log('settings', res.authSetting);
      swan.saveImageToPhotosAlbum({ filePath: 'images/a.png', success: () => console.log('saved') });
    } });
  }
});"#;
    let w = World::new(page);
    let ran = w.run("deny", PromptAnswer::Deny);
    assert_eq!(ran.logs(), vec![json!(["denied", 10003])]);
    let settings = BTreeMap::from([("scope.writePhotosAlbum".to_string(), true)]);
    let ran = w.run_with(
        "flip",
        Arc::new(SlowUser(PromptAnswer::Deny)),
        settings,
        Duration::from_secs(20),
    );
    assert_eq!(
        ran.logs(),
        vec![
            json!(["settings", {"scope.writePhotosAlbum": true}]),
            json!("saved")
        ]
    );
    assert_eq!(ran.prompts(), 0);
    assert_eq!(w.album_files().len(), 1);
}

#[test]
fn every_error_path_from_page_code_has_the_exact_code_and_message() {
    let cases: &[(&str, u32, &str)] = &[
        (
            "undefined",
            904,
            "[jsNative Argument Error]filePath is required.",
        ),
        (
            "42",
            904,
            "[jsNative Argument Error]filePath type error. must be \"string\"",
        ),
        (
            "{}",
            904,
            "[jsNative Argument Error]filePath type error. must be \"string\"",
        ),
        (
            "'https://b.bdstatic.com/miniapp/image/getImageInfo.png'",
            1001,
            "can not find such file : https://b.bdstatic.com/miniapp/image/getImageInfo.png",
        ),
        (
            "'bdfile://usr/../../../etc/passwd'",
            201,
            "Illegal file_path : bdfile://usr/../../../etc/passwd",
        ),
        (
            "'../../etc/passwd'",
            201,
            "Illegal file_path : ../../etc/passwd",
        ),
        (
            "'/etc/passwd'",
            1001,
            "can not find such file : /etc/passwd",
        ),
        (
            "'bdfile://tmp_doesnotexist.png'",
            1001,
            "can not find such file : bdfile://tmp_doesnotexist.png",
        ),
        (
            "swan.env.USER_DATA_PATH + '/none.png'",
            1001,
            "can not find such file : bdfile://usr/none.png",
        ),
        (
            "'images/notes.png'",
            1001,
            "can not save to album : images/notes.png",
        ),
    ];
    for (path_js, code, msg) in cases {
        let w = World::new(&saving(path_js));
        let ran = w.run("save", PromptAnswer::Allow);
        assert_eq!(
            ran.status,
            RunStatus::Completed,
            "{path_js}: {:?}",
            ran.errors()
        );
        let expected = json!({"errCode": code, "errMsg": msg});
        assert_eq!(
            ran.api("saveImageToPhotosAlbum"),
            vec![(Outcome::Fail, expected.clone())],
            "{path_js}"
        );
        assert_eq!(
            ran.logs(),
            vec![
                json!("returned"),
                json!(["fail", expected.clone()]),
                json!(["complete", expected])
            ]
        );
        // Only the content check comes after the prompt.
        assert_eq!(
            ran.prompts(),
            usize::from(*msg == "can not save to album : images/notes.png"),
            "{path_js}"
        );
        assert!(w.album_files().is_empty());
    }
}

#[test]
fn a_forbidden_scope_is_10005_without_a_prompt() {
    let mut w = World::new(&saving("'images/a.png'"));
    w.policy = HostPolicy {
        forbidden: ["scope.writePhotosAlbum".to_string()].into(),
    };
    let ran = w.run("save", PromptAnswer::Allow);
    assert_eq!(
        fail_of(&ran),
        json!({"errCode": 10005, "errMsg": "system deny"})
    );
    assert_eq!(ran.prompts(), 0);
}

#[test]
fn two_saves_started_together_share_one_prompt() {
    let page = r#"Page({
  save() {
    const done = r => console.log(r.errMsg);
    swan.saveImageToPhotosAlbum({ filePath: 'images/a.png', complete: done });
    swan.saveImageToPhotosAlbum({ filePath: '/images/a.png', complete: done });
  }
});"#;
    let w = World::new(page);
    let ran = w.run("save", PromptAnswer::Allow);
    assert_eq!(ran.prompts(), 1);
    assert_eq!(
        ran.logs(),
        vec![
            json!("saveImageToPhotosAlbum:ok"),
            json!("saveImageToPhotosAlbum:ok")
        ]
    );
    assert_eq!(w.album_files().len(), 2);
}
