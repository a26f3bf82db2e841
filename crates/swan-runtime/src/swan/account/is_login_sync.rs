use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::SyncApi;
use rquickjs::{Ctx, Object, Value};

/// `swan.isLoginSync()` → `{isLogin}`: whether the host app has a logged-in user, returned
/// at once (it reads no argument and cannot fail here).
pub(crate) struct IsLoginSync;

impl SyncApi for IsLoginSync {
    const NAME: &'static str = "isLoginSync";

    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        _: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>> {
        let res = Object::new(ctx.clone())?;
        res.own("isLogin", state.user.borrow().login().logged_in)?;
        Ok(res.into_value())
    }
}
