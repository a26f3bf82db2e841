use crate::convert::from_json;
use crate::state::State;
use crate::swan::{Api, Call, SyncApi};
use rquickjs::{Ctx, Object, Value};
use swan_core::api::NoOptions;

/// `swan.getSystemInfo()` → the run's device profile (`RunOptions::device`), with Baidu's
/// fields; it never fails.
pub(crate) struct GetSystemInfo;

impl Api for GetSystemInfo {
    const NAME: &'static str = "getSystemInfo";
    type Options = NoOptions;
    type Output = serde_json::Value;

    fn call(state: &State, _: NoOptions) -> Call<serde_json::Value> {
        Call::Ready(Ok(state.options.device.system_info()))
    }

    fn result<'js>(ctx: &Ctx<'js>, info: serde_json::Value) -> rquickjs::Result<Object<'js>> {
        let value = from_json(ctx, &info)?;
        value
            .into_object()
            .ok_or_else(|| rquickjs::Error::new_from_js("value", "object"))
    }
}

/// `swan.getSystemInfoSync()`: the same fields, returned (a fresh object each call, so page
/// code changing it changes nothing else).
pub(crate) struct GetSystemInfoSync;

impl SyncApi for GetSystemInfoSync {
    const NAME: &'static str = "getSystemInfoSync";

    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        _: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>> {
        from_json(ctx, &state.options.device.system_info())
    }
}

/// `swan.getMenuButtonBoundingClientRect()`: where the capsule would be on the run's device
/// (`DeviceProfile::menu_button`); custom navigation bars are laid out from it.
pub(crate) struct GetMenuButtonBoundingClientRect;

impl SyncApi for GetMenuButtonBoundingClientRect {
    const NAME: &'static str = "getMenuButtonBoundingClientRect";

    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        _: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>> {
        from_json(ctx, &state.options.device.menu_button())
    }
}
