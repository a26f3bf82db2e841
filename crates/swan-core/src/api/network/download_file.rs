use crate::{Arg, SwanError};
use swan_net::{AbortHandle, DownloadPolicy, Downloaded, Downloader, Progress};
use swan_sandbox::{Keep, PersistError, Sandbox};

crate::options! {
    /// `swan.downloadFile`'s options.
    pub struct DownloadFileOptions {
        url: "url",
        file_path: "filePath",
        header: "header" as StringMap,
    }
}

/// A downloadFile call whose options passed §1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadRequest {
    /// The URL as given (the policy judges it).
    pub url: String,
    /// Request headers as given by page code.
    pub headers: Vec<(String, String)>,
    /// `bdfile://usr/...` to keep the download at, instead of a temp file.
    pub file_path: Option<String>,
}

impl DownloadRequest {
    /// `url` is a required string; `filePath`, when given, is a string a file name can hold.
    pub fn new(options: DownloadFileOptions) -> Result<DownloadRequest, SwanError> {
        let url = options.url.as_arg().required_string("url")?.to_string();
        let file_path = match options.file_path {
            Arg::Missing => None,
            Arg::Str(p) => Some(p),
            Arg::IllFormed(path) => return Err(SwanError::IllegalFilePath { path }),
            _ => {
                return Err(SwanError::ArgumentType {
                    name: "filePath".into(),
                    expected: "string",
                });
            }
        };
        let headers = match options.header {
            Arg::Map(headers) => headers,
            _ => Vec::new(),
        };
        Ok(DownloadRequest {
            url,
            headers,
            file_path,
        })
    }
}

/// Where a finished download ended up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// In a temp file (`tempFilePath`).
    Temp(Downloaded),
    /// Moved to the caller's `filePath` (`bdfile://usr/...`).
    User {
        /// The `bdfile://usr/...` path.
        file_path: String,
        /// The HTTP status.
        status_code: u16,
    },
}

/// `swan.downloadFile`: the download is `swan-net`'s; with `filePath` the finished temp file
/// moves to that user path (spec §4). Blocks: run it where blocking belongs.
pub fn download_file(
    downloader: &Downloader,
    sandbox: &Sandbox,
    policy: &DownloadPolicy,
    request: &DownloadRequest,
    progress: &mut dyn FnMut(Progress),
    abort: &AbortHandle,
) -> Result<Fetched, SwanError> {
    let done = downloader
        .download(
            sandbox,
            policy,
            &request.url,
            &request.headers,
            progress,
            abort,
        )
        .map_err(|e| match e {
            // Refused by an empty whitelist: the message names the key to add.
            swan_net::DownloadError::IllegalRequest => super::request::net_error(
                "downloadFile",
                policy,
                "downloadDomains",
                &request.url,
                e,
            ),
            e => SwanError::Download(e),
        })?;
    let Some(path) = request.file_path.as_deref() else {
        return Ok(Fetched::Temp(done));
    };
    match sandbox.persist_temp(&done.temp_file_path, Keep::Usr(path)) {
        Ok(file_path) => Ok(Fetched::User {
            file_path,
            status_code: done.status_code,
        }),
        Err(PersistError::Illegal | PersistError::NotFound) => {
            Err(SwanError::IllegalFilePath { path: path.into() })
        }
        Err(PersistError::OverLimit { .. }) => Err(SwanError::DownloadStorageExceeded),
        Err(PersistError::Io(source)) => Err(SwanError::DownloadKeepIo { source }),
    }
}
