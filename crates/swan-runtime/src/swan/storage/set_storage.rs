use super::value::to_stored;
use crate::args;
use crate::callbacks::Callbacks;
use crate::ops;
use crate::state::State;
use crate::swan::{Call, SyncApi, start, throw};
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};
use std::rc::Rc;
use swan_core::api::{SetStorageOptions, StorageData, set_storage};
use swan_core::{Arg, SwanError};

const NAME: &str = "setStorage";

/// `swan.setStorage({key, data})`. Defined by hand rather than through `Api`: `data` is any
/// JavaScript value, read here (after `key`, as Baidu does) into its stored form; the rest is
/// `define`'s path (callbacks, Promise, 904 `params type error`, settling later).
pub(super) fn define_async<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let state = state.clone();
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, first: Opt<Value<'js>>| {
        let options = args::options(first.0);
        let mut callbacks = Callbacks::from_options(&ctx, NAME, options.as_ref())?;
        let returned = callbacks.promise_if_none(&ctx)?;
        let result = if callbacks.params_type_error {
            Err(SwanError::ParamsType)
        } else {
            let read: SetStorageOptions = args::read_options(&ctx, options.as_ref())?;
            let data = match &options {
                Some(o) => to_stored(&ctx, o.get("data")?)?,
                None => StorageData::Missing,
            };
            set(&state, NAME, &read.key, data)
        };
        start(
            &ctx,
            &state,
            callbacks,
            Default::default(),
            Call::Ready(result),
            ops::empty,
        )?;
        Ok::<_, rquickjs::Error>(returned)
    })?;
    swan.set(NAME, f.with_name(NAME)?)
}

/// `swan.setStorageSync(key, data)`: returns nothing, throws the failure.
pub(super) struct SetStorageSync;

impl SyncApi for SetStorageSync {
    const NAME: &'static str = "setStorageSync";

    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        args: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>> {
        let key = super::positional(&args, 0);
        let data = match args.get(1) {
            Some(v) => to_stored(ctx, v.clone())?,
            None => StorageData::Missing,
        };
        match set(state, Self::NAME, &key, data) {
            Ok(()) => Ok(Value::new_undefined(ctx.clone())),
            Err(e) => Err(throw(ctx, &e)),
        }
    }
}

fn set(state: &State, api: &'static str, key: &Arg, data: StorageData) -> Result<(), SwanError> {
    let s = &state.services;
    set_storage(&s.host, s.app_id(), api, key.as_arg(), data)
}
