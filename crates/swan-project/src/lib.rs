//! A smart-program project as it is on disk: `app.json` (pages, networkTimeout), `app.js`,
//! `pages/<name>/<name>.js`, and our own `swan-album.json` for what a phone gets from Baidu's
//! servers (the download-domain whitelist, the app id) and what a host decides (forbidden scopes).
//! `.swan`, `.css` and page `.json` files are read by nothing: there is no rendering.
//!
//! It is a crate of its own so that reading a project needs no JavaScript engine: the runtime
//! runs what [`Project`] hands it, and a host (or a linter) can load the same project and see
//! the same errors. [`Project::load`] reads both config files once
//! ([`AppJson`], [`SwanAlbumConfig`]) and settles the app id ([`AppIdOrigin`] says where it came
//! from); the scripts are read on demand ([`Project::page_script`], [`Project::script`]) as
//! [`Script`]s. Every failure is a [`ProjectError`] that names the file.
//!
//! A project may be hostile, so every file is read beneath one directory handle of the package
//! (no `..`, absolute path or symlink leads out), must be a regular file (opened without
//! blocking, so a FIFO or device cannot hang the load) and is read with a size cap
//! ([`MAX_CONFIG_BYTES`], [`MAX_SCRIPT_BYTES`]). Keys of the wrong type are errors naming the
//! file and the key; unknown keys are allowed, as real `app.json` files carry many.
//!
//! # Example
//!
//! ```
//! use swan_project::{AppIdOrigin, Project, ProjectError};
//!
//! let dir = tempfile::tempdir()?;
//! let root = dir.path().join("my.app");
//! std::fs::create_dir_all(root.join("pages/index"))?;
//! std::fs::write(root.join("app.json"), r#"{"pages": ["pages/index/index"], "window": {}}"#)?;
//! std::fs::write(root.join("pages/index/index.js"), "Page({});")?;
//!
//! let project = Project::load(&root)?;
//! // No swan-album.json: the id comes from the folder name, escaped so no two folders share one.
//! assert_eq!((project.app_id.as_str(), project.app_id_origin), ("my_2eapp", AppIdOrigin::FolderName));
//! assert_eq!(project.page_script("/pages/index/index")?.source, "Page({});");
//! // A route that climbs out of the package is refused before any file is opened.
//! assert!(matches!(
//!     project.page_script("pages/../../etc/passwd"),
//!     Err(ProjectError::BadRoute { .. })
//! ));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod app_id;
mod app_json;
mod canvas_size;
mod config;
mod error;
mod limits;
mod package_dir;
mod project;
mod project_swan_json;
mod resolve;
mod route;
mod script;
mod template;
mod typed_json;

pub use app_id::{AppIdOrigin, default_app_id};
pub use app_json::{APP_JSON, AppJson, NetworkTimeout, SubPackage, TabBar, TabItem};
pub use canvas_size::{CanvasDecl, CanvasSize, DEFAULT_CANVAS_SIZE, Screen, Side, canvases};
pub use config::{CONFIG_FILE, SwanAlbumConfig};
pub use error::{FileKind, ProjectError};
pub use limits::{MAX_CONFIG_BYTES, MAX_SCRIPT_BYTES};
pub use project::{APP_SCRIPT, MAX_DOWNLOAD_TIMEOUT, MAX_NETWORK_TIMEOUT, Project};
pub use project_swan_json::{DevtoolsDomains, PROJECT_SWAN_JSON, ProjectSwanJson, Setting};
pub use resolve::ResolveError;
pub use script::Script;
pub use template::{Attributes, tag_occurrences, template_may_match};
