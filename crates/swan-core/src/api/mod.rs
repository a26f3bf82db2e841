//! One file per operation, named after the swan API it implements: its options type and its
//! rules. A runtime reads the options (see [`crate::Options`]) and calls the function.

mod authorize;
mod download_file;
mod get_file_info;
mod get_setting;
mod open_app_file;
mod open_setting;
mod save_file;
mod save_image_to_photos_album;
mod show_toast;

pub use authorize::{AuthorizeOptions, authorize};
pub use download_file::{DownloadFileOptions, DownloadRequest, Fetched, download_file};
pub use get_file_info::{DigestAlgorithm, FileInfo, GetFileInfoOptions, get_file_info};
pub use get_setting::get_setting;
pub use open_setting::open_setting;
pub use save_file::{SaveFileOptions, save_file};
pub use save_image_to_photos_album::{SaveImageOptions, save_image_to_photos_album};
pub use show_toast::{DEFAULT_TOAST_DURATION_MS, ShowToastOptions, Toast, show_toast};

crate::options! {
    /// The options of an API that reads none besides its callbacks.
    pub struct NoOptions {}
}

/// The `errMsg` every success result carries: `"<apiName>:ok"`.
pub fn ok_msg(api_name: &str) -> String {
    format!("{api_name}:ok")
}
