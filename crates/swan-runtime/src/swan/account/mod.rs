//! Baidu's "开放接口 > 登录 / 用户信息" family: the host app's login (scripted: logged in or
//! not, and the code it hands out) and the user's profile behind `scope.userInfo`.

mod check_session;
mod get_user_info;
mod is_login_sync;
mod login;

use crate::state::State;
use crate::swan::{define, define_sync};
use rquickjs::{Ctx, Object};
use std::rc::Rc;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    define::<login::Login>(ctx, swan, state)?;
    define::<login::GetLoginCode>(ctx, swan, state)?;
    define::<check_session::CheckSession>(ctx, swan, state)?;
    define_sync::<is_login_sync::IsLoginSync>(ctx, swan, state)?;
    define::<get_user_info::GetUserInfo>(ctx, swan, state)
}
