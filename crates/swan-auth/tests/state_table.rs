//! Every row of contract §3's table, with prompts counted.

mod common;

use common::{Counting, authorization, temp_db};
use swan_auth::{
    AuthError, AuthState, AuthStore, FixedAnswer, HostPolicy, KNOWN_SCOPES, PromptAnswer,
    WRITE_PHOTOS_ALBUM, is_known_scope,
};

const APP: &str = "app.one";

#[test]
fn errors_read_as_the_contract_texts() {
    let internal = AuthError::Internal("disk on fire".into());
    assert_eq!(AuthError::UserDeny.to_string(), "user deny");
    assert_eq!(AuthError::SystemDeny.to_string(), "system deny");
    assert!(internal.to_string().starts_with("internal error"));
    let _: &dyn std::error::Error = &internal;
}

#[test]
fn known_scopes() {
    assert_eq!(KNOWN_SCOPES.len(), 8);
    assert!(is_known_scope(WRITE_PHOTOS_ALBUM));
    assert!(is_known_scope("scope.camera"));
    assert!(!is_known_scope("scope.WritePhotosAlbum"));
    assert!(!is_known_scope("scope.telepathy"));
    assert!(!is_known_scope(""));
}

#[tokio::test]
async fn forbidden_scope_is_system_deny_without_prompt() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Allow);
    let auth = authorization(
        &path,
        HostPolicy::forbidding([WRITE_PHOTOS_ALBUM]),
        asker.clone(),
    );
    assert_eq!(
        auth.require(APP, WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::SystemDeny)
    );
    assert_eq!(asker.prompts(), 0);
    assert_eq!(
        auth.store().state(APP, WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Unasked,
        "a system deny is not the user's decision and must not be stored"
    );
    // Other scopes are unaffected by the policy.
    assert_eq!(auth.require(APP, "scope.camera").await, Ok(()));
    assert_eq!(asker.prompts(), 1);
}

#[tokio::test]
async fn forbidden_outranks_an_earlier_grant() {
    let (_dir, path) = temp_db();
    AuthStore::open(&path)
        .unwrap()
        .decide(APP, WRITE_PHOTOS_ALBUM, true)
        .unwrap();
    let asker = Counting::new(PromptAnswer::Allow);
    let auth = authorization(
        &path,
        HostPolicy::forbidding([WRITE_PHOTOS_ALBUM]),
        asker.clone(),
    );
    assert_eq!(
        auth.require(APP, WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::SystemDeny)
    );
    assert_eq!(asker.prompts(), 0);
    // The user's decision survives, so lifting the ban restores it.
    assert_eq!(
        auth.get_setting(APP).unwrap().get(WRITE_PHOTOS_ALBUM),
        Some(&true)
    );
}

#[tokio::test]
async fn unknown_scope_is_system_deny_without_prompt() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Allow);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    for scope in [
        "scope.telepathy",
        "",
        "writePhotosAlbum",
        "scope.writephotosalbum",
    ] {
        assert_eq!(auth.require(APP, scope).await, Err(AuthError::SystemDeny));
    }
    assert_eq!(asker.prompts(), 0);
    assert!(auth.get_setting(APP).unwrap().is_empty());
}

#[tokio::test]
async fn unasked_then_allow_grants_and_persists() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Allow);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    assert_eq!(auth.require(APP, WRITE_PHOTOS_ALBUM).await, Ok(()));
    assert_eq!(asker.prompts(), 1);
    assert_eq!(
        asker.asked.lock().unwrap().as_slice(),
        &[(APP.to_string(), WRITE_PHOTOS_ALBUM.to_string())]
    );
    assert_eq!(
        auth.store().state(APP, WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Granted
    );
}

#[tokio::test]
async fn unasked_then_deny_denies_and_persists() {
    unasked_then_refusal(PromptAnswer::Deny).await;
}

#[tokio::test]
async fn unasked_then_dismiss_counts_as_deny() {
    unasked_then_refusal(PromptAnswer::Dismiss).await;
}

async fn unasked_then_refusal(answer: PromptAnswer) {
    let (_dir, path) = temp_db();
    let asker = Counting::new(answer);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    assert_eq!(
        auth.require(APP, WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::UserDeny)
    );
    assert_eq!(asker.prompts(), 1);
    assert_eq!(
        auth.store().state(APP, WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Denied
    );
}

#[tokio::test]
async fn granted_continues_without_prompt() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Deny);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    auth.store().decide(APP, WRITE_PHOTOS_ALBUM, true).unwrap();
    for _ in 0..3 {
        assert_eq!(auth.require(APP, WRITE_PHOTOS_ALBUM).await, Ok(()));
    }
    assert_eq!(asker.prompts(), 0);
}

#[tokio::test]
async fn denied_fails_without_prompt() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Allow);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    auth.store().decide(APP, WRITE_PHOTOS_ALBUM, false).unwrap();
    for _ in 0..3 {
        assert_eq!(
            auth.require(APP, WRITE_PHOTOS_ALBUM).await,
            Err(AuthError::UserDeny)
        );
    }
    assert_eq!(asker.prompts(), 0);
}

#[tokio::test]
async fn a_decision_is_asked_once_then_remembered() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Deny);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    for _ in 0..3 {
        assert_eq!(
            auth.require(APP, WRITE_PHOTOS_ALBUM).await,
            Err(AuthError::UserDeny)
        );
    }
    assert_eq!(asker.prompts(), 1);
}

#[tokio::test]
async fn decisions_are_per_app_and_per_scope() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Allow);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    auth.store()
        .decide("app.a", WRITE_PHOTOS_ALBUM, false)
        .unwrap();
    assert_eq!(auth.require("app.b", WRITE_PHOTOS_ALBUM).await, Ok(()));
    assert_eq!(auth.require("app.a", "scope.camera").await, Ok(()));
    assert_eq!(
        auth.require("app.a", WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::UserDeny)
    );
    assert_eq!(asker.prompts(), 2);
}

#[tokio::test]
async fn fixed_answer_authorizer() {
    let (_dir, path) = temp_db();
    let allow = authorization(
        &path,
        HostPolicy::default(),
        std::sync::Arc::new(FixedAnswer(PromptAnswer::Allow)),
    );
    assert_eq!(allow.require("app.a", WRITE_PHOTOS_ALBUM).await, Ok(()));
    let deny = authorization(
        &path,
        HostPolicy::default(),
        std::sync::Arc::new(FixedAnswer(PromptAnswer::Dismiss)),
    );
    assert_eq!(
        deny.require("app.b", WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::UserDeny)
    );
    // Already decided for app.a: the new "dismiss" user is never asked.
    assert_eq!(deny.require("app.a", WRITE_PHOTOS_ALBUM).await, Ok(()));
}
