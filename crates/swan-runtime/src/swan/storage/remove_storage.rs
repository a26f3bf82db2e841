use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call, SyncApi, throw};
use rquickjs::{Ctx, Object, Value};
use swan_core::api::{RemoveStorageOptions, remove_storage};

/// `swan.removeStorage({key})`.
pub(super) struct RemoveStorage;

impl Api for RemoveStorage {
    const NAME: &'static str = "removeStorage";
    type Options = RemoveStorageOptions;
    type Output = ();

    fn call(state: &State, options: RemoveStorageOptions) -> Call<()> {
        let s = &state.services;
        Call::Ready(remove_storage(
            &s.host,
            s.app_id(),
            Self::NAME,
            options.key.as_arg(),
        ))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}

/// `swan.removeStorageSync(key)`: returns nothing, throws the failure.
pub(super) struct RemoveStorageSync;

impl SyncApi for RemoveStorageSync {
    const NAME: &'static str = "removeStorageSync";

    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        args: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>> {
        let s = &state.services;
        let key = super::positional(&args, 0);
        match remove_storage(&s.host, s.app_id(), Self::NAME, key.as_arg()) {
            Ok(()) => Ok(Value::new_undefined(ctx.clone())),
            Err(e) => Err(throw(ctx, &e)),
        }
    }
}
