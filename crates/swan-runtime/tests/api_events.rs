//! The `api` event carries the result object as JSON a developer can read: arrays stay arrays,
//! and a result nested without end is cut rather than exhausting the host's stack.

mod common;

use common::*;
use serde_json::json;
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::{Outcome, RunStatus};

#[test]
fn arrays_in_results_are_arrays_and_deep_values_are_cut() {
    let world = World::new(
        r#"Page({ go() {
            swan.setStorageSync('b', 1);
            swan.setStorageSync('a', [1, [2, 'x'], {k: [true, null]}]);
            let deep = 0;
            for (let i = 0; i < 200; i++) deep = [deep];
            swan.setStorageSync('deep', deep);
            swan.getStorageInfo({ success() {} });
            swan.getStorage({ key: 'a', success() {} });
            swan.getStorage({ key: 'deep', success() {} });
        } });"#,
    );
    let ran = world.run("go", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    let info = ran.api("getStorageInfo");
    assert_eq!(info[0].0, Outcome::Success);
    let mut keys = info[0].1["keys"]
        .as_array()
        .expect("keys is an array")
        .clone();
    keys.sort_by_key(|k| k.to_string());
    assert_eq!(keys, [json!("a"), json!("b"), json!("deep")]);
    let got = ran.api("getStorage");
    assert_eq!(got[0].1["data"], json!([1, [2, "x"], {"k": [true, null]}]));
    // 200 levels are shown down to the cut, which is a string where the value goes on.
    let mut v = &got[1].1["data"];
    let mut depth = 0;
    while let Some(inner) = v.as_array() {
        v = &inner[0];
        depth += 1;
    }
    assert!((60..200).contains(&depth), "{depth}");
    assert_eq!(v, &json!("…"));
}
