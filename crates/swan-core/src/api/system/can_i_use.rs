use super::device::{NetworkType, system_info_fields};

/// API groups reached through an object on `swan` (`swan.ai.ocrIdCard`).
const NAMESPACES: [&str; 1] = ["ai"];

/// How a schema names a part of an API's call (`request.object.method`).
const METHODS: [&str; 6] = [
    "object", "success", "fail", "complete", "callback", "return",
];

/// The classes whose methods this runtime implements, with the API that hands them out.
const CLASSES: [(&str, &str, &[&str]); 3] = [
    (
        "UpdateManager",
        "getUpdateManager",
        &[
            "onCheckForUpdate",
            "onUpdateReady",
            "onUpdateFailed",
            "applyUpdate",
        ],
    ),
    (
        "DownloadTask",
        "downloadFile",
        &["onProgressUpdate", "offProgressUpdate", "abort"],
    ),
    ("RequestTask", "request", &["abort"]),
];

const ENV_INFO: [&str; 6] = [
    "appKey",
    "appName",
    "lastAppURL",
    "sdkVersion",
    "scheme",
    "env",
];
const MENU_BUTTON: [&str; 6] = ["width", "height", "top", "right", "bottom", "left"];
const IMAGE_INFO: [&str; 5] = ["width", "height", "path", "orientation", "type"];
const ORIENTATIONS: [&str; 8] = [
    "up",
    "up-mirrored",
    "down",
    "down-mirrored",
    "left-mirrored",
    "right",
    "right-mirrored",
    "left",
];
const IMAGE_TYPES: [&str; 8] = ["jpeg", "png", "gif", "webp", "bmp", "heic", "heif", "avif"];

/// `swan.canIUse(schema)`: whether this runtime implements what the schema names, per Baidu's
/// forms `${API}.${method}.${param}.${option}` and `${class}.${method}...`.
///
/// `is_api(name)` says whether `swan[name]` is a real implementation (not an "unsupported"
/// stub); a namespaced API is asked as `ai.name`. Beyond the API's name, a schema is true only
/// where this runtime knows the shape it vouches for: the fields of the APIs of this family
/// (`getSystemInfoSync.return.screenWidth`, `getEnvInfoSync.return.env.development`,
/// `getImageInfo.success.orientation.right`), a bare call part (`request.success`) and the
/// `errCode`/`errMsg` every failure carries. Components (`button.open-type`) are false: a
/// headless run renders none.
pub fn can_i_use(schema: &str, is_api: &dyn Fn(&str) -> bool) -> bool {
    let parts: Vec<&str> = schema.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return false;
    }
    if parts[0].starts_with(|c: char| c.is_ascii_uppercase()) {
        return class(&parts, is_api);
    }
    let (api, rest) = match parts.as_slice() {
        [ns, name, rest @ ..] if NAMESPACES.contains(ns) => (format!("{ns}.{name}"), rest),
        [name, rest @ ..] => (name.to_string(), rest),
        [] => return false,
    };
    if !is_api(&api) {
        return false;
    }
    match rest {
        [] => true,
        [method] => METHODS.contains(method),
        [method, param] => fields(&api, method).iter().any(|f| f == param),
        [method, param, option] => values(&api, method, param).contains(option),
        _ => false,
    }
}

fn class(parts: &[&str], is_api: &dyn Fn(&str) -> bool) -> bool {
    let Some((_, factory, methods)) = CLASSES.iter().find(|(c, _, _)| *c == parts[0]) else {
        return false;
    };
    is_api(factory)
        && match parts {
            [_] => true,
            [_, method] => methods.contains(method),
            _ => false,
        }
}

/// The fields a part of an API's call is known to have.
fn fields(api: &str, method: &str) -> Vec<String> {
    let list: &[&str] = match (api, method) {
        (_, "fail") => &["errCode", "errMsg"],
        ("getSystemInfoSync", "return") | ("getSystemInfo", "success") => {
            return system_info_fields();
        }
        ("getEnvInfoSync", "return") => &ENV_INFO,
        ("getNetworkType", "success") => &["networkType"],
        ("getMenuButtonBoundingClientRect", "return") => &MENU_BUTTON,
        ("onNetworkStatusChange", "callback") => &["isConnected", "networkType"],
        ("getImageInfo", "success") => &IMAGE_INFO,
        ("getImageInfo", "object") => &["src"],
        ("makePhoneCall", "object") => &["phoneNumber"],
        _ => &[],
    };
    list.iter().map(|s| s.to_string()).collect()
}

/// The values a field is known to take.
fn values(api: &str, method: &str, param: &str) -> Vec<&'static str> {
    match (api, method, param) {
        ("getEnvInfoSync", "return", "env") => vec!["development", "trial", "production"],
        ("getNetworkType", "success", "networkType")
        | ("onNetworkStatusChange", "callback", "networkType") => {
            NetworkType::ALL.iter().map(|t| t.as_str()).collect()
        }
        ("getImageInfo", "success", "orientation") => ORIENTATIONS.to_vec(),
        ("getImageInfo", "success", "type") => IMAGE_TYPES.to_vec(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(name: &str) -> bool {
        [
            "request",
            "getSystemInfoSync",
            "getEnvInfoSync",
            "getUpdateManager",
        ]
        .contains(&name)
    }

    #[test]
    fn schemas() {
        let yes = [
            "request",
            "request.success",
            "request.fail.errMsg",
            "getSystemInfoSync.return.screenWidth",
            "getSystemInfoSync.return.safeArea",
            "getEnvInfoSync.return.env.trial",
            "UpdateManager.onCheckForUpdate",
            "RequestTask.abort",
        ];
        let no = [
            "",
            "request.",
            "scanCode",
            "request.nope",
            "request.object.method.OPTIONS",
            "getSystemInfoSync.return.battery",
            "getEnvInfoSync.return.env.beta",
            "view.hover-class",
            "CanvasContext.fill",
            "DownloadTask.abort",
            "UpdateManager.onCheckForUpdate.callback.hasUpdate",
            "ai.ocrIdCard",
        ];
        for s in yes {
            assert!(can_i_use(s, &ours), "{s}");
        }
        for s in no {
            assert!(!can_i_use(s, &ours), "{s}");
        }
        assert!(can_i_use("ai.ocrIdCard.success", &|n| n == "ai.ocrIdCard"));
    }
}
