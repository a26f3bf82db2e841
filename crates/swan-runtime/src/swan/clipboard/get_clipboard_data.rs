use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::NoOptions;

/// `swan.getClipboardData()` → `{data}`: what the run's clipboard holds now.
pub(crate) struct GetClipboardData;

impl Api for GetClipboardData {
    const NAME: &'static str = "getClipboardData";
    type Options = NoOptions;
    type Output = String;

    fn call(state: &State, _: NoOptions) -> Call<String> {
        Call::Ready(Ok(state.user.borrow().clipboard().to_string()))
    }

    fn result<'js>(ctx: &Ctx<'js>, data: String) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        res.own("data", data)?;
        Ok(res)
    }
}
