//! Patterns found in real public smart programs (native swan, converted from WeChat, uni-app and
//! Taro builds), each reproduced by a minimal project of our own: what the runtime must provide
//! so such programs run unchanged.

use serde_json::{Value, json};
use std::sync::Arc;
use swan_core::swan_auth::{FixedAnswer, PromptAnswer};
use swan_core::{Host, HostConfig};
use swan_runtime::{Clock, Event, Project, PromptEvents, Recorder, RunOptions, RunStatus};

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
        p
    }

    fn write(&self, rel: &str, text: &str) -> &Program {
        let path = self.dir.path().join("project").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn run(&self, options: RunOptions) -> Ran {
        self.run_on(RunOptions {
            clock: Clock::Virtual,
            ..options
        })
    }

    fn run_on(&self, options: RunOptions) -> Ran {
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

/// uni-app's mp-baidu runtime builds every page with `Component()` and links its Vue instances
/// with San's `dispatch`/`messages`: each component's `attached` dispatches `__l` up to the page,
/// a page is told from a component by `!this.ownerId`, and the page's arguments are kept on
/// `this.pageinstance`.
#[test]
fn dispatch_reaches_the_first_owner_with_a_message_handler() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.json",
        r#"{"component": true, "usingComponents": {"outer": "/components/outer"}}"#,
    );
    p.write("pages/index/index.swan", r#"<outer id="o"></outer>"#);
    p.write(
        "pages/index/index.js",
        r#"Component({
  messages: {
    link(e) { console.log('page got', e.name, e.value.from, e.target.id, !this.ownerId, this.pageinstance === this); },
  },
  lifetimes: { attached() { this.pageinstance.args = 'kept'; } },
  methods: { onLoad() { console.log('onLoad', this.pageinstance.args); } },
});"#,
    );
    p.write(
        "components/outer.json",
        r#"{"component": true, "usingComponents": {"inner": "./inner"}}"#,
    );
    p.write("components/outer.swan", r#"<inner id="i" />"#);
    p.write(
        "components/outer.js",
        r#"Component({
  messages: { '*': function (e) { console.log('outer caught', e.name, e.value.from); } },
  attached() {
    const page = getCurrentPages()[0];
    console.log('outer', this.ownerId === page.nodeId, this.pageinstance === page);
    this.dispatch('link', { from: 'outer' });
  },
});"#,
    );
    p.write(
        "components/inner.js",
        r#"Component({
  attached() {
    console.log('inner', typeof this.ownerId, this.ownerId !== this.pageinstance.nodeId);
    this.dispatch('link', { from: 'inner' });
    this.dispatch('nobody', {});
  },
});"#,
    );
    let ran = p.run(RunOptions::new("pages/index/index"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!(["outer", true, true]),
            json!(["page got", "link", "outer", "o", true, true]),
            json!(["inner", "string", true]),
            json!(["outer caught", "link", "inner"]),
            json!(["outer caught", "nobody", "undefined"]),
            json!(["onLoad", "kept"]),
        ]
    );
}

/// uni-app's mp-baidu runtime calls a component's lifetimes as its methods
/// (`$scope.detached()` when a page unloads); a component without its own method of that name
/// runs its lifetimes, and one with such a method keeps it.
#[test]
fn a_component_lifetime_can_be_called_as_a_method() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.json",
        r#"{"usingComponents": {"a": "/c/a", "b": "/c/b"}}"#,
    );
    p.write("pages/index/index.swan", r#"<a id="a"/><b id="b"/>"#);
    p.write(
        "pages/index/index.js",
        r#"Page({
  onUnload() {
    this.selectComponent('#a').detached('early');
    this.selectComponent('#b').detached();
    this.selectComponent('#b').ready();
  },
});"#,
    );
    p.write(
        "c/a.js",
        "Component({ lifetimes: { detached(why) { console.log('a detached', why || 'by the page'); } } });",
    );
    p.write(
        "c/b.js",
        "Component({ methods: { detached() { console.log('b own method'); } } });",
    );
    let ran = p.run(RunOptions::new("pages/index/index"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!(["a detached", "early"]),
            json!("b own method"),
            json!(["a detached", "by the page"]),
        ]
    );
}

impl Ran {
    fn notices(&self, what: &str) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Notice { what: w, message } if w == what => Some(message.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Component libraries come from npm (`"van-button": "@vant/weapp/button/index"`): a bare
/// `usingComponents` path is found as `require` finds it, in `miniprogram_npm/` or, where that
/// was never built, in `node_modules/` through the package's `miniprogram` folder; its own
/// relative requires work; a package that is not installed is a notice that says `npm install`.
#[test]
fn npm_components_are_found_like_required_packages() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.json",
        r#"{"usingComponents": {"k-button": "@kit/ui/button/index", "tag": "tags/tag", "gone": "not-installed/x"}}"#,
    );
    p.write(
        "pages/index/index.swan",
        r#"<k-button id="b" type="primary" bind:click="onClick"/><tag/><gone/>"#,
    );
    p.write(
        "pages/index/index.js",
        r#"Page({
  onReady() { this.selectComponent('#b').tap(); },
  onClick(e) { console.log('page got click', e.detail); },
});"#,
    );
    p.write(
        "node_modules/@kit/ui/package.json",
        r#"{"name": "@kit/ui", "main": "src/index.js", "miniprogram": "lib"}"#,
    );
    p.write(
        "node_modules/@kit/ui/lib/common/base.js",
        "module.exports = { props: { type: { type: String, value: 'default' } } };",
    );
    p.write(
        "node_modules/@kit/ui/lib/button/index.js",
        r#"const base = require('../common/base');
Component({
  properties: base.props,
  attached() { console.log('button attached', this.data.type); },
  methods: { tap() { this.triggerEvent('click', 'from npm'); } },
});"#,
    );
    p.write(
        "miniprogram_npm/tags/tag.js",
        "Component({ attached() { console.log('tag attached', this.is); } });",
    );
    let ran = p.run(RunOptions::new("pages/index/index"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!(["button attached", "primary"]),
            json!(["tag attached", "miniprogram_npm/tags/tag"]),
            json!(["page got click", "from npm"]),
        ]
    );
    let notices = ran.notices("component");
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("not-installed") && notices[0].contains("npm install"),
        "{notices:?}"
    );
}

/// Real programs wrap APIs in Promises and let a failure go unhandled (no network, a host not
/// in `requestDomains`): a rejection whose reason is the API's own failure result, passed on
/// through `fail: reject`, `.then` chains or `await`, is the devtools' `Uncaught (in promise)`
/// warning and the page goes on; a rejection page code makes itself is still an error, shown
/// as data rather than `[object Object]`.
#[test]
fn a_passed_on_api_failure_is_a_warning_and_a_page_rejection_an_error() {
    let p = Program::new(json!({"pages": ["pages/index/index", "pages/own/own"]}));
    p.write(
        "utils/http.js",
        r#"export function get(url) {
  return new Promise((resolve, reject) => swan.request({ url, success: resolve, fail: reject }));
}"#,
    );
    p.write(
        "pages/index/index.js",
        r#"import { get } from '../../utils/http';
Page({
  async onLoad() {
    get('https://api.example.com/a').then(res => console.log('never', res));
    get('https://api.example.com/b').then(r => r).then(res => console.log('never', res));
    const res = await get('https://api.example.com/c');
    console.log('never', res);
  },
  onReady() { console.log('page went on'); },
});"#,
    );
    p.write(
        "pages/own/own.js",
        "Page({ onLoad() { Promise.reject({ code: 7, reason: 'mine' }); } });",
    );
    let ran = p.run(RunOptions::new("pages/index/index"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(ran.logs(), [json!("page went on")]);
    let warned: Vec<_> = ran
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Console { level, args } if level == "warn" => Some(args.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(warned.len(), 3, "{warned:?}");
    for args in &warned {
        assert_eq!(args[0], json!("Uncaught (in promise)"));
        assert!(
            args[1]["errMsg"]
                .as_str()
                .unwrap()
                .contains("requestDomains"),
            "{args:?}"
        );
    }

    let ran = p.run(RunOptions::new("pages/own/own"));
    assert_eq!(ran.status, RunStatus::Uncaught);
    assert_eq!(
        ran.errors(),
        [r#"Unhandled promise rejection: Uncaught {"code":7,"reason":"mine"}"#]
    );
}

/// A page that never settles (analytics SDKs retrying requests on a network that does not
/// answer) ends at the time limit with a message that says what was still pending.
#[test]
fn the_time_limit_says_what_was_still_pending() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.js",
        "Page({ onLoad() { setTimeout(() => {}, 60000); setTimeout(() => {}, 90000); } });",
    );
    let ran = p.run_on(RunOptions {
        timeout: std::time::Duration::from_millis(300),
        ..RunOptions::new("pages/index/index")
    });
    assert_eq!(ran.status, RunStatus::TimedOut);
    assert_eq!(
        ran.errors(),
        ["time limit of 300ms reached before the page was idle (2 setTimeout pending)"]
    );
}

/// Plugins and dynamic libraries come from Baidu's servers: `requirePlugin` and
/// `requireDynamicLib` exist, and fail with an error naming the library (catchable, and an
/// `unsupportedApi` notice once per name), never `ReferenceError: ... is not defined`.
#[test]
fn require_plugin_and_dynamic_lib_fail_by_name() {
    let p = Program::new(json!({"pages": ["pages/index/index", "pages/b/b"]}));
    p.write(
        "pages/index/index.js",
        r#"Page({ onLoad() {
  for (let i = 0; i < 2; i++) {
    try { requirePlugin('myPlugin'); } catch (e) { console.log(e.message.includes('"myPlugin"')); }
  }
} });"#,
    );
    p.write(
        "pages/b/b.js",
        "Page({ onReady() { requireDynamicLib('interactionLib').listenEvent(); } });",
    );
    let ran = p.run(RunOptions::new("pages/index/index"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(ran.logs(), [json!(true), json!(true)]);
    assert_eq!(ran.notices("unsupportedApi").len(), 1);
    let ran = p.run(RunOptions::new("pages/b/b"));
    assert_eq!(ran.status, RunStatus::Uncaught);
    let errors = ran.errors();
    assert!(
        errors[0].starts_with("Error: requireDynamicLib(\"interactionLib\")"),
        "{errors:?}"
    );
}

/// Native swan components keep constant tables as top-level members of the definition
/// (`attr: {...}`) and read them as `this.attr` in `created`, as San components can; the
/// reserved keys (`data`, `lifetimes`...) are not copied.
#[test]
fn a_component_reads_its_own_top_level_members() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.json",
        r#"{"usingComponents": {"rate": "/c/rate"}}"#,
    );
    p.write("pages/index/index.swan", r#"<rate color="red"/>"#);
    p.write("pages/index/index.js", "Page({});");
    p.write(
        "c/rate.js",
        r#"Component({
  properties: { color: String },
  attr: { star: { icon: 'star', color: '' } },
  created() {
    this.attr.star.color = this.data.color || 'none';
    console.log(this.attr.star.icon, typeof this.lifetimes, typeof this.created);
  },
  attached() { console.log(this.attr.star.color, this.data.color); },
});"#,
    );
    let ran = p.run(RunOptions::new("pages/index/index"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!(["star", "undefined", "function"]),
            json!(["red", "red"])
        ]
    );
}

/// Taro's runtime components use each other and themselves and are placed by data at render
/// time: a component its template does not place is assumed once, but not again inside itself,
/// so no thousands of empty instances (and no cut-off notice); a placed tag still nests.
#[test]
fn unplaced_self_using_components_are_built_once() {
    let p = Program::new(json!({"pages": ["pages/index/index"]}));
    p.write(
        "pages/index/index.json",
        r#"{"usingComponents": {"comp": "../../comp", "wrap": "../../wrap"}}"#,
    );
    p.write(
        "pages/index/index.swan",
        r#"<template is="root" data="{{root}}"/>"#,
    );
    p.write("pages/index/index.js", "Page({});");
    for name in ["comp", "wrap"] {
        p.write(
            &format!("{name}.json"),
            r#"{"component": true, "usingComponents": {"comp": "./comp", "wrap": "./wrap"}}"#,
        );
        p.write(
            &format!("{name}.js"),
            &format!("Component({{ created() {{ console.log('{name}'); }} }});"),
        );
    }
    let ran = p.run(RunOptions::new("pages/index/index"));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [json!("comp"), json!("wrap"), json!("wrap"), json!("comp")]
    );
    assert!(
        ran.notices("component").is_empty(),
        "{:?}",
        ran.notices("component")
    );
}
