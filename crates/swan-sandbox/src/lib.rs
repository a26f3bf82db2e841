//! Per-app file sandbox of the swan runtime.
//!
//! A smart program names files with swan paths (`bdfile://tmp_…`,
//! `bdfile://store_…`, `bdfile://usr/…`, code-package paths, or network URLs).
//! This crate parses them ([`SandboxPath`]) and opens them *beneath directory
//! handles* of the app's own folders ([`Sandbox`]), capability style, so that
//! `..`, symlinks and absolute host paths can never leave the app's
//! directories and one app cannot reach another's files. It also owns the
//! app's temp files and their quota ([`TempFile`]), who may act as the app
//! ([`Package`], [`Adopt`]), and keeps the data folder private (0700).
//!
//! Errors are shaped for the order in which swan reports them: network URL
//! first ([`Resolved::Network`]), then [`PathError::Illegal`], then
//! [`PathError::NotFound`].

mod app_id;
mod error;
mod identity;
mod path;
mod persist;
mod private_dir;
mod quota_lock;
mod run_lock;
mod sandbox;
mod temp;

pub use app_id::{AppId, InvalidAppId, MAX_APP_ID_LEN};
pub use error::{OpenError, PathError, TempError};
pub use identity::{Adopt, IdentityError, Package};
pub use path::SandboxPath;
pub use persist::{DEFAULT_PERSISTENT_QUOTA, Keep, PersistError};
pub use private_dir::{PRIVATE_DIR_MODE, ensure_data_dir};
pub use sandbox::{Resolved, Sandbox, SandboxFile};
pub use temp::{DEFAULT_TEMP_QUOTA, TempFile};
