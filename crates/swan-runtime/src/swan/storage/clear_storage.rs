use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call, SyncApi, throw};
use rquickjs::{Ctx, Object, Value};
use swan_core::api::{NoOptions, clear_storage};

/// `swan.clearStorage()`: forgets every key of this app.
pub(super) struct ClearStorage;

impl Api for ClearStorage {
    const NAME: &'static str = "clearStorage";
    type Options = NoOptions;
    type Output = ();

    fn call(state: &State, _: NoOptions) -> Call<()> {
        let s = &state.services;
        Call::Ready(clear_storage(&s.host, s.app_id(), Self::NAME))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}

/// `swan.clearStorageSync()`: returns nothing, throws the failure.
pub(super) struct ClearStorageSync;

impl SyncApi for ClearStorageSync {
    const NAME: &'static str = "clearStorageSync";

    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        _: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>> {
        let s = &state.services;
        match clear_storage(&s.host, s.app_id(), Self::NAME) {
            Ok(()) => Ok(Value::new_undefined(ctx.clone())),
            Err(e) => Err(throw(ctx, &e)),
        }
    }
}
