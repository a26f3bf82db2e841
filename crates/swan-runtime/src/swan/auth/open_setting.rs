use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use std::collections::BTreeMap;
use swan_core::api::NoOptions;

/// `swan.openSetting()`: the settings page, where the scripted user makes the run's
/// `--settings` changes; `{authSetting}` afterwards (a short SQLite write, as getSetting).
pub(crate) struct OpenSetting;

impl Api for OpenSetting {
    const NAME: &'static str = "openSetting";
    type Options = NoOptions;
    type Output = BTreeMap<String, bool>;

    fn call(state: &State, _: NoOptions) -> Call<Self::Output> {
        let s = &state.services;
        let changes = &state.options.settings_changes;
        Call::Ready(swan_core::api::open_setting(&s.host, s.app_id(), changes))
    }

    fn result<'js>(ctx: &Ctx<'js>, settings: Self::Output) -> rquickjs::Result<Object<'js>> {
        super::auth_setting(ctx, settings)
    }
}
