//! getSetting / openSetting / reset.

mod common;

use std::collections::BTreeMap;

use common::{Counting, authorization, temp_db};
use swan_auth::{AuthError, AuthState, HostPolicy, PromptAnswer, WRITE_PHOTOS_ALBUM};

const APP: &str = "app.one";

fn changes(pairs: &[(&str, bool)]) -> BTreeMap<String, bool> {
    pairs.iter().map(|&(s, g)| (s.to_string(), g)).collect()
}

#[tokio::test]
async fn get_setting_lists_only_decided_scopes() {
    let (_dir, path) = temp_db();
    let auth = authorization(
        &path,
        HostPolicy::default(),
        Counting::new(PromptAnswer::Allow),
    );
    assert!(auth.get_setting(APP).unwrap().is_empty());
    auth.require(APP, WRITE_PHOTOS_ALBUM).await.unwrap();
    auth.store().decide(APP, "scope.camera", false).unwrap();
    auth.store()
        .decide("app.other", "scope.record", true)
        .unwrap();
    assert_eq!(
        auth.get_setting(APP).unwrap(),
        changes(&[(WRITE_PHOTOS_ALBUM, true), ("scope.camera", false)])
    );
    assert_eq!(
        auth.get_setting("app.other").unwrap(),
        changes(&[("scope.record", true)])
    );
}

#[tokio::test]
async fn open_setting_re_enabling_a_denied_scope_skips_the_prompt() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Deny);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    assert_eq!(
        auth.require(APP, WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::UserDeny)
    );
    assert_eq!(asker.prompts(), 1);

    let after = auth
        .open_setting(APP, &changes(&[(WRITE_PHOTOS_ALBUM, true)]))
        .unwrap();
    assert_eq!(after, changes(&[(WRITE_PHOTOS_ALBUM, true)]));
    assert_eq!(auth.require(APP, WRITE_PHOTOS_ALBUM).await, Ok(()));
    assert_eq!(asker.prompts(), 1, "no second prompt");
}

#[tokio::test]
async fn open_setting_can_turn_a_grant_off() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Allow);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    auth.require(APP, WRITE_PHOTOS_ALBUM).await.unwrap();
    let after = auth
        .open_setting(APP, &changes(&[(WRITE_PHOTOS_ALBUM, false)]))
        .unwrap();
    assert_eq!(after, changes(&[(WRITE_PHOTOS_ALBUM, false)]));
    assert_eq!(
        auth.require(APP, WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::UserDeny)
    );
    assert_eq!(asker.prompts(), 1);
}

#[tokio::test]
async fn open_setting_cannot_add_unasked_or_unknown_scopes() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Deny);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    auth.store().decide(APP, "scope.camera", false).unwrap();

    let after = auth
        .open_setting(
            APP,
            &changes(&[
                (WRITE_PHOTOS_ALBUM, true),
                ("scope.telepathy", true),
                ("scope.camera", true),
            ]),
        )
        .unwrap();
    assert_eq!(after, changes(&[("scope.camera", true)]));
    assert_eq!(
        auth.store().state(APP, WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Unasked
    );
    // Still unasked, so the user is asked (and this user denies).
    assert_eq!(
        auth.require(APP, WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::UserDeny)
    );
    assert_eq!(asker.prompts(), 1);
}

#[tokio::test]
async fn open_setting_only_touches_its_own_app() {
    let (_dir, path) = temp_db();
    let auth = authorization(
        &path,
        HostPolicy::default(),
        Counting::new(PromptAnswer::Allow),
    );
    auth.store()
        .decide("app.a", WRITE_PHOTOS_ALBUM, false)
        .unwrap();
    auth.store()
        .decide("app.b", WRITE_PHOTOS_ALBUM, false)
        .unwrap();
    auth.open_setting("app.a", &changes(&[(WRITE_PHOTOS_ALBUM, true)]))
        .unwrap();
    assert_eq!(
        auth.store().state("app.b", WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Denied
    );
}

#[tokio::test]
async fn open_setting_without_changes_returns_current_settings() {
    let (_dir, path) = temp_db();
    let auth = authorization(
        &path,
        HostPolicy::default(),
        Counting::new(PromptAnswer::Allow),
    );
    assert!(auth.open_setting(APP, &BTreeMap::new()).unwrap().is_empty());
    auth.store().decide(APP, WRITE_PHOTOS_ALBUM, true).unwrap();
    assert_eq!(
        auth.open_setting(APP, &BTreeMap::new()).unwrap(),
        changes(&[(WRITE_PHOTOS_ALBUM, true)])
    );
}

#[tokio::test]
async fn reset_makes_scopes_unasked_and_prompts_again() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Deny);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    assert_eq!(
        auth.require(APP, WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::UserDeny)
    );
    auth.store()
        .decide("app.other", WRITE_PHOTOS_ALBUM, true)
        .unwrap();

    auth.reset(APP).unwrap();
    assert!(auth.get_setting(APP).unwrap().is_empty());
    assert_eq!(
        auth.store().state(APP, WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Unasked
    );
    assert_eq!(
        auth.get_setting("app.other").unwrap(),
        changes(&[(WRITE_PHOTOS_ALBUM, true)]),
        "reset is per app"
    );
    assert_eq!(
        auth.require(APP, WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::UserDeny)
    );
    assert_eq!(asker.prompts(), 2, "asked again after reset");
}
