//! The swan contract in plain Rust: what `swan.saveImageToPhotosAlbum` and its neighbours do once
//! their options object has been read, with the spec's error codes, in the spec's order.
//!
//! Nothing here knows about JavaScript: each API in [`api`] declares its options type with
//! [`options!`]; a runtime reads it in one step (see [`Options`]) and calls the function; a host
//! that has no JavaScript calls the functions directly. Every failure is a [`SwanError`], the
//! one place a code and a message are decided. The pieces it
//! wires together each live in their own crate: [`swan_sandbox`] (paths), [`swan_auth`]
//! (authorization), [`swan_store`] (the album) and [`swan_image`] (the image check).

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
pub use swan_store;
