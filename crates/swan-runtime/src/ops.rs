//! Native work behind an async API. Each op keeps its callbacks on the JavaScript thread; work
//! finishing elsewhere sends back a typed closure, built where the work was spawned, that settles
//! them. Blocking work (fsync, SQLite, a prompt on a terminal, the network) runs on the blocking
//! pool, never on an async worker.

use crate::callbacks::Callbacks;
use crate::limits::MAX_OPS;
use crate::state::State;
use rquickjs::{Ctx, Function, Object, Persistent};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use swan_core::SwanError;

/// `onProgressUpdate` listeners of a task object.
pub(crate) type Listeners = Rc<RefCell<Vec<Persistent<Function<'static>>>>>;

/// An op in flight, as kept on the JavaScript thread.
pub(crate) struct Op {
    pub callbacks: Callbacks,
    pub listeners: Listeners,
}

/// Runs on the JavaScript thread with the op, which it ends.
pub(crate) type Settle =
    Box<dyn for<'js> FnOnce(&Ctx<'js>, &State, Op) -> rquickjs::Result<()> + Send>;
/// Runs on the JavaScript thread with the op, which goes on (progress).
pub(crate) type Notify =
    Box<dyn for<'js> FnOnce(&Ctx<'js>, &State, &Op) -> rquickjs::Result<()> + Send>;

/// A message to the loop about one op.
pub(crate) enum Completion {
    Notify(u64, Notify),
    Settle(u64, Settle),
}

/// Builds the success object from the native result.
pub(crate) type Build<T> = for<'js> fn(&Ctx<'js>, T) -> rquickjs::Result<Object<'js>>;

/// Keeps an op's callbacks until its work settles them (within the run's budget of ops).
pub(crate) fn register(
    ctx: &Ctx<'_>,
    state: &State,
    callbacks: Callbacks,
    listeners: Listeners,
) -> rquickjs::Result<u64> {
    if state.engine.ops.borrow().len() >= MAX_OPS {
        state
            .engine
            .exceed(format!("more than {MAX_OPS} API calls in flight at once"));
        return Err(rquickjs::Exception::throw_range(
            ctx,
            "too many API calls in flight",
        ));
    }
    let id = state.engine.next_id();
    let op = Op {
        callbacks,
        listeners,
    };
    state.engine.ops.borrow_mut().insert(id, op);
    Ok(id)
}

/// The closure that delivers `result` to an op's callbacks.
pub(crate) fn settle<T: Send + 'static>(result: Result<T, SwanError>, build: Build<T>) -> Settle {
    Box::new(move |ctx: &Ctx<'_>, state: &State, op: Op| {
        op.listeners.borrow_mut().clear(); // no progress after the end
        match result {
            Ok(value) => {
                let res = build(ctx, value)?;
                op.callbacks.succeed(ctx, state, res)
            }
            Err(e) => op.callbacks.fail(ctx, state, &e),
        }
    })
}

/// Settles an op with a result already known, on a later loop turn: callbacks never run before
/// the calling code has returned.
pub(crate) fn later<T: Send + 'static>(
    state: &State,
    op: u64,
    result: Result<T, SwanError>,
    build: Build<T>,
) {
    let _ = state
        .engine
        .tx
        .send(Completion::Settle(op, settle(result, build)));
}

/// Runs `work` on the blocking pool (driving it with the runtime, for prompts that await); its
/// result settles the op on a later loop turn.
pub(crate) fn blocking<T, W>(state: &State, op: u64, work: W, build: Build<T>)
where
    T: Send + 'static,
    W: Future<Output = Result<T, SwanError>> + Send + 'static,
{
    let tx = state.engine.tx.clone();
    let handle = state.services.workers.clone();
    state.services.workers.spawn_blocking(move || {
        let result = handle.block_on(work);
        let _ = tx.send(Completion::Settle(op, settle(result, build)));
    });
}

/// A success object with no documented field (only `errMsg`, added when delivered).
pub(crate) fn empty<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
    Object::new(ctx.clone())
}
