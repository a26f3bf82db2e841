//! Baidu's "开放接口 > 授权 / 设置" family: the user's decisions per scope.

mod authorize;
mod get_setting;
mod open_setting;

use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::define;
use rquickjs::{Ctx, Object};
use std::collections::BTreeMap;
use std::rc::Rc;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    define::<authorize::Authorize>(ctx, swan, state)?;
    define::<get_setting::GetSetting>(ctx, swan, state)?;
    define::<open_setting::OpenSetting>(ctx, swan, state)
}

/// `{authSetting: {scope: bool}}`, the result of getSetting and openSetting.
fn auth_setting<'js>(
    ctx: &Ctx<'js>,
    settings: BTreeMap<String, bool>,
) -> rquickjs::Result<Object<'js>> {
    let map = Object::new(ctx.clone())?;
    for (scope, granted) in settings {
        map.own(&scope, granted)?;
    }
    let res = Object::new(ctx.clone())?;
    res.own("authSetting", map)?;
    Ok(res)
}
