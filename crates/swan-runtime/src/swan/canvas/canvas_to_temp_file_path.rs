use super::registry::Canvases;
use crate::args;
use crate::callbacks::Callbacks;
use crate::state::State;
use crate::swan::{Call, start};
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};
use std::rc::Rc;
use swan_core::SwanError;
use swan_core::api::CanvasToTempFilePathOptions;

const NAME: &str = "canvasToTempFilePath";

/// `swan.canvasToTempFilePath({canvasId | canvas, x, y, width, height, destWidth, destHeight,
/// fileType, quality}, this)`: the §1 call conventions of every async API; the picture is
/// encoded into a new temp file of the app (`bdfile://tmp_….png|jpg`) before the call returns
/// and reported on a later turn. The prelude passes the key of a `canvas` node as `key`, and
/// where `canvasId` is looked up as `scope` (the component given as `this`, or the page).
pub(super) fn function<'js>(
    ctx: &Ctx<'js>,
    state: &Rc<State>,
    canvases: &Rc<Canvases>,
) -> rquickjs::Result<Function<'js>> {
    let (state, canvases) = (state.clone(), canvases.clone());
    let f = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, first: Opt<Value<'js>>, key: Opt<Value<'js>>, scope: Opt<String>| {
            let options = args::options(first.0);
            let mut callbacks = Callbacks::from_options(&ctx, NAME, options.as_ref())?;
            let returned = callbacks.promise_if_none(&ctx)?;
            let call = if callbacks.params_type_error {
                Call::Ready(Err(SwanError::ParamsType))
            } else {
                let read: CanvasToTempFilePathOptions = args::read_options(&ctx, options.as_ref())?;
                let key = key
                    .0
                    .and_then(|v| v.as_string().and_then(|s| s.to_string().ok()));
                let route = scope
                    .0
                    .unwrap_or_else(|| state.model.current_route().unwrap_or_default());
                Call::Ready(canvases.export(&state, &route, key.as_deref(), &read))
            };
            start(&ctx, &state, callbacks, Default::default(), call, result)?;
            Ok::<_, rquickjs::Error>(returned)
        },
    )?;
    f.with_name(NAME)
}

fn result<'js>(ctx: &Ctx<'js>, path: String) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    o.set("tempFilePath", path)?;
    Ok(o)
}
