//! `app.json`, the program's own config: which pages exist (`pages`, `subPackages`), which are
//! tabs (`tabBar.list`), the window defaults and the network timeouts. Only the keys read here
//! are typed; the many others real programs carry pass.

use crate::error::ProjectError;
use serde::{Deserialize, Deserializer};

/// The file that makes a folder a smart-program project.
pub const APP_JSON: &str = "app.json";

/// The keys of `app.json` something here reads; a key of the wrong type is an error, never
/// silently a default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppJson {
    /// Routes, e.g. `pages/index/index`.
    #[serde(default)]
    pub pages: Vec<String>,
    /// `networkTimeout`: how long network APIs may take.
    #[serde(default, deserialize_with = "crate::typed_json::object")]
    pub network_timeout: NetworkTimeout,
    /// `subPackages`: packages loaded on demand; their routes are `root/page`.
    #[serde(default)]
    pub sub_packages: Vec<SubPackage>,
    /// `subpackages`, the lower-case spelling Baidu's devtools also accept.
    #[serde(default)]
    pub subpackages: Vec<SubPackage>,
    /// `tabBar`: only `list[].pagePath` matters without rendering (switchTab's rules).
    #[serde(default, deserialize_with = "crate::typed_json::object")]
    pub tab_bar: TabBar,
    /// `window`: kept as written (setNavigationBarTitle's defaults read it).
    #[serde(default)]
    pub window: serde_json::Map<String, serde_json::Value>,
}

/// One entry of `subPackages`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SubPackage {
    /// The folder the package's pages live in (`packageA`, or `packageA/`).
    pub root: String,
    /// Its pages, relative to `root`.
    #[serde(default)]
    pub pages: Vec<String>,
}

/// `tabBar`: the pages that are tabs.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct TabBar {
    /// `list`: one item per tab.
    #[serde(default)]
    pub list: Vec<TabItem>,
}

/// One tab of `tabBar.list`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TabItem {
    /// The tab's page route.
    pub page_path: String,
}

/// `networkTimeout`, in milliseconds as Baidu documents it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkTimeout {
    /// `downloadFile`: a download's timeout; absent means Baidu's 60 s.
    #[serde(default, deserialize_with = "milliseconds")]
    pub download_file: Option<f64>,
    /// `request`: a request's timeout; absent means Baidu's 60 s.
    #[serde(default, deserialize_with = "milliseconds")]
    pub request: Option<f64>,
    /// `uploadFile`: an upload's timeout; absent means Baidu's 60 s.
    #[serde(default, deserialize_with = "milliseconds")]
    pub upload_file: Option<f64>,
    /// `connectSocket`: read and checked so a wrong type is reported, though no socket API
    /// exists here yet.
    #[serde(default, deserialize_with = "milliseconds")]
    pub connect_socket: Option<f64>,
}

impl AppJson {
    pub(crate) fn parse(bytes: &[u8]) -> Result<AppJson, ProjectError> {
        crate::typed_json::parse(APP_JSON, bytes, expected)
    }
}

/// A number of milliseconds: finite and not negative (JSON has no NaN, but `-1` or `1e999`
/// would otherwise turn into a nonsense duration).
fn milliseconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let ms = f64::deserialize(d)?;
    if ms.is_finite() && ms >= 0.0 {
        Ok(Some(ms))
    } else {
        Err(serde::de::Error::custom("not a number of milliseconds"))
    }
}

fn expected(key: &str) -> &'static str {
    match key {
        "" => "a JSON object",
        "pages" => "an array of strings",
        "networkTimeout" | "tabBar" | "window" => "an object",
        "subPackages" | "subpackages" => "an array of {\"root\", \"pages\"} objects",
        "subPackages.root" | "subpackages.root" | "tabBar.list.pagePath" => "a string",
        "subPackages.pages" | "subpackages.pages" => "an array of strings",
        "tabBar.list" => "an array of {\"pagePath\"} objects",
        "networkTimeout.downloadFile"
        | "networkTimeout.request"
        | "networkTimeout.uploadFile"
        | "networkTimeout.connectSocket" => "a number of milliseconds (0 or more)",
        _ => "of another type",
    }
}
