//! One file per operation, named after the swan API it implements (its options type and its
//! rules), in one folder per API family as Baidu's API pages group them; everything is
//! re-exported flat, so `swan_core::api::save_file` is found by its name alone. A runtime reads
//! the options (see [`crate::Options`]) and calls the function.

mod account;
mod auth;
mod clipboard;
mod file;
mod image;
mod interaction;
mod location;
mod navigation;
mod network;
mod option_checks;
mod storage;
mod system;

pub use account::*;
pub use auth::*;
pub use clipboard::*;
pub use file::*;
pub use image::*;
pub use interaction::*;
pub use location::*;
pub use navigation::*;
pub use network::*;
pub use storage::*;
pub use system::*;

crate::options! {
    /// The options of an API that reads none besides its callbacks.
    pub struct NoOptions {}
}

/// The `errMsg` every success result carries: `"<apiName>:ok"`.
pub fn ok_msg(api_name: &str) -> String {
    format!("{api_name}:ok")
}
