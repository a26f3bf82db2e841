//! `project.swan.json`, the file Baidu's devtools keep beside `app.json`: the keys a run honours
//! as the devtools do, `appid` (the program's id on Baidu's platform), `setting.urlCheck`
//! (`false` is the devtools' "do not verify domains": the request, upload and download
//! whitelists are not checked; https stays required) and `appInfo.domains` (the whitelists the
//! devtools fetched from Baidu's servers: `request`, `uploadFile`, `downloadFile`), which a run
//! uses for an API whose whitelist `swan-album.json` does not give.
//!
//! Optional, and written by a tool rather than by hand, so it is read leniently where the
//! devtools themselves are: an `appid` may be a string or a number, and one that is empty or not
//! a valid app id (the devtools write `""` for a project without one) is ignored, so the id
//! comes from `swan-album.json` or the folder name as before. `setting.urlCheck` of another type
//! than a boolean is an error naming the key, like every config key read here.

use crate::error::ProjectError;
use serde::{Deserialize, Deserializer};

/// The devtools' project file, beside `app.json`.
pub const PROJECT_SWAN_JSON: &str = "project.swan.json";

/// The keys of `project.swan.json` a run reads; the many others pass.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ProjectSwanJson {
    /// `appid`, as text (a number is written in decimal); `None` when absent or empty.
    #[serde(default, deserialize_with = "appid")]
    pub appid: Option<String>,
    /// `setting`.
    #[serde(default, deserialize_with = "crate::typed_json::object")]
    pub setting: Setting,
    /// `appInfo.domains`, read leniently: entries that are not arrays of strings (the devtools
    /// write `null` for an API without domains) count as empty.
    #[serde(default, rename = "appInfo", deserialize_with = "app_info_domains")]
    pub domains: DevtoolsDomains,
}

/// The whitelists the devtools keep in `appInfo.domains`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DevtoolsDomains {
    /// `request`.
    pub request: Vec<String>,
    /// `uploadFile`.
    pub upload_file: Vec<String>,
    /// `downloadFile`.
    pub download_file: Vec<String>,
}

/// `setting` of `project.swan.json` (only what a run honours).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Setting {
    /// `urlCheck`: `Some(false)` turns the domain whitelists off.
    #[serde(default, rename = "urlCheck")]
    pub url_check: Option<bool>,
}

impl ProjectSwanJson {
    pub(crate) fn parse(bytes: &[u8]) -> Result<ProjectSwanJson, ProjectError> {
        crate::typed_json::parse(PROJECT_SWAN_JSON, bytes, expected)
    }

    /// Whether the devtools' "do not verify domains" is on (`setting.urlCheck: false`).
    pub fn url_check_off(&self) -> bool {
        self.setting.url_check == Some(false)
    }
}

/// Ids tools write for a project that has none: shared by unrelated projects, so using one
/// would make them one app (and the second refused as another project's id).
const PLACEHOLDER_IDS: &[&str] = &["testappid", "touristappid"];

/// A string or a number; anything else (null, an object) counts as absent, an empty string and
/// a placeholder ([`PLACEHOLDER_IDS`], any case) too.
fn appid<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::String(s)
            if !s.trim().is_empty()
                && !PLACEHOLDER_IDS
                    .iter()
                    .any(|p| s.trim().eq_ignore_ascii_case(p)) =>
        {
            Some(s.trim().to_string())
        }
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// `appInfo.domains.{request,uploadFile,downloadFile}`, whatever else `appInfo` holds.
fn app_info_domains<'de, D: Deserializer<'de>>(d: D) -> Result<DevtoolsDomains, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    let domains = &value["domains"];
    let list = |key: &str| -> Vec<String> {
        domains[key]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(DevtoolsDomains {
        request: list("request"),
        upload_file: list("uploadFile"),
        download_file: list("downloadFile"),
    })
}

fn expected(key: &str) -> &'static str {
    match key {
        "" => "a JSON object",
        "setting" => "an object",
        "setting.urlCheck" => "true or false",
        _ => "of another type",
    }
}
