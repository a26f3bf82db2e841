use crate::engine::Timer;
use crate::limits::MAX_TIMERS;
use crate::state::State;
use rquickjs::function::{Opt, Rest};
use rquickjs::{Ctx, Exception, Function, Persistent, Value};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// setTimeout, clearTimeout, setInterval, clearInterval, run by the event loop.
pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    for (name, repeat) in [("setTimeout", false), ("setInterval", true)] {
        let state = state.clone();
        let f = Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  callback: Value<'js>,
                  delay: Opt<Value<'js>>,
                  args: Rest<Value<'js>>| {
                let Some(callback) = callback.into_function() else {
                    return Err(Exception::throw_type(
                        &ctx,
                        &format!("{name}: callback must be a function"),
                    ));
                };
                if state.engine.timers.borrow().len() >= MAX_TIMERS {
                    state
                        .engine
                        .exceed(format!("more than {MAX_TIMERS} timers pending at once"));
                    return Err(Exception::throw_range(&ctx, "too many timers"));
                }
                let ms = delay
                    .0
                    .and_then(|d| d.as_number())
                    .filter(|d| d.is_finite() && *d > 0.0)
                    .unwrap_or(0.0);
                let every = Duration::from_micros((ms * 1000.0) as u64);
                let timer = Timer {
                    callback: Persistent::save(&ctx, callback),
                    args: args
                        .0
                        .into_iter()
                        .map(|a| Persistent::save(&ctx, a))
                        .collect(),
                    interval: repeat.then_some(every),
                };
                let id = state.engine.next_id();
                let due = Instant::now() + every;
                state.engine.timer_due.borrow_mut().insert(id, due);
                state.engine.timers.borrow_mut().insert((due, id), timer);
                Ok(id as f64)
            },
        )?;
        ctx.globals().set(name, f.with_name(name)?)?;
    }
    for name in ["clearTimeout", "clearInterval"] {
        let state = state.clone();
        let f = Function::new(ctx.clone(), move |id: Opt<Value<'js>>| {
            let Some(id) = id.0.and_then(|v| v.as_number()) else {
                return;
            };
            let id = id as u64;
            if let Some(due) = state.engine.timer_due.borrow_mut().remove(&id) {
                state.engine.timers.borrow_mut().remove(&(due, id));
            }
        })?;
        ctx.globals().set(name, f.with_name(name)?)?;
    }
    Ok(())
}
