//! A smart-program project as it is on disk: `app.json` (pages, networkTimeout), `app.js`,
//! `pages/<name>/<name>.js`, and our own `swan-album.json` for what a phone gets from Baidu's
//! servers (the download-domain whitelist, the app id) and what a host decides (forbidden scopes).
//! `.swan`, `.css` and page `.json` files are read by nothing: there is no rendering.
//!
//! A project may be hostile, so every file is read beneath one directory handle of the package
//! (no `..`, absolute path or symlink leads out), must be a regular file (opened without
//! blocking, so a FIFO or device cannot hang the load) and is read with a size cap
//! ([`MAX_CONFIG_BYTES`], [`MAX_SCRIPT_BYTES`]). Keys of the wrong type are errors naming the
//! file and the key; unknown keys are allowed, as real `app.json` files carry many.

#![warn(missing_docs)]

mod app_id;
mod app_json;
mod config;
mod error;
mod limits;
mod package_dir;
mod project;
mod route;
mod script;
mod typed_json;

pub use app_id::{AppIdOrigin, default_app_id};
pub use app_json::{APP_JSON, AppJson, NetworkTimeout};
pub use config::{CONFIG_FILE, SwanAlbumConfig};
pub use error::{FileKind, ProjectError};
pub use limits::{MAX_CONFIG_BYTES, MAX_SCRIPT_BYTES};
pub use project::{APP_SCRIPT, MAX_DOWNLOAD_TIMEOUT, Project};
pub use script::Script;
