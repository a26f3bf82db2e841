//! Baidu's "文件" family: an app's own files (`bdfile://…`, code-package paths).

mod get_file_info;
mod open_app_file;
mod save_file;

pub use get_file_info::{DigestAlgorithm, FileInfo, GetFileInfoOptions, get_file_info};
pub(crate) use open_app_file::open_app_file;
pub use save_file::{SaveFileOptions, save_file};
