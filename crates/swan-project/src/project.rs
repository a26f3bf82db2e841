//! A loaded project: its config, read once, and its scripts, read on demand beneath the same
//! directory handle.

use crate::app_id::{AppIdOrigin, default_app_id};
use crate::app_json::{APP_JSON, AppJson};
use crate::config::{CONFIG_FILE, SwanAlbumConfig};
use crate::error::ProjectError;
use crate::limits::{MAX_CONFIG_BYTES, MAX_SCRIPT_BYTES};
use crate::package_dir::PackageDir;
use crate::project_swan_json::{PROJECT_SWAN_JSON, ProjectSwanJson};
use crate::route;
use crate::script::Script;
use std::path::{Path, PathBuf};
use std::time::Duration;
use swan_sandbox::AppId;

/// Baidu's cap and default for a download's timeout.
pub const MAX_DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);
/// Baidu's default for `request` and `uploadFile` timeouts, also their cap here (like
/// [`MAX_DOWNLOAD_TIMEOUT`]), so one slow server cannot hold a run longer than a phone would.
pub const MAX_NETWORK_TIMEOUT: Duration = Duration::from_secs(60);
/// The program's script, run before any page (optional).
pub const APP_SCRIPT: &str = "app.js";

/// What `appId` must be, as the sandbox accepts it.
const VALID_APP_ID: &str =
    "a valid app id: 1 to 64 characters of [A-Za-z0-9_.-], not starting with \".\"";

/// A project read from disk: its settings, decided once at load, and a handle on its folder
/// from which [`Project::page_script`] and [`Project::script`] read the code.
#[derive(Clone, Debug)]
pub struct Project {
    /// The folder as given.
    pub root: PathBuf,
    /// A valid app id (it parses as `swan_sandbox::AppId`).
    pub app_id: String,
    /// Where the id came from, so a host can say why the app acts as that id.
    pub app_id_origin: AppIdOrigin,
    /// Routes listed in app.json, e.g. `pages/index/index`: `pages`, then every subpackage's
    /// pages as `root/page`.
    pub pages: Vec<String>,
    /// The routes of `tabBar.list[].pagePath` (without a leading `/`), in tab order.
    pub tab_pages: Vec<String>,
    /// app.json `window`, as written.
    pub window: serde_json::Map<String, serde_json::Value>,
    /// `networkTimeout.downloadFile`, clamped to 60 s.
    pub download_timeout: Duration,
    /// `swan-album.json` `downloadDomains` (without it, the devtools' `appInfo.domains` copy in
    /// `project.swan.json`): the hosts downloads may reach.
    pub download_domains: Vec<String>,
    /// `networkTimeout.request`, clamped to 60 s.
    pub request_timeout: Duration,
    /// `networkTimeout.uploadFile`, clamped to 60 s.
    pub upload_timeout: Duration,
    /// `swan-album.json` `requestDomains` (or the devtools' copy): the hosts `request` may reach.
    pub request_domains: Vec<String>,
    /// `swan-album.json` `uploadDomains` (or the devtools' copy): the hosts `uploadFile` may
    /// reach.
    pub upload_domains: Vec<String>,
    /// Baidu's devtools "do not verify domains": skips the whitelists (https is still
    /// required). On with `skipDomainCheck: true` in `swan-album.json` or `setting.urlCheck:
    /// false` in `project.swan.json`.
    pub skip_domain_check: bool,
    /// `swan-album.json` `forbiddenScopes`: scopes refused without asking.
    pub forbidden_scopes: Vec<String>,
    pub(crate) dir: PackageDir,
}

impl Project {
    /// Reads `app.json` (required), `swan-album.json` and the devtools' `project.swan.json`
    /// (both optional) of the project at `root`.
    pub fn load(root: &Path) -> Result<Project, ProjectError> {
        let dir = PackageDir::open(root)?;
        let app_json = dir
            .read(APP_JSON, MAX_CONFIG_BYTES)?
            .ok_or_else(|| ProjectError::NotAProject(root.join(APP_JSON)))?;
        let app_json = AppJson::parse(&app_json)?;
        let pages = all_pages(&app_json);
        route::check_listed(&pages)?;
        let tab_pages = app_json
            .tab_bar
            .list
            .iter()
            .map(|tab| tab.page_path.trim_start_matches('/').to_string())
            .collect();
        let config = match dir.read(CONFIG_FILE, MAX_CONFIG_BYTES)? {
            Some(bytes) => SwanAlbumConfig::parse(&bytes)?,
            None => SwanAlbumConfig::default(),
        };
        let devtools = match dir.read(PROJECT_SWAN_JSON, MAX_CONFIG_BYTES)? {
            Some(bytes) => ProjectSwanJson::parse(&bytes)?,
            None => ProjectSwanJson::default(),
        };
        let devtools_id = devtools
            .appid
            .clone()
            .filter(|id| id.parse::<AppId>().is_ok());
        let (app_id, app_id_origin) = match config.app_id {
            Some(id) if id.parse::<AppId>().is_ok() => (id, AppIdOrigin::Declared),
            Some(_) => {
                return Err(ProjectError::Config {
                    file: CONFIG_FILE.into(),
                    key: "appId".into(),
                    expected: VALID_APP_ID,
                });
            }
            None => match devtools_id {
                Some(id) => (id, AppIdOrigin::ProjectSwanJson),
                None => (folder_app_id(root)?, AppIdOrigin::FolderName),
            },
        };
        let timeouts = &app_json.network_timeout;
        let download_timeout = app_json
            .network_timeout
            .download_file
            .map(|ms| Duration::try_from_secs_f64(ms / 1000.0).unwrap_or(MAX_DOWNLOAD_TIMEOUT))
            .unwrap_or(MAX_DOWNLOAD_TIMEOUT)
            .min(MAX_DOWNLOAD_TIMEOUT);
        Ok(Project {
            root: root.to_path_buf(),
            app_id,
            app_id_origin,
            pages,
            tab_pages,
            window: app_json.window,
            download_timeout,
            download_domains: or_devtools(config.download_domains, &devtools.domains.download_file),
            request_timeout: network_timeout(timeouts.request),
            upload_timeout: network_timeout(timeouts.upload_file),
            request_domains: or_devtools(config.request_domains, &devtools.domains.request),
            upload_domains: or_devtools(config.upload_domains, &devtools.domains.upload_file),
            skip_domain_check: config.skip_domain_check || devtools.url_check_off(),
            forbidden_scopes: config.forbidden_scopes,
            dir,
        })
    }

    /// `app.js`, if the project has one.
    pub fn app_script(&self) -> Result<Option<Script>, ProjectError> {
        self.script(APP_SCRIPT)
    }

    /// The script of a page route (`pages/index/index` or `/pages/index/index`): the route must
    /// be listed in app.json `pages`, be a plain relative path and its `.js` file must exist
    /// inside the project.
    pub fn page_script(&self, route: &str) -> Result<Script, ProjectError> {
        let rel = route::relative(route)?;
        if !self.pages.iter().any(|p| p == rel) {
            return Err(ProjectError::PageNotListed {
                route: route.to_string(),
            });
        }
        let file = format!("{rel}.js");
        self.script(&file)?
            .ok_or_else(|| ProjectError::ScriptMissing {
                route: route.to_string(),
                file,
            })
    }

    /// Any text file of the package (a page's `.json` or `.swan`) by its path from the project
    /// root, or `None` if there is no such file. Same checks as a script.
    pub fn text(&self, path: &str) -> Result<Option<String>, ProjectError> {
        self.script(path).map(|s| s.map(|s| s.source))
    }

    /// Any script of the package by its path from the project root (`utils/util.js`), or `None`
    /// if there is no such file. Same checks as every project file; at most
    /// [`MAX_SCRIPT_BYTES`].
    pub fn script(&self, path: &str) -> Result<Option<Script>, ProjectError> {
        let rel = route::relative(path)?;
        match self.dir.read(rel, MAX_SCRIPT_BYTES)? {
            Some(bytes) => Script::decode(rel, bytes).map(Some),
            None => Ok(None),
        }
    }
}

/// `pages`, then each subpackage's pages under its root (`packageA/pages/x/x`); both spellings
/// of the key are read, as Baidu's devtools do.
fn all_pages(app_json: &AppJson) -> Vec<String> {
    let mut pages = app_json.pages.clone();
    for sub in app_json.sub_packages.iter().chain(&app_json.subpackages) {
        let root = sub.root.trim_matches('/');
        for page in &sub.pages {
            pages.push(format!("{root}/{}", page.trim_start_matches('/')));
        }
    }
    pages
}

/// A whitelist from `swan-album.json`, or when it gives none, the one the devtools fetched from
/// Baidu's servers into `project.swan.json` (the same list a phone would get).
fn or_devtools(own: Vec<String>, devtools: &[String]) -> Vec<String> {
    if own.is_empty() {
        devtools.to_vec()
    } else {
        own
    }
}

/// A `networkTimeout` entry in milliseconds as a duration: absent means, and more is cut to,
/// [`MAX_NETWORK_TIMEOUT`].
fn network_timeout(ms: Option<f64>) -> Duration {
    ms.and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok())
        .unwrap_or(MAX_NETWORK_TIMEOUT)
        .min(MAX_NETWORK_TIMEOUT)
}

/// The id from the folder's real name (so `.` or a symlink to the project gives the folder's
/// own name).
fn folder_app_id(root: &Path) -> Result<String, ProjectError> {
    let real = std::fs::canonicalize(root).map_err(|e| ProjectError::Root(root.into(), e))?;
    Ok(default_app_id(real.file_name().unwrap_or_default()))
}
