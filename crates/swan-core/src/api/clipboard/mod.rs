//! Baidu's "设备 > 剪贴板" family: the system clipboard (in a headless run, one kept for the
//! run and seeded by the scripted user).

mod set_clipboard_data;

pub use set_clipboard_data::{SetClipboardDataOptions, set_clipboard_data};
