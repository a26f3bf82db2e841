use crate::args::Arg;
use crate::callbacks::{Callbacks, Failure};
use crate::ops;
use crate::state::State;
use rquickjs::{Ctx, Object};

pub const NAME: &str = "saveFile";

/// `swan.saveFile({tempFilePath})` → `{savedFilePath}`.
pub(crate) fn start<'js>(
    _: &Ctx<'js>,
    state: &State,
    options: Option<Object<'js>>,
    callbacks: Callbacks,
) -> rquickjs::Result<()> {
    let temp = Arg::read(options.as_ref(), "tempFilePath")?;
    let result = swan_core::api::save_file(&state.sandbox, temp.as_arg()).map_err(Failure::from);
    ops::later(state, callbacks, result, saved);
    Ok(())
}

fn saved<'js>(ctx: &Ctx<'js>, path: String) -> rquickjs::Result<Object<'js>> {
    let res = Object::new(ctx.clone())?;
    res.set("savedFilePath", path)?;
    Ok(res)
}
