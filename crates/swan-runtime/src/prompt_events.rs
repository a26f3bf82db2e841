use crate::event::{Event, EventSink};
use std::sync::Arc;
use swan_core::swan_auth::{Authorizer, BoxFuture, PromptAnswer, PromptRequest};

/// Wraps the host's user so that every prompt and its answer is an observable event.
pub struct PromptEvents {
    inner: Arc<dyn Authorizer>,
    events: Arc<dyn EventSink>,
}

impl PromptEvents {
    /// Asks `inner`, then emits an [`Event::Prompt`] with its answer to `events`.
    pub fn new(inner: Arc<dyn Authorizer>, events: Arc<dyn EventSink>) -> PromptEvents {
        PromptEvents { inner, events }
    }
}

impl Authorizer for PromptEvents {
    fn ask<'a>(&'a self, request: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer> {
        Box::pin(async move {
            let answer = self.inner.ask(request).await;
            let answer_name = match answer {
                PromptAnswer::Allow => "allow",
                PromptAnswer::Deny => "deny",
                PromptAnswer::Dismiss => "dismiss",
            };
            self.events.emit(Event::Prompt {
                scope: request.scope.clone(),
                answer: answer_name.into(),
            });
            answer
        })
    }
}
