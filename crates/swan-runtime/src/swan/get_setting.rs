use crate::callbacks::{Callbacks, Failure};
use crate::ops;
use crate::state::State;
use rquickjs::{Ctx, Object};

pub const NAME: &str = "getSetting";

/// `swan.getSetting()`: `{authSetting}` with only the scopes the user decided.
pub(crate) fn start<'js>(
    _: &Ctx<'js>,
    state: &State,
    _: Option<Object<'js>>,
    callbacks: Callbacks,
) -> rquickjs::Result<()> {
    let result = swan_core::api::get_setting(&state.host, state.app_id()).map_err(Failure::from);
    ops::later(state, callbacks, result, super::auth_setting);
    Ok(())
}
