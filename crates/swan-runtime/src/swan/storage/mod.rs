//! Baidu's "数据缓存" family: `setStorage`, `getStorage`, `removeStorage`, `clearStorage`,
//! `getStorageInfo` and their `Sync` forms. The rules are `swan_core::api`'s, the storage is
//! the host's (`swan_storage`); what lives here is reading arguments and [`value`], the
//! conversion between JavaScript values and the stored form.
//!
//! The async forms do their (small, indexed) SQLite work at once on the JavaScript thread and
//! deliver the result on a later loop turn, like `getSetting`: storage calls then take effect
//! in the order page code made them, so `setStorage({key, data})` followed by
//! `getStorageSync(key)` reads the new value, as it does on the phone.

mod clear_storage;
mod get_storage;
mod get_storage_info;
mod remove_storage;
mod set_storage;
mod value;

use crate::state::State;
use crate::swan::{define, define_sync};
use rquickjs::{Ctx, Object, Value};
use std::rc::Rc;
use swan_core::Arg;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    set_storage::define_async(ctx, swan, state)?;
    define_sync::<set_storage::SetStorageSync>(ctx, swan, state)?;
    define::<get_storage::GetStorage>(ctx, swan, state)?;
    define_sync::<get_storage::GetStorageSync>(ctx, swan, state)?;
    define::<remove_storage::RemoveStorage>(ctx, swan, state)?;
    define_sync::<remove_storage::RemoveStorageSync>(ctx, swan, state)?;
    define::<clear_storage::ClearStorage>(ctx, swan, state)?;
    define_sync::<clear_storage::ClearStorageSync>(ctx, swan, state)?;
    define::<get_storage_info::GetStorageInfo>(ctx, swan, state)?;
    define_sync::<get_storage_info::GetStorageInfoSync>(ctx, swan, state)
}

/// A positional argument of a `Sync` form (`getStorageSync(key)`) as the contract reads it.
fn positional(args: &[Value<'_>], index: usize) -> Arg {
    args.get(index)
        .map_or(Arg::Missing, crate::args::from_value)
}
