//! The system family from page code: the device profile (default and `--device`), network,
//! canIUse, the update manager, nextTick, getEnvInfoSync, makePhoneCall, console methods and
//! what uncaught errors say.

mod common;

use common::*;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use swan_core::api::DeviceProfile;
use swan_core::swan_auth::PromptAnswer;
use swan_core::{Host, HostConfig};
use swan_runtime::{Event, Outcome, Project, PromptEvents, Recorder, RunOptions, RunStatus};

/// A run of `method` on the phone `device`.
fn run_on(world: &World, method: &str, device: DeviceProfile) -> Ran {
    let recorder = Arc::new(Recorder::default());
    let config = HostConfig::new(world.album(), world.dir.path().join("data"));
    let user = Arc::new(SlowUser(PromptAnswer::Allow));
    let host =
        Arc::new(Host::open(config, Arc::new(PromptEvents::new(user, recorder.clone()))).unwrap());
    let options = RunOptions {
        timeout: Duration::from_secs(20),
        device,
        query: vec![("id".into(), "7".into())],
        ..RunOptions::new("pages/index/index").call(method)
    };
    let project = Project::load(&world.project()).unwrap();
    let status = swan_runtime::run(host, project, options, recorder.clone()).unwrap();
    Ran {
        status,
        events: recorder.events(),
    }
}

fn shown(ran: &Ran, what: &str) -> Vec<serde_json::Value> {
    ran.events
        .iter()
        .filter_map(|e| match e {
            Event::Shown { what: w, detail } if w == what => Some(detail.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn get_system_info_is_the_default_phone_in_all_three_forms() {
    let page = r#"Page({
  async run() {
    const s = swan.getSystemInfoSync();
    console.log(s.brand, s.model, s.pixelRatio, s.screenWidth, s.screenHeight, s.windowWidth,
      s.windowHeight, s.statusBarHeight, s.navigationBarHeight, s.platform, s.SDKVersion, s.host);
    console.log(s.language, typeof s.version, typeof s.system, s.fontSizeSetting,
      typeof s.swanNativeVersion, s.devicePixelRatio, s.safeArea.top, s.safeArea.height, s.wifiEnabled);
    const m = swan.getMenuButtonBoundingClientRect();
    console.log('menu', m.width, m.height, m.top, m.right, m.bottom, m.left,
      (m.top - s.statusBarHeight) * 2 + m.height);
    s.screenWidth = 1;
    console.log('fresh', swan.getSystemInfoSync().screenWidth);
    swan.getSystemInfo({ success: r => console.log('cb', r.errMsg, r.windowHeight) });
    const p = await swan.getSystemInfo();
    console.log('promise', p.errMsg, p.screenWidth);
  },
});"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!([
                "Apple",
                "iPhone 8",
                2,
                375,
                667,
                375,
                603,
                20,
                44,
                "ios",
                "3.320.6",
                "baiduboxapp"
            ]),
            json!(["zh_CN", "string", "string", 2, "string", 2, 20, 647, true]),
            json!(["menu", 87, 32, 26, 365, 58, 278, 44]),
            json!(["fresh", 375]),
            json!(["cb", "getSystemInfo:ok", 603]),
            json!(["promise", "getSystemInfo:ok", 375]),
        ]
    );
}

#[test]
fn a_device_file_changes_what_the_page_sees() {
    let world = World::new(
        r#"Page({ run() {
  const s = swan.getSystemInfoSync();
  console.log(s.brand, s.screenWidth, s.screenHeight, s.windowHeight, s.pixelRatio, s.devicePixelRatio, s.platform);
  swan.getNetworkType({ success: r => console.log(r.networkType) });
} });"#,
    );
    let file = world.dir.path().join("pixel.json");
    std::fs::write(
        &file,
        r#"{"brand": "Google", "screenWidth": 412, "screenHeight": 915, "pixelRatio": 2.625,
            "statusBarHeight": 24, "navigationBarHeight": 48, "platform": "android", "networkType": "4g"}"#,
    )
    .unwrap();
    let device = DeviceProfile::from_json(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let ran = run_on(&world, "run", device);
    assert_eq!(
        ran.logs(),
        vec![
            json!(["Google", 412, 915, 915 - 24 - 48, 2.625, 2.625, "android"]),
            json!("4g"),
        ]
    );

    std::fs::write(&file, r#"{"screenWidth": "412"}"#).unwrap();
    let err = DeviceProfile::from_json(&std::fs::read_to_string(&file).unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "field \"screenWidth\" must be a whole number from 0 to 100000"
    );
}

#[test]
fn network_type_and_listeners() {
    let page = r#"Page({ run() {
  const cb = r => console.log('changed', r.networkType);
  console.log(swan.onNetworkStatusChange(cb), swan.offNetworkStatusChange(cb), swan.offNetworkStatusChange());
  swan.getNetworkType({ success: r => console.log(r.errMsg, r.networkType), complete: () => console.log('complete') });
  swan.getNetworkType({ success: 1 });
  // Left registered at the end of the run: the engine still shuts down cleanly.
  swan.onNetworkStatusChange(r => this.setData({ net: r.networkType }));
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!(["undefined", "undefined", "undefined"]),
            json!(["getNetworkType:ok", "wifi"]),
            json!("complete"),
        ]
    );
    assert_eq!(
        ran.api("getNetworkType")[1],
        (
            Outcome::Fail,
            json!({"errCode": 904, "errMsg": "params type error"})
        )
    );
}

#[test]
fn can_i_use_is_true_exactly_for_what_is_implemented() {
    let page = r#"Page({ run() {
  const ask = s => swan.canIUse(s);
  console.log(['saveImageToPhotosAlbum', 'getSystemInfoSync', 'getSystemInfo.success',
    'getSystemInfoSync.return.screenWidth', 'getEnvInfoSync.return.env.development',
    'getImageInfo.success.orientation.right', 'UpdateManager.applyUpdate', 'nextTick',
    'canIUse', 'makePhoneCall.object.phoneNumber', 'getMenuButtonBoundingClientRect.return.top'].map(ask));
  console.log(['scanCode', 'createMapContext', 'ai.ocrIdCard', 'getSystemInfoSync.return.battery',
    'button.open-type.getUserInfo', 'view', 'CanvasContext.fill', 'notAnApi', 'env', '',
    'getSystemInfo.nope'].map(ask));
  try { swan.canIUse(7); } catch (e) { console.log('threw', e instanceof Error, e.errCode); }
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!([
                true, true, true, true, true, true, true, true, true, true, true
            ]),
            json!([
                false, false, false, false, false, false, false, false, false, false, false
            ]),
            json!(["threw", true, 904]),
        ]
    );
}

#[test]
fn update_manager_reports_no_update() {
    let page = r#"Page({ run() {
  const m = swan.getUpdateManager();
  console.log(m === swan.getUpdateManager(), typeof m.onUpdateReady, typeof m.onUpdateFailed, typeof m.applyUpdate);
  m.onUpdateReady(() => console.log('never'));
  m.onUpdateFailed(() => console.log('never'));
  m.onCheckForUpdate(res => console.log('checked', JSON.stringify(res)));
  m.applyUpdate();
  console.log('sync end');
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!([true, "function", "function", "function"]),
            json!("sync end"),
            json!(["checked", "{\"hasUpdate\":false}"]),
        ]
    );
}

#[test]
fn next_tick_runs_after_the_caller_and_before_timers_and_reports_its_throws() {
    let page = r#"Page({ run() {
  setTimeout(() => console.log('timeout'), 0);
  swan.showToast({ title: 't', success: () => console.log('api callback') });
  swan.nextTick(() => console.log('tick 1'));
  Promise.resolve().then(() => console.log('promise'));
  swan.nextTick(() => { console.log('tick 2'); null.boom; });
  console.log('sync');
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(
        ran.logs(),
        vec![
            json!("sync"),
            json!("tick 1"),
            json!("promise"),
            json!("tick 2"),
            json!("api callback"),
            json!("timeout"),
        ]
    );
    assert_eq!(ran.status, RunStatus::Uncaught);
    assert_eq!(ran.errors().len(), 1, "{:?}", ran.errors());
    assert!(
        ran.errors()[0].starts_with("TypeError: cannot read property 'boom' of null"),
        "{:?}",
        ran.errors()
    );
}

#[test]
fn env_info_names_the_app_and_the_page() {
    let page = r#"Page({ run() {
  const e = swan.getEnvInfoSync();
  console.log(e.appKey, e.appName, e.lastAppURL, e.sdkVersion, e.scheme, e.env, swan.env.USER_DATA_PATH);
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(
        ran.logs(),
        vec![json!([
            "test-app",
            "project",
            "baiduboxapp://swan/test-app/pages/index/index?id=7",
            "3.320.6",
            "baiduboxapp",
            "development",
            "bdfile://usr"
        ])]
    );
}

#[test]
fn make_phone_call_is_an_event_and_checks_the_number() {
    let page = r#"Page({ async run() {
  const ok = await swan.makePhoneCall({ phoneNumber: '(010) 1234-5678' });
  console.log(ok.errMsg);
  for (const phoneNumber of [undefined, 10086, 'call me!']) {
    try { await swan.makePhoneCall({ phoneNumber }); } catch (e) { console.log(e.errCode, e.errMsg); }
  }
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        shown(&ran, "phoneCall"),
        vec![json!({"phoneNumber": "(010) 1234-5678", "dialed": "01012345678"})]
    );
    assert_eq!(
        ran.logs(),
        vec![
            json!("makePhoneCall:ok"),
            json!([904, "[jsNative Argument Error]phoneNumber is required."]),
            json!([
                904,
                "[jsNative Argument Error]phoneNumber type error. must be \"string\""
            ]),
            json!([202, "makePhoneCall:fail invalid phoneNumber : call me!"]),
        ]
    );
}

fn console_events(ran: &Ran) -> Vec<(String, Vec<serde_json::Value>)> {
    ran.events
        .iter()
        .filter_map(|e| match e {
            Event::Console { level, args } => Some((level.clone(), args.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn the_console_methods_real_code_calls_exist() {
    let page = r#"Page({ run() {
  console.dir({ a: 1 });
  console.table([{ a: 1 }]);
  console.group('g'); console.groupCollapsed('h'); console.groupEnd();
  console.time('t'); console.timeLog('t', 'mid'); console.timeEnd('t'); console.timeEnd('t');
  console.count(); console.count(); console.count('x'); console.countReset(); console.count();
  console.assert(1 === 1, 'fine'); console.assert(false, 'broken', 2);
  console.trace('here');
} });"#;
    let ran = World::new(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    let events = console_events(&ran);
    let plain: Vec<_> = events
        .iter()
        .filter(|(_, args)| !args[0].as_str().unwrap_or("").starts_with("t: "))
        .filter(|(level, _)| level != "debug")
        .cloned()
        .collect();
    let log = |v: serde_json::Value| ("log".to_string(), v.as_array().unwrap().clone());
    assert_eq!(
        plain,
        vec![
            log(json!([{"a": 1}])),
            log(json!([[{"a": 1}]])),
            log(json!(["g"])),
            log(json!(["h"])),
            ("warn".into(), vec![json!("Timer 't' does not exist")]),
            log(json!(["default: 1"])),
            log(json!(["default: 2"])),
            log(json!(["x: 1"])),
            log(json!(["default: 1"])),
            (
                "error".into(),
                vec![json!("Assertion failed"), json!("broken"), json!(2)]
            ),
        ]
    );
    let timed: Vec<_> = events
        .iter()
        .filter(|(_, a)| a[0].as_str().unwrap_or("").starts_with("t: "))
        .collect();
    assert_eq!(timed.len(), 2);
    assert!(timed[0].1[0].as_str().unwrap().ends_with("ms") && timed[0].1[1] == "mid");
    let (level, trace) = events.iter().find(|(l, _)| l == "debug").unwrap();
    assert_eq!(level, "debug");
    assert_eq!(&trace[..2], &[json!("Trace"), json!("here")]);
    assert!(
        trace[2]
            .as_str()
            .unwrap()
            .contains("at run (pages/index/index.js:8"),
        "{trace:?}"
    );
}

fn error_events(ran: &Ran) -> Vec<(String, String)> {
    ran.events
        .iter()
        .filter_map(|e| match e {
            Event::Error { message, stack } => Some((message.clone(), stack.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn uncaught_errors_name_what_was_called_and_where() {
    let page = "const u = {};\nPage({\n  data: {},\n  missing() { swan.notAnApi({}); },\n  timer() { setTimeout(function tick() { u.later(); }, 1); },\n  callback() { swan.showToast({ title: 't', success() { u['x'](); } }); },\n  undef() { this.data.list.push(1); },\n  name() { notDefinedAnywhere(); },\n});\n";
    let world = World::new(page);
    let cases = [
        (
            "missing",
            "TypeError: swan.notAnApi is not a function",
            "at missing (pages/index/index.js:4:",
        ),
        (
            "timer",
            "TypeError: u.later is not a function",
            "at tick (pages/index/index.js:5:",
        ),
        (
            "callback",
            "TypeError: u['x'] is not a function",
            "at success (pages/index/index.js:6:",
        ),
        (
            "undef",
            "TypeError: cannot read property 'push' of undefined: this.data.list",
            "at undef (pages/index/index.js:7:",
        ),
        (
            "name",
            "ReferenceError: notDefinedAnywhere is not defined",
            "at name (pages/index/index.js:8:",
        ),
    ];
    for (method, message, place) in cases {
        let ran = world.run(method, PromptAnswer::Allow);
        assert_eq!(ran.status, RunStatus::Uncaught, "{method}");
        let errors = error_events(&ran);
        assert_eq!(errors.len(), 1, "{method}: {errors:?}");
        assert_eq!(errors[0].0, message, "{method}");
        assert!(errors[0].1.contains(place), "{method}: {:?}", errors[0].1);
    }
}
