use crate::convert::to_json;
use crate::event::Event;
use crate::state::State;
use rquickjs::function::Rest;
use rquickjs::{Ctx, Function, Object, Value};
use std::rc::Rc;

/// `console.log/info/warn/error/debug`: each call is a `console` event with its arguments.
pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let console = Object::new(ctx.clone())?;
    for level in ["log", "info", "warn", "error", "debug"] {
        let state = state.clone();
        let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
            let args = args.0.iter().map(|a| to_json(&ctx, a)).collect();
            state.emit(Event::Console {
                level: level.to_string(),
                args,
            });
        })?;
        console.set(level, f.with_name(level)?)?;
    }
    ctx.globals().set("console", console)
}
