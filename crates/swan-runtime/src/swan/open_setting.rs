use crate::callbacks::{Callbacks, Failure};
use crate::ops;
use crate::state::State;
use rquickjs::{Ctx, Object};

pub const NAME: &str = "openSetting";

/// `swan.openSetting()`: the settings page, where the scripted user makes the run's
/// `--settings` changes; `{authSetting}` afterwards.
pub(crate) fn start<'js>(
    _: &Ctx<'js>,
    state: &State,
    _: Option<Object<'js>>,
    callbacks: Callbacks,
) -> rquickjs::Result<()> {
    let result = swan_core::api::open_setting(&state.host, state.app_id(), &state.settings_changes)
        .map_err(Failure::from);
    ops::later(state, callbacks, result, super::auth_setting);
    Ok(())
}
