use super::{failed, storage};
use crate::{Host, SwanError};

/// `swan.clearStorage()` / `swan.clearStorageSync()`: forgets every key of the app (and only
/// of this app).
pub fn clear_storage(host: &Host, app: &str, api: &'static str) -> Result<(), SwanError> {
    storage(host, api)?.clear(app).map_err(failed(api))?;
    Ok(())
}
