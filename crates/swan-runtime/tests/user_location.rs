//! getLocation behind `scope.userLocation`: the same prompt machinery as the album's scope
//! (one prompt, remembered, authorize/getSetting/openSetting), then the scripted position.

mod common;
mod user_support;

use common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use swan_core::swan_auth::{HostPolicy, PromptAnswer};
use swan_runtime::{Outcome, RunStatus};
use user_support::*;

const PAGE: &str = r#"
locate() {
  swan.getLocation({
    success: res => console.log('success', res),
    fail: err => console.log('fail', err),
  });
},
gcj() {
  swan.getLocation({ type: 'gcj02', altitude: true }).then(res => console.log('gcj', res));
},
twice() {
  swan.getLocation({ complete: res => console.log('first', res.errMsg) });
  swan.getLocation({ complete: res => console.log('second', res.errMsg) });
},
bad() {
  swan.getLocation({ type: 'bd09', fail: err => console.log('type', err) });
  swan.getLocation({ altitude: 'yes', fail: err => console.log('altitude', err) });
},
authorizeThenLocate() {
  swan.authorize({ scope: 'scope.userLocation', complete: res => {
    console.log('authorize', res.errMsg);
    swan.getLocation({ complete: res => console.log('located', res.errMsg) });
  }});
},
settings() {
  swan.getSetting({ success: res => console.log('setting', res.authSetting) });
},
reopen() {
  swan.openSetting({ success: res => {
    console.log('opened', res.authSetting);
    swan.getLocation({ complete: res => console.log('after', res.errMsg) });
  }});
}"#;

fn position() -> Value {
    json!({"location": {
        "latitude": 31.2304, "longitude": 121.4737, "speed": 1.5, "accuracy": 20,
        "altitude": 12.5, "verticalAccuracy": 3, "city": "上海市", "province": "上海市",
        "country": "中国", "district": "黄浦区"
    }})
}

#[test]
fn allowed_location_is_the_scripted_wgs84_position_with_baidus_fields() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "locate", position());
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert_eq!(ran.prompts(), 1);
    assert_eq!(
        ran.logs(),
        vec![json!(["success", {
            "latitude": 31.2304, "longitude": 121.4737, "speed": 1.5, "accuracy": 20,
            // Not asked for: a phone without the GPS on reports none.
            "altitude": 0, "verticalAccuracy": 3, "horizontalAccuracy": 20,
            "street": "", "cityCode": "", "city": "上海市", "country": "中国", "countryCode": "",
            "province": "上海市", "streetNumber": "", "district": "黄浦区",
            "errMsg": "getLocation:ok"
        }])]
    );
}

#[test]
fn gcj02_moves_the_point_and_altitude_is_given_when_asked() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "gcj", position());
    let res = &ran.logs()[0][1];
    let (lat, lng) = (
        res["latitude"].as_f64().unwrap(),
        res["longitude"].as_f64().unwrap(),
    );
    // Shanghai's GCJ-02 offset is a few hundred metres north-east of the GPS point.
    assert!((lat - 31.2304 + 0.0020).abs() < 0.001, "{lat}");
    assert!((lng - 121.4737 - 0.0045).abs() < 0.001, "{lng}");
    assert_eq!(res["altitude"], 12.5);
}

#[test]
fn without_an_answer_the_phone_is_at_the_default_place() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "locate", empty());
    let res = &ran.logs()[0][1];
    assert_eq!(
        (res["latitude"].clone(), res["longitude"].clone()),
        (json!(39.9087), json!(116.3975))
    );
    assert_eq!(res["accuracy"], 65);
}

#[test]
fn deny_and_dismiss_fail_with_10003_and_are_remembered() {
    for answer in [PromptAnswer::Deny, PromptAnswer::Dismiss] {
        let w = World::new(&page(PAGE));
        let ran = run_as(&w, "twice", position(), answer, no_settings());
        assert_eq!(ran.prompts(), 1, "concurrent requests share one prompt");
        // Two calls in flight at once settle in the order their answers come back.
        let mut logs = ran.logs();
        logs.sort_by_key(|l| l[0].as_str().map(String::from));
        assert_eq!(
            logs,
            vec![
                json!(["first", "user deny"]),
                json!(["second", "user deny"])
            ]
        );
        assert_eq!(
            only_fail(&ran),
            json!({"errCode": 10003, "errMsg": "user deny"})
        );
        // The decision is kept: the next run is not asked, even by a user who would allow.
        let ran = run_as(&w, "locate", position(), PromptAnswer::Allow, no_settings());
        assert_eq!(ran.prompts(), 0);
        assert_eq!(ran.logs()[0][0], "fail");
        let ran = run_with(&w, "settings", empty());
        assert_eq!(
            ran.logs(),
            vec![json!(["setting", {"scope.userLocation": false}])]
        );
    }
}

fn only_fail(ran: &Ran) -> Value {
    let fails: Vec<_> = ran
        .api("getLocation")
        .into_iter()
        .filter(|(o, _)| *o == Outcome::Fail)
        .map(|(_, r)| r)
        .collect();
    fails[0].clone()
}

#[test]
fn open_setting_turns_the_scope_back_on_without_a_prompt() {
    let w = World::new(&page(PAGE));
    run_as(&w, "locate", position(), PromptAnswer::Deny, no_settings());
    let settings = BTreeMap::from([("scope.userLocation".to_string(), true)]);
    let ran = run_as(&w, "reopen", position(), PromptAnswer::Deny, settings);
    assert_eq!(ran.prompts(), 0);
    assert_eq!(
        ran.logs(),
        vec![
            json!(["opened", {"scope.userLocation": true}]),
            json!(["after", "getLocation:ok"])
        ]
    );
}

#[test]
fn authorize_grants_the_scope_for_get_location() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "authorizeThenLocate", position());
    assert_eq!(ran.prompts(), 1);
    assert_eq!(
        ran.logs(),
        vec![
            json!(["authorize", "authorize:ok"]),
            json!(["located", "getLocation:ok"])
        ]
    );
    let ran = run_with(&w, "settings", empty());
    assert_eq!(
        ran.logs(),
        vec![json!(["setting", {"scope.userLocation": true}])]
    );
}

#[test]
fn a_host_that_forbids_the_scope_fails_with_10005_without_asking() {
    let mut w = World::new(&page(PAGE));
    w.policy = HostPolicy::forbidding(["scope.userLocation"]);
    let ran = run_with(&w, "locate", position());
    assert_eq!(ran.prompts(), 0);
    assert_eq!(
        ran.logs(),
        vec![json!(["fail", {"errCode": 10005, "errMsg": "system deny"}])]
    );
}

#[test]
fn bad_options_fail_with_904_before_any_prompt() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "bad", position());
    assert_eq!(ran.prompts(), 0);
    assert_eq!(
        ran.logs(),
        vec![
            json!(["type", {"errCode": 904, "errMsg": "getLocation:fail parameter error: type should be \"wgs84\" or \"gcj02\", got \"bd09\""}]),
            json!(["altitude", {"errCode": 904, "errMsg": "[jsNative Argument Error]altitude type error. must be \"boolean\""}]),
        ]
    );
}
