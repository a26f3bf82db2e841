use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use std::collections::BTreeMap;
use swan_core::api::NoOptions;

/// `swan.getSetting()`: `{authSetting}` with only the scopes the user decided. One indexed
/// SQLite read, done here like deno's `*_sync` ops, so results keep the order of the calls.
pub(crate) struct GetSetting;

impl Api for GetSetting {
    const NAME: &'static str = "getSetting";
    type Options = NoOptions;
    type Output = BTreeMap<String, bool>;

    fn call(state: &State, _: NoOptions) -> Call<Self::Output> {
        let s = &state.services;
        Call::Ready(swan_core::api::get_setting(&s.host, s.app_id()))
    }

    fn result<'js>(ctx: &Ctx<'js>, settings: Self::Output) -> rquickjs::Result<Object<'js>> {
        super::auth_setting(ctx, settings)
    }
}
