//! §1 call conventions and the page model, from page code.

mod common;

use common::*;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::{Event, Outcome, RunStatus};

#[test]
fn lifecycle_runs_in_order_with_query_event_app_and_pages() {
    let app = "App({ globalData: { n: 1 }, onLaunch(o) { console.log('onLaunch', o.path, o.query.id); } });";
    let page = r#"Page({
  data: { list: [1], deep: { a: 1 } },
  onLoad(q) { console.log('onLoad', q.id, this.data.list.length); },
  onShow() { console.log('onShow'); },
  onReady() { console.log('onReady'); },
  tap(e) {
    this.setData({ 'deep.b': 2, count: 3 }, () => console.log('setData done', this.data.deep.b));
    console.log('tap', e.detail.x, getApp().globalData.n, getCurrentPages().length, getCurrentPages()[0].route, this.data.count);
  },
  onHide() { console.log('onHide'); },
  onUnload() { console.log('onUnload'); },
});"#;
    let ran = World::with_app(page, app).run("tap", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!(["onLaunch", "pages/index/index", "7"]),
            json!(["onLoad", "7", 1]),
            json!("onShow"),
            json!("onReady"),
            json!(["tap", 1, 1, 1, "pages/index/index", 3]),
            json!(["setData done", 2]),
            json!("onHide"),
            json!("onUnload"),
        ]
    );
}

#[test]
fn each_page_instance_gets_its_own_copy_of_data() {
    let page = r#"const shared = { items: [] };
Page({ data: shared, run() { this.data.items.push(1); console.log(shared.items.length, this.data.items.length); } });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.logs(), vec![json!([0, 1])]);
}

#[test]
fn no_callback_returns_a_promise_that_resolves_or_rejects() {
    let page = r#"Page({
  async run() {
    const ok = await swan.getSetting();
    console.log('resolved', ok.errMsg);
    try { await swan.saveImageToPhotosAlbum({ filePath: 'images/missing.png' }); }
    catch (e) { console.log('rejected', e.errCode, e.errMsg); }
    const t = swan.showToast({ title: 'x' });
    console.log('is promise', t instanceof Promise);
  }
});"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!(["resolved", "getSetting:ok"]),
            json!([
                "rejected",
                1001,
                "can not find such file : images/missing.png"
            ]),
            json!(["is promise", true]),
        ]
    );
}

#[test]
fn a_throwing_callback_is_reported_and_complete_still_runs() {
    let page = r#"Page({
  run() {
    swan.getSetting({
      success() { throw new Error('boom'); },
      complete() { console.log('complete ran'); },
    });
  }
});"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Uncaught);
    assert_eq!(ran.logs(), vec![json!("complete ran")]);
    let third = ran.events.iter().find_map(|e| match e {
        Event::Console { level, args } if level == "error" => Some(args.clone()),
        _ => None,
    });
    let third = third.expect("thirdScriptError reported");
    assert_eq!(third[0], "thirdScriptError");
    assert!(third[1].as_str().unwrap().contains("boom"));
    assert!(
        third[1]
            .as_str()
            .unwrap()
            .contains("getSetting success callback")
    );
    assert_eq!(ran.errors(), vec!["Error: boom".to_string()]);
}

#[test]
fn callbacks_that_are_not_functions_fail_with_params_type_error() {
    let page = r#"Page({
  run() { swan.getSetting({ success: 'yes', fail: e => console.log('fail', e) }); }
});"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    let err = json!({"errCode": 904, "errMsg": "params type error"});
    assert_eq!(ran.api("getSetting"), vec![(Outcome::Fail, err.clone())]);
    assert_eq!(ran.logs(), vec![json!(["fail", err])]);
}

#[test]
fn show_toast_without_title_fails_synchronously() {
    let page = r#"Page({
  run() {
    swan.showToast({ fail: e => console.log('fail', e.errCode, e.errMsg), complete: () => console.log('complete') });
    console.log('after');
    swan.showToast({ title: 'hi', image: '/images/a.png', duration: 500, success: () => console.log('shown') });
    swan.hideToast();
  }
});"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(
        ran.logs(),
        vec![
            json!([
                "fail",
                904,
                "showToast:fail parameter error: title is required"
            ]),
            json!("complete"),
            json!("after"),
            json!("shown"),
        ]
    );
    assert!(ran.events.contains(&Event::Toast {
        title: "hi".into(),
        icon: "success".into(),
        image: Some("/images/a.png".into()),
        duration: 500,
        mask: false
    }));
    assert!(ran.events.contains(&Event::HideToast));
}

#[test]
fn get_file_info_and_save_file() {
    let page = r#"Page({
  run() {
    swan.getFileInfo({ filePath: 'images/a.png', success: r => console.log('md5', r.size, r.digest) });
    swan.getFileInfo({ filePath: 'images/a.png', digestAlgorithm: 'sha1', success: r => console.log('sha1', r.digest.length) });
    swan.getFileInfo({ filePath: 'images/a.png', digestAlgorithm: 'crc', fail: e => console.log('bad', e.errCode, e.errMsg) });
    console.log('after');
    swan.saveFile({ tempFilePath: 'bdfile://tmp_nothing.png', fail: e => console.log('saveFile', e.errCode) });
  }
});"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    let png = fixture("png-alpha.png");
    let logs = ran.logs();
    assert_eq!(
        logs[0],
        json!([
            "bad",
            904,
            "getFileInfo:fail parameter error: invalid digestAlgorithm \"crc\""
        ])
    );
    assert_eq!(logs[1], json!("after"));
    assert!(
        logs.contains(&json!(["md5", png.len(), md5sum_of_fixture()])),
        "{logs:?}"
    );
    assert!(logs.contains(&json!(["sha1", 40])));
    assert!(logs.contains(&json!(["saveFile", 2001])));
}

/// Known answer from outside the runtime: `md5sum` of the same fixture.
fn md5sum_of_fixture() -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/png-alpha.png");
    let out = std::process::Command::new("md5sum")
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn timers_run_in_order_and_can_be_cleared() {
    let page = r#"Page({
  run() {
    setTimeout(() => console.log('b'), 30);
    setTimeout((x) => console.log(x), 10, 'a');
    const never = setTimeout(() => console.log('never'), 5);
    clearTimeout(never);
    let n = 0;
    const id = setInterval(() => { n++; if (n === 3) { clearInterval(id); console.log('interval', n); } }, 1);
    Promise.resolve().then(() => console.log('microtask'));
    console.log('sync');
  }
});"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed);
    let logs = ran.logs();
    assert_eq!(logs[0], json!("sync"));
    assert_eq!(logs[1], json!("microtask"));
    assert_eq!(logs.iter().filter(|l| **l == json!("never")).count(), 0);
    let pos = |v: serde_json::Value| logs.iter().position(|l| *l == v).unwrap();
    assert!(pos(json!("a")) < pos(json!("b")));
    assert!(logs.contains(&json!(["interval", 3])));
}

#[test]
fn uncaught_errors_missing_methods_and_time_limits() {
    let page = r#"Page({
  throws() { null.x; },
  rejects() { Promise.reject(new TypeError('nobody listens')); },
  spins() { while (true) {} },
  ticks() { setInterval(() => {}, 5); },
});"#;
    let w = World::new(page);
    let ran = w.run("throws", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Uncaught);
    assert!(
        ran.errors()[0].starts_with("TypeError"),
        "{:?}",
        ran.errors()
    );
    let ran = w.run("rejects", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Uncaught);
    assert!(ran.errors()[0].contains("nobody listens"));
    let ran = w.run("nothing", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::MethodNotFound("nothing".into()));
    let started = Instant::now();
    let user = Arc::new(SlowUser(PromptAnswer::Allow));
    let ran = w.run_with("spins", user, BTreeMap::new(), Duration::from_millis(500));
    assert_eq!(ran.status, RunStatus::TimedOut);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // An interval never ends by itself: it does not hold the run (issue 12), it is reported.
    let user = Arc::new(SlowUser(PromptAnswer::Allow));
    let ran = w.run_with("ticks", user, BTreeMap::new(), Duration::from_millis(500));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert!(
        ran.events
            .iter()
            .any(|e| matches!(e, Event::Notice { what, .. } if what == "timersLeft"))
    );
}

#[test]
fn an_api_promise_nobody_asked_for_is_a_warning_when_rejected_but_page_rejections_are_errors() {
    let page = r#"Page({
  api() { swan.showToast({ title: '' }); console.log('after'); },
  own() { Promise.reject(new Error('mine')); },
});"#;
    let w = World::new(page);
    let ran = w.run("api", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert!(ran.events.iter().any(|e| matches!(e, Event::Console { level, args } if level == "warn" && args[0] == "Uncaught (in promise)")));
    let ran = w.run("own", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Uncaught);
}

#[test]
fn runaway_recursion_and_allocation_are_exceptions_not_crashes() {
    let page = r#"Page({
  recurse() { const f = n => f(n + 1) + 1; try { f(0); } catch (e) { console.log('caught', e instanceof RangeError || e instanceof InternalError); } },
  hog() { const a = []; try { for (;;) a.push(new ArrayBuffer(64 * 1024 * 1024)); } catch (e) { console.log('caught memory'); } },
});"#;
    let w = World::new(page);
    let ran = w.run("recurse", PromptAnswer::Allow);
    assert_eq!(
        ran.logs(),
        vec![json!(["caught", true])],
        "{:?}",
        ran.errors()
    );
    let ran = w.run("hog", PromptAnswer::Allow);
    assert_ne!(ran.status, RunStatus::TimedOut);
    assert!(
        ran.logs() == vec![json!("caught memory")] || ran.status == RunStatus::Uncaught,
        "{:?}",
        ran.events
    );
}
