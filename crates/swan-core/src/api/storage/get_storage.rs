use super::{failed, storage};
use crate::{ArgValue, Host, SwanError};
use swan_storage::{JsonText, StoredValue};

crate::options! {
    /// `swan.getStorage`'s options.
    pub struct GetStorageOptions {
        key: "key",
    }
}

/// `swan.getStorage({key})` / `swan.getStorageSync(key)`: the value kept under `key`.
///
/// A key never set gives `''`: that is what `getStorageSync` returns on Baidu and WeChat, and
/// what Baidu's `getStorage` calls `success` with (its page says so under Bugs & Tips, where
/// WeChat fails with `data not found`); pages test `if (value)`, which works either way.
pub fn get_storage(
    host: &Host,
    app: &str,
    api: &'static str,
    key: ArgValue<'_>,
) -> Result<StoredValue, SwanError> {
    let key = key.required_string("key")?;
    let value = storage(host, api)?.get(app, key).map_err(failed(api))?;
    Ok(value.unwrap_or_else(empty_string))
}

fn empty_string() -> StoredValue {
    match JsonText::new("\"\"".into()) {
        Ok(text) => StoredValue::Json(text),
        // `""` is JSON; this arm is never taken.
        Err(_) => StoredValue::Date(None),
    }
}
