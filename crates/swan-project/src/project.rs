//! A loaded project: its config, read once, and its scripts, read on demand beneath the same
//! directory handle.

use crate::app_id::{AppIdOrigin, default_app_id};
use crate::app_json::{APP_JSON, AppJson};
use crate::config::{CONFIG_FILE, SwanAlbumConfig};
use crate::error::ProjectError;
use crate::limits::{MAX_CONFIG_BYTES, MAX_SCRIPT_BYTES};
use crate::package_dir::PackageDir;
use crate::route;
use crate::script::Script;
use std::path::{Path, PathBuf};
use std::time::Duration;
use swan_sandbox::AppId;

/// Baidu's cap and default for a download's timeout.
pub const MAX_DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);
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
    /// Routes listed in app.json, e.g. `pages/index/index`.
    pub pages: Vec<String>,
    /// `networkTimeout.downloadFile`, clamped to 60 s.
    pub download_timeout: Duration,
    /// `swan-album.json` `downloadDomains`: the hosts downloads may reach.
    pub download_domains: Vec<String>,
    /// Baidu's devtools "do not verify domains": skips the whitelist (https is still required).
    pub skip_domain_check: bool,
    /// `swan-album.json` `forbiddenScopes`: scopes refused without asking.
    pub forbidden_scopes: Vec<String>,
    pub(crate) dir: PackageDir,
}

impl Project {
    /// Reads `app.json` (required) and `swan-album.json` (optional) of the project at `root`.
    pub fn load(root: &Path) -> Result<Project, ProjectError> {
        let dir = PackageDir::open(root)?;
        let app_json = dir
            .read(APP_JSON, MAX_CONFIG_BYTES)?
            .ok_or_else(|| ProjectError::NotAProject(root.join(APP_JSON)))?;
        let app_json = AppJson::parse(&app_json)?;
        route::check_listed(&app_json.pages)?;
        let config = match dir.read(CONFIG_FILE, MAX_CONFIG_BYTES)? {
            Some(bytes) => SwanAlbumConfig::parse(&bytes)?,
            None => SwanAlbumConfig::default(),
        };
        let (app_id, app_id_origin) = match config.app_id {
            Some(id) if id.parse::<AppId>().is_ok() => (id, AppIdOrigin::Declared),
            Some(_) => {
                return Err(ProjectError::Config {
                    file: CONFIG_FILE.into(),
                    key: "appId".into(),
                    expected: VALID_APP_ID,
                });
            }
            None => (folder_app_id(root)?, AppIdOrigin::FolderName),
        };
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
            pages: app_json.pages,
            download_timeout,
            download_domains: config.download_domains,
            skip_domain_check: config.skip_domain_check,
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

/// The id from the folder's real name (so `.` or a symlink to the project gives the folder's
/// own name).
fn folder_app_id(root: &Path) -> Result<String, ProjectError> {
    let real = std::fs::canonicalize(root).map_err(|e| ProjectError::Root(root.into(), e))?;
    Ok(default_app_id(real.file_name().unwrap_or_default()))
}
