//! The loop: Promise jobs, timers and native completions until nothing is left that could call
//! back into page code, or the time limit passes.

use crate::engine::Timer;
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

/// How long the loop goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Until {
    /// Until nothing but intervals is left: no Promise job, no API call in flight, no
    /// one-shot timer. An interval alone never ends, so it does not hold the run.
    Settled,
    /// Until the run's clock reaches this instant, firing every timer due before it.
    Time(Instant),
}

/// The loop: Promise jobs first, then finished native work, then due timers; then either the
/// end (see [`Until`]), a jump of virtual time to the next timer (only when no native work is
/// in flight, so nothing could happen first), or a real wait for whichever comes first.
pub(crate) fn run_loop(
    rt: &Runtime,
    context: &Context,
    state: &State,
    rx: &Receiver<Completion>,
    until: Until,
) -> Finish {
    let deadline = state.engine.deadline;
    let clock = &state.engine.clock;
    loop {
        run_jobs(rt, context, state);
        if state.engine.stopped() {
            return Finish::Stopped;
        }
        if let Ok(message) = rx.try_recv() {
            dispatch(context, state, message);
            continue;
        }
        let now = clock.now();
        if fire_due_timer(context, state, now) {
            continue;
        }
        let target = match until {
            Until::Settled if !state.engine.busy() => return Finish::Idle,
            Until::Settled => None,
            Until::Time(t) if now >= t => return Finish::Idle,
            Until::Time(t) => Some(t),
        };
        let wake = match (state.engine.next_due(), target) {
            (Some(due), Some(t)) => Some(due.min(t)),
            (due, t) => due.or(t),
        };
        if clock.is_virtual()
            && state.engine.ops.borrow().is_empty()
            && let Some(wake) = wake
        {
            clock.jump_to(wake);
            continue;
        }
        let real_wait = wake.map_or(deadline.saturating_duration_since(Instant::now()), |w| {
            w.saturating_duration_since(now)
                .min(deadline.saturating_duration_since(Instant::now()))
        });
        match rx.recv_timeout(real_wait) {
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
                    if crate::callbacks::is_api_failure(&ctx, &reason) {
                        // An API's failure passed on by page code: its result, as the
                        // devtools print it (see `callbacks::FailureMarks`).
                        state.emit(crate::event::Event::Console {
                            level: "warn".into(),
                            args: vec![
                                "Uncaught (in promise)".into(),
                                crate::convert::to_json(&ctx, &reason),
                            ],
                        });
                        continue;
                    }
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
    let (due, id) = match state.engine.timers.borrow().keys().next() {
        Some(&(due, id)) if due <= now => (due, id),
        _ => return false,
    };
    let Some(timer) = state.engine.remove_timer(id) else {
        return false;
    };
    // An interval is set again before its callback runs, so that the callback can clear it.
    if let Some(every) = timer.interval {
        let again = Timer {
            callback: timer.callback.clone(),
            args: timer.args.clone(),
            interval: timer.interval,
        };
        // From when it was due, not from now: a minute of one-second ticks is sixty ticks,
        // however long each took (a late tick is not made up for, as in browsers).
        let next = (due + every.max(Duration::from_millis(1))).max(state.engine.clock.now());
        state.engine.add_timer(id, next, again);
    }
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
    true
}
