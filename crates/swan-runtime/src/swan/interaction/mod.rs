//! Baidu's "界面 > 交互反馈" family: what the page shows the user (toasts, modals, action
//! sheets, loading) and the page's own bar and information (navigation bar, setPageInfo).

mod hide_toast;
mod navigation_bar;
mod set_page_info;
mod show_action_sheet;
mod show_loading;
mod show_modal;
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
    define::<hide_toast::HideToast>(ctx, swan, state)?;
    define::<show_modal::ShowModal>(ctx, swan, state)?;
    define::<show_action_sheet::ShowActionSheet>(ctx, swan, state)?;
    define::<show_loading::ShowLoading>(ctx, swan, state)?;
    define::<show_loading::HideLoading>(ctx, swan, state)?;
    define::<navigation_bar::SetNavigationBarTitle>(ctx, swan, state)?;
    define::<navigation_bar::SetNavigationBarColor>(ctx, swan, state)?;
    define::<set_page_info::SetPageInfo>(ctx, swan, state)
}
