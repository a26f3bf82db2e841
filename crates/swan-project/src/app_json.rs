//! `app.json`, the program's own config: which pages exist and the network timeouts. Only the
//! keys read here are typed; the many others real programs carry (window, tabBar, ...) pass.

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
        "networkTimeout" => "an object",
        "networkTimeout.downloadFile"
        | "networkTimeout.request"
        | "networkTimeout.uploadFile"
        | "networkTimeout.connectSocket" => "a number of milliseconds (0 or more)",
        _ => "of another type",
    }
}
