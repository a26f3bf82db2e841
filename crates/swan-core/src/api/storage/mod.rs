//! Baidu's "数据缓存" family: what an app keeps between runs with `swan.setStorage` and
//! friends, per app, in the host's storage (`swan_storage`), 10 MB per app.
//!
//! Every function takes the API's name as page code called it (`setStorage` or
//! `setStorageSync`): the two forms share their rules and differ only in how a failure
//! reaches page code (callbacks or a thrown `Error`) and in the name that begins its message.

mod clear_storage;
mod get_storage;
mod get_storage_info;
mod remove_storage;
mod set_storage;

pub use clear_storage::clear_storage;
pub use get_storage::{GetStorageOptions, get_storage};
pub use get_storage_info::{StorageInfoKb, get_storage_info};
pub use remove_storage::{RemoveStorageOptions, remove_storage};
pub use set_storage::{SetStorageOptions, StorageData, set_storage};

use crate::SwanError;
use swan_storage::StorageError;

/// A storage failure as the API reports it.
fn failed(api: &'static str) -> impl FnOnce(StorageError) -> SwanError {
    move |source| SwanError::Storage { api, source }
}

/// The host's storage, opened on first use; a file that cannot be opened fails the call as any
/// storage failure does (1001 `<api>:fail storage error`; the host's message names the file).
fn storage<'h>(
    host: &'h crate::Host,
    api: &'static str,
) -> Result<&'h swan_storage::Storage, SwanError> {
    host.storage().map_err(|e| match e {
        crate::HostError::Storage { source, .. } => SwanError::Storage { api, source },
        other => SwanError::Storage {
            api,
            source: StorageError::Io(std::io::Error::other(other.to_string())),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ArgValue, Host, HostConfig};
    use std::sync::Arc;
    use swan_auth::{FixedAnswer, PromptAnswer};
    use swan_storage::{JsonText, StoredValue};

    fn host(dir: &std::path::Path) -> Host {
        let config = HostConfig::new(dir.join("album"), dir.join("data"));
        Host::open(config, Arc::new(FixedAnswer(PromptAnswer::Dismiss))).unwrap()
    }

    fn json(text: &str) -> StoredValue {
        StoredValue::Json(JsonText::new(text.into()).unwrap())
    }

    fn code_msg(e: SwanError) -> (u32, String) {
        (e.err_code(), e.err_msg())
    }

    #[test]
    fn set_get_remove_clear_info() {
        let dir = tempfile::tempdir().unwrap();
        let host = host(dir.path());
        let key = ArgValue::Str("user");
        set_storage(
            &host,
            "a",
            "setStorage",
            key,
            StorageData::Value(json("{\"id\":7}")),
        )
        .unwrap();
        assert_eq!(
            get_storage(&host, "a", "getStorage", key).unwrap(),
            json("{\"id\":7}")
        );
        // A key never set reads as '' (Baidu calls success with an empty string).
        let missing = get_storage(&host, "a", "getStorage", ArgValue::Str("nope")).unwrap();
        assert_eq!(missing, json("\"\""));
        let info = get_storage_info(&host, "a", "getStorageInfo").unwrap();
        assert_eq!(info.keys, ["user"]);
        assert_eq!(
            (info.current_size, info.limit_size),
            (1, 10240),
            "KB, rounded up"
        );
        remove_storage(&host, "a", "removeStorage", key).unwrap();
        remove_storage(&host, "a", "removeStorage", key).unwrap();
        assert_eq!(
            get_storage(&host, "a", "getStorage", key).unwrap(),
            json("\"\"")
        );
        set_storage(&host, "a", "setStorage", key, StorageData::Value(json("1"))).unwrap();
        clear_storage(&host, "a", "clearStorage").unwrap();
        let info = get_storage_info(&host, "a", "getStorageInfo").unwrap();
        assert!(info.keys.is_empty());
        assert_eq!(info.current_size, 0);
    }

    #[test]
    fn argument_errors_come_first_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let host = host(dir.path());
        let value = || StorageData::Value(json("1"));
        let e = set_storage(&host, "a", "setStorage", ArgValue::Missing, value()).unwrap_err();
        assert_eq!(
            code_msg(e),
            (904, "[jsNative Argument Error]key is required.".into())
        );
        // The key is checked before the data.
        let e = set_storage(
            &host,
            "a",
            "setStorage",
            ArgValue::Other("int"),
            StorageData::Missing,
        )
        .unwrap_err();
        assert_eq!(
            code_msg(e),
            (
                904,
                "[jsNative Argument Error]key type error. must be \"string\"".into()
            )
        );
        let e = set_storage(
            &host,
            "a",
            "setStorageSync",
            ArgValue::Str("k"),
            StorageData::Missing,
        )
        .unwrap_err();
        assert_eq!(
            code_msg(e),
            (904, "[jsNative Argument Error]data is required.".into())
        );
        let e = set_storage(
            &host,
            "a",
            "setStorageSync",
            ArgValue::Str("k"),
            StorageData::Unstorable("a function".into()),
        )
        .unwrap_err();
        assert_eq!(
            code_msg(e),
            (
                904,
                "setStorageSync:fail parameter error: data cannot be stored: a function".into()
            )
        );
        let e = get_storage(&host, "a", "getStorageSync", ArgValue::Other("boolean")).unwrap_err();
        assert_eq!(
            code_msg(e),
            (
                904,
                "[jsNative Argument Error]key type error. must be \"string\"".into()
            )
        );
        let e = remove_storage(&host, "a", "removeStorage", ArgValue::Missing).unwrap_err();
        assert_eq!(
            code_msg(e),
            (904, "[jsNative Argument Error]key is required.".into())
        );
        assert!(
            get_storage_info(&host, "a", "x").unwrap().keys.is_empty(),
            "nothing written"
        );
    }

    #[test]
    fn the_quota_is_1003_with_wechats_words_and_keeps_the_old_value() {
        let dir = tempfile::tempdir().unwrap();
        let host = host(dir.path());
        let key = ArgValue::Str("big");
        set_storage(
            &host,
            "a",
            "setStorage",
            key,
            StorageData::Value(json("\"old\"")),
        )
        .unwrap();
        let huge = json(&format!("\"{}\"", "x".repeat(10 * 1024 * 1024)));
        let e =
            set_storage(&host, "a", "setStorageSync", key, StorageData::Value(huge)).unwrap_err();
        assert_eq!(
            code_msg(e),
            (
                1003,
                "setStorageSync:fail exceed storage max size 10Mb".into()
            )
        );
        assert_eq!(
            get_storage(&host, "a", "getStorage", key).unwrap(),
            json("\"old\"")
        );
    }
}
