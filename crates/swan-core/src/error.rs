use std::fmt;
use swan_auth::AuthError;
use swan_net::DownloadError;
use swan_storage::StorageError;
use swan_store::AlbumError;

/// Every failure an API reports to page code: the only place a code and a message are decided.
///
/// `err_code()` and `err_msg()` are exactly what `fail(err)` receives. A failure caused by a lower
/// crate keeps that error as its [`source`](std::error::Error::source), for humans and logs; page
/// code never sees it.
#[derive(Debug)]
pub enum SwanError {
    /// 904: a required argument is absent.
    ArgumentRequired {
        /// The argument's name as page code spells it (`filePath`).
        name: String,
    },
    /// 904: an argument has the wrong JavaScript type.
    ArgumentType {
        /// The argument's name as page code spells it.
        name: String,
        /// The JavaScript type the message names (`"string"`).
        expected: &'static str,
    },
    /// 904: success/fail/complete given but not functions.
    ParamsType,
    /// 904: showToast without a non-empty string title (reported synchronously).
    ToastTitleRequired,
    /// 201: the path is malformed or would leave the app's directories.
    IllegalFilePath {
        /// The path as the app gave it, echoed in the message.
        path: String,
    },
    /// 1001: no such file for this app (or a network URL where a file is needed).
    FileNotFound {
        /// The path as the app gave it, echoed in the message.
        path: String,
    },
    /// 1001: the picture was refused or the album could not store it.
    CannotSaveToAlbum {
        /// The path as the app gave it, echoed in the message.
        path: String,
        /// Why: the picture's check or the album's failure, for logs only. Boxed because the
        /// album's error is large and every `Result` would carry its size.
        source: Box<AlbumError>,
    },
    /// 2001: saveFile's temp file does not exist.
    SaveFileNotFound {
        /// The `tempFilePath` as the app gave it, echoed in the message.
        path: String,
    },
    /// 2002: saved and user files would pass the app's quota.
    SaveFileOverLimit,
    /// 2003: the move failed.
    SaveFileIo {
        /// The failed filesystem call, for logs only.
        source: std::io::Error,
    },
    /// 904: getFileInfo with an algorithm other than md5 or sha1 (reported synchronously).
    InvalidDigestAlgorithm {
        /// What the app asked for (a non-string is shown as `[type]`), echoed in the message.
        algorithm: String,
    },
    /// 10001, 10003, 10005: the authorization machine said no (contract §3).
    Auth(AuthError),
    /// The download itself failed: swan-net's errors are already Baidu's pairs (202 or 1001).
    Download(DownloadError),
    /// 1001: keeping a download at `filePath` would pass the app's storage quota.
    DownloadStorageExceeded,
    /// 1001: the finished download could not be moved to `filePath`.
    DownloadKeepIo {
        /// The failed filesystem call; its text ends the message.
        source: std::io::Error,
    },
    /// 904: setStorage's `data` has no stored form (a function, a symbol, a cyclic object, a
    /// BigInt...); nothing was written.
    StorageUnstorable {
        /// The API as page code called it (`setStorage` or `setStorageSync`).
        api: &'static str,
        /// Why, in the engine's words (`a function`, `circular reference`...).
        reason: String,
    },
    /// The storage failed: 1003 when the write would pass the app's quota (the old value
    /// stays), 1001 for anything else (a damaged file, a full disk).
    Storage {
        /// The API as page code called it, which begins the message.
        api: &'static str,
        /// What the storage said.
        source: StorageError,
    },
    /// 904: an option has a value the API does not accept (`<api>:fail parameter error: …`),
    /// the form Baidu's own parameter checks take (see showToast's).
    Parameter {
        /// The API's name.
        api: &'static str,
        /// What is wrong, naming the option.
        message: String,
    },
    /// 1001 `<api>:fail cancel`: the user closed a sheet, a picker or a dialog without
    /// choosing. Baidu's Android runtime reports 1001 (执行失败) for a call that did not
    /// complete; the text is the one its runtime gives (`showActionSheet:fail cancel`).
    Cancelled {
        /// The API's name.
        api: &'static str,
    },
    /// 10004 `user not logged in`: the login family when the host app has no logged-in user
    /// (the authorization family's code, contract §3).
    NotLoggedIn,
    /// 1001: a file the user picked could not be copied into the app's temp files.
    PickedFile {
        /// The API's name.
        api: &'static str,
        /// Why, for logs and for the message's end (quota, I/O).
        reason: String,
    },
    /// 1001: a navigation refused (unknown page, tab rules, stack limit, first page). Baidu
    /// documents no code for these; 1001 is its generic failure.
    Navigation {
        /// The whole errMsg (`navigateTo:fail can not navigateTo a tabbar page`).
        message: String,
    },
    /// 202: `request` with a method Baidu does not list.
    InvalidRequestMethod {
        /// The method as the page gave it, echoed in the message.
        method: String,
    },
    /// `request` or `uploadFile` failed in swan-net: the same pairs as downloads (202 or 1001),
    /// worded for the API, plus which whitelist key to add when the project has none.
    Net {
        /// `request` or `uploadFile`.
        api: &'static str,
        /// What failed.
        error: DownloadError,
        /// Set when the host was refused by an empty whitelist.
        hint: Option<crate::api::DomainHint>,
    },
    /// 302: an API Baidu documents that this runtime does not implement (Baidu's 302 is "no
    /// native capability answers this call").
    Unsupported {
        /// The API's name (`scanCode`, `ai.ocrIdCard`).
        api: String,
    },
    /// 202: a parameter of the right type that cannot be used (Baidu's "parameter could not
    /// be parsed").
    InvalidParameter {
        /// The API's name.
        api: &'static str,
        /// What is wrong, after `<api>:fail `.
        message: String,
    },
    /// 1001: `canvasToTempFilePath` found nothing to export (no such canvas, nothing drawn
    /// yet, an area outside it) or could not write the picture.
    CanvasExport {
        /// What went wrong, after `canvasToTempFilePath:fail `.
        message: String,
    },
    /// 1001: getImageInfo's file is not a picture it can read (not an image, cut, corrupt).
    InvalidImage {
        /// The `src` as the app gave it, echoed in the message.
        src: String,
    },
}

impl SwanError {
    /// The `errCode` page code receives.
    pub fn err_code(&self) -> u32 {
        match self {
            SwanError::ArgumentRequired { .. }
            | SwanError::ArgumentType { .. }
            | SwanError::ParamsType
            | SwanError::ToastTitleRequired
            | SwanError::Parameter { .. }
            | SwanError::InvalidDigestAlgorithm { .. } => 904,
            SwanError::Cancelled { .. } | SwanError::PickedFile { .. } => 1001,
            SwanError::NotLoggedIn => 10004,
            SwanError::SaveFileNotFound { .. } => 2001,
            SwanError::SaveFileOverLimit => 2002,
            SwanError::SaveFileIo { .. } => 2003,
            SwanError::IllegalFilePath { .. } => 201,
            SwanError::FileNotFound { .. }
            | SwanError::CannotSaveToAlbum { .. }
            | SwanError::DownloadStorageExceeded
            | SwanError::DownloadKeepIo { .. }
            | SwanError::Navigation { .. }
            | SwanError::InvalidImage { .. }
            | SwanError::CanvasExport { .. } => 1001,
            SwanError::Unsupported { .. } => 302,
            SwanError::InvalidParameter { .. } => 202,
            SwanError::Auth(AuthError::Internal(_)) => 10001,
            SwanError::Auth(AuthError::UserDeny) => 10003,
            SwanError::Auth(AuthError::SystemDeny) => 10005,
            SwanError::Download(e) => e.err_code(),
            SwanError::StorageUnstorable { .. } => 904,
            // Baidu's iOS code for "超过最大存储文件大小"; Android says 1001 for every failure.
            SwanError::Storage {
                source: StorageError::QuotaExceeded { .. },
                ..
            } => 1003,
            SwanError::Storage { .. } => 1001,
            SwanError::InvalidRequestMethod { .. } => 202,
            SwanError::Net { error, .. } => error.err_code(),
        }
    }

    /// The `errMsg` page code receives (Baidu's raw texts).
    pub fn err_msg(&self) -> String {
        match self {
            SwanError::ArgumentRequired { name } => {
                format!("[jsNative Argument Error]{name} is required.")
            }
            SwanError::ArgumentType { name, expected } => {
                format!("[jsNative Argument Error]{name} type error. must be \"{expected}\"")
            }
            SwanError::ParamsType => "params type error".into(),
            SwanError::ToastTitleRequired => {
                "showToast:fail parameter error: title is required".into()
            }
            SwanError::IllegalFilePath { path } => format!("Illegal file_path : {path}"),
            SwanError::FileNotFound { path } => format!("can not find such file : {path}"),
            SwanError::CannotSaveToAlbum { path, .. } => format!("can not save to album : {path}"),
            SwanError::SaveFileNotFound { path } => {
                format!("saveFile:fail file not found : {path}")
            }
            SwanError::SaveFileOverLimit => {
                "saveFile:fail exceeded the size limit of saved files".into()
            }
            SwanError::SaveFileIo { .. } => "saveFile:fail I/O error".into(),
            SwanError::InvalidDigestAlgorithm { algorithm } => {
                format!("getFileInfo:fail parameter error: invalid digestAlgorithm \"{algorithm}\"")
            }
            // The contract fixes these texts: internal details (paths, SQL errors) are not the
            // app's business, so `Internal`'s detail stays in `source()`.
            SwanError::Auth(AuthError::Internal(_)) => "internal error".into(),
            SwanError::Auth(AuthError::UserDeny) => "user deny".into(),
            SwanError::Auth(AuthError::SystemDeny) => "system deny".into(),
            SwanError::Download(e) => e.err_msg(),
            SwanError::DownloadStorageExceeded => {
                "downloadFile:fail the maximum size of the file storage is exceeded".into()
            }
            SwanError::DownloadKeepIo { source } => format!("downloadFile:fail {source}"),
            SwanError::StorageUnstorable { api, reason } => {
                format!("{api}:fail parameter error: data cannot be stored: {reason}")
            }
            // WeChat's words for the same failure, which code written for both platforms
            // already matches on.
            SwanError::Storage {
                api,
                source: StorageError::QuotaExceeded { limit, .. },
            } => format!("{api}:fail exceed storage max size {}", megabytes(*limit)),
            // A damaged file's path and SQLite's words are the host's business, not the app's.
            SwanError::Storage { api, .. } => format!("{api}:fail storage error"),
            SwanError::Parameter { api, message } => {
                format!("{api}:fail parameter error: {message}")
            }
            SwanError::Cancelled { api } => format!("{api}:fail cancel"),
            SwanError::NotLoggedIn => "user not logged in".into(),
            SwanError::PickedFile { api, reason } => format!("{api}:fail {reason}"),
            SwanError::Navigation { message } => message.clone(),
            SwanError::InvalidRequestMethod { method } => format!(
                "request:fail method \"{method}\" is not one of {}",
                swan_net::METHODS.join(", ")
            ),
            SwanError::Net { api, error, hint } => match hint {
                Some(h) => format!(
                    "{}: add \"{}\" to {} in swan-album.json",
                    error.err_msg_for(api),
                    h.host,
                    h.key
                ),
                None => error.err_msg_for(api),
            },
            SwanError::Unsupported { api } => format!("{api}:fail not supported by swan-album"),
            SwanError::InvalidParameter { api, message } => format!("{api}:fail {message}"),
            SwanError::InvalidImage { src } => format!("getImageInfo:fail invalid image : {src}"),
            SwanError::CanvasExport { message } => format!("canvasToTempFilePath:fail {message}"),
        }
    }

    /// Whether the user (now or earlier) refused the scope.
    pub fn is_user_deny(&self) -> bool {
        matches!(self, SwanError::Auth(AuthError::UserDeny))
    }
}

impl fmt::Display for SwanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.err_code(), self.err_msg())?;
        match self {
            SwanError::CannotSaveToAlbum { source, .. } => write!(f, " ({source})"),
            SwanError::SaveFileIo { source } => write!(f, " ({source})"),
            SwanError::Auth(AuthError::Internal(detail)) => write!(f, " ({detail})"),
            SwanError::Storage { source, .. } => write!(f, " ({source})"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for SwanError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SwanError::CannotSaveToAlbum { source, .. } => Some(source.as_ref()),
            SwanError::SaveFileIo { source } | SwanError::DownloadKeepIo { source } => Some(source),
            SwanError::Auth(e) => Some(e),
            SwanError::Storage { source, .. } => Some(source),
            SwanError::Download(e) | SwanError::Net { error: e, .. } => Some(e),
            _ => None,
        }
    }
}

/// `10Mb` for Baidu's quota, as WeChat writes it; a quota that is not whole megabytes in bytes.
fn megabytes(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{}Mb", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}

impl From<AuthError> for SwanError {
    fn from(e: AuthError) -> Self {
        SwanError::Auth(e)
    }
}

impl From<DownloadError> for SwanError {
    fn from(e: DownloadError) -> Self {
        SwanError::Download(e)
    }
}
