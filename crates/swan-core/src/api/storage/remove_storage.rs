use super::{failed, storage};
use crate::{ArgValue, Host, SwanError};

crate::options! {
    /// `swan.removeStorage`'s options.
    pub struct RemoveStorageOptions {
        key: "key",
    }
}

/// `swan.removeStorage({key})` / `swan.removeStorageSync(key)`: forgets `key`. Removing a key
/// that is not there succeeds, as on Baidu and WeChat.
pub fn remove_storage(
    host: &Host,
    app: &str,
    api: &'static str,
    key: ArgValue<'_>,
) -> Result<(), SwanError> {
    let key = key.required_string("key")?;
    storage(host, api)?.remove(app, key).map_err(failed(api))?;
    Ok(())
}
