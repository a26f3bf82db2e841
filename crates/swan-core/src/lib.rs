//! The swan contract in plain Rust: what `swan.saveImageToPhotosAlbum` and its neighbours do once
//! their options object has been read, with the spec's error codes, in the spec's order.
//!
//! It exists so that the rules live in one place, whoever calls them: a JavaScript runtime
//! (`swan-runtime`) or a host with no JavaScript at all. Nothing here knows about JavaScript:
//! each API in [`api`] declares its options type with [`options!`]; a runtime reads it in one
//! step (see [`Options`]) and calls the function; a host calls the functions directly. Every
//! failure is a [`SwanError`], the one place a code and a message are decided.
//!
//! A host starts by opening a [`Host`] on folders it chooses ([`HostConfig`]; nothing is read
//! from the environment) with its own [`Authorizer`](swan_auth::Authorizer), the way it asks its
//! user. Then, for each app, it opens a [`Sandbox`](swan_sandbox::Sandbox) with
//! [`Host::sandbox`]: the app's files and its identity. The pieces it wires together each live
//! in their own crate: [`swan_sandbox`] (paths), [`swan_auth`] (authorization), [`swan_store`]
//! (the album) and [`swan_image`] (the image check). `examples/host.rs` is a complete host.
//!
//! # Example
//!
//! An app saves a picture it wrote to a temp file; the user (here a scripted one) allows it.
//!
//! ```
//! use std::io::Write;
//! use std::sync::Arc;
//! use swan_core::api::save_image_to_photos_album;
//! use swan_core::swan_auth::{FixedAnswer, PromptAnswer};
//! use swan_core::swan_sandbox::Package;
//! use swan_core::{ArgValue, Host, HostConfig};
//!
//! let dir = tempfile::tempdir()?;
//! let config = HostConfig::new(dir.path().join("album"), dir.path().join("data"));
//! let host = Host::open(config, Arc::new(FixedAnswer(PromptAnswer::Allow)))?;
//! let sandbox = host.sandbox(&"demo".parse()?, Package::None)?;
//!
//! // The smallest GIF: 1×1, one colour.
//! let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b";
//! let mut temp = sandbox.create_temp(Some("gif"))?;
//! temp.write_all(gif)?;
//! let file_path = temp.commit()?; // `bdfile://tmp_…`, as page code would get it
//!
//! let save = save_image_to_photos_album(&host, &sandbox, ArgValue::Str(&file_path));
//! let saved = tokio::runtime::Builder::new_current_thread().build()?.block_on(save)?;
//! assert_eq!(saved.entry.app_id.as_deref(), Some("demo"));
//! assert_eq!(std::fs::read(host.album().path_of(&saved.entry))?, gif);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub mod api;
mod args;
mod error;
mod host;

pub use args::{Arg, ArgValue, FieldKind, Options};
pub use error::SwanError;
pub use host::{Host, HostConfig, HostError};

pub use swan_auth;
pub use swan_image;
pub use swan_net;
pub use swan_sandbox;
pub use swan_storage;
pub use swan_store;
