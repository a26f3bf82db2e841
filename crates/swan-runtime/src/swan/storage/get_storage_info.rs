use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call, SyncApi, throw};
use rquickjs::{Ctx, Object, Value};
use swan_core::api::{NoOptions, StorageInfoKb, get_storage_info};

/// `swan.getStorageInfo()`: `{keys, currentSize, limitSize}`, sizes in KB.
pub(super) struct GetStorageInfo;

impl Api for GetStorageInfo {
    const NAME: &'static str = "getStorageInfo";
    type Options = NoOptions;
    type Output = StorageInfoKb;

    fn call(state: &State, _: NoOptions) -> Call<StorageInfoKb> {
        let s = &state.services;
        Call::Ready(get_storage_info(&s.host, s.app_id(), Self::NAME))
    }

    fn result<'js>(ctx: &Ctx<'js>, info: StorageInfoKb) -> rquickjs::Result<Object<'js>> {
        info_object(ctx, info)
    }
}

/// `swan.getStorageInfoSync()`: the same object (without `errMsg`); throws the failure.
pub(super) struct GetStorageInfoSync;

impl SyncApi for GetStorageInfoSync {
    const NAME: &'static str = "getStorageInfoSync";

    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        _: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>> {
        let s = &state.services;
        match get_storage_info(&s.host, s.app_id(), Self::NAME) {
            Ok(info) => Ok(info_object(ctx, info)?.into_value()),
            Err(e) => Err(throw(ctx, &e)),
        }
    }
}

fn info_object<'js>(ctx: &Ctx<'js>, info: StorageInfoKb) -> rquickjs::Result<Object<'js>> {
    let res = Object::new(ctx.clone())?;
    res.own("keys", info.keys)?;
    // Numbers, not BigInts: a quota in KB is far below 2^53.
    res.own("currentSize", info.current_size as f64)?;
    res.own("limitSize", info.limit_size as f64)?;
    Ok(res)
}
