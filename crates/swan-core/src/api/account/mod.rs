//! Baidu's "开放接口 > 登录 / 用户信息" family: whether the host app has a logged-in user, the
//! one-time code a page's server trades for a session, and the user's public profile (behind
//! `scope.userInfo`). The host hands out the code; a headless run scripts it.

mod get_user_info;
mod login;

pub use get_user_info::{ANONYMOUS_NICK_NAME, UserInfo, UserProfile, get_user_info};
pub use login::{LoginOptions, LoginState, check_session, login};
