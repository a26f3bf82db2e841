//! A smart-program project as it is on disk: `app.json` (pages, networkTimeout), `app.js`,
//! `pages/<name>/<name>.js`, and our own `swan-album.json` for what a phone gets from Baidu's
//! servers (the download-domain whitelist, the app id) and what a host decides (forbidden scopes).
//! `.swan`, `.css` and page `.json` files are read by nothing: there is no rendering.

use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The name of our project config file, beside `app.json`.
pub const CONFIG_FILE: &str = "swan-album.json";
/// Baidu's cap and default for a download's timeout.
pub const MAX_DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Clone, Debug)]
pub struct Project {
    pub root: PathBuf,
    pub app_id: String,
    /// Routes listed in app.json, e.g. `pages/index/index`.
    pub pages: Vec<String>,
    /// `networkTimeout.downloadFile`, clamped to 60 s.
    pub download_timeout: Duration,
    pub download_domains: Vec<String>,
    /// Baidu's devtools "do not verify domains": skips the whitelist (https is still required).
    pub skip_domain_check: bool,
    pub forbidden_scopes: Vec<String>,
}

#[derive(Debug)]
pub enum ProjectError {
    Missing(PathBuf),
    Read(PathBuf, std::io::Error),
    Json(PathBuf, String),
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProjectError::Missing(p) => write!(
                f,
                "{} not found: is this a smart-program project?",
                p.display()
            ),
            ProjectError::Read(p, e) => write!(f, "cannot read {}: {e}", p.display()),
            ProjectError::Json(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for ProjectError {}

impl Project {
    pub fn load(root: &Path) -> Result<Project, ProjectError> {
        let app_json = read_json(&root.join("app.json"))?
            .ok_or_else(|| ProjectError::Missing(root.join("app.json")))?;
        let config = read_json(&root.join(CONFIG_FILE))?.unwrap_or(Value::Null);
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let timeout_ms = app_json["networkTimeout"]["downloadFile"].as_u64();
        Ok(Project {
            root: root.to_path_buf(),
            app_id: config["appId"]
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| default_app_id(root)),
            pages: strings(&app_json["pages"]),
            download_timeout: timeout_ms
                .map(Duration::from_millis)
                .unwrap_or(MAX_DOWNLOAD_TIMEOUT)
                .min(MAX_DOWNLOAD_TIMEOUT),
            download_domains: strings(&config["downloadDomains"]),
            skip_domain_check: config["skipDomainCheck"].as_bool().unwrap_or(false),
            forbidden_scopes: strings(&config["forbiddenScopes"]),
        })
    }

    /// The script of a page route, if the route is listed and its file exists.
    pub fn page_script(&self, route: &str) -> Option<PathBuf> {
        let route = route.trim_start_matches('/');
        if !self.pages.iter().any(|p| p == route) {
            return None;
        }
        let path = self.root.join(format!("{route}.js"));
        path.is_file().then_some(path)
    }
}

/// Without an `appId` in our config, the project folder's name (made a valid id).
fn default_app_id(root: &Path) -> String {
    let name = std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if id.is_empty() { "app".into() } else { id }
}

fn read_json(path: &Path) -> Result<Option<Value>, ProjectError> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| ProjectError::Json(path.into(), e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ProjectError::Read(path.into(), e)),
    }
}
