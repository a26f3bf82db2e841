//! Baidu's "位置" family: where the phone is, behind `scope.userLocation`.

mod get_location;

use crate::state::State;
use crate::swan::define;
use rquickjs::{Ctx, Object};
use std::rc::Rc;

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    define::<get_location::GetLocation>(ctx, swan, state)
}
