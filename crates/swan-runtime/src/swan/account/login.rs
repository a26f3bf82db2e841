use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{LoginOptions, login};

fn code_call(state: &State, options: LoginOptions) -> Call<String> {
    Call::Ready(login(&options, &state.user.borrow().login()))
}

fn code_result<'js>(ctx: &Ctx<'js>, code: String) -> rquickjs::Result<Object<'js>> {
    let res = Object::new(ctx.clone())?;
    res.own("code", code)?;
    Ok(res)
}

/// `swan.login({timeout})` → `{code}`: the code the host hands out, or 10004 when the host app
/// has no logged-in user.
pub(crate) struct Login;

impl Api for Login {
    const NAME: &'static str = "login";
    type Options = LoginOptions;
    type Output = String;

    fn call(state: &State, options: LoginOptions) -> Call<String> {
        code_call(state, options)
    }

    fn result<'js>(ctx: &Ctx<'js>, code: String) -> rquickjs::Result<Object<'js>> {
        code_result(ctx, code)
    }
}

/// `swan.getLoginCode({timeout})`: Baidu's newer name for login's code, same rules.
pub(crate) struct GetLoginCode;

impl Api for GetLoginCode {
    const NAME: &'static str = "getLoginCode";
    type Options = LoginOptions;
    type Output = String;

    fn call(state: &State, options: LoginOptions) -> Call<String> {
        code_call(state, options)
    }

    fn result<'js>(ctx: &Ctx<'js>, code: String) -> rquickjs::Result<Object<'js>> {
        code_result(ctx, code)
    }
}
