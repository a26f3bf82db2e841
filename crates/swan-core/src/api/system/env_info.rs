use super::device::DeviceProfile;
use serde_json::{Value, json};

/// `swan.getEnvInfoSync()`: Baidu's six fields for the app as this run opened it.
///
/// - `appKey` is the app's id (Baidu's App Key is what `swan-album.json` `appId` stands for);
/// - `appName` is what the host calls the app (the project's name);
/// - `lastAppURL` is the invoke URL that would open this page with this query
///   (`baiduboxapp://swan/<appKey>/<page>?<query>`), `scheme` its scheme (the device's host);
/// - `sdkVersion` is the device's `SDKVersion`;
/// - `env` is `development`: a project run from its folder is a development version, as in
///   Baidu's devtools.
pub fn env_info(
    device: &DeviceProfile,
    app_key: &str,
    app_name: &str,
    page: &str,
    query: &[(String, String)],
) -> Value {
    let scheme = device.host.as_str();
    let mut url = format!(
        "{scheme}://swan/{}/{}",
        encode(app_key),
        page.trim_start_matches('/')
    );
    for (i, (k, v)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(&encode(k));
        url.push('=');
        url.push_str(&encode(v));
    }
    json!({
        "appKey": app_key,
        "appName": app_name,
        "lastAppURL": url,
        "sdkVersion": device.sdk_version,
        "scheme": scheme,
        "env": "development",
    })
}

/// Percent-encodes everything but RFC 3986's unreserved characters (and `/` in routes).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_url() {
        let info = env_info(
            &DeviceProfile::default(),
            "demo-app",
            "demo",
            "/pages/index/index",
            &[("id".into(), "7".into()), ("q".into(), "a b&c".into())],
        );
        assert_eq!(info["appKey"], "demo-app");
        assert_eq!(
            info["lastAppURL"],
            "baiduboxapp://swan/demo-app/pages/index/index?id=7&q=a%20b%26c"
        );
        assert_eq!(info["scheme"], "baiduboxapp");
        assert_eq!(info["env"], "development");
        assert_eq!(info["sdkVersion"], "3.320.6");
    }
}
