use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{NoOptions, UserInfo, get_user_info};

/// `swan.getUserInfo()` → `{userInfo: {nickName, avatarUrl, gender, isAnonymous}, data, iv}`:
/// the scripted profile once `scope.userInfo` is granted (the prompt runs on the blocking
/// pool); Baidu's anonymous user when refused or logged out. `data` and `iv` (the profile
/// encrypted with the app's session key on Baidu's servers) cannot be made off the phone:
/// they are empty strings, so a page that forwards them still runs.
pub(crate) struct GetUserInfo;

impl Api for GetUserInfo {
    const NAME: &'static str = "getUserInfo";
    type Options = NoOptions;
    type Output = UserInfo;

    fn call(state: &State, _: NoOptions) -> Call<UserInfo> {
        let (logged_in, profile) = {
            let user = state.user.borrow();
            (user.login().logged_in, user.profile())
        };
        let (host, app) = (
            state.services.host.clone(),
            state.services.app_id().to_string(),
        );
        Call::Blocking(Box::pin(async move {
            get_user_info(&host, &app, logged_in, &profile).await
        }))
    }

    fn result<'js>(ctx: &Ctx<'js>, info: UserInfo) -> rquickjs::Result<Object<'js>> {
        let user = Object::new(ctx.clone())?;
        user.own("nickName", info.profile.nick_name)?;
        user.own("avatarUrl", info.profile.avatar_url)?;
        user.own("gender", info.profile.gender)?;
        user.own("isAnonymous", info.is_anonymous)?;
        let res = Object::new(ctx.clone())?;
        res.own("userInfo", user)?;
        res.own("data", "")?;
        res.own("iv", "")?;
        Ok(res)
    }
}
