use crate::state::State;
use crate::uncaught;
use rquickjs::function::{Rest, This};
use rquickjs::{Ctx, Exception, Function, Object, Value};
use std::rc::Rc;

/// `swan.nextTick(fn)`: `fn` runs as a microtask — after the code that called it, before any
/// timer and before any API callback of a later loop turn — like the devtools' `nextTick`. A
/// throw inside it is an uncaught error like any other (not a rejected Promise). Returns the
/// native function so that the update manager can queue with it whatever page code does to
/// `swan.nextTick`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let state = state.clone();
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, cb: Value<'js>| {
        let Some(cb) = cb.into_function() else {
            return Err(Exception::throw_type(
                &ctx,
                "nextTick: callback must be a function",
            ));
        };
        queue(&ctx, &state, cb, Vec::new())
    })?
    .with_name("nextTick")?;
    swan.set("nextTick", f)
}

/// Queues `f(args...)` as a Promise job; what it throws is reported as uncaught.
pub(crate) fn queue<'js>(
    ctx: &Ctx<'js>,
    state: &Rc<State>,
    f: Function<'js>,
    args: Vec<Value<'js>>,
) -> rquickjs::Result<()> {
    let state = state.clone();
    let run = Function::new(ctx.clone(), move |ctx: Ctx<'js>, _: Rest<Value<'js>>| {
        let mut list = rquickjs::function::Args::new(ctx.clone(), args.len());
        list.push_args(args.iter().cloned())?;
        if let Err(e) = f.call_arg::<()>(list) {
            uncaught::report(&ctx, &state, e);
        }
        Ok::<_, rquickjs::Error>(())
    })?;
    let (promise, resolve, _reject) = ctx.promise()?;
    let then: Function = promise.get("then")?;
    then.call::<_, Value>((This(promise.clone()), run))?;
    resolve.call::<_, ()>(())
}
