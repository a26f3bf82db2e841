//! Baidu's "网络" family: downloads (and, later, requests and uploads).

mod download_file;

pub use download_file::{DownloadFileOptions, DownloadRequest, Fetched, download_file};
