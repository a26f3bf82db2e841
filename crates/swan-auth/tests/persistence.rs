//! Decisions persist across store instances and across processes sharing one file.

mod common;

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::Arc;

use common::{Counting, authorization, current_thread_rt, temp_db};
use swan_auth::{
    AuthError, AuthState, AuthStore, FixedAnswer, HostPolicy, PromptAnswer, WRITE_PHOTOS_ALBUM,
};

const CHILD_DB: &str = "SWAN_AUTH_TEST_CHILD_DB";
const CHILD_APP: &str = "SWAN_AUTH_TEST_CHILD_APP";

#[tokio::test]
async fn decisions_survive_reopening() {
    let (_dir, path) = temp_db();
    {
        let auth = authorization(
            &path,
            HostPolicy::default(),
            Counting::new(PromptAnswer::Allow),
        );
        auth.require("app.a", WRITE_PHOTOS_ALBUM).await.unwrap();
        let deny = authorization(
            &path,
            HostPolicy::default(),
            Arc::new(FixedAnswer(PromptAnswer::Deny)),
        );
        assert_eq!(
            deny.require("app.b", WRITE_PHOTOS_ALBUM).await,
            Err(AuthError::UserDeny)
        );
    } // both "processes" gone

    let asker = Counting::new(PromptAnswer::Dismiss);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    assert_eq!(auth.require("app.a", WRITE_PHOTOS_ALBUM).await, Ok(()));
    assert_eq!(
        auth.require("app.b", WRITE_PHOTOS_ALBUM).await,
        Err(AuthError::UserDeny)
    );
    assert_eq!(asker.prompts(), 0, "remembered, not asked again");
    assert_eq!(
        auth.store().apps().unwrap(),
        vec!["app.a".to_string(), "app.b".to_string()]
    );
}

#[test]
fn settings_changes_and_resets_survive_reopening() {
    let (_dir, path) = temp_db();
    {
        let store = AuthStore::open(&path).unwrap();
        store.decide("app.a", WRITE_PHOTOS_ALBUM, false).unwrap();
        store.decide("app.a", "scope.camera", true).unwrap();
        store.decide("app.b", "scope.camera", true).unwrap();
        let changes = BTreeMap::from([(WRITE_PHOTOS_ALBUM.to_string(), true)]);
        store.update_decided("app.a", &changes).unwrap();
        store.reset("app.b").unwrap();
    }
    let store = AuthStore::open(&path).unwrap();
    assert_eq!(
        store.state("app.a", WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Granted
    );
    assert_eq!(
        store.state("app.b", "scope.camera").unwrap(),
        AuthState::Unasked
    );
    assert_eq!(store.apps().unwrap(), vec!["app.a".to_string()]);
    assert_eq!(
        store.settings("app.a").unwrap(),
        BTreeMap::from([
            (WRITE_PHOTOS_ALBUM.to_string(), true),
            ("scope.camera".to_string(), true)
        ])
    );
}

#[test]
fn decide_overwrites_and_apps_are_distinct_and_sorted() {
    let (_dir, path) = temp_db();
    let store = AuthStore::open(&path).unwrap();
    assert!(store.apps().unwrap().is_empty());
    store.decide("zeta", WRITE_PHOTOS_ALBUM, true).unwrap();
    store.decide("alpha", WRITE_PHOTOS_ALBUM, true).unwrap();
    store.decide("alpha", "scope.camera", true).unwrap();
    store.decide("alpha", WRITE_PHOTOS_ALBUM, false).unwrap();
    assert_eq!(
        store.state("alpha", WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Denied
    );
    assert_eq!(
        store.apps().unwrap(),
        vec!["alpha".to_string(), "zeta".to_string()]
    );
}

#[test]
fn store_uses_wal_and_creates_missing_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/deeper/auth.sqlite");
    let store = AuthStore::open(&path).unwrap();
    store.decide("app", WRITE_PHOTOS_ALBUM, true).unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let (granted, decided_at): (bool, i64) = raw
        .query_row(
            "SELECT granted, decided_at FROM auth_decisions WHERE app = 'app' AND scope = ?1",
            [WRITE_PHOTOS_ALBUM],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(granted);
    assert!(decided_at > 1_600_000_000_000, "unix milliseconds");
}

#[test]
fn garbage_file_is_an_internal_error() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, vec![0x5a; 8192]).unwrap();
    let err = AuthStore::open(&path).unwrap_err();
    assert!(matches!(err, AuthError::Internal(_)), "{err:?}");
}

#[test]
fn newer_schema_is_refused() {
    let (_dir, path) = temp_db();
    drop(AuthStore::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(matches!(
        AuthStore::open(&path),
        Err(AuthError::Internal(_))
    ));
}

/// Runs in a child process when the parent test sets the environment variables below; in a normal
/// test run it does nothing. A real second process: its own SQLite connection, its own runtime.
#[test]
fn child_process_helper() {
    let (Ok(db), Ok(app)) = (std::env::var(CHILD_DB), std::env::var(CHILD_APP)) else {
        return;
    };
    let auth = authorization(
        std::path::Path::new(&db),
        HostPolicy::default(),
        Arc::new(FixedAnswer(PromptAnswer::Allow)),
    );
    current_thread_rt()
        .block_on(auth.require(&app, WRITE_PHOTOS_ALBUM))
        .unwrap();
}

fn spawn_child(db: &std::path::Path, app: &str) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["child_process_helper", "--exact", "--quiet"])
        .env(CHILD_DB, db)
        .env(CHILD_APP, app)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[tokio::test]
async fn other_processes_decisions_are_seen_by_an_open_store() {
    let (_dir, path) = temp_db();
    let asker = Counting::new(PromptAnswer::Deny);
    // Opened first and kept open while the children write.
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    auth.store()
        .decide("app.parent", "scope.camera", true)
        .unwrap();

    let children: Vec<_> = (0..4)
        .map(|i| spawn_child(&path, &format!("app.child{i}")))
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "child process failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    for i in 0..4 {
        // Granted by the child process; this process's user (who would deny) is not asked.
        assert_eq!(
            auth.require(&format!("app.child{i}"), WRITE_PHOTOS_ALBUM)
                .await,
            Ok(())
        );
    }
    assert_eq!(asker.prompts(), 0);
    assert_eq!(auth.store().apps().unwrap().len(), 5);
}
