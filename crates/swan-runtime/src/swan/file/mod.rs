//! Baidu's "文件" family: an app's own files (`bdfile://…`, code-package paths).

mod get_file_info;
mod save_file;

use crate::state::State;
use crate::swan::define;
use rquickjs::{Ctx, Object};
use std::rc::Rc;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    define::<save_file::SaveFile>(ctx, swan, state)?;
    define::<get_file_info::GetFileInfo>(ctx, swan, state)
}
