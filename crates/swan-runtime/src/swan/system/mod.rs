//! Baidu's "设备 > 系统信息 / 网络状态 / 拨打电话" and "基础" families: the device the run
//! pretends to be (`RunOptions::device`), its network, the app's environment, `nextTick` and
//! the update manager. `canIUse` is installed with the unsupported stubs, last, since it must
//! know what is real.

pub(crate) mod can_i_use;
mod env_info;
mod make_phone_call;
pub(crate) mod network;
mod next_tick;
mod system_info;
mod update_manager;

use crate::state::State;
use crate::swan::{define, define_sync};
use rquickjs::{Ctx, Object};
use std::rc::Rc;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    define::<system_info::GetSystemInfo>(ctx, swan, state)?;
    define_sync::<system_info::GetSystemInfoSync>(ctx, swan, state)?;
    define_sync::<system_info::GetMenuButtonBoundingClientRect>(ctx, swan, state)?;
    define_sync::<env_info::GetEnvInfoSync>(ctx, swan, state)?;
    define::<make_phone_call::MakePhoneCall>(ctx, swan, state)?;
    network::install(ctx, swan, state)?;
    next_tick::install(ctx, swan, state)?;
    update_manager::install(ctx, swan, state)
}
