//! Exceptions nothing caught: each becomes an `error` event and fails the run.

use crate::convert::{display, error_text};
use crate::event::Event;
use crate::state::State;
use rquickjs::{Ctx, Exception, Value};

/// Reports an error returned by a call into JavaScript. Returns the message, for callers that
/// add context.
pub fn report<'js>(ctx: &Ctx<'js>, state: &State, err: rquickjs::Error) {
    let (message, stack) = describe(ctx, err);
    state.engine.failed.set(true);
    state.emit(Event::Error { message, stack });
}

/// The message and stack of an error from the engine.
pub fn describe<'js>(ctx: &Ctx<'js>, err: rquickjs::Error) -> (String, String) {
    match err {
        rquickjs::Error::Exception => describe_value(&ctx.catch()),
        other => (other.to_string(), String::new()),
    }
}

pub fn describe_value(v: &Value<'_>) -> (String, String) {
    match v
        .as_object()
        .and_then(|o| Exception::from_object(o.clone()))
    {
        Some(e) => (error_text(&e), e.stack().unwrap_or_default()),
        None => (format!("Uncaught {}", display(v)), String::new()),
    }
}
