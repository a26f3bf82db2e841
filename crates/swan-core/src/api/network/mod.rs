//! Baidu's "网络" family: requests, uploads and downloads.

mod download_file;
mod request;
mod upload_file;

pub use download_file::{DownloadFileOptions, DownloadRequest, Fetched, download_file};
pub use request::{
    DomainHint, REQUEST, RequestCall, RequestData, RequestOptions, RequestResult, ResponseData,
    domain_hint, request, response_data,
};
pub use upload_file::{UPLOAD_FILE, UploadFileOptions, Uploaded, upload_file};
