//! The §3 state machine: policy, stored decision, prompt — and one shared prompt per (app, scope).
//!
//! # Sharing one prompt
//!
//! A page may fire several saves at once; the user must see one dialog, and every save must get the
//! same answer. The first request for an unasked (app, scope) becomes the *leader*: it registers the
//! key in an in-flight map, asks, persists the answer and then sends the outcome to every *waiter*
//! that found the key already registered. The map lives behind a `std::sync::Mutex` that is only
//! held for a lookup/insert/remove, never across an `.await`, so it works the same from many threads
//! and from many tasks of one current-thread runtime.
//!
//! # A cancelled leader
//!
//! If the leader's future is dropped mid-prompt (its page was closed, its call timed out), its
//! waiters still want an answer, and the user has not given one yet. So a drop guard removes the
//! in-flight entry, which drops the waiters' senders; each waiter sees its channel closed and starts
//! over: it re-reads the stored state and the first one back becomes the new leader and asks again
//! (the host's dialog for the cancelled ask is gone with the dropped future), the rest wait on it.
//! Nobody hangs, and nobody gets an error just because some *other* request was cancelled. The
//! same path covers an `Authorizer` that panics: its waiters retry instead of hanging.
//!
//! # Other processes
//!
//! Prompts are shared within one `Authorization`, not across processes (there is no cross-process
//! dialog). To keep double prompts rare, the leader re-reads the stored state after taking the lead:
//! if another process (or a leader that finished just before us) decided meanwhile, that decision is
//! used without asking.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use swan_fs::lock;

use tokio::sync::oneshot;

use crate::authorizer::{Authorizer, PromptAnswer, PromptRequest};
use crate::error::AuthError;
use crate::scope::{HostPolicy, is_known_scope};
use crate::store::{AuthState, AuthStore};

/// What a request ends with; cloned to every waiter so all get the same answer.
type Outcome = Result<(), AuthError>;
type Key = (String, String);
/// Locked with [`swan_fs::lock`]: each critical section is a single insert/push/remove, so a
/// panic cannot leave the map half-changed and a poisoned lock is still safe to use.
type InFlight = Mutex<HashMap<Key, Vec<oneshot::Sender<Outcome>>>>;

/// Authorization for one host: the decision store, the host's policy, the host's way of asking, and
/// the prompts currently in flight.
pub struct Authorization {
    store: AuthStore,
    policy: HostPolicy,
    authorizer: Arc<dyn Authorizer>,
    in_flight: InFlight,
}

impl Authorization {
    pub fn new(store: AuthStore, policy: HostPolicy, authorizer: Arc<dyn Authorizer>) -> Self {
        Authorization {
            store,
            policy,
            authorizer,
            in_flight: Mutex::new(HashMap::new()),
        }
    }

    /// Succeeds if `app` may use `scope`, prompting the user if it was never decided (§3 table):
    ///
    /// - forbidden by the host or unknown scope → `SystemDeny`, no prompt;
    /// - unasked → prompt; `Allow` → granted, persisted, `Ok`; `Deny`/`Dismiss` → denied,
    ///   persisted, `UserDeny`;
    /// - granted → `Ok`, no prompt;
    /// - denied → `UserDeny`, no prompt.
    ///
    /// Concurrent calls for the same (app, scope) share one prompt and all get the same outcome. If
    /// the answer cannot be persisted, every one of them gets `Internal` (a decision that would be
    /// forgotten is not a decision). Cancel-safe: dropping this future mid-prompt hands the prompt
    /// to one of the waiters (see the module docs).
    ///
    /// Storage calls are short synchronous SQLite statements; under cross-process write contention
    /// one may block its thread for up to the store's busy timeout.
    pub async fn require(&self, app: &str, scope: &str) -> Result<(), AuthError> {
        // Host policy outranks any stored decision, and an unknown scope must never reach the user.
        if !is_known_scope(scope) || self.policy.forbids(scope) {
            return Err(AuthError::SystemDeny);
        }
        loop {
            if let Some(outcome) = decided_outcome(self.store.state(app, scope)?) {
                return outcome;
            }
            match self.join_or_lead(app, scope) {
                Role::Leader(guard) => return self.lead(guard, app, scope).await,
                Role::Waiter(answer) => match answer.await {
                    Ok(outcome) => return outcome,
                    // The leader was cancelled (or panicked) before answering: start over, so one
                    // of the waiters becomes the new leader.
                    Err(_closed) => continue,
                },
            }
        }
    }

    /// The `authSetting` of `app`: every decided scope, `true` for granted. Unasked scopes are absent.
    pub fn get_setting(&self, app: &str) -> Result<BTreeMap<String, bool>, AuthError> {
        self.store.settings(app)
    }

    /// Applies what the user did on the settings page and returns the `authSetting` afterwards.
    ///
    /// The page lists only decided scopes, so only those can be flipped; entries in `changes` for
    /// unasked or unknown scopes are ignored (an app cannot use the settings page to grant itself a
    /// scope the user was never asked about). A scope turned back on makes the next `require`
    /// succeed without a prompt.
    pub fn open_setting(
        &self,
        app: &str,
        changes: &BTreeMap<String, bool>,
    ) -> Result<BTreeMap<String, bool>, AuthError> {
        self.store.update_decided(app, changes)
    }

    /// Forgets every decision of `app`; its scopes are unasked again and will prompt.
    pub fn reset(&self, app: &str) -> Result<(), AuthError> {
        self.store.reset(app)
    }

    /// The underlying store (for a CLI `auth show`, or a host inspecting decisions).
    pub fn store(&self) -> &AuthStore {
        &self.store
    }

    /// The host policy this instance enforces.
    pub fn policy(&self) -> &HostPolicy {
        &self.policy
    }

    /// Registers as waiter on an in-flight prompt, or becomes its leader. One short critical
    /// section, so checking and registering cannot interleave with a leader finishing.
    fn join_or_lead<'s>(&'s self, app: &str, scope: &str) -> Role<'s> {
        let key = (app.to_owned(), scope.to_owned());
        let mut map = lock(&self.in_flight);
        if let Some(waiters) = map.get_mut(&key) {
            let (tx, rx) = oneshot::channel();
            waiters.push(tx);
            Role::Waiter(rx)
        } else {
            map.insert(key.clone(), Vec::new());
            Role::Leader(LeaderGuard {
                in_flight: &self.in_flight,
                key: Some(key),
            })
        }
    }

    async fn lead(&self, guard: LeaderGuard<'_>, app: &str, scope: &str) -> Outcome {
        let outcome = self.ask_and_persist(app, scope).await;
        guard.finish(&outcome);
        outcome
    }

    async fn ask_and_persist(&self, app: &str, scope: &str) -> Outcome {
        // Re-check now that we lead: a previous leader or another process may have decided between
        // our first read and taking the lead.
        if let Some(outcome) = decided_outcome(self.store.state(app, scope)?) {
            return outcome;
        }
        let request = PromptRequest {
            app: app.to_owned(),
            scope: scope.to_owned(),
        };
        let granted = self.authorizer.ask(&request).await == PromptAnswer::Allow;
        self.store.decide(app, scope, granted)?;
        if granted {
            Ok(())
        } else {
            Err(AuthError::UserDeny)
        }
    }
}

impl std::fmt::Debug for Authorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorization")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// The outcome a stored decision implies, or `None` if the user must be asked.
fn decided_outcome(state: AuthState) -> Option<Outcome> {
    match state {
        AuthState::Granted => Some(Ok(())),
        AuthState::Denied => Some(Err(AuthError::UserDeny)),
        AuthState::Unasked => None,
    }
}

enum Role<'s> {
    Leader(LeaderGuard<'s>),
    Waiter(oneshot::Receiver<Outcome>),
}

/// Owns the in-flight entry of one prompt. Finishing sends the outcome to every waiter; dropping it
/// unfinished (leader cancelled or panicked) removes the entry and thereby closes the waiters'
/// channels, which makes them retry instead of waiting forever.
struct LeaderGuard<'s> {
    in_flight: &'s InFlight,
    key: Option<Key>,
}

impl LeaderGuard<'_> {
    fn take_waiters(&mut self) -> Vec<oneshot::Sender<Outcome>> {
        match self.key.take() {
            Some(key) => lock(self.in_flight).remove(&key).unwrap_or_default(),
            None => Vec::new(),
        }
    }

    fn finish(mut self, outcome: &Outcome) {
        // Removed before sending, so anyone arriving from now on reads the stored decision instead
        // of joining a prompt that is over.
        for waiter in self.take_waiters() {
            // A waiter that was itself cancelled has dropped its receiver; nothing to tell it.
            let _ = waiter.send(outcome.clone());
        }
    }
}

impl Drop for LeaderGuard<'_> {
    fn drop(&mut self) {
        // Unfinished: dropping the senders closes every waiter's channel.
        drop(self.take_waiters());
    }
}
