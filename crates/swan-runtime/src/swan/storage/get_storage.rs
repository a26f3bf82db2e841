use super::value::from_stored;
use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call, SyncApi, throw};
use rquickjs::{Ctx, Object, Value};
use swan_core::api::{GetStorageOptions, get_storage};
use swan_core::swan_storage::StoredValue;

/// `swan.getStorage({key})`: `{data}`, `''` for a key never set (see
/// [`swan_core::api::get_storage`]).
pub(super) struct GetStorage;

impl Api for GetStorage {
    const NAME: &'static str = "getStorage";
    type Options = GetStorageOptions;
    type Output = StoredValue;

    fn call(state: &State, options: GetStorageOptions) -> Call<StoredValue> {
        let s = &state.services;
        Call::Ready(get_storage(
            &s.host,
            s.app_id(),
            Self::NAME,
            options.key.as_arg(),
        ))
    }

    fn result<'js>(ctx: &Ctx<'js>, value: StoredValue) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        res.own("data", from_stored(ctx, &value)?)?;
        Ok(res)
    }
}

/// `swan.getStorageSync(key)`: the value, `''` for a key never set; throws the failure.
pub(super) struct GetStorageSync;

impl SyncApi for GetStorageSync {
    const NAME: &'static str = "getStorageSync";

    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        args: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>> {
        let s = &state.services;
        let key = super::positional(&args, 0);
        match get_storage(&s.host, s.app_id(), Self::NAME, key.as_arg()) {
            Ok(value) => from_stored(ctx, &value),
            Err(e) => Err(throw(ctx, &e)),
        }
    }
}
