//! Baidu's "界面 > 交互反馈" family: what the page shows the user (toasts, modals, action
//! sheets, loading) and the page's own bar and information (navigation bar, setPageInfo).

mod navigation_bar;
mod set_page_info;
mod show_action_sheet;
mod show_loading;
mod show_modal;
mod show_toast;

pub use navigation_bar::{
    NavigationBarColor, SetNavigationBarColorOptions, SetNavigationBarTitleOptions, TIMING_FUNCS,
    set_navigation_bar_color, set_navigation_bar_title,
};
pub use set_page_info::{SetPageInfoOptions, set_page_info};
pub use show_action_sheet::{
    ACTION_SHEET_ITEM_COLOR, ACTION_SHEET_MAX_ITEMS, ActionSheet, SheetChoice,
    ShowActionSheetOptions, show_action_sheet,
};
pub use show_loading::{Loading, ShowLoadingOptions, show_loading};
pub use show_modal::{
    MODAL_BUTTON_TEXT_MAX, MODAL_CANCEL_COLOR, MODAL_CANCEL_TEXT, MODAL_CONFIRM_COLOR,
    MODAL_CONFIRM_TEXT, Modal, ShowModalOptions, show_modal,
};
pub use show_toast::{DEFAULT_TOAST_DURATION_MS, ShowToastOptions, Toast, show_toast};
