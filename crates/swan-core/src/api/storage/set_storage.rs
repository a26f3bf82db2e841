use super::{failed, storage};
use crate::{ArgValue, Host, SwanError};
use swan_storage::StoredValue;

crate::options! {
    /// `swan.setStorage`'s options as the contract reads them. `data` is any JavaScript value,
    /// so the runtime reads it itself (after `key`, as Baidu does) into a [`StorageData`].
    pub struct SetStorageOptions {
        key: "key",
    }
}

/// The `data` argument once the runtime has looked at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageData {
    /// Absent or `undefined`: Baidu's "data is required" (its own layer drops it too).
    Missing,
    /// A value with no stored form (a function or symbol, a cyclic object, a BigInt);
    /// the runtime's words for why.
    Unstorable(String),
    /// The value to keep.
    Value(StoredValue),
}

/// `swan.setStorage({key, data})` / `swan.setStorageSync(key, data)`: keeps `data` under `key`,
/// replacing any earlier value. The key is checked first (904), then the data (904), then the
/// app's 10 MB (1003, and the old value stays).
pub fn set_storage(
    host: &Host,
    app: &str,
    api: &'static str,
    key: ArgValue<'_>,
    data: StorageData,
) -> Result<(), SwanError> {
    let key = key.required_string("key")?;
    let value = match data {
        StorageData::Missing => {
            return Err(SwanError::ArgumentRequired {
                name: "data".into(),
            });
        }
        StorageData::Unstorable(reason) => {
            return Err(SwanError::StorageUnstorable { api, reason });
        }
        StorageData::Value(v) => v,
    };
    storage(host, api)?
        .set(app, key, &value)
        .map_err(failed(api))
}
