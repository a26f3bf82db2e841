use crate::SwanError;
use crate::api::option_checks::optional_number;

crate::options! {
    /// `swan.login`'s (and `swan.getLoginCode`'s) options.
    pub struct LoginOptions { timeout: "timeout" }
}

/// The host app's login, as the host (or the scripted user) decides it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginState {
    /// Whether the host app has a logged-in user.
    pub logged_in: bool,
    /// The code the host hands out to `login`/`getLoginCode`.
    pub code: String,
}

/// `swan.login` / `swan.getLoginCode`: `{code}` when the host app has a logged-in user. Without
/// one, a phone shows Baidu's login page; the scripted user does not log in there, so the call
/// fails with 10004 `user not logged in` (contract §3). `timeout` must be a number when given
/// (904); the code is at hand at once, so it never runs out.
pub fn login(options: &LoginOptions, state: &LoginState) -> Result<String, SwanError> {
    optional_number(&options.timeout, "timeout")?;
    if !state.logged_in {
        return Err(SwanError::NotLoggedIn);
    }
    Ok(state.code.clone())
}

/// `swan.checkSession`: succeeds while the host app has a logged-in user (since base library
/// 3.120.9 a missing login goes to `fail`, 10004).
pub fn check_session(state: &LoginState) -> Result<(), SwanError> {
    if state.logged_in {
        Ok(())
    } else {
        Err(SwanError::NotLoggedIn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arg;

    #[test]
    fn code_only_when_logged_in() {
        let options = LoginOptions {
            timeout: Arg::Number(1000.0, "int"),
        };
        let mut state = LoginState {
            logged_in: true,
            code: "c0de".into(),
        };
        assert_eq!(login(&options, &state).unwrap(), "c0de");
        assert!(check_session(&state).is_ok());
        state.logged_in = false;
        let e = login(&options, &state).unwrap_err();
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (10004, "user not logged in")
        );
        assert!(check_session(&state).is_err());
        let bad = LoginOptions {
            timeout: Arg::Str("1s".into()),
        };
        assert_eq!(login(&bad, &state).unwrap_err().err_code(), 904);
    }
}
