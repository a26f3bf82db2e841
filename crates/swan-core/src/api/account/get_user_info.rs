use crate::{Host, SwanError};
use swan_auth::{AuthError, USER_INFO};

/// A user's public profile, as the host knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserProfile {
    /// The nickname (or the user name when none is set).
    pub nick_name: String,
    /// The avatar's URL.
    pub avatar_url: String,
    /// 0 unknown, 1 male, 2 female.
    pub gender: u8,
}

/// The nickname Baidu gives the anonymous user ("百度网友").
pub const ANONYMOUS_NICK_NAME: &str = "百度网友";

/// What getUserInfo's success carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfo {
    /// The profile, or the anonymous one.
    pub profile: UserProfile,
    /// Whether it is the anonymous user (no login, or the user said no).
    pub is_anonymous: bool,
}

impl UserInfo {
    fn anonymous() -> UserInfo {
        UserInfo {
            profile: UserProfile {
                nick_name: ANONYMOUS_NICK_NAME.into(),
                // Baidu publishes no URL for its default avatar: none is better than a made-up one.
                avatar_url: String::new(),
                gender: 0,
            },
            is_anonymous: true,
        }
    }
}

/// `swan.getUserInfo`, as Baidu documents it: "the first use prompts; if the user agrees, the
/// real data; if the user is not logged in or refuses, the default user 百度网友 and the
/// default avatar". So a refusal (now or remembered, or a host that forbids the scope) is a
/// success with `isAnonymous: true`, not a failure; with no logged-in user nobody is asked.
/// Only an authorization store that fails is an error (10001).
pub async fn get_user_info(
    host: &Host,
    app: &str,
    logged_in: bool,
    profile: &UserProfile,
) -> Result<UserInfo, SwanError> {
    if !logged_in {
        return Ok(UserInfo::anonymous());
    }
    match host.authorization().require(app, USER_INFO).await {
        Ok(()) => Ok(UserInfo {
            profile: profile.clone(),
            is_anonymous: false,
        }),
        Err(AuthError::UserDeny | AuthError::SystemDeny) => Ok(UserInfo::anonymous()),
        Err(e) => Err(e.into()),
    }
}
