//! Issue 12 §1–2: the page stack and its lifecycle, components, setData, the virtual clock and
//! scripts, on real multi-page projects on disk.

use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use swan_core::swan_auth::{FixedAnswer, PromptAnswer};
use swan_core::{Host, HostConfig};
use swan_runtime::{
    Clock, Event, Outcome, Project, PromptEvents, Recorder, RunOptions, RunStatus, Step,
    parse_script,
};

/// A project written file by file.
struct Program {
    dir: tempfile::TempDir,
}

struct Ran {
    status: RunStatus,
    events: Vec<Event>,
}

impl Program {
    fn new(app_json: Value) -> Program {
        let dir = tempfile::tempdir().unwrap();
        let p = Program { dir };
        p.write("app.json", &app_json.to_string());
        p.write("swan-album.json", r#"{"appId": "pages-test"}"#);
        p
    }

    fn write(&self, rel: &str, text: &str) -> &Program {
        let path = self.dir.path().join("project").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn run(&self, options: RunOptions) -> Ran {
        let recorder = Arc::new(Recorder::default());
        let config = HostConfig::new(self.dir.path().join("album"), self.dir.path().join("data"));
        let user = Arc::new(FixedAnswer(PromptAnswer::Allow));
        let host = Arc::new(
            Host::open(config, Arc::new(PromptEvents::new(user, recorder.clone()))).unwrap(),
        );
        let project = Project::load(&self.dir.path().join("project")).unwrap();
        let status = swan_runtime::run(host, project, options, recorder.clone()).unwrap();
        Ran {
            status,
            events: recorder.events(),
        }
    }
}

impl Ran {
    fn logs(&self) -> Vec<Value> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Console { level, args } if level == "log" => Some(if args.len() == 1 {
                    args[0].clone()
                } else {
                    Value::Array(args.clone())
                }),
                _ => None,
            })
            .collect()
    }

    fn api(&self, name: &str) -> Vec<(Outcome, Value)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Api {
                    name: n,
                    outcome,
                    res,
                } if n == name => Some((*outcome, res.clone())),
                _ => None,
            })
            .collect()
    }

    fn shown(&self, what: &str) -> Vec<Value> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Shown { what: w, detail } if w == what => Some(detail.clone()),
                _ => None,
            })
            .collect()
    }

    fn notices(&self, what: &str) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Notice { what: w, message } if w == what => Some(message.clone()),
                _ => None,
            })
            .collect()
    }

    fn errors(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Error { message, .. } => Some(message.clone()),
                _ => None,
            })
            .collect()
    }
}

/// A page that logs each hook as `<name> <hook>` (onLoad with its query as JSON).
fn traced(name: &str, extra: &str) -> String {
    format!(
        r#"Page({{
  onLoad(q) {{ console.log('{name} onLoad ' + JSON.stringify(q)); }},
  onShow() {{ console.log('{name} onShow'); }},
  onReady() {{ console.log('{name} onReady'); }},
  onHide() {{ console.log('{name} onHide'); }},
  onUnload() {{ console.log('{name} onUnload'); }},
  {extra}
}});"#
    )
}

fn three_pages() -> Program {
    let p = Program::new(json!({
        "pages": ["pages/index/index", "pages/detail/detail", "pages/tab/tab", "pages/other/other"],
        "tabBar": {"list": [{"pagePath": "pages/index/index"}, {"pagePath": "pages/tab/tab"}]},
    }));
    p.write("app.js", "App({ globalData: { hits: 0 } });");
    p.write(
        "pages/index/index.js",
        &traced(
            "index",
            r#"go() { swan.navigateTo({ url: '../detail/detail?id=1&name=a%20b', success: r => console.log('success', r.errMsg, getCurrentPages().map(p => p.route).join(',')) }); },"#,
        ),
    );
    p.write(
        "pages/detail/detail.js",
        &traced(
            "detail",
            r#"back() { swan.navigateBack(); },
  redirect() { swan.redirectTo({ url: '/pages/other/other?from=detail' }); },
  relaunch() { swan.reLaunch({ url: '/pages/other/other' }); },
  tab() { swan.switchTab({ url: '/pages/tab/tab?ignored=1' }); },"#,
        ),
    );
    p.write(
        "pages/tab/tab.js",
        &traced(
            "tab",
            r#"home() { swan.switchTab({ url: '/pages/index/index' }); },"#,
        ),
    );
    p.write("pages/other/other.js", &traced("other", ""));
    p
}

fn script(text: &str) -> Vec<Step> {
    parse_script(text).unwrap()
}

#[test]
fn navigate_to_and_back_run_the_real_lifecycle_with_the_parsed_query() {
    let p = three_pages();
    let ran = p.run(RunOptions {
        script: script(r#"[{"call": "back"}]"#),
        ..RunOptions::new("pages/index/index").call("go")
    });
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!("index onLoad {}"),
            json!("index onShow"),
            json!("index onReady"),
            json!("index onHide"),
            json!(r#"detail onLoad {"id":"1","name":"a%20b"}"#),
            json!("detail onShow"),
            json!("detail onReady"),
            json!([
                "success",
                "navigateTo:ok",
                "pages/index/index,pages/detail/detail"
            ]),
            json!("detail onUnload"),
            json!("index onShow"),
            json!("index onHide"),
            json!("index onUnload"),
        ]
    );
    assert_eq!(
        ran.api("navigateTo"),
        [(Outcome::Success, json!({"errMsg": "navigateTo:ok"}))]
    );
    let navigations = ran.shown("navigate");
    assert_eq!(navigations[0]["api"], "navigateTo");
    assert_eq!(navigations[0]["to"], "pages/detail/detail");
    assert_eq!(navigations[0]["query"], json!({"id": "1", "name": "a%20b"}));
    assert_eq!(navigations[1]["api"], "navigateBack");
    assert_eq!(navigations[1]["to"], "pages/index/index");
}

#[test]
fn redirect_relaunch_and_switch_tab_unload_what_they_leave() {
    let p = three_pages();
    let ran = p.run(RunOptions {
        script: script(r#"[{"call": "redirect"}]"#),
        ..RunOptions::new("pages/index/index").call("go")
    });
    let logs = ran.logs();
    let after: Vec<&Value> = logs
        .iter()
        .skip_while(|l| **l != json!("detail onReady"))
        .collect();
    assert_eq!(
        after[2..],
        [
            &json!("detail onUnload"),
            &json!(r#"other onLoad {"from":"detail"}"#),
            &json!("other onShow"),
            &json!("other onReady"),
            &json!("other onHide"),
            &json!("other onUnload"),
            &json!("index onUnload"),
        ]
    );

    let ran = p.run(RunOptions {
        script: script(r#"[{"call": "relaunch"}]"#),
        ..RunOptions::new("pages/index/index").call("go")
    });
    let logs = ran.logs();
    let at = logs
        .iter()
        .position(|l| *l == json!("detail onUnload"))
        .unwrap();
    assert_eq!(logs[at + 1], json!("index onUnload"));
    assert_eq!(logs[at + 2], json!("other onLoad {}"));

    // switchTab: detail is unloaded, the tab page opens without the query; back to index, which
    // was kept alive as a tab page: shown again, never loaded twice.
    let ran = p.run(RunOptions {
        script: script(r#"[{"call": "tab"}, {"call": "home"}]"#),
        ..RunOptions::new("pages/index/index").call("go")
    });
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    let logs = ran.logs();
    let after: Vec<Value> = logs
        .iter()
        .skip_while(|l| **l != json!("detail onReady"))
        .skip(2)
        .cloned()
        .collect();
    assert_eq!(
        after,
        [
            json!("detail onUnload"),
            json!("tab onLoad {}"),
            json!("tab onShow"),
            json!("tab onReady"),
            json!("tab onHide"),
            json!("index onShow"),
            json!("index onHide"),
            json!("index onUnload"),
            json!("tab onUnload"),
        ]
    );
    assert_eq!(
        logs.iter()
            .filter(|l| **l == json!("index onLoad {}"))
            .count(),
        1
    );
}

#[test]
fn each_documented_navigation_error() {
    let p = three_pages();
    p.write(
        "pages/other/other.js",
        r#"Page({
  all() {
    const log = (api) => (r) => console.log(api, r.errCode, r.errMsg);
    swan.navigateTo({ url: '/pages/tab/tab', fail: log('navigateTo') });
    swan.redirectTo({ url: '/pages/index/index', fail: log('redirectTo') });
    swan.switchTab({ url: '/pages/detail/detail', fail: log('switchTab') });
    swan.reLaunch({ url: '/pages/nowhere/nowhere', fail: log('reLaunch') });
    swan.navigateTo({ url: 5, fail: log('navigateTo') });
    swan.navigateBack({ fail: log('navigateBack') });
    swan.navigateTo({ url: '/pages/detail/detail' }).then(r => console.log('promise', r.errMsg));
  },
  deep() {
    let n = 0;
    const again = () => swan.navigateTo({ url: '/pages/other/other',
      success: () => { n++; again(); },
      fail: (r) => console.log('stopped at', getCurrentPages().length, n, r.errMsg) });
    again();
  },
});"#,
    );
    let ran = p.run(RunOptions::new("pages/other/other").call("all"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!([
                "navigateTo",
                1001,
                "navigateTo:fail can not navigateTo a tabbar page"
            ]),
            json!([
                "redirectTo",
                1001,
                "redirectTo:fail can not redirectTo a tabbar page"
            ]),
            json!([
                "switchTab",
                1001,
                "switchTab:fail can not switch to no-tabBar page"
            ]),
            json!([
                "reLaunch",
                1001,
                "reLaunch:fail page \"pages/nowhere/nowhere\" is not found"
            ]),
            json!([
                "navigateTo",
                904,
                "[jsNative Argument Error]url type error. must be \"string\""
            ]),
            json!([
                "navigateBack",
                1001,
                "navigateBack:fail cannot navigate back at first page."
            ]),
            json!("detail onLoad {}"),
            json!("detail onShow"),
            json!("detail onReady"),
            json!(["promise", "navigateTo:ok"]),
            json!("detail onHide"),
            json!("detail onUnload"),
        ]
    );
    let ran = p.run(RunOptions::new("pages/other/other").call("deep"));
    assert_eq!(
        ran.logs(),
        [json!([
            "stopped at",
            10,
            9,
            "navigateTo:fail webview count limit exceed"
        ])]
    );
}

#[test]
fn subpackage_pages_are_reached_by_their_full_route() {
    let p = Program::new(json!({
        "pages": ["pages/index/index"],
        "subPackages": [{"root": "packageA", "pages": ["pages/sub/sub"]}],
    }));
    p.write(
        "pages/index/index.js",
        "Page({ go() { swan.navigateTo({ url: '/packageA/pages/sub/sub?x=1' }); } });",
    );
    p.write(
        "packageA/pages/sub/sub.js",
        "Page({ onLoad(q) { console.log('sub', this.route, q.x, getCurrentPages().length); } });",
    );
    let ran = p.run(RunOptions::new("pages/index/index").call("go"));
    assert_eq!(
        ran.logs(),
        [json!(["sub", "packageA/pages/sub/sub", "1", 2])]
    );
    // It can be the first page too.
    let ran = p.run(RunOptions::new("/packageA/pages/sub/sub"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [json!(["sub", "packageA/pages/sub/sub", "undefined", 1])]
    );
}

#[test]
fn set_data_paths_and_callback_and_get_app() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "app.js",
        "console.log('before App', typeof getApp()); App({ globalData: { user: 'ann' } });",
    );
    p.write(
        "pages/index/index.js",
        r#"Page({
  data: { a: { b: [1, 2, { c: 0 }] }, list: [] },
  run() {
    this.setData({ 'a.b[2].c': 5, 'list[1]': 'x', 'n.m': 1, plain: true }, function () {
      console.log('callback', this === getCurrentPages()[0]);
    });
    console.log(JSON.stringify(this.data), getApp().globalData.user);
  },
});"#,
    );
    let ran = p.run(RunOptions::new("pages/index/index").call("run"));
    assert_eq!(
        ran.logs(),
        [
            json!(["before App", "undefined"]),
            json!([
                r#"{"a":{"b":[1,2,{"c":5}]},"list":[null,"x"],"n":{"m":1},"plain":true}"#,
                "ann"
            ]),
            json!(["callback", true]),
        ]
    );
}

fn component_program() -> Program {
    let p = Program::new(json!({"pages": ["pages/index/index", "pages/comp/comp"]}));
    p.write(
        "pages/index/index.json",
        r#"{"usingComponents": {"my-card": "../../components/card/card", "badge": "/components/badge/index"}}"#,
    );
    p.write(
        "pages/index/index.swan",
        r#"<view><my-card id="first" title="Hello" count="{{n}}" data-kind="main" bind:change="onChange" /></view>
<my-card id="second" bindchange="onChange" big></my-card>"#,
    );
    p.write(
        "pages/index/index.js",
        r#"Page({
  data: { n: 3 },
  onLoad() { console.log('page onLoad'); },
  onReady() { console.log('page onReady'); },
  onChange(e) { console.log('page got', e.type, JSON.stringify(e.detail), e.currentTarget.id, e.currentTarget.dataset.kind || null); },
  poke() {
    const card = this.selectComponent('#first');
    card.bump();
    this.selectComponent('#second').bump();
  },
});"#,
    );
    p.write(
        "components/card/card.js",
        r#"const counter = Behavior({
  data: { fromBehavior: 1 },
  methods: { shared() { return 'behavior'; }, bump() { return 'behavior bump'; } },
  attached() { console.log('behavior attached', this.id); },
});
Component({
  behaviors: [counter],
  properties: {
    title: String,
    count: { type: Number, value: 7, observer(now, old) { console.log('count observer', this.id, now, old); } },
    big: { type: Boolean },
  },
  data: { clicks: 0 },
  observers: { 'clicks, count': function (clicks, count) { console.log('observer', this.id, clicks, count); } },
  lifetimes: {
    created() { console.log('created', this.data.title); },
    attached() { console.log('attached', this.id, this.data.title, this.data.count, this.data.big, this.data.fromBehavior, this.shared()); },
    ready() { console.log('ready', this.id); },
    detached() { console.log('detached', this.id); },
  },
  ready() { console.log('top-level ready is shadowed'); },
  pageLifetimes: { show() { console.log('page show seen by', this.id); } },
  methods: {
    bump() {
      this.setData({ clicks: this.data.clicks + 1, count: this.data.count + 1 });
      this.triggerEvent('change', { clicks: this.data.clicks });
    },
  },
});"#,
    );
    p.write(
        "components/badge/index.js",
        "Component({ attached() { console.log('badge attached', this.is); } });",
    );
    p
}

#[test]
fn components_get_properties_lifetimes_observers_and_reach_the_page() {
    let ran = component_program().run(RunOptions::new("pages/index/index").call("poke"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!(["created", "Hello"]),
            json!(["created", ""]),
            json!(["behavior attached", "first"]),
            json!(["attached", "first", "Hello", 3, false, 1, "behavior"]),
            json!(["behavior attached", "second"]),
            json!(["attached", "second", "", 7, true, 1, "behavior"]),
            json!(["badge attached", "components/badge/index"]),
            json!("page onLoad"),
            json!(["page show seen by", "first"]),
            json!(["page show seen by", "second"]),
            json!(["ready", "first"]),
            json!(["ready", "second"]),
            json!("page onReady"),
            json!(["count observer", "first", 4, 3]),
            json!(["observer", "first", 1, 4]),
            json!(["page got", "change", r#"{"clicks":1}"#, "first", "main"]),
            json!(["count observer", "second", 8, 7]),
            json!(["observer", "second", 1, 8]),
            json!(["page got", "change", r#"{"clicks":1}"#, "second", null]),
            json!(["detached", "first"]),
            json!(["detached", "second"]),
        ]
    );
}

#[test]
fn a_missing_component_is_a_notice_and_the_page_still_runs() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.json",
        r#"{"usingComponents": {"a": "./nope", "b": "some-npm-ui/button", "c": "plugin://x/y"}}"#,
    );
    p.write(
        "pages/index/index.js",
        "Page({ onLoad() { console.log('loaded'); } });",
    );
    let ran = p.run(RunOptions::new("pages/index/index"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(ran.logs(), [json!("loaded")]);
    let notices = ran.notices("component");
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(notices[1].contains("some-npm-ui/button") && notices[1].contains("npm install"));
}

#[test]
fn component_as_page_constructor() {
    let p = component_program();
    p.write(
        "pages/comp/comp.js",
        r#"Component({
  properties: { id: Number, name: String },
  data: { ready: false },
  lifetimes: {
    created() { console.log('created'); },
    attached() { console.log('attached', this.data.id, this.data.name); },
    ready() { console.log('ready'); },
    detached() { console.log('detached'); },
  },
  pageLifetimes: { show() { console.log('pageLifetimes.show'); } },
  methods: {
    onLoad(q) { console.log('onLoad', q.id, this.route); },
    onShow() { console.log('onShow'); },
    onReady() { console.log('onReady'); },
    onUnload() { console.log('onUnload'); },
    tap(e) { this.setData({ ready: true }); console.log('tap', e.detail, this.data.ready); },
  },
});"#,
    );
    let ran = p.run(RunOptions {
        query: vec![("id".into(), "42".into()), ("name".into(), "x".into())],
        event: json!({"detail": 9}),
        ..RunOptions::new("pages/comp/comp").call("tap")
    });
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!("created"),
            json!(["attached", 42, "x"]),
            json!(["onLoad", "42", "pages/comp/comp"]),
            json!("onShow"),
            json!("pageLifetimes.show"),
            json!("ready"),
            json!("onReady"),
            json!(["tap", 9, true]),
            json!("onUnload"),
            json!("detached"),
        ]
    );
}

const COUNTDOWN: &str = r#"Page({
  data: { left: 60 },
  start() {
    const started = Date.now();
    setTimeout(() => console.log('one-shot at 30s'), 30000);
    this.timer = setInterval(() => {
      this.setData({ left: this.data.left - 1 });
      if (this.data.left === 0) {
        clearInterval(this.timer);
        console.log('done', Math.round((Date.now() - started) / 1000));
      }
    }, 1000);
  },
});"#;

#[test]
fn virtual_time_runs_a_60_second_countdown_in_milliseconds_in_order() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write("pages/index/index.js", COUNTDOWN);
    let started = Instant::now();
    let ran = p.run(RunOptions {
        clock: Clock::Virtual,
        script: script(r#"[{"advance": "61s"}]"#),
        ..RunOptions::new("pages/index/index").call("start")
    });
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    // The settle after `start` already waited for the 30 s one-shot (it holds the run); the
    // interval fired meanwhile, in order, and the advance finished the countdown.
    assert_eq!(ran.logs(), [json!("one-shot at 30s"), json!(["done", 60])]);
    assert!(ran.notices("timersLeft").is_empty());
}

#[test]
fn an_interval_alone_ends_the_run_cleanly_in_both_clocks() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.js",
        r#"Page({ onLoad() { setInterval(() => console.log('tick'), 1000); setInterval(() => {}, 5); } });"#,
    );
    for clock in [Clock::Real, Clock::Virtual] {
        let started = Instant::now();
        let ran = p.run(RunOptions {
            clock,
            ..RunOptions::new("pages/index/index")
        });
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(ran.status, RunStatus::Completed, "{clock:?}");
        assert!(ran.logs().is_empty(), "{clock:?}");
        let notices = ran.notices("timersLeft");
        assert_eq!(notices.len(), 1);
        assert!(
            notices[0].starts_with("2 intervals were still set"),
            "{notices:?}"
        );
    }
    // Advancing 3.5 s of virtual time fires the 1 s interval three times.
    let ran = p.run(RunOptions {
        clock: Clock::Virtual,
        script: script(r#"[{"advance": "3.5s"}]"#),
        ..RunOptions::new("pages/index/index")
    });
    assert_eq!(ran.logs(), [json!("tick"), json!("tick"), json!("tick")]);
}

#[test]
fn a_pending_one_shot_timer_still_holds_the_run_until_the_deadline() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.js",
        "Page({ onLoad() { setTimeout(() => {}, 60000); } });",
    );
    let ran = p.run(RunOptions {
        timeout: Duration::from_millis(300),
        ..RunOptions::new("pages/index/index")
    });
    assert_eq!(ran.status, RunStatus::TimedOut);
    assert_eq!(
        ran.errors(),
        ["time limit of 300ms reached before the page was idle (1 setTimeout pending)"]
    );
}

#[test]
fn virtual_date_follows_virtual_time_and_real_date_is_untouched() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.js",
        r#"Page({ onLoad() {
  const t0 = Date.now(), d0 = new Date();
  setTimeout(() => console.log(Math.round((Date.now() - t0) / 1000), Math.round((new Date() - d0) / 1000),
    new Date(0).toISOString(), typeof Date(), new Date() instanceof Date, new Date(2020, 1, 3).getMonth()), 3600 * 1000);
} });"#,
    );
    let ran = p.run(RunOptions {
        clock: Clock::Virtual,
        ..RunOptions::new("pages/index/index")
    });
    assert_eq!(
        ran.logs(),
        [json!([
            3600,
            3600,
            "1970-01-01T00:00:00.000Z",
            "string",
            true,
            1
        ])]
    );
}

#[test]
fn a_script_runs_end_to_end() {
    let p = three_pages();
    p.write(
        "pages/other/other.js",
        r#"Page({
  onLoad(q) { console.log('other', q.k); this.n = 0; },
  tick() { setTimeout(() => console.log('later', ++this.n), 5000); },
  hello(e) { console.log('hello', e.detail.v); },
});"#,
    );
    let steps = r#"[
      {"navigateTo": "/pages/other/other?k=v"},
      {"call": "hello", "event": {"detail": {"v": 2}}},
      {"user": {"modal": "confirm"}},
      {"call": "tick"},
      "settle",
      {"navigateBack": 1},
      {"call": "nothing"},
      {"call": "go"}
    ]"#;
    let ran = p.run(RunOptions {
        clock: Clock::Virtual,
        script: script(steps),
        ..RunOptions::new("pages/index/index")
    });
    assert_eq!(ran.status, RunStatus::Uncaught);
    let logs = ran.logs();
    assert!(logs.contains(&json!(["other", "v"])), "{logs:?}");
    assert!(logs.contains(&json!(["hello", 2])));
    assert!(logs.contains(&json!(["later", 1])));
    // The failing step stops the script: `go` never ran.
    assert!(!logs.iter().any(|l| l.to_string().contains("detail onLoad")));
    assert_eq!(
        ran.errors(),
        ["script step 7: the page on top has no method \"nothing\""]
    );
    let navigations = ran.shown("navigate");
    assert_eq!(navigations.len(), 2);

    // A navigation step follows the API's rules.
    let ran = p.run(RunOptions {
        script: script(r#"[{"navigateTo": "/pages/tab/tab"}]"#),
        ..RunOptions::new("pages/index/index")
    });
    assert_eq!(
        ran.errors(),
        ["script step 1: navigateTo:fail can not navigateTo a tabbar page"]
    );
}

#[test]
fn a_bound_property_follows_the_page_data() {
    let p = component_program();
    p.write(
        "pages/index/index.js",
        r#"Page({
  data: { n: 3 },
  onChange() {},
  grow() { this.setData({ n: 10, other: 1 }); this.setData({ other: 2 }); },
});"#,
    );
    let ran = p.run(RunOptions::new("pages/index/index").call("grow"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    let logs = ran.logs();
    let observed: Vec<&Value> = logs
        .iter()
        .filter(|l| l[0] == "count observer" || l[0] == "observer")
        .collect();
    // Only the tag bound to `n` follows it, once (the second setData changes nothing it binds).
    assert_eq!(
        observed,
        [
            &json!(["count observer", "first", 10, 3]),
            &json!(["observer", "first", 0, 10])
        ]
    );
}

#[test]
fn what_hooks_throw_is_reported_and_the_other_hooks_still_run() {
    let p = component_program();
    p.write(
        "components/badge/index.js",
        "Component({ attached() { throw new Error('badge broke'); }, detached() { console.log('badge detached'); } });",
    );
    p.write(
        "pages/index/index.js",
        r#"Page({
  onLoad() { console.log('page onLoad'); },
  onHide() { console.log('page onHide'); },
  onChange() {},
  go() { swan.navigateTo({ url: '/pages/comp/comp', fail: r => console.log('fail', r.errMsg) }); },
});"#,
    );
    p.write("pages/comp/comp.js", "throw new TypeError('script broke');");
    let ran = p.run(RunOptions::new("pages/index/index").call("go"));
    assert_eq!(ran.status, RunStatus::Uncaught);
    let logs = ran.logs();
    assert!(logs.contains(&json!("page onLoad")), "{logs:?}");
    assert!(logs.contains(&json!("badge detached")));
    // The page that could not be made left the stack as it was: index is hidden once, when
    // the run ends.
    let hidden: Vec<usize> = (0..logs.len())
        .filter(|i| logs[*i] == json!("page onHide"))
        .collect();
    let failed = logs.iter().position(|l| l[0] == "fail").unwrap();
    assert_eq!(hidden, [failed + 1], "{logs:?}");
    assert!(logs.contains(&json!([
        "fail",
        "navigateTo:fail pages/comp/comp.js did not call Page()"
    ])));
    let errors = ran.errors();
    assert!(errors[0].contains("badge broke"), "{errors:?}");
    assert!(errors[1].contains("script broke"), "{errors:?}");
    assert_eq!(errors[2], "pages/comp/comp.js did not call Page()");
}

/// Virtual time jumps only when nothing else can happen first: a real download in flight is
/// waited for (in real time) before the clock jumps an hour ahead to the next timer.
#[test]
fn virtual_timers_wait_for_real_network_work_in_flight() {
    const HOST: &str = "img.example.com";
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "swan-album.json",
        &json!({"appId": "pages-test", "downloadDomains": [HOST]}).to_string(),
    );
    p.write(
        "pages/index/index.js",
        r#"Page({ onLoad() {
  const t0 = Date.now();
  setTimeout(() => console.log('hour', Math.round((Date.now() - t0) / 60000)), 3600 * 1000);
  setTimeout(() => console.log('zero'), 0);
  swan.downloadFile({ url: 'https://img.example.com/a.png', success: r => console.log('downloaded', r.statusCode) });
} });"#,
    );
    let served = p.dir.path().join("served");
    std::fs::create_dir_all(&served).unwrap();
    std::fs::write(served.join("a.png"), vec![0u8; 200 * 1024]).unwrap();
    let server = swan_net::serve_dir(HOST, &served).unwrap();
    let started = Instant::now();
    let ran = p.run(RunOptions {
        clock: Clock::Virtual,
        client: swan_net::ClientConfig::with_mapped_hosts(std::slice::from_ref(&server)),
        ..RunOptions::new("pages/index/index")
    });
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert_eq!(
        ran.logs(),
        [
            json!("zero"),
            json!(["downloaded", 200]),
            json!(["hour", 60])
        ]
    );
}

/// A component that uses itself, twice per template, would make 2^16 instances: the page gets
/// at most `MAX_INSTANCES` and a notice.
#[test]
fn a_component_bomb_is_cut_with_a_notice() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.json",
        r#"{"usingComponents": {"x-x": "/c/x"}}"#,
    );
    p.write("pages/index/index.js", "Page({});");
    p.write("c/x.json", r#"{"usingComponents": {"x-x": "./x"}}"#);
    p.write("c/x.swan", "<x-x/><x-x/>");
    p.write(
        "c/x.js",
        "let n = 0; Component({ created() { n++; getApp && (globalThis.made = n); } });",
    );
    p.write(
        "pages/index/index.js",
        "Page({ onReady() { console.log(globalThis.made); } });",
    );
    let started = Instant::now();
    let ran = p.run(RunOptions::new("pages/index/index"));
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    let made = ran.logs()[0].as_u64().unwrap();
    assert!(made <= 2000 && made > 100, "{made}");
    assert!(
        ran.notices("component")
            .iter()
            .any(|m| m.contains("more than 2000"))
    );
}

#[test]
fn switching_to_the_tab_already_shown_moves_nothing() {
    let ran = three_pages().run(RunOptions {
        script: script(r#"[{"switchTab": "/pages/index/index"}]"#),
        ..RunOptions::new("pages/index/index")
    });
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!("index onLoad {}"),
            json!("index onShow"),
            json!("index onReady"),
            json!("index onHide"),
            json!("index onUnload"),
        ]
    );
    assert_eq!(ran.shown("navigate")[0]["api"], "switchTab");
}

#[test]
fn a_script_step_changes_the_network_and_listeners_hear_it() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.js",
        r#"Page({ onLoad() {
            swan.onNetworkStatusChange(res => console.log('change', JSON.stringify(res)));
        },
        check() { swan.getNetworkType({ success: res => console.log('now', res.networkType) }); } });"#,
    );
    let ran = p.run(RunOptions {
        script: script(
            r#"[{"network": "none"}, {"call": "check"}, {"network": "none"}, {"network": "4g"}, {"call": "check"}]"#,
        ),
        ..RunOptions::new("pages/index/index")
    });
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    // The same network twice is no change, as on a phone.
    assert_eq!(
        ran.logs(),
        [
            json!(["change", r#"{"isConnected":false,"networkType":"none"}"#]),
            json!(["now", "none"]),
            json!(["change", r#"{"isConnected":true,"networkType":"4g"}"#]),
            json!(["now", "4g"]),
        ]
    );
    assert!(
        parse_script(r#"[{"network": "5g"}]"#)
            .unwrap_err()
            .contains("wifi, 2g")
    );
}
