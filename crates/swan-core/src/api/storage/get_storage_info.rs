use super::{failed, storage};
use crate::{Host, SwanError};

/// What `swan.getStorageInfo` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageInfoKb {
    /// Every key, in the order first set.
    pub keys: Vec<String>,
    /// KB in use, rounded up, so storage holding anything never reports 0.
    pub current_size: u64,
    /// The app's quota in KB: 10240 (Baidu's 10 MB).
    pub limit_size: u64,
}

/// `swan.getStorageInfo()` / `swan.getStorageInfoSync()`: `{keys, currentSize, limitSize}`,
/// sizes in KB as Baidu documents them. A key's size is the UTF-8 length of the key plus that
/// of its value's JSON text.
pub fn get_storage_info(
    host: &Host,
    app: &str,
    api: &'static str,
) -> Result<StorageInfoKb, SwanError> {
    let info = storage(host, api)?.info(app).map_err(failed(api))?;
    Ok(StorageInfoKb {
        keys: info.keys,
        current_size: info.current_bytes.div_ceil(1024),
        limit_size: info.limit_bytes / 1024,
    })
}
