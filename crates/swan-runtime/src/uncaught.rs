//! Exceptions nothing caught: each becomes an `error` event and fails the run.

use crate::convert::{display, error_text};
use crate::event::Event;
use crate::limits::MEMORY_LIMIT;
use crate::state::State;
use rquickjs::{Ctx, Exception, Value};
use std::sync::atomic::Ordering;

/// Reports an error returned by a call into JavaScript. Returns the message, for callers that
/// add context.
pub fn report<'js>(ctx: &Ctx<'js>, state: &State, err: rquickjs::Error) {
    if state.engine.stopped() {
        // What page code throws once the run is over is the engine stopping it (one
        // `InternalError: interrupted` per job): the run's end says why, once.
        return;
    }
    let (mut message, stack) = describe(ctx, err);
    // Out of heap, QuickJS may have had no memory left for the error and thrown `null`.
    let near_full = state.engine.heap_near_full.swap(false, Ordering::Relaxed);
    if near_full && message == "Uncaught null" {
        message = format!(
            "InternalError: out of memory (the page used up its {} MiB JavaScript heap)",
            MEMORY_LIMIT >> 20
        );
    }
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
