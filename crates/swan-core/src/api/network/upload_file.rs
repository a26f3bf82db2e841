use crate::api::file::open_app_file;
use crate::api::network::request::net_error;
use crate::{Arg, SwanError};
use std::path::Path;
use swan_net::{AbortHandle, DownloadPolicy, Downloader, UploadForm, UploadProgress};
use swan_sandbox::Sandbox;

crate::options! {
    /// `swan.uploadFile`'s options.
    pub struct UploadFileOptions {
        url: "url",
        file_path: "filePath",
        name: "name",
        header: "header" as StringMap,
        form_data: "formData" as StringMap,
    }
}

/// The API's name in messages.
pub const UPLOAD_FILE: &str = "uploadFile";

/// A finished upload: any HTTP status is a success.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uploaded {
    /// `data`: the response body as text (Baidu documents a string; invalid UTF-8 is replaced).
    pub data: String,
    /// `statusCode`.
    pub status_code: u16,
}

/// `swan.uploadFile`: checks in Baidu's order — `url` (904), `filePath` resolved as every API
/// that reads an app file resolves it (904, 1001 network URL or missing, 201 illegal), `name`
/// (904) — then POSTs the file as `multipart/form-data` through `swan-net`: `formData` fields
/// first, then the file part named `name`, with the file's own name (`tmp_….png`) and a
/// Content-Type from its extension. The page's `Content-Type` header is replaced by the
/// multipart one; `Referer`, `User-Agent` and connection headers are dropped, as for requests.
/// Blocks: run it where blocking belongs.
pub fn upload_file(
    downloader: &Downloader,
    sandbox: &Sandbox,
    policy: &DownloadPolicy,
    options: UploadFileOptions,
    progress: &mut dyn FnMut(UploadProgress),
    abort: &AbortHandle,
) -> Result<Uploaded, SwanError> {
    let url = options.url.as_arg().required_string("url")?.to_string();
    let file = open_app_file(sandbox, options.file_path.as_arg(), "filePath")?;
    let name = options.name.as_arg().required_string("name")?.to_string();
    let map = |arg: Arg| match arg {
        Arg::Map(pairs) => pairs,
        _ => Vec::new(),
    };
    let file_name = Path::new(&file.file_path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let content_type = swan_net::content_type_for(Path::new(&file_name)).to_string();
    let form = UploadForm {
        url: url.clone(),
        headers: map(options.header),
        fields: map(options.form_data),
        name,
        file_name,
        content_type,
        file: file.file,
        len: file.len,
    };
    let response = downloader
        .upload(policy, form, progress, abort)
        .map_err(|e| net_error(UPLOAD_FILE, policy, "uploadDomains", &url, e))?;
    let data = match String::from_utf8(response.body) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(Uploaded {
        data,
        status_code: response.head.status_code,
    })
}
