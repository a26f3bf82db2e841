use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{NoOptions, check_session};

/// `swan.checkSession()`: success while the host app is logged in, with `result: true` for
/// pages written before base library 3.120.9 (which read it); 10004 otherwise.
pub(crate) struct CheckSession;

impl Api for CheckSession {
    const NAME: &'static str = "checkSession";
    type Options = NoOptions;
    type Output = ();

    fn call(state: &State, _: NoOptions) -> Call<()> {
        Call::Ready(check_session(&state.user.borrow().login()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        res.own("result", true)?;
        Ok(res)
    }
}
