//! Baidu's "网络" family: downloads (and, later, requests and uploads).

mod download_file;

use crate::state::State;
use rquickjs::{Ctx, Object};
use std::rc::Rc;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    download_file::install(ctx, swan, state)
}
