use crate::{Host, SwanError};
use std::collections::BTreeMap;

/// `swan.openSetting()`: `changes` is what the user did on the settings page (a headless host
/// scripts it). Only decided scopes can be flipped; the result is `authSetting` afterwards.
pub fn open_setting(
    host: &Host,
    app: &str,
    changes: &BTreeMap<String, bool>,
) -> Result<BTreeMap<String, bool>, SwanError> {
    Ok(host.authorization().open_setting(app, changes)?)
}
