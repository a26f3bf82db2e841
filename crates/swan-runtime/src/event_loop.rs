//! The loop: Promise jobs, timers and native completions until nothing is left that could call
//! back into page code, or the time limit passes.

use crate::ops::Completion;
use crate::state::State;
use crate::uncaught;
use rquickjs::{Context, Runtime};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Finish {
    Idle,
    /// Time is up or a budget was passed (see `Engine::stopped`).
    Stopped,
}

pub(crate) fn run_until_idle(
    rt: &Runtime,
    context: &Context,
    state: &State,
    rx: &Receiver<Completion>,
) -> Finish {
    let deadline = state.engine.deadline;
    loop {
        run_jobs(rt, context, state);
        let now = Instant::now();
        if state.engine.stopped() {
            return Finish::Stopped;
        }
        if let Ok(message) = rx.try_recv() {
            dispatch(context, state, message);
            continue;
        }
        if fire_due_timer(context, state, now) {
            continue;
        }
        if !state.engine.busy() {
            return Finish::Idle;
        }
        let next_timer = state
            .engine
            .timers
            .borrow()
            .keys()
            .next()
            .map(|(due, _)| *due);
        let wake = next_timer.map_or(deadline, |due| due.min(deadline));
        match rx.recv_timeout(wake.saturating_duration_since(now)) {
            Ok(message) => dispatch(context, state, message),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
        }
    }
}

/// Runs every pending Promise job, then reports rejections nobody handled. Stops when the run
/// is over: jobs that each queue more would otherwise keep this loop going forever.
pub(crate) fn run_jobs(rt: &Runtime, context: &Context, state: &State) {
    loop {
        if state.engine.stopped() {
            state.engine.rejections.borrow_mut().clear();
            return;
        }
        match rt.execute_pending_job() {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                e.0.with(|ctx| uncaught::report(&ctx, state, rquickjs::Error::Exception))
            }
        }
    }
    let rejected: Vec<_> = state.engine.rejections.borrow_mut().drain(..).collect();
    if !rejected.is_empty() {
        context.with(|ctx| {
            for (_, reason) in rejected {
                if let Ok(reason) = reason.restore(&ctx) {
                    let (message, stack) = uncaught::describe_value(&reason);
                    state.engine.failed.set(true);
                    state.emit(crate::event::Event::Error {
                        message: format!("Unhandled promise rejection: {message}"),
                        stack,
                    });
                }
            }
        });
    }
}

fn dispatch(context: &Context, state: &State, message: Completion) {
    // The op is taken out while its closure runs, so that page code may start other ops; put
    // back if more will come.
    let (id, op, result) = match message {
        Completion::Notify(id, notify) => {
            let Some(op) = state.engine.ops.borrow_mut().remove(&id) else {
                return;
            };
            let result = context.with(|ctx| {
                let r = notify(&ctx, state, &op);
                r.map_err(|e| uncaught::report(&ctx, state, e))
            });
            (id, Some(op), result)
        }
        Completion::Settle(id, settle) => {
            let Some(op) = state.engine.ops.borrow_mut().remove(&id) else {
                return;
            };
            let result = context.with(|ctx| {
                let r = settle(&ctx, state, op);
                r.map_err(|e| uncaught::report(&ctx, state, e))
            });
            (id, None, result)
        }
    };
    let _ = result;
    if let Some(op) = op {
        state.engine.ops.borrow_mut().insert(id, op);
    }
}

fn fire_due_timer(context: &Context, state: &State, now: Instant) -> bool {
    let key = match state.engine.timers.borrow().keys().next() {
        Some(&(due, id)) if due <= now => (due, id),
        _ => return false,
    };
    let Some(timer) = state.engine.timers.borrow_mut().remove(&key) else {
        return false;
    };
    let id = key.1;
    context.with(|ctx| {
        let call = timer.callback.clone().restore(&ctx).and_then(|f| {
            let args = timer
                .args
                .iter()
                .map(|a| a.clone().restore(&ctx))
                .collect::<rquickjs::Result<Vec<_>>>()?;
            let mut list = rquickjs::function::Args::new(ctx.clone(), args.len());
            list.push_args(args)?;
            f.call_arg::<()>(list)
        });
        if let Err(e) = call {
            uncaught::report(&ctx, state, e);
        }
    });
    // An interval goes on unless its callback cleared it.
    let still_set = state.engine.timer_due.borrow().contains_key(&id);
    match timer.interval {
        Some(every) if still_set => {
            let due = Instant::now() + every.max(Duration::from_millis(1));
            state.engine.timer_due.borrow_mut().insert(id, due);
            state.engine.timers.borrow_mut().insert((due, id), timer);
        }
        _ => {
            state.engine.timer_due.borrow_mut().remove(&id);
        }
    }
    true
}
