//! Property: whatever shape the options object has, an API settles exactly once — one of
//! success/fail, then complete, after the calling code returned — or its Promise settles once.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use swan_core::swan_auth::{FixedAnswer, PromptAnswer};
use swan_runtime::{Outcome, RunStatus};

#[derive(Clone, Debug)]
enum Callback {
    Absent,
    Undefined,
    Records,
    Throws,
    NotAFunction(&'static str),
}

impl Callback {
    fn js(&self, name: &str) -> String {
        match self {
            Callback::Absent => String::new(),
            Callback::Undefined => format!("{name}: undefined,"),
            Callback::Records => format!("{name}: r => calls.push('{name}'),"),
            Callback::Throws => {
                format!("{name}: r => {{ calls.push('{name}'); throw new Error('from {name}'); }},")
            }
            Callback::NotAFunction(v) => format!("{name}: {v},"),
        }
    }

    fn is_function(&self) -> bool {
        matches!(self, Callback::Records | Callback::Throws)
    }

    fn is_given(&self) -> bool {
        !matches!(self, Callback::Absent | Callback::Undefined)
    }
}

fn callback() -> impl Strategy<Value = Callback> {
    prop_oneof![
        Just(Callback::Absent),
        Just(Callback::Undefined),
        Just(Callback::Records),
        Just(Callback::Throws),
        prop_oneof![Just("1"), Just("'f'"), Just("{}"), Just("[]"), Just("true")]
            .prop_map(Callback::NotAFunction),
    ]
}

fn file_path() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(""),
        Just("filePath: 7,"),
        Just("filePath: null,"),
        Just("filePath: 'images/a.png',"),
        Just("filePath: 'images/missing.png',"),
        Just("filePath: 'https://x.example/a.png',"),
        Just("filePath: '../../x',"),
        Just("filePath: 'images/notes.png',"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn settles_exactly_once(success in callback(), fail in callback(), complete in callback(), path in file_path(), wrap in 0..3u8) {
        let options = format!("{{ {path} {} {} {} }}", success.js("success"), fail.js("fail"), complete.js("complete"));
        // The options object itself is sometimes missing or not an object.
        let argument = match wrap { 0 => options.clone(), 1 => String::new(), _ => "'not an object'".into() };
        let page = format!(r#"const calls = [];
Page({{
  run() {{
    const r = swan.saveImageToPhotosAlbum({argument});
    if (r instanceof Promise) r.then(() => calls.push('resolve'), () => calls.push('reject'));
    calls.push('returned');
  }},
  onUnload() {{ console.log(calls); }},
}});"#);
        let w = World::new(&page);
        let user = Arc::new(FixedAnswer(PromptAnswer::Allow));
        let ran = w.run_with("run", user, BTreeMap::new(), Duration::from_secs(20));
        let calls: Vec<String> = match ran.logs().last() {
            Some(Value::Array(a)) => a.iter().map(|v| v.as_str().unwrap().to_string()).collect(),
            other => panic!("no trace: {other:?} {:?}", ran.events),
        };
        let (success, fail, complete) = if wrap == 0 { (success, fail, complete) } else { (Callback::Absent, Callback::Absent, Callback::Absent) };

        prop_assert_eq!(calls.first().map(String::as_str), Some("returned"), "callbacks ran before the call returned");
        let api = ran.api("saveImageToPhotosAlbum");
        prop_assert_eq!(api.len(), 1);
        let (outcome, res) = &api[0];
        let count = |name: &str| calls.iter().filter(|c| *c == name).count();
        let any_given = success.is_given() || fail.is_given() || complete.is_given();
        let bad_callback = [&success, &fail, &complete].iter().any(|c| c.is_given() && !c.is_function());
        if bad_callback {
            prop_assert_eq!(res, &serde_json::json!({"errCode": 904, "errMsg": "params type error"}));
        }
        let ok = *outcome == Outcome::Success;
        prop_assert_eq!(count("success"), usize::from(ok && success.is_function()));
        prop_assert_eq!(count("fail"), usize::from(!ok && fail.is_function()));
        prop_assert_eq!(count("complete"), usize::from(complete.is_function()));
        if complete.is_function() {
            prop_assert_eq!(calls.iter().rev().find(|c| !c.starts_with("re")).map(String::as_str), Some("complete"), "complete is last");
        }
        let promised = count("resolve") + count("reject");
        prop_assert_eq!(promised, usize::from(!any_given));
        if !any_given {
            prop_assert_eq!(count("resolve"), usize::from(ok));
        }
        let threw = (success.is_function() && matches!(success, Callback::Throws) && ok)
            || (matches!(fail, Callback::Throws) && !ok)
            || matches!(complete, Callback::Throws);
        let expected = if threw { RunStatus::Uncaught } else { RunStatus::Completed };
        prop_assert_eq!(&ran.status, &expected, "{:?}", ran.errors());
    }
}
