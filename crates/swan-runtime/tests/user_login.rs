//! The login family (a code the host hands out, logged in or not) and getUserInfo behind
//! `scope.userInfo`.

mod common;
mod user_support;

use common::*;
use serde_json::json;
use swan_core::swan_auth::{HostPolicy, PromptAnswer};
use swan_runtime::RunStatus;
use user_support::*;

const PAGE: &str = r#"
async session() {
  console.log('isLoginSync', swan.isLoginSync());
  try { console.log('login', await swan.login({ timeout: 3000 })); } catch (e) { console.log('login failed', e); }
  try { console.log('code', await swan.getLoginCode()); } catch (e) { console.log('code failed', e); }
  try { console.log('check', await swan.checkSession()); } catch (e) { console.log('check failed', e); }
},
badTimeout() {
  swan.login({ timeout: '3s', fail: err => console.log('timeout', err) });
},
profile() {
  swan.getUserInfo({
    success: res => console.log('user', res),
    fail: err => console.log('fail', err),
  });
},
settings() {
  swan.getSetting({ success: res => console.log('setting', res.authSetting) });
}"#;

#[test]
fn logged_in_by_default_with_the_hosts_code() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "session", empty());
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert_eq!(
        ran.logs(),
        vec![
            json!(["isLoginSync", {"isLogin": true}]),
            json!(["login", {"code": "swan-album-login-code", "errMsg": "login:ok"}]),
            json!(["code", {"code": "swan-album-login-code", "errMsg": "getLoginCode:ok"}]),
            json!(["check", {"result": true, "errMsg": "checkSession:ok"}]),
        ]
    );
    let ran = run_with(
        &w,
        "session",
        json!({"login": {"code": "0a1b2c", "loggedIn": true}}),
    );
    assert_eq!(
        ran.logs()[1],
        json!(["login", {"code": "0a1b2c", "errMsg": "login:ok"}])
    );
}

#[test]
fn logged_out_fails_with_10004() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "session", json!({"login": {"loggedIn": false}}));
    let not = json!({"errCode": 10004, "errMsg": "user not logged in"});
    assert_eq!(
        ran.logs(),
        vec![
            json!(["isLoginSync", {"isLogin": false}]),
            json!(["login failed", not]),
            json!(["code failed", not]),
            json!(["check failed", not]),
        ]
    );
}

#[test]
fn login_timeout_must_be_a_number() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "badTimeout", empty());
    assert_eq!(
        ran.logs(),
        vec![
            json!(["timeout", {"errCode": 904, "errMsg": "[jsNative Argument Error]timeout type error. must be \"number\""}])
        ]
    );
}

fn profile_answer() -> serde_json::Value {
    json!({"userInfo": {"nickName": "小明", "avatarUrl": "https://example.com/a.png", "gender": 1}})
}

#[test]
fn allowed_user_info_is_the_scripted_profile_asked_once() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "profile", profile_answer());
    assert_eq!(ran.prompts(), 1);
    assert_eq!(
        ran.logs(),
        vec![json!(["user", {
            "userInfo": {"nickName": "小明", "avatarUrl": "https://example.com/a.png", "gender": 1, "isAnonymous": false},
            "data": "", "iv": "", "errMsg": "getUserInfo:ok"
        }])]
    );
    let ran = run_with(&w, "profile", profile_answer());
    assert_eq!(ran.prompts(), 0, "the grant is remembered");
    let ran = run_with(&w, "settings", empty());
    assert_eq!(
        ran.logs(),
        vec![json!(["setting", {"scope.userInfo": true}])]
    );
}

fn anonymous() -> serde_json::Value {
    json!(["user", {
        "userInfo": {"nickName": "百度网友", "avatarUrl": "", "gender": 0, "isAnonymous": true},
        "data": "", "iv": "", "errMsg": "getUserInfo:ok"
    }])
}

#[test]
fn refused_user_info_is_baidus_anonymous_user_and_remembered() {
    for answer in [PromptAnswer::Deny, PromptAnswer::Dismiss] {
        let w = World::new(&page(PAGE));
        let ran = run_as(&w, "profile", profile_answer(), answer, no_settings());
        assert_eq!(ran.prompts(), 1);
        assert_eq!(ran.logs(), vec![anonymous()]);
        let ran = run_as(
            &w,
            "profile",
            profile_answer(),
            PromptAnswer::Allow,
            no_settings(),
        );
        assert_eq!(ran.prompts(), 0);
        assert_eq!(ran.logs(), vec![anonymous()]);
        let ran = run_with(&w, "settings", empty());
        assert_eq!(
            ran.logs(),
            vec![json!(["setting", {"scope.userInfo": false}])]
        );
    }
}

#[test]
fn logged_out_or_forbidden_user_info_is_anonymous_without_a_prompt() {
    let w = World::new(&page(PAGE));
    let mut answers = profile_answer();
    answers["login"] = json!({"loggedIn": false});
    let ran = run_with(&w, "profile", answers);
    assert_eq!(ran.prompts(), 0);
    assert_eq!(ran.logs(), vec![anonymous()]);

    let mut w = World::new(&page(PAGE));
    w.policy = HostPolicy::forbidding(["scope.userInfo"]);
    let ran = run_with(&w, "profile", profile_answer());
    assert_eq!(ran.prompts(), 0);
    assert_eq!(ran.logs(), vec![anonymous()]);
}
