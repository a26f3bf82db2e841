//! APIs Baidu documents that swan-album does not implement: they exist, fail as their kind
//! allows, and say so once per run — never `TypeError: not a function`.

mod common;

use common::*;
use serde_json::json;
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::{Event, Outcome, RunStatus};

fn notices(ran: &Ran) -> Vec<String> {
    ran.events
        .iter()
        .filter_map(|e| match e {
            Event::Notice { what, message } if what == "unsupportedApi" => Some(message.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_async_api_fails_through_callbacks_and_promise_with_one_notice() {
    let page = r#"Page({ async run() {
  swan.scanCode({
    success: () => console.log('never'),
    fail: e => console.log('fail', e.errCode, e.errMsg),
    complete: e => console.log('complete', e.errCode),
  });
  console.log('returned first');
  try { await swan.scanCode(); } catch (e) { console.log('rejected', e.errCode, e.errMsg); }
  swan.scanCode({ fail: 3 });
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!("returned first"),
            json!(["fail", 302, "scanCode:fail not supported by swan-album"]),
            json!(["complete", 302]),
            json!(["rejected", 302, "scanCode:fail not supported by swan-album"]),
        ]
    );
    assert_eq!(
        notices(&ran),
        vec!["swan.scanCode is not supported by swan-album: it fails with errCode 302"]
    );
    let calls = ran.api("scanCode");
    assert_eq!(calls.len(), 3);
    assert_eq!(
        calls[2],
        (
            Outcome::Fail,
            json!({"errCode": 904, "errMsg": "params type error"})
        )
    );
}

#[test]
fn a_sync_api_throws_a_listener_registers_nothing_a_namespace_exists() {
    let page = r#"Page({ run() {
  try { swan.getBatteryInfoSync(); } catch (e) {
    console.log(e instanceof Error, e.errCode, e.errMsg, e.message);
  }
  console.log(typeof swan.onAccelerometerChange(() => console.log('never')));
  swan.reportAnalytics('click', { id: 1 });
  swan.ai.ocrIdCard({ fail: e => console.log(e.errMsg) });
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!([
                true,
                302,
                "getBatteryInfoSync:fail not supported by swan-album",
                "getBatteryInfoSync:fail not supported by swan-album"
            ]),
            json!("undefined"),
            json!("ai.ocrIdCard:fail not supported by swan-album"),
        ]
    );
    assert_eq!(
        notices(&ran),
        vec![
            "swan.getBatteryInfoSync is not supported by swan-album: it throws errCode 302",
            "swan.onAccelerometerChange is not supported by swan-album: its listener is never called",
            "swan.reportAnalytics is not supported by swan-album: it does nothing",
            "swan.ai.ocrIdCard is not supported by swan-album: it fails with errCode 302",
        ]
    );
}

#[test]
fn factories_return_objects_whose_chains_never_throw() {
    let page = r#"Page({ onLoad() {
  const q = swan.createMapContext('map');
  const r = q.in(this).select('#list').boundingClientRect().selectViewport().scrollOffset().exec(res => console.log('never', res));
  console.log('query', r === q, typeof q.then, JSON.stringify(q), String(q), Object.keys(q).length);
  const a = swan.createAnimation({ duration: 300 });
  this.setData({ anim: a.opacity(0.5).translateY(10).step().export() });
  const c = swan.createVideoContext('v');
  c.setFillStyle('red'); c.fillRect(0, 0, 1, 1); c.draw();
  swan.createIntersectionObserver(this).relativeToViewport().observe('.x', () => console.log('never'));
  const t = swan.connectSocket({ url: 'wss://example.com', fail: e => console.log('socket', e.errCode) });
  t.onOpen(() => {}); t.send({ data: 'x' }); t.close();
  console.log('done');
}, run() {} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!(["query", true, "undefined", "{}", "[object Object]", 0]),
            json!("done"),
            json!(["socket", 302]),
        ]
    );
    let n = notices(&ran);
    assert_eq!(n.len(), 5, "{n:?}");
    assert!(n[0].starts_with("swan.createMapContext is not supported"));
}

#[test]
fn implemented_apis_are_never_stubbed() {
    let page = r#"Page({ run() {
  const names = ['saveImageToPhotosAlbum', 'downloadFile', 'showToast', 'getSystemInfoSync',
    'getImageInfo', 'nextTick', 'canIUse', 'getUpdateManager', 'makePhoneCall'];
  console.log(names.filter(n => !swan.canIUse(n)));
  // What replaces a stub later (an API installed after the stubs) is no stub any more.
  const before = swan.canIUse('scanCode');
  swan.scanCode = function scanCode() {};
  console.log(before, swan.canIUse('scanCode'), swan.canIUse('ai.ocrIdCard'));
  swan.showToast({ title: 'still real', success: r => console.log(r.errMsg) });
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(
        ran.logs(),
        vec![
            json!([]),
            json!([false, true, false]),
            json!("showToast:ok")
        ]
    );
    assert!(notices(&ran).is_empty());
}
