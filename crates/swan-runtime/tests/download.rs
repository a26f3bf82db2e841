//! downloadFile from page code against a real local HTTPS server: every failure the spec
//! names, each leaving no file behind.

mod common;

use common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::{Event, Outcome, RunStatus};

const HOST: &str = "img.example.com";

struct Net {
    world: World,
    _server: swan_net::MappedHost,
}

/// A project whose page downloads `url_js` (a JS expression) and logs the result; the host is
/// served from a folder with a small picture, a 10 MB + 1 file and nothing else.
fn net(body: &str, app_json: &str) -> Net {
    let mut world = World::new(body);
    let project = world.project();
    std::fs::write(project.join("app.json"), app_json).unwrap();
    std::fs::write(
        project.join("swan-album.json"),
        json!({"appId": "test-app", "downloadDomains": [HOST]}).to_string(),
    )
    .unwrap();
    let served = world.dir.path().join("served");
    std::fs::create_dir_all(&served).unwrap();
    std::fs::write(served.join("a.png"), fixture("png-alpha.png")).unwrap();
    std::fs::write(served.join("big.bin"), vec![7u8; 10 * 1024 * 1024 + 1]).unwrap();
    std::fs::write(served.join("nine.bin"), vec![9u8; 9 * 1024 * 1024]).unwrap();
    let server = swan_net::serve_dir(HOST, &served).unwrap();
    world.client = swan_net::ClientConfig::with_mapped_hosts(std::slice::from_ref(&server));
    Net {
        world,
        _server: server,
    }
}

const APP_JSON: &str = r#"{"pages": ["pages/index/index"]}"#;

fn download_page(url_js: &str, extra: &str) -> String {
    format!(
        r#"Page({{
  run() {{
    const task = swan.downloadFile({{
      url: {url_js},
      header: {{ Referer: 'https://evil.example', 'User-Agent': 'page' }},
      success: res => console.log('success', res),
      fail: err => console.log('fail', err),
    }});
    {extra}
  }}
}});"#
    )
}

fn temp_dir_entries(w: &World) -> usize {
    std::fs::read_dir(w.dir.path().join("data/apps/test-app/tmp"))
        .map(|d| d.count())
        .unwrap_or(0)
}

fn outcome(ran: &Ran) -> (Outcome, Value) {
    let api = ran.api("downloadFile");
    assert_eq!(api.len(), 1, "{:?}", ran.events);
    api[0].clone()
}

#[test]
fn a_download_succeeds_and_the_file_is_the_servers() {
    let n = net(
        &download_page(&format!("'https://{HOST}/a.png'"), ""),
        APP_JSON,
    );
    let ran = n.world.run("run", PromptAnswer::Allow);
    let (o, res) = outcome(&ran);
    assert_eq!(o, Outcome::Success, "{res}");
    assert_eq!(res["statusCode"], 200);
    let path = res["tempFilePath"].as_str().unwrap();
    let name = path.strip_prefix("bdfile://").unwrap();
    assert!(name.ends_with(".png"), "{name}");
    let stored =
        std::fs::read(n.world.dir.path().join("data/apps/test-app/tmp").join(name)).unwrap();
    assert_eq!(stored, fixture("png-alpha.png"));
}

#[test]
fn a_404_still_succeeds_with_its_status() {
    let n = net(
        &download_page(&format!("'https://{HOST}/missing.png'"), ""),
        APP_JSON,
    );
    let (o, res) = outcome(&n.world.run("run", PromptAnswer::Allow));
    assert_eq!(o, Outcome::Success);
    assert_eq!(res["statusCode"], 404);
    assert_eq!(temp_dir_entries(&n.world), 1, "the 404 body is written");
}

#[test]
fn rule_violations_fail_with_202_and_leave_nothing() {
    let cases = [
        (
            "'https://not-listed.example.com/a.png'",
            202,
            "illegal request",
        ),
        (
            &*format!("'http://{HOST}/a.png'"),
            202,
            "request url header must be https or wss",
        ),
        ("'https://127.0.0.1/a.png'", 202, "illegal request"),
        (
            &*format!("'https://{HOST}:8443/a.png'"),
            202,
            "illegal request",
        ),
        ("'https://localhost/a.png'", 202, "illegal request"),
        (
            "undefined",
            904,
            "[jsNative Argument Error]url is required.",
        ),
        (
            "42",
            904,
            "[jsNative Argument Error]url type error. must be \"string\"",
        ),
    ];
    for (url, code, msg) in cases {
        let n = net(&download_page(url, ""), APP_JSON);
        let ran = n.world.run("run", PromptAnswer::Allow);
        let expected = json!({"errCode": code, "errMsg": msg});
        assert_eq!(outcome(&ran), (Outcome::Fail, expected.clone()), "{url}");
        assert_eq!(ran.logs(), vec![json!(["fail", expected])]);
        assert_eq!(temp_dir_entries(&n.world), 0, "{url}");
    }
}

#[test]
fn over_10_mb_a_timeout_and_an_abort_fail_and_leave_nothing() {
    let too_big = net(
        &download_page(&format!("'https://{HOST}/big.bin'"), ""),
        APP_JSON,
    );
    let ran = too_big.world.run("run", PromptAnswer::Allow);
    assert_eq!(
        outcome(&ran),
        (
            Outcome::Fail,
            json!({"errCode": 1001, "errMsg": "download file failed because file size exceeds limit"})
        )
    );
    assert_eq!(temp_dir_entries(&too_big.world), 0);

    let slow = net(
        &download_page(&format!("'https://{HOST}/nine.bin'"), ""),
        r#"{"pages": ["pages/index/index"], "networkTimeout": {"downloadFile": 1}}"#,
    );
    let ran = slow.world.run("run", PromptAnswer::Allow);
    assert_eq!(
        outcome(&ran),
        (
            Outcome::Fail,
            json!({"errCode": 1001, "errMsg": "downloadFile:fail timeout"})
        )
    );
    assert_eq!(temp_dir_entries(&slow.world), 0);

    let aborted = net(
        &download_page(&format!("'https://{HOST}/nine.bin'"), "task.abort();"),
        APP_JSON,
    );
    let ran = aborted.world.run("run", PromptAnswer::Allow);
    assert_eq!(
        outcome(&ran),
        (
            Outcome::Fail,
            json!({"errCode": 1001, "errMsg": "downloadFile:fail abort"})
        )
    );
    assert_eq!(temp_dir_entries(&aborted.world), 0);
}

#[test]
fn progress_reaches_listeners_and_off_removes_them() {
    let extra =
        "const a = p => console.log('a', p.progress); const b = p => console.log('b', p.progress);
    task.onProgressUpdate(a); task.onProgressUpdate(b); task.offProgressUpdate(b);";
    let n = net(
        &download_page(&format!("'https://{HOST}/nine.bin'"), extra),
        APP_JSON,
    );
    let ran = n.world.run("run", PromptAnswer::Allow);
    let logs = ran.logs();
    assert!(logs.contains(&json!(["a", 100])), "{logs:?}");
    assert!(!logs.iter().any(|l| l[0] == "b"), "{logs:?}");
    let last_progress = logs.iter().rposition(|l| l[0] == "a").unwrap();
    let success = logs.iter().position(|l| l[0] == "success").unwrap();
    assert!(last_progress < success, "progress 100 comes before success");
    assert!(
        ran.events
            .iter()
            .any(|e| matches!(e, Event::Progress { progress: 100, .. }))
    );
    assert_eq!(ran.status, RunStatus::Completed);
}

#[test]
fn a_download_with_file_path_lands_in_user_files_and_save_file_keeps_temp_files() {
    let page = format!(
        r#"Page({{
  run() {{
    swan.downloadFile({{ url: 'https://{HOST}/a.png', filePath: swan.env.USER_DATA_PATH + '/pics/a.png',
      success: r => {{ console.log('user', r.filePath, r.statusCode, r.tempFilePath === undefined);
        swan.saveImageToPhotosAlbum({{ filePath: r.filePath, success: () => console.log('saved user file') }}); }} }});
    swan.downloadFile({{ url: 'https://{HOST}/a.png',
      success: r => swan.saveFile({{ tempFilePath: r.tempFilePath, success: s => {{
        console.log('store', s.savedFilePath.startsWith('bdfile://store_'));
        swan.getFileInfo({{ filePath: s.savedFilePath, success: i => console.log('size', i.size) }});
      }} }}) }});
  }}
}});"#
    );
    let n = net(&page, APP_JSON);
    let user = Arc::new(SlowUser(PromptAnswer::Allow));
    let ran = n
        .world
        .run_with("run", user, BTreeMap::new(), Duration::from_secs(20));
    let logs = ran.logs();
    assert!(
        logs.contains(&json!(["user", "bdfile://usr/pics/a.png", 200, true])),
        "{logs:?}"
    );
    assert!(logs.contains(&json!("saved user file")), "{logs:?}");
    assert!(logs.contains(&json!(["store", true])), "{logs:?}");
    assert!(
        logs.contains(&json!(["size", fixture("png-alpha.png").len()])),
        "{logs:?}"
    );
    assert_eq!(n.world.album_files().len(), 1);
}
