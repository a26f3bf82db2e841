use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use swan_auth::{AuthStore, Authorization, Authorizer, HostPolicy};
use swan_sandbox::{AppId, OpenError, Package, Sandbox};
use swan_store::{Album, AlbumOptions, RepairReport};

/// Environment variable that overrides where per-app state lives.
pub const DATA_DIR_ENV: &str = "SWAN_DATA_DIR";

/// Where per-app state (authorization decisions, temp/store/usr files) lives by default:
/// `$SWAN_DATA_DIR`, else `$XDG_DATA_HOME/swan-album`.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::BaseDirs::new()
        .map(|b| b.data_dir().join("swan-album"))
        .unwrap_or_else(|| PathBuf::from(".swan-album-data"))
}

/// Everything a host decides once: where things live and what it allows.
#[derive(Clone, Debug)]
pub struct HostConfig {
    pub album_root: PathBuf,
    pub data_dir: PathBuf,
    pub album: AlbumOptions,
    pub policy: HostPolicy,
}

impl Default for HostConfig {
    /// The user's album and data folders, a phone's album options, no forbidden scope.
    fn default() -> Self {
        HostConfig {
            album_root: swan_store::default_root(),
            data_dir: default_data_dir(),
            album: AlbumOptions::default(),
            policy: HostPolicy::default(),
        }
    }
}

/// A host: one album and one authorization state shared by every app it runs.
pub struct Host {
    album: Album,
    authorization: Authorization,
    data_dir: PathBuf,
    repair: RepairReport,
}

impl Host {
    /// Opens the album (repairing it) and the authorization store.
    ///
    /// The data folder is created 0700, or refused if it exists but another user owns it or can
    /// write to it (see [`swan_sandbox::ensure_data_dir`]).
    pub fn open(config: HostConfig, authorizer: Arc<dyn Authorizer>) -> Result<Host, HostError> {
        swan_sandbox::ensure_data_dir(&config.data_dir).map_err(HostError::Io)?;
        let (album, repair) =
            Album::open(&config.album_root, config.album).map_err(HostError::Album)?;
        let store =
            AuthStore::open(&config.data_dir.join("auth.sqlite")).map_err(HostError::Auth)?;
        Ok(Host {
            album,
            authorization: Authorization::new(store, config.policy, authorizer),
            data_dir: config.data_dir,
            repair,
        })
    }

    pub fn album(&self) -> &Album {
        &self.album
    }

    pub fn authorization(&self) -> &Authorization {
        &self.authorization
    }

    /// What opening the album repaired.
    pub fn repair_report(&self) -> RepairReport {
        self.repair
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// One app's files: its own temp, store and usr folders, plus its code package (read-only).
    ///
    /// The sandbox is also the app's identity: its id gives the grants the app acts with. So a
    /// [`Package::Project`] must own the id (bound to the first project that used it; another is
    /// refused with [`OpenError::Identity`] unless it adopts the id). A host-side call with no
    /// project code ([`Package::Host`], [`Package::None`]) neither binds nor is checked.
    pub fn sandbox(&self, app: &AppId, package: Package<'_>) -> Result<Sandbox, OpenError> {
        Sandbox::open(&self.data_dir, app, package)
    }
}

/// Why a host could not start.
#[derive(Debug)]
pub enum HostError {
    Io(std::io::Error),
    Album(swan_store::AlbumError),
    Auth(swan_auth::AuthError),
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Io(e) => write!(f, "cannot use the data folder: {e}"),
            HostError::Album(e) => write!(f, "cannot open the album: {e}"),
            HostError::Auth(e) => write!(f, "cannot open the authorization store: {e}"),
        }
    }
}

impl std::error::Error for HostError {}
