//! Concurrent requests share one prompt; a cancelled leader does not strand its waiters.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use common::{Counting, Scripted, authorization, current_thread_rt, temp_db};
use swan_auth::{
    AuthError, AuthState, Authorization, Authorizer, BoxFuture, HostPolicy, PromptAnswer,
    PromptRequest, WRITE_PHOTOS_ALBUM,
};
use tokio::task::JoinSet;
use tokio::time::timeout;

const APP: &str = "app.one";
const SLOW: Duration = Duration::from_millis(300);
/// Generous bound for "does not hang"; healthy runs finish in well under a second.
const NO_HANG: Duration = Duration::from_secs(10);

fn shared(answer: PromptAnswer) -> (tempfile::TempDir, Arc<Authorization>, Arc<Counting>) {
    let (dir, path) = temp_db();
    let asker = Counting::slow(answer, SLOW);
    let auth = Arc::new(authorization(&path, HostPolicy::default(), asker.clone()));
    (dir, auth, asker)
}

async fn twenty_spawned(auth: &Arc<Authorization>) -> Vec<Result<(), AuthError>> {
    let mut set = JoinSet::new();
    for _ in 0..20 {
        let auth = auth.clone();
        set.spawn(async move { auth.require(APP, WRITE_PHOTOS_ALBUM).await });
    }
    timeout(NO_HANG, set.join_all())
        .await
        .expect("requests hung")
}

fn expected(answer: PromptAnswer) -> Result<(), AuthError> {
    match answer {
        PromptAnswer::Allow => Ok(()),
        _ => Err(AuthError::UserDeny),
    }
}

#[test]
fn require_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let (_dir, auth, _) = shared(PromptAnswer::Allow);
    let fut = auth.require(APP, WRITE_PHOTOS_ALBUM);
    assert_send(&fut);
}

#[test]
fn twenty_tasks_on_current_thread_runtime_share_one_prompt() {
    for answer in [PromptAnswer::Allow, PromptAnswer::Deny] {
        let (_dir, auth, asker) = shared(answer);
        let results = current_thread_rt().block_on(twenty_spawned(&auth));
        assert_eq!(results.len(), 20);
        assert!(
            results.iter().all(|r| *r == expected(answer)),
            "{results:?}"
        );
        assert_eq!(asker.prompts(), 1, "{answer:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_tasks_on_multi_thread_runtime_share_one_prompt_allow() {
    let (_dir, auth, asker) = shared(PromptAnswer::Allow);
    let results = twenty_spawned(&auth).await;
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    assert_eq!(asker.prompts(), 1);
    assert_eq!(
        auth.store().state(APP, WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Granted
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_tasks_on_multi_thread_runtime_share_one_prompt_deny() {
    let (_dir, auth, asker) = shared(PromptAnswer::Dismiss);
    let results = twenty_spawned(&auth).await;
    assert!(
        results.iter().all(|r| *r == Err(AuthError::UserDeny)),
        "{results:?}"
    );
    assert_eq!(asker.prompts(), 1);
    assert_eq!(
        auth.store().state(APP, WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Denied
    );
}

#[tokio::test]
async fn joined_futures_without_spawning_share_one_prompt() {
    let (_dir, auth, asker) = shared(PromptAnswer::Allow);
    let r = timeout(NO_HANG, async {
        tokio::join!(
            auth.require(APP, WRITE_PHOTOS_ALBUM),
            auth.require(APP, WRITE_PHOTOS_ALBUM),
            auth.require(APP, WRITE_PHOTOS_ALBUM),
            auth.require(APP, WRITE_PHOTOS_ALBUM),
        )
    })
    .await
    .unwrap();
    assert_eq!(r, (Ok(()), Ok(()), Ok(()), Ok(())));
    assert_eq!(asker.prompts(), 1);
}

#[test]
fn os_threads_with_their_own_runtimes_share_one_prompt() {
    let (_dir, auth, asker) = shared(PromptAnswer::Deny);
    let start = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (auth, start) = (auth.clone(), start.clone());
            std::thread::spawn(move || {
                let rt = current_thread_rt();
                start.wait();
                rt.block_on(async {
                    timeout(NO_HANG, auth.require(APP, WRITE_PHOTOS_ALBUM))
                        .await
                        .expect("hung")
                })
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), Err(AuthError::UserDeny));
    }
    assert_eq!(asker.prompts(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn different_scopes_and_apps_get_separate_concurrent_prompts() {
    let (_dir, auth, asker) = shared(PromptAnswer::Allow);
    let keys = [
        ("app.a", WRITE_PHOTOS_ALBUM),
        ("app.a", "scope.camera"),
        ("app.b", WRITE_PHOTOS_ALBUM),
    ];
    let mut set = JoinSet::new();
    for _ in 0..5 {
        for (app, scope) in keys {
            let auth = auth.clone();
            set.spawn(async move { auth.require(app, scope).await });
        }
    }
    let results = timeout(NO_HANG, set.join_all()).await.unwrap();
    assert!(results.iter().all(|r| r.is_ok()));
    assert_eq!(asker.prompts(), 3);
    assert_eq!(asker.max_open(), 3, "the three prompts ran side by side");
    let mut asked = asker.asked.lock().unwrap().clone();
    asked.sort();
    let mut want: Vec<_> = keys
        .iter()
        .map(|&(a, s)| (a.to_string(), s.to_string()))
        .collect();
    want.sort();
    assert_eq!(asked, want);
}

/// Current-thread, deterministic: the leader is cancelled by a timeout while three waiters wait;
/// one waiter takes over, asks again, and all three get that answer.
#[tokio::test]
async fn cancelled_leader_hands_the_prompt_to_a_waiter() {
    let (_dir, path) = temp_db();
    let asker = Scripted::new([
        (Duration::from_secs(3600), PromptAnswer::Allow), // the user never answers this one
        (Duration::from_millis(50), PromptAnswer::Deny),
    ]);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());

    let leader = async {
        timeout(
            Duration::from_millis(100),
            auth.require(APP, WRITE_PHOTOS_ALBUM),
        )
        .await
    };
    let waiters = async {
        tokio::time::sleep(Duration::from_millis(10)).await;
        tokio::join!(
            auth.require(APP, WRITE_PHOTOS_ALBUM),
            auth.require(APP, WRITE_PHOTOS_ALBUM),
            auth.require(APP, WRITE_PHOTOS_ALBUM),
        )
    };
    let (leader, waiters) = timeout(NO_HANG, async { tokio::join!(leader, waiters) })
        .await
        .expect("waiters hung after the leader was cancelled");
    assert!(leader.is_err(), "the leader was cancelled");
    let deny = Err(AuthError::UserDeny);
    assert_eq!(waiters, (deny.clone(), deny.clone(), deny));
    assert_eq!(asker.prompts(), 2);
    assert_eq!(
        auth.store().state(APP, WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Denied
    );
}

/// Multi-thread: the leader task is aborted mid-prompt; spawned waiters still finish.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborted_leader_task_does_not_strand_waiters() {
    let (_dir, path) = temp_db();
    let asker = Scripted::new([
        (Duration::from_secs(3600), PromptAnswer::Deny),
        (Duration::from_millis(50), PromptAnswer::Allow),
    ]);
    let auth = Arc::new(authorization(&path, HostPolicy::default(), asker.clone()));

    let leader = {
        let auth = auth.clone();
        tokio::spawn(async move { auth.require(APP, WRITE_PHOTOS_ALBUM).await })
    };
    while asker.prompts() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut waiters = JoinSet::new();
    for _ in 0..5 {
        let auth = auth.clone();
        waiters.spawn(async move { auth.require(APP, WRITE_PHOTOS_ALBUM).await });
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    leader.abort();
    assert!(leader.await.unwrap_err().is_cancelled());

    let results = timeout(NO_HANG, waiters.join_all())
        .await
        .expect("waiters hung after the leader was aborted");
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    assert_eq!(asker.prompts(), 2);
}

#[tokio::test]
async fn cancelled_leader_without_waiters_leaves_nothing_stuck() {
    let (_dir, path) = temp_db();
    let asker = Scripted::new([
        (Duration::from_secs(3600), PromptAnswer::Deny),
        (Duration::ZERO, PromptAnswer::Allow),
    ]);
    let auth = authorization(&path, HostPolicy::default(), asker.clone());
    assert!(
        timeout(
            Duration::from_millis(50),
            auth.require(APP, WRITE_PHOTOS_ALBUM)
        )
        .await
        .is_err()
    );
    assert_eq!(
        auth.store().state(APP, WRITE_PHOTOS_ALBUM).unwrap(),
        AuthState::Unasked,
        "a cancelled prompt decides nothing"
    );
    let next = timeout(NO_HANG, auth.require(APP, WRITE_PHOTOS_ALBUM))
        .await
        .expect("a stale in-flight entry made the next request hang");
    assert_eq!(next, Ok(()));
    assert_eq!(asker.prompts(), 2);
}

#[tokio::test]
async fn cancelled_waiter_does_not_disturb_the_leader() {
    let (_dir, auth, asker) = shared(PromptAnswer::Allow);
    let leader = auth.require(APP, WRITE_PHOTOS_ALBUM);
    let impatient = async {
        tokio::time::sleep(Duration::from_millis(10)).await;
        timeout(
            Duration::from_millis(50),
            auth.require(APP, WRITE_PHOTOS_ALBUM),
        )
        .await
    };
    let patient = async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        auth.require(APP, WRITE_PHOTOS_ALBUM).await
    };
    let (leader, impatient, patient) =
        timeout(NO_HANG, async { tokio::join!(leader, impatient, patient) })
            .await
            .unwrap();
    assert_eq!(leader, Ok(()));
    assert!(impatient.is_err(), "gave up waiting");
    assert_eq!(patient, Ok(()));
    assert_eq!(asker.prompts(), 1);
}

/// An authorizer whose first prompt panics (a buggy host dialog); later prompts allow.
struct PanicsFirst {
    count: AtomicUsize,
}

impl Authorizer for PanicsFirst {
    fn ask<'a>(&'a self, _request: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer> {
        Box::pin(async move {
            let n = self.count.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(100)).await;
            assert!(n > 0, "dialog crashed");
            PromptAnswer::Allow
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panicking_authorizer_does_not_strand_waiters() {
    let (_dir, path) = temp_db();
    let asker = Arc::new(PanicsFirst {
        count: AtomicUsize::new(0),
    });
    let auth = Arc::new(authorization(&path, HostPolicy::default(), asker.clone()));
    let leader = {
        let auth = auth.clone();
        tokio::spawn(async move { auth.require(APP, WRITE_PHOTOS_ALBUM).await })
    };
    while asker.count.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut waiters = JoinSet::new();
    for _ in 0..3 {
        let auth = auth.clone();
        waiters.spawn(async move { auth.require(APP, WRITE_PHOTOS_ALBUM).await });
    }
    assert!(leader.await.unwrap_err().is_panic());
    let results = timeout(NO_HANG, waiters.join_all()).await.unwrap();
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    assert_eq!(asker.count.load(Ordering::SeqCst), 2);
}
