//! Native work behind an async API: run on a worker thread, settled on the JavaScript thread.

use crate::callbacks::{Callbacks, Failure};
use crate::state::{Completion, State};
use rquickjs::{Ctx, Object};
use std::future::Future;

/// Builds the success object from the native result.
pub(crate) type Build<T> = for<'js> fn(&Ctx<'js>, T) -> rquickjs::Result<Object<'js>>;

/// Runs `work` on a worker thread; its result settles `callbacks` on a later loop turn.
pub(crate) fn spawn<T, W>(state: &State, callbacks: Callbacks, work: W, build: Build<T>)
where
    T: Send + 'static,
    W: Future<Output = Result<T, Failure>> + Send + 'static,
{
    let op = register(state, callbacks, build);
    let tx = state.tx.clone();
    state.workers.spawn(async move {
        let result = work.await;
        let _ = tx.send(Completion {
            op,
            payload: Box::new(result),
            last: true,
        });
    });
}

/// Settles `callbacks` with a result already known, on a later loop turn: callbacks never run
/// before the calling code has returned.
pub(crate) fn later<T: Send + 'static>(
    state: &State,
    callbacks: Callbacks,
    result: Result<T, Failure>,
    build: Build<T>,
) {
    let op = register(state, callbacks, build);
    let _ = state.tx.send(Completion {
        op,
        payload: Box::new(result),
        last: true,
    });
}

fn register<T: Send + 'static>(state: &State, callbacks: Callbacks, build: Build<T>) -> u64 {
    let mut callbacks = Some(callbacks);
    state.register(Box::new(move |ctx, state, payload| {
        let (Some(callbacks), Ok(result)) =
            (callbacks.take(), payload.downcast::<Result<T, Failure>>())
        else {
            return Ok(());
        };
        match *result {
            Ok(value) => {
                let res = build(&ctx, value)?;
                callbacks.succeed(&ctx, state, res)
            }
            Err(failure) => callbacks.fail(&ctx, state, &failure),
        }
    }))
}

/// A success object with no documented field (only `errMsg`, added when delivered).
pub(crate) fn empty<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
    Object::new(ctx.clone())
}
