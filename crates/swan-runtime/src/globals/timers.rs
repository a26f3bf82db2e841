use crate::engine::Timer;
use crate::limits::MAX_TIMERS;
use crate::state::State;
use rquickjs::function::{Opt, Rest};
use rquickjs::{Ctx, Exception, Function, Persistent, Value};
use std::rc::Rc;
use std::time::Duration;

/// setTimeout, clearTimeout, setInterval, clearInterval, run by the event loop on the run's
/// clock; under the virtual clock, `Date.now()` and `new Date()` follow it too.
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
                let due = state.engine.clock.now() + every;
                state.engine.add_timer(id, due, timer);
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
            state.engine.remove_timer(id as u64);
        })?;
        ctx.globals().set(name, f.with_name(name)?)?;
    }
    if state.engine.clock.is_virtual() {
        virtual_date(ctx, state)?;
    }
    Ok(())
}

/// `Date` whose `now()` and argument-less construction read the run's virtual clock; every
/// other use (`new Date(ms)`, `Date.parse`, methods, `instanceof Date`) is the engine's own.
/// Replacing `Date.now` alone would leave `new Date()` at real time.
const VIRTUAL_DATE: &str = r#"(function (now) {
  var RealDate = Date;
  function VirtualDate(a, b, c, d, e, f, g) {
    var n = arguments.length;
    if (!new.target) return new RealDate(now()).toString();
    if (n === 0) return new RealDate(now());
    if (n === 1) return new RealDate(a);
    var args = [null].concat(Array.prototype.slice.call(arguments));
    return new (Function.prototype.bind.apply(RealDate, args))();
  }
  VirtualDate.prototype = RealDate.prototype;
  RealDate.prototype.constructor = VirtualDate;
  VirtualDate.now = function now_() { return Math.floor(now()); };
  VirtualDate.parse = RealDate.parse;
  VirtualDate.UTC = RealDate.UTC;
  Object.defineProperty(VirtualDate, 'name', { value: 'Date' });
  globalThis.Date = VirtualDate;
})"#;

fn virtual_date<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let st = state.clone();
    let now = Function::new(ctx.clone(), move || st.engine.clock.epoch_ms())?;
    let install: Function = ctx.eval(VIRTUAL_DATE)?;
    install.call::<_, ()>((now,))
}
