//! Baidu's "界面 > 交互反馈" family: what the page shows the user (toasts, ...).

mod show_toast;

pub use show_toast::{DEFAULT_TOAST_DURATION_MS, ShowToastOptions, Toast, show_toast};
