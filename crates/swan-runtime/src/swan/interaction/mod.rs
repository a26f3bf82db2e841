//! Baidu's "界面 > 交互反馈" family: what the page shows the user (toasts, ...).

mod hide_toast;
mod show_toast;

use crate::state::State;
use crate::swan::define;
use rquickjs::{Ctx, Object};
use std::rc::Rc;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    define::<show_toast::ShowToast>(ctx, swan, state)?;
    define::<hide_toast::HideToast>(ctx, swan, state)
}
