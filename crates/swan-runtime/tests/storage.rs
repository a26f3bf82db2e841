//! `swan.setStorage` and friends from page code, through `swan_runtime::run` on a real project
//! with a real SQLite file in the data folder: round-trips of every value type, persistence
//! across runs, Baidu's results and errors, the 10 MB limit, and the `Sync` forms throwing.

mod common;

use common::*;
use serde_json::json;
use swan_core::swan_auth::PromptAnswer;
use swan_core::swan_storage::{JsonText, Storage, StoredValue};
use swan_runtime::{Outcome, RunStatus};

/// Checks shared by the pages: a deep equality that knows `-0`, `NaN` and `Date`, and a log
/// line per failed check (the test wants none).
const HELPERS: &str = r#"
function same(a, b) {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return false;
  return ka.every(k => same(a[k], b[k]));
}
function check(label, got, want) {
  if (!same(got, want)) console.log('MISMATCH', label, JSON.stringify(got), JSON.stringify(want), typeof got);
}
"#;

fn page(body: &str) -> String {
    format!("{HELPERS}\nPage({{ {body} }});")
}

fn storage_of(world: &World) -> Storage {
    Storage::open(&world.dir.path().join("data/storage.sqlite")).unwrap()
}

#[test]
fn every_value_type_round_trips_through_the_sync_and_async_forms() {
    let body = r#"
  async run() {
    const when = new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
    // [value given, value read back]
    const cases = {
      object: [{ z: 1, a: { b: [1, 'two', null, true] }, 'é': 'x' }, { z: 1, a: { b: [1, 'two', null, true] }, 'é': 'x' }],
      array: [[1, [2, [3]], {}, []], [1, [2, [3]], {}, []]],
      string: ['中文 😀 "quoted" \\ \n', '中文 😀 "quoted" \\ \n'],
      emptyString: ['', ''],
      loneSurrogate: ['a\uD800b', 'a\uD800b'],
      int: [42, 42],
      negative: [-7.25, -7.25],
      tiny: [5e-324, 5e-324],
      tenth: [0.1 + 0.2, 0.30000000000000004],
      huge: [1.7976931348623157e308, 1.7976931348623157e308],
      beyondSafe: [2 ** 53 + 2, 9007199254740994],
      negZero: [-0, 0],
      nan: [NaN, null],
      infinity: [-Infinity, null],
      yes: [true, true],
      no: [false, false],
      nil: [null, null],
      date: [when, new Date(when.getTime())],
      invalidDate: [new Date(NaN), new Date(NaN)],
      nestedDate: [{ at: when }, { at: '2024-02-29T12:34:56.789Z' }],
      holes: [{ u: undefined, f() {}, s: Symbol('x'), keep: 1 }, { keep: 1 }],
      arrayHoles: [[undefined, () => 1, Symbol('y')], [null, null, null]],
      toJSON: [{ toJSON() { return { via: 'toJSON' }; } }, { via: 'toJSON' }],
      boxed: [new String('s'), 's'],
    };
    for (const [name, [given, want]] of Object.entries(cases)) {
      swan.setStorageSync('sync-' + name, given);
      check('getStorageSync ' + name, swan.getStorageSync('sync-' + name), want);
      await new Promise((resolve) => swan.setStorage({
        key: 'async-' + name, data: given,
        success: (res) => { check('setStorage res ' + name, res, { errMsg: 'setStorage:ok' }); resolve(); },
        fail: (e) => { console.log('MISMATCH setStorage failed', name, e.errMsg); resolve(); },
      }));
      const res = await swan.getStorage({ key: 'async-' + name });
      check('getStorage ' + name, res.data, want);
      check('getStorage errMsg ' + name, res.errMsg, 'getStorage:ok');
      // Each read is a fresh value: changing it changes nothing stored.
      const again = swan.getStorageSync('sync-' + name);
      if (again && typeof again === 'object' && !(again instanceof Date)) again.mutated = 1;
      check('fresh ' + name, swan.getStorageSync('sync-' + name), want);
    }
    console.log('done', Object.keys(cases).length);
  },"#;
    let world = World::new(&page(body));
    let ran = world.run("run", PromptAnswer::Deny);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(ran.logs(), vec![json!(["done", 24])]);
    // The stored form, read back outside the engine: a Date is a Date, the rest JSON text.
    let s = storage_of(&world);
    assert_eq!(
        s.get("test-app", "sync-date").unwrap(),
        Some(StoredValue::Date(Some(1_709_210_096_789)))
    );
    assert_eq!(
        s.get("test-app", "async-invalidDate").unwrap(),
        Some(StoredValue::Date(None))
    );
    let text = |k: &str| match s.get("test-app", k).unwrap() {
        Some(StoredValue::Json(t)) => t.as_str().to_string(),
        other => panic!("{other:?}"),
    };
    assert_eq!(text("sync-negZero"), "0");
    assert_eq!(text("sync-nan"), "null");
    assert_eq!(text("sync-holes"), r#"{"keep":1}"#);
    assert_eq!(text("sync-loneSurrogate"), r#""a\ud800b""#);
}

#[test]
fn storage_persists_across_runs_and_is_per_app() {
    let body = r#"
  write() {
    swan.setStorageSync('token', { value: 'abc', n: 1 });
    swan.setStorageSync('when', new Date(86400000));
    swan.setStorage({ key: 'later', data: [1, 2] });
  },
  read() {
    const t = swan.getStorageSync('token');
    const w = swan.getStorageSync('when');
    console.log(t.value, t.n, w instanceof Date, w.getTime(), swan.getStorageSync('later'));
    console.log(JSON.stringify(swan.getStorageInfoSync().keys), swan.getStorageSync('mine'));
  },"#;
    let world = World::new(&page(body));
    // Another app's key, put there by another run: never visible to this one.
    storage_of(&world)
        .set(
            "other-app",
            "mine",
            &StoredValue::Json(JsonText::new("\"theirs\"".into()).unwrap()),
        )
        .unwrap();
    let first = world.run("write", PromptAnswer::Deny);
    assert_eq!(first.status, RunStatus::Completed, "{:?}", first.errors());
    let second = world.run("read", PromptAnswer::Deny);
    assert_eq!(second.status, RunStatus::Completed, "{:?}", second.errors());
    assert_eq!(
        second.logs(),
        vec![
            json!(["abc", 1, true, 86400000, [1, 2]]),
            json!([r#"["token","when","later"]"#, ""]),
        ]
    );
    assert_eq!(storage_of(&world).info("other-app").unwrap().keys, ["mine"]);
}

#[test]
fn missing_keys_read_as_empty_string_and_removing_them_succeeds() {
    let body = r#"
  async run() {
    console.log(JSON.stringify(swan.getStorageSync('never')));
    const res = await swan.getStorage({ key: 'never' });
    console.log(JSON.stringify(res));
    swan.setStorageSync('gone', 1);
    swan.removeStorageSync('gone');
    console.log(JSON.stringify(swan.getStorageSync('gone')));
    swan.removeStorage({ key: 'never', success: (r) => console.log(r.errMsg) });
  },"#;
    let ran = World::new(&page(body)).run("run", PromptAnswer::Deny);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!("\"\""),
            json!(r#"{"data":"","errMsg":"getStorage:ok"}"#),
            json!("\"\""),
            json!("removeStorage:ok"),
        ]
    );
}

#[test]
fn argument_errors_fail_through_callbacks_in_baidus_words() {
    let body = r#"
  run() {
    const log = (name) => ({
      success: () => console.log(name, 'unexpected success'),
      fail: (e) => console.log(name, e.errCode, e.errMsg),
    });
    swan.setStorage({ data: 1, ...log('no key') });
    swan.setStorage({ key: [], data: 1, ...log('key array') });
    swan.setStorage({ key: 'k', ...log('no data') });
    swan.setStorage({ key: 'k', data: function f() {}, ...log('function') });
    const cyclic = {}; cyclic.self = cyclic;
    swan.setStorage({ key: 'k', data: cyclic, ...log('cyclic') });
    swan.setStorage({ key: 'k', data: 10n, ...log('bigint') });
    swan.getStorage({ key: false, ...log('get false') });
    swan.removeStorage({ ...log('remove no key') });
    swan.setStorage({ key: 'k', data: 1, success: 'yes' });
    swan.setStorage();
  },"#;
    let world = World::new(&page(body));
    let ran = world.run("run", PromptAnswer::Deny);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    let logs = ran.logs();
    assert_eq!(
        logs[..5],
        [
            json!(["no key", 904, "[jsNative Argument Error]key is required."]),
            json!([
                "key array",
                904,
                "[jsNative Argument Error]key type error. must be \"string\""
            ]),
            json!(["no data", 904, "[jsNative Argument Error]data is required."]),
            json!([
                "function",
                904,
                "setStorage:fail parameter error: data cannot be stored: a function has no JSON form"
            ]),
            json!(["cyclic", 904, logs[4][2].clone()]),
        ]
    );
    let cyclic = logs[4][2].as_str().unwrap();
    assert!(
        cyclic.starts_with("setStorage:fail parameter error: data cannot be stored: TypeError: "),
        "{cyclic}"
    );
    let bigint = logs[5][2].as_str().unwrap();
    assert!(bigint.contains("TypeError"), "{bigint}");
    assert_eq!(
        logs[6..],
        [
            json!([
                "get false",
                904,
                "[jsNative Argument Error]key type error. must be \"string\""
            ]),
            json!([
                "remove no key",
                904,
                "[jsNative Argument Error]key is required."
            ]),
        ]
    );
    // The two calls without callbacks to log: params type error, and a rejected Promise.
    let fails: Vec<_> = ran
        .api("setStorage")
        .into_iter()
        .filter(|(o, _)| *o == Outcome::Fail)
        .map(|(_, res)| res)
        .collect();
    assert!(fails.contains(&json!({"errCode": 904, "errMsg": "params type error"})));
    assert!(
        fails.contains(
            &json!({"errCode": 904, "errMsg": "[jsNative Argument Error]key is required."})
        )
    );
    assert!(
        storage_of(&world).info("test-app").unwrap().keys.is_empty(),
        "nothing written"
    );
}

#[test]
fn sync_forms_throw_an_error_with_errcode_and_errmsg() {
    let body = r#"
  run() {
    const attempt = (label, f) => {
      try { const v = f(); console.log(label, 'returned', JSON.stringify(v)); }
      catch (e) { console.log(label, e instanceof Error, e.errCode, e.errMsg, e.message === e.errMsg); }
    };
    attempt('get none', () => swan.getStorageSync());
    attempt('get false', () => swan.getStorageSync(false));
    attempt('set null key', () => swan.setStorageSync(null, 'x'));
    attempt('set no data', () => swan.setStorageSync('k'));
    attempt('set undefined', () => swan.setStorageSync('k', undefined));
    attempt('set symbol', () => swan.setStorageSync('k', Symbol('s')));
    attempt('remove none', () => swan.removeStorageSync());
    attempt('set ok', () => swan.setStorageSync('k', 0));
    attempt('get ok', () => swan.getStorageSync('k'));
    attempt('clear ok', () => swan.clearStorageSync());
  },"#;
    let ran = World::new(&page(body)).run("run", PromptAnswer::Deny);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    let required = |n: &str| format!("[jsNative Argument Error]{n} is required.");
    let type_error = "[jsNative Argument Error]key type error. must be \"string\"";
    assert_eq!(
        ran.logs(),
        vec![
            json!(["get none", true, 904, required("key"), true]),
            json!(["get false", true, 904, type_error, true]),
            json!(["set null key", true, 904, type_error, true]),
            json!(["set no data", true, 904, required("data"), true]),
            json!(["set undefined", true, 904, required("data"), true]),
            json!([
                "set symbol",
                true,
                904,
                "setStorageSync:fail parameter error: data cannot be stored: a symbol has no JSON form",
                true
            ]),
            json!(["remove none", true, 904, required("key"), true]),
            json!(["set ok", "returned", "undefined"]),
            json!(["get ok", "returned", "0"]),
            json!(["clear ok", "returned", "undefined"]),
        ]
    );
}

#[test]
fn the_10_mb_limit_fails_cleanly_and_keeps_the_old_value() {
    let body = r#"
  async run() {
    const six = 'a'.repeat(6 * 1024 * 1024);
    swan.setStorageSync('first', six);
    swan.setStorageSync('second', 'old');
    const five = 'b'.repeat(5 * 1024 * 1024);
    try { swan.setStorageSync('second', five); console.log('sync unexpected'); }
    catch (e) { console.log('sync', e.errCode, e.errMsg); }
    try { await swan.setStorage({ key: 'second', data: five }); console.log('async unexpected'); }
    catch (e) { console.log('async', e.errCode, e.errMsg); }
    console.log(swan.getStorageSync('second'), swan.getStorageSync('first').length);
    const info = swan.getStorageInfoSync();
    console.log(JSON.stringify(info.keys), info.currentSize, info.limitSize);
    // Replacing the big value with a smaller one is fine: its old size is not counted twice.
    swan.setStorageSync('first', 'c'.repeat(4 * 1024 * 1024));
    swan.setStorageSync('second', five);
    const after = await swan.getStorageInfo();
    console.log(after.currentSize, after.errMsg);
  },"#;
    let world = World::new(&page(body));
    let ran = world.run("run", PromptAnswer::Deny);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    let six_kb = (6 * 1024 * 1024 + 2 + 5 + 5 + 6 + 1023) / 1024;
    let nine_kb = (9 * 1024 * 1024 + 4 + 5 + 6 + 1023) / 1024;
    assert_eq!(
        ran.logs(),
        vec![
            json!([
                "sync",
                1003,
                "setStorageSync:fail exceed storage max size 10Mb"
            ]),
            json!([
                "async",
                1003,
                "setStorage:fail exceed storage max size 10Mb"
            ]),
            json!(["old", 6 * 1024 * 1024]),
            json!([r#"["first","second"]"#, six_kb, 10240]),
            json!([nine_kb, "getStorageInfo:ok"]),
        ]
    );
}

#[test]
fn clear_storage_empties_this_app_only_and_info_follows() {
    let body = r#"
  async run() {
    swan.setStorageSync('a', 1);
    swan.setStorageSync('b', 'two');
    swan.setStorageSync('a', 3);
    let info = swan.getStorageInfoSync();
    console.log(JSON.stringify(info), info.errMsg === undefined);
    const res = await swan.clearStorage();
    console.log(res.errMsg, JSON.stringify(swan.getStorageInfoSync()));
  },"#;
    let world = World::new(&page(body));
    storage_of(&world)
        .set(
            "other-app",
            "keep",
            &StoredValue::Json(JsonText::new("1".into()).unwrap()),
        )
        .unwrap();
    let ran = world.run("run", PromptAnswer::Deny);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!([
                r#"{"keys":["a","b"],"currentSize":1,"limitSize":10240}"#,
                true
            ]),
            json!([
                "clearStorage:ok",
                r#"{"keys":[],"currentSize":0,"limitSize":10240}"#
            ]),
        ]
    );
    assert_eq!(storage_of(&world).info("other-app").unwrap().keys, ["keep"]);
}
