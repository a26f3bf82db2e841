//! The host's side of a prompt.
//!
//! The trait returns a boxed future instead of being an `async fn` so it stays object-safe
//! (`Arc<dyn Authorizer>`) without the async-trait crate, and the future is `Send` so a prompt can
//! be awaited from a multi-threaded runtime.

use std::future::Future;
use std::pin::Pin;

/// A boxed, `Send` future — what [`Authorizer::ask`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the user did with a prompt. `Dismiss` (closed the dialog, timed out) is kept apart from
/// `Deny` so hosts can log it, but §3 treats both the same: the scope becomes denied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptAnswer {
    Allow,
    Deny,
    Dismiss,
}

/// What the user is asked about: which app wants which scope.
#[derive(Clone, Debug)]
pub struct PromptRequest {
    pub app: String,
    pub scope: String,
}

/// The host's UI: asks its user. Implemented by hosts (a terminal prompt, a scripted answer, a GUI).
///
/// [`crate::Authorization`] guarantees at most one `ask` in flight per (app, scope) within one
/// `Authorization`, so implementations need no de-duplication of their own. If the future returned
/// by `ask` is dropped before it completes, the request that asked was cancelled; the implementation
/// should then close its dialog.
pub trait Authorizer: Send + Sync {
    fn ask<'a>(&'a self, request: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer>;
}

/// Answers every prompt the same way without asking anyone (scripted users, tests,
/// CLI `--auth allow/deny`).
#[derive(Clone, Copy, Debug)]
pub struct FixedAnswer(pub PromptAnswer);

impl Authorizer for FixedAnswer {
    fn ask<'a>(&'a self, _request: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer> {
        Box::pin(std::future::ready(self.0))
    }
}
