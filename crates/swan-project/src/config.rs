//! `swan-album.json`: what a phone gets from Baidu's servers (the app id, the request, upload and
//! download domain whitelists) and what a host decides (forbidden scopes). Optional; absent means
//! defaults.

use crate::error::ProjectError;
use serde::Deserialize;

/// The name of our project config file, beside `app.json`.
pub const CONFIG_FILE: &str = "swan-album.json";

/// The keys of `swan-album.json` we read; others are allowed and ignored. A key of the wrong
/// type is an error, never silently a default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SwanAlbumConfig {
    /// Used as is (it must be a valid app id); without it the folder name gives the id.
    pub app_id: Option<String>,
    /// The download-domain whitelist a phone gets from Baidu's servers (`downloadFile`).
    #[serde(default)]
    pub download_domains: Vec<String>,
    /// The request-domain whitelist (`request`), Baidu's "request 合法域名".
    #[serde(default)]
    pub request_domains: Vec<String>,
    /// The upload-domain whitelist (`uploadFile`), Baidu's "uploadFile 合法域名".
    #[serde(default)]
    pub upload_domains: Vec<String>,
    /// Baidu's devtools "do not verify domains": skips the whitelist (https is still required).
    #[serde(default)]
    pub skip_domain_check: bool,
    /// Scopes the host refuses for this program without asking (`system deny`).
    #[serde(default)]
    pub forbidden_scopes: Vec<String>,
}

impl SwanAlbumConfig {
    pub(crate) fn parse(bytes: &[u8]) -> Result<SwanAlbumConfig, ProjectError> {
        crate::typed_json::parse(CONFIG_FILE, bytes, expected)
    }
}

fn expected(key: &str) -> &'static str {
    match key {
        "" => "a JSON object",
        "appId" => "a string",
        "downloadDomains" | "requestDomains" | "uploadDomains" | "forbiddenScopes" => {
            "an array of strings"
        }
        "skipDomainCheck" => "true or false",
        _ => "of another type",
    }
}
