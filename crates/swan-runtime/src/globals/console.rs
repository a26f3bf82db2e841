use crate::convert::to_json;
use crate::event::Event;
use crate::limits::MAX_CONSOLE_BYTES;
use crate::state::State;
use rquickjs::function::Rest;
use rquickjs::{Ctx, Function, Object, Value};
use std::rc::Rc;

/// `console.log/info/warn/error/debug`: each call is a `console` event with its arguments,
/// within the run's console budget.
pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let console = Object::new(ctx.clone())?;
    for level in ["log", "info", "warn", "error", "debug"] {
        let state = state.clone();
        let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
            if state.engine.stopped() {
                return;
            }
            let args: Vec<_> = args.0.iter().map(|a| to_json(&ctx, a)).collect();
            let bytes: usize = args.iter().map(json_len).sum();
            let total = state.engine.console_bytes.get().saturating_add(bytes);
            if total > MAX_CONSOLE_BYTES {
                state.engine.exceed(format!(
                    "console output over the {} MiB a run may print",
                    MAX_CONSOLE_BYTES >> 20
                ));
                return;
            }
            state.engine.console_bytes.set(total);
            state.emit(Event::Console {
                level: level.to_string(),
                args,
            });
        })?;
        console.set(level, f.with_name(level)?)?;
    }
    ctx.globals().set("console", console)
}

/// About the size of a value as printed (strings without re-serialising them).
fn json_len(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::String(s) => s.len(),
        other => other.to_string().len(),
    }
}
