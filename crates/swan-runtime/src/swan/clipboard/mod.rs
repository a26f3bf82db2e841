//! Baidu's "设备 > 剪贴板" family: one clipboard for the run, seeded by the scripted user's
//! `clipboard` answer and changed by setClipboardData (or a script's `user` step).

mod get_clipboard_data;
mod set_clipboard_data;

use crate::state::State;
use crate::swan::define;
use rquickjs::{Ctx, Object};
use std::rc::Rc;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    define::<set_clipboard_data::SetClipboardData>(ctx, swan, state)?;
    define::<get_clipboard_data::GetClipboardData>(ctx, swan, state)
}
