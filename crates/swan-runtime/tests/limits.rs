//! Limits page code cannot get around: the deadline, the host-side memory budget, the JS heap,
//! and which page members the host calls.

mod common;

use common::{SlowUser, World};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::{Event, Outcome, RunStatus};

fn run_for(w: &World, method: &str, timeout: Duration) -> (common::Ran, Duration) {
    let started = Instant::now();
    let user = Arc::new(SlowUser(PromptAnswer::Allow));
    let ran = w.run_with(method, user, BTreeMap::new(), timeout);
    (ran, started.elapsed())
}

#[test]
fn a_promise_job_storm_ends_at_the_deadline_with_one_message() {
    let page = r#"Page({
  storm() { const f = () => { Promise.resolve().then(f); Promise.resolve().then(f); }; f(); },
  spins() { while (true) {} },
});"#;
    let w = World::new(page);
    for method in ["storm", "spins"] {
        let (ran, took) = run_for(&w, method, Duration::from_millis(500));
        assert_eq!(ran.status, RunStatus::TimedOut, "{method}");
        assert!(took < Duration::from_secs(3), "{method} took {took:?}");
        assert_eq!(
            ran.errors(),
            ["time limit of 500ms reached before the page was idle"],
            "{method}"
        );
    }
}

/// A builtin the interrupt check never reaches: the watchdog calls the host's hook within
/// `WATCHDOG_GRACE` of the deadline. (The stuck thread is left behind; the test binary ends it.)
#[test]
fn a_page_stuck_in_a_native_builtin_reaches_the_overrun_hook() {
    let page = r#"Page({ join() { Array.prototype.join.call({ length: 2 ** 53 - 1 }, ''); } });"#;
    let mut w = World::new(page);
    let (tx, rx) = std::sync::mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    w.on_overrun = Some(swan_runtime::OverrunHook(Arc::new(move || {
        let _ = tx.lock().unwrap().send(Instant::now());
    })));
    let started = Instant::now();
    std::thread::spawn(move || run_for(&w, "join", Duration::from_millis(500)));
    let fired = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the watchdog called the hook");
    let after = fired - started;
    assert!(
        after >= Duration::from_millis(1400) && after < Duration::from_millis(3000),
        "{after:?}"
    );
}

#[test]
fn host_memory_for_the_page_is_bounded() {
    let page = r#"Page({
  logs() { const s = 'x'.repeat(40 * 1024 * 1024); for (let i = 0; i < 25; i++) console.log(s); },
  timers() { for (let i = 0; i < 5e6; i++) setTimeout(() => {}, 1e9); },
});"#;
    let w = World::new(page);
    for (method, what) in [("logs", "console output"), ("timers", "timers")] {
        // Uncaught, not TimedOut: the budget ended the run before the 30 s deadline. (How long
        // that takes is no part of the rule, and on a loaded 2-core machine it varies.)
        let (ran, _) = run_for(&w, method, Duration::from_secs(30));
        assert_eq!(ran.status, RunStatus::Uncaught, "{method}");
        let errors = ran.errors();
        assert_eq!(errors.len(), 1, "{method}: {errors:?}");
        assert!(errors[0].contains(what), "{method}: {errors:?}");
        let console_bytes: usize = ran
            .events
            .iter()
            .map(|e| match e {
                Event::Console { args, .. } => args.iter().map(|a| a.to_string().len()).sum(),
                _ => 0,
            })
            .sum();
        assert!(console_bytes <= 64 * 1024 * 1024, "{console_bytes}");
    }
}

#[test]
fn running_out_of_js_heap_says_so() {
    let page = r#"Page({
  big() { const a = []; for (;;) a.push(new Array(1e5).fill(1.5)); },
  small() { const a = []; for (;;) a.push({ i: a.length }); },
  map() { const m = new Map(); for (let i = 0; ; i++) m.set(i, [i]); },
  mine() { throw null; },
});"#;
    let w = World::new(page);
    for method in ["big", "small", "map"] {
        let (ran, _) = run_for(&w, method, Duration::from_secs(120));
        assert_eq!(ran.status, RunStatus::Uncaught);
        let errors = ran.errors();
        assert_eq!(errors.len(), 1, "{method}: {errors:?}");
        assert!(errors[0].contains("out of memory"), "{method}: {errors:?}");
    }
    // A page's own `throw null` is still reported as such.
    let (ran, _) = run_for(&w, "mine", Duration::from_secs(10));
    assert_eq!(ran.errors(), ["Uncaught null"]);
}

#[test]
fn only_the_page_own_methods_can_be_called() {
    let page = r#"Page({ mine() { console.log('mine'); } });"#;
    let w = World::new(page);
    for inherited in ["constructor", "toString", "hasOwnProperty", "__proto__"] {
        let ran = w.run(inherited, PromptAnswer::Allow);
        assert_eq!(
            ran.status,
            RunStatus::MethodNotFound(inherited.into()),
            "{inherited}"
        );
    }
    assert_eq!(w.run("mine", PromptAnswer::Allow).logs(), ["mine"]);
}

#[test]
fn a_setter_on_object_prototype_cannot_change_what_the_host_logs() {
    let page = r#"
Object.defineProperty(Object.prototype, 'errMsg', { set(v) {}, get() { return 'forged'; }, configurable: true });
Object.defineProperty(Object.prototype, 'errCode', { set(v) {}, get() { return 0; }, configurable: true });
Object.prototype.toJSON = function () { return { errMsg: 'forged' }; };
Page({
  go() {
    swan.showToast({ title: 'hi', success: r => console.log('own', Object.keys(r).join()) });
    swan.saveImageToPhotosAlbum({ filePath: 'nope.png' });
  },
});"#;
    let w = World::new(page);
    let ran = w.run("go", PromptAnswer::Allow);
    assert_eq!(
        ran.api("showToast"),
        [(
            Outcome::Success,
            serde_json::json!({"errMsg": "showToast:ok"})
        )]
    );
    assert_eq!(
        ran.api("saveImageToPhotosAlbum"),
        [(
            Outcome::Fail,
            serde_json::json!({"errCode": 1001, "errMsg": "can not find such file : nope.png"})
        )]
    );
    assert_eq!(ran.logs(), [serde_json::json!(["own", "errMsg"])]);
}
