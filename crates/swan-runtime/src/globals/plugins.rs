//! `requirePlugin(name)` and `requireDynamicLib(name)`: Baidu serves plugins and dynamic
//! libraries (declared in `app.json` `plugins`/`dynamicLib`) from its own servers, never from
//! the package, so swan-album cannot load them. Both exist, so a page that calls one fails with
//! an error that says so and names the library, instead of `ReferenceError: ... is not
//! defined`; the first call of each name is also an `unsupportedApi` notice.

use crate::event::Event;
use crate::state::State;
use rquickjs::{Ctx, Exception, Function, Value};
use std::collections::HashSet;
use std::rc::Rc;

pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    for (global, what) in [
        ("requirePlugin", "plugins"),
        ("requireDynamicLib", "dynamic libraries"),
    ] {
        let state = state.clone();
        let told = std::cell::RefCell::new(HashSet::new());
        let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, name: Value<'js>| {
            let name = crate::convert::display(&name);
            let message = format!(
                "{global}({name:?}): {what} are served by Baidu, not read from the package, and \
                 swan-album does not support them"
            );
            if told.borrow_mut().insert(name) {
                state.emit(Event::Notice {
                    what: "unsupportedApi".into(),
                    message: message.clone(),
                });
            }
            Err::<(), _>(Exception::throw_message(&ctx, &message))
        })?
        .with_name(global)?;
        ctx.globals().set(global, f)?;
    }
    Ok(())
}
