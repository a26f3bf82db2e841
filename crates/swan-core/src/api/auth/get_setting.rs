use crate::{Host, SwanError};
use std::collections::BTreeMap;

/// `swan.getSetting()`: `authSetting` lists only scopes the user has decided.
pub fn get_setting(host: &Host, app: &str) -> Result<BTreeMap<String, bool>, SwanError> {
    Ok(host.authorization().get_setting(app)?)
}
