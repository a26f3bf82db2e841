//! Baidu's "界面 > 导航" family: `navigateTo`, `redirectTo`, `navigateBack`, `switchTab`,
//! `reLaunch`. A call returns at once; the page moves on a later loop turn (as on a phone, the
//! calling code finishes first), checked against the stack as it is then, and its callbacks run
//! once the new page is ready. The rules are `swan_core::api::navigation`; the moves are
//! `page::stack`.

use crate::args;
use crate::callbacks::Callbacks;
use crate::ops::{self, Completion, Settle};
use crate::page::stack;
use crate::state::State;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};
use std::rc::Rc;
use swan_core::SwanError;
use swan_core::api::{NavKind, NavigateBackOptions, NavigateOptions};

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    for kind in [
        NavKind::NavigateTo,
        NavKind::RedirectTo,
        NavKind::SwitchTab,
        NavKind::ReLaunch,
    ] {
        define(ctx, swan, state, kind.api(), move |ctx, state, options| {
            let options: NavigateOptions = options;
            stack::go(ctx, state, kind, &options.url)
        })?;
    }
    define(
        ctx,
        swan,
        state,
        "navigateBack",
        |ctx, state, options: NavigateBackOptions| stack::back(ctx, state, &options),
    )
}

/// `swan.<name>(options)` with the call conventions (callbacks or a Promise, 904 for callbacks
/// that are not functions); `go` moves the pages when the call settles.
fn define<'js, O, G>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
    name: &'static str,
    go: G,
) -> rquickjs::Result<()>
where
    O: swan_core::Options + Send + 'static,
    G: for<'a> Fn(&Ctx<'a>, &State, O) -> Result<(), SwanError> + Copy + Send + 'static,
{
    let state = state.clone();
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, first: Opt<Value<'js>>| {
        let options = args::options(first.0);
        let mut callbacks = Callbacks::from_options(&ctx, name, options.as_ref())?;
        let returned = callbacks.promise_if_none(&ctx)?;
        let params_type_error = callbacks.params_type_error;
        let read: O = args::read_options(&ctx, options.as_ref())?;
        let op = ops::register(&ctx, &state, callbacks, Default::default())?;
        let settle: Settle = Box::new(move |ctx, state, op| {
            let moved = if params_type_error {
                Err(SwanError::ParamsType)
            } else {
                go(ctx, state, read)
            };
            match moved {
                Ok(()) => op.callbacks.succeed(ctx, state, Object::new(ctx.clone())?),
                Err(e) => op.callbacks.fail(ctx, state, &e),
            }
        });
        let _ = state.engine.tx.send(Completion::Settle(op, settle));
        Ok::<_, rquickjs::Error>(returned)
    })?;
    swan.set(name, f.with_name(name)?)
}
