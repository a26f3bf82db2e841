//! One file per operation, named after the swan API it implements.

mod authorize;
mod get_file_info;
mod get_setting;
mod open_app_file;
mod open_setting;
mod save_file;
mod save_image_to_photos_album;

pub use authorize::authorize;
pub use get_file_info::{DigestAlgorithm, FileInfo, get_file_info};
pub use get_setting::get_setting;
pub use open_setting::open_setting;
pub use save_file::save_file;
pub use save_image_to_photos_album::save_image_to_photos_album;

/// The `errMsg` every success result carries: `"<apiName>:ok"`.
pub fn ok_msg(api_name: &str) -> String {
    format!("{api_name}:ok")
}
