use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use swan_auth::{AuthStore, Authorization, Authorizer, HostPolicy};
use swan_sandbox::{AppId, OpenError, Package, Sandbox};
use swan_storage::{Storage, StorageError};
use swan_store::{Album, AlbumOptions, RepairReport};

/// Everything a host decides once: where things live and what it allows.
///
/// The library never guesses locations from the environment: the host (a binary) says where the
/// album and the per-app state live, so two hosts in one process cannot disagree.
#[derive(Clone, Debug)]
pub struct HostConfig {
    /// The album folder: the pictures as plain files, with the index in `.swan-album/` inside.
    pub album_root: PathBuf,
    /// Per-app state: `auth.sqlite` (the user's decisions), `storage.sqlite` (what apps keep
    /// with `swan.setStorage`) and `apps/<id>/` (temp, store and usr files). Kept private
    /// (0700), as it holds every app's files.
    pub data_dir: PathBuf,
    /// Limits and behaviour of the album (a phone's by default).
    pub album: AlbumOptions,
    /// Scopes this host forbids outright, answered without asking the user.
    pub policy: HostPolicy,
}

impl HostConfig {
    /// The album at `album_root`, per-app state (authorization decisions, temp/store/usr files)
    /// under `data_dir`, a phone's album options and no forbidden scope.
    pub fn new(album_root: impl Into<PathBuf>, data_dir: impl Into<PathBuf>) -> HostConfig {
        HostConfig {
            album_root: album_root.into(),
            data_dir: data_dir.into(),
            album: AlbumOptions::default(),
            policy: HostPolicy::default(),
        }
    }
}

/// A host: one album, one authorization state and one storage shared by every app it runs.
pub struct Host {
    album: Album,
    authorization: Authorization,
    /// Opened on first use: most runs and every `save` never touch storage, and creating its
    /// file costs several flushes (its WAL is made and extended once, see `swan-sqlite`).
    storage: OnceLock<Storage>,
    opening_storage: Mutex<()>,
    data_dir: PathBuf,
    repair: RepairReport,
}

impl Host {
    /// Opens the album (repairing it) and the authorization store; the apps' storage is opened
    /// when first used ([`Host::storage`]).
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
            storage: OnceLock::new(),
            opening_storage: Mutex::new(()),
            data_dir: config.data_dir,
            repair,
        })
    }

    /// The album every app saves into, for listing or saving outside any app.
    pub fn album(&self) -> &Album {
        &self.album
    }

    /// The §3 state machine the protected APIs go through; also reads and resets decisions.
    pub fn authorization(&self) -> &Authorization {
        &self.authorization
    }

    /// What apps keep with `swan.setStorage` and friends, per app; opened on first use. A
    /// file that cannot be opened (damaged, a newer schema) is an error each time it is asked
    /// for, and is left as it is.
    pub fn storage(&self) -> Result<&Storage, HostError> {
        if let Some(storage) = self.storage.get() {
            return Ok(storage);
        }
        let _opening = self
            .opening_storage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(storage) = self.storage.get() {
            return Ok(storage);
        }
        let path = self.data_dir.join(STORAGE_FILE);
        let storage = Storage::open(&path).map_err(|source| HostError::Storage { path, source })?;
        Ok(self.storage.get_or_init(|| storage))
    }

    /// What opening the album repaired.
    pub fn repair_report(&self) -> RepairReport {
        self.repair
    }

    /// The per-app state folder the host was opened on.
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
    /// The data folder could not be created, or is not private to this user.
    Io(std::io::Error),
    /// The album could not be opened (unreadable folder, damaged index).
    Album(swan_store::AlbumError),
    /// The authorization store could not be opened.
    Auth(swan_auth::AuthError),
    /// The apps' storage could not be opened (a damaged file is left as it is: it is the apps'
    /// data, and moving it aside is the user's decision).
    Storage {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: StorageError,
    },
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Io(e) => write!(f, "cannot use the data folder: {e}"),
            HostError::Album(e) => write!(f, "cannot open the album: {e}"),
            HostError::Auth(e) => write!(f, "cannot open the authorization store: {e}"),
            HostError::Storage { path, source } => {
                write!(
                    f,
                    "cannot open the apps' storage {}: {source}",
                    path.display()
                )?;
                if matches!(source, StorageError::Damaged(_)) {
                    write!(f, " (move the file aside to start with empty storage)")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for HostError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HostError::Storage { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The apps' storage, in the data folder.
const STORAGE_FILE: &str = "storage.sqlite";
