use std::fmt;

/// Every failure an API reports to page code, with the spec's numbers and Baidu's raw texts.
///
/// `err_code()` and `err_msg()` are exactly what `fail(err)` receives; `Display` adds the cause
/// (`reason`) for humans and logs, which page code never sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SwanError {
    /// 904: a required argument is absent.
    ArgumentRequired { name: String },
    /// 904: an argument has the wrong JavaScript type.
    ArgumentType {
        name: String,
        expected: &'static str,
    },
    /// 904: success/fail/complete given but not functions.
    ParamsType,
    /// 201: the path is malformed or would leave the app's directories.
    IllegalFilePath { path: String },
    /// 1001: no such file for this app (or a network URL where a file is needed).
    FileNotFound { path: String },
    /// 1001: the picture was refused or the album could not store it.
    CannotSaveToAlbum { path: String, reason: String },
    /// 2001: saveFile's temp file does not exist.
    SaveFileNotFound { path: String },
    /// 2002: saved and user files would pass the app's quota.
    SaveFileOverLimit,
    /// 2003: the move failed.
    SaveFileIo { reason: String },
    /// 904: getFileInfo with an algorithm other than md5 or sha1 (reported synchronously).
    InvalidDigestAlgorithm { algorithm: String },
    /// 10001
    AuthInternal { reason: String },
    /// 10003
    UserDeny,
    /// 10005
    SystemDeny,
}

impl SwanError {
    pub fn err_code(&self) -> u32 {
        match self {
            SwanError::ArgumentRequired { .. }
            | SwanError::ArgumentType { .. }
            | SwanError::ParamsType
            | SwanError::InvalidDigestAlgorithm { .. } => 904,
            SwanError::SaveFileNotFound { .. } => 2001,
            SwanError::SaveFileOverLimit => 2002,
            SwanError::SaveFileIo { .. } => 2003,
            SwanError::IllegalFilePath { .. } => 201,
            SwanError::FileNotFound { .. } | SwanError::CannotSaveToAlbum { .. } => 1001,
            SwanError::AuthInternal { .. } => 10001,
            SwanError::UserDeny => 10003,
            SwanError::SystemDeny => 10005,
        }
    }

    pub fn err_msg(&self) -> String {
        match self {
            SwanError::ArgumentRequired { name } => {
                format!("[jsNative Argument Error]{name} is required.")
            }
            SwanError::ArgumentType { name, expected } => {
                format!("[jsNative Argument Error]{name} type error. must be \"{expected}\"")
            }
            SwanError::ParamsType => "params type error".into(),
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
            SwanError::AuthInternal { .. } => "internal error".into(),
            SwanError::UserDeny => "user deny".into(),
            SwanError::SystemDeny => "system deny".into(),
        }
    }
}

impl fmt::Display for SwanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.err_code(), self.err_msg())?;
        match self {
            SwanError::CannotSaveToAlbum { reason, .. }
            | SwanError::AuthInternal { reason }
            | SwanError::SaveFileIo { reason } => {
                write!(f, " ({reason})")
            }
            _ => Ok(()),
        }
    }
}

impl std::error::Error for SwanError {}

impl From<swan_auth::AuthError> for SwanError {
    fn from(e: swan_auth::AuthError) -> Self {
        match e {
            swan_auth::AuthError::UserDeny => SwanError::UserDeny,
            swan_auth::AuthError::SystemDeny => SwanError::SystemDeny,
            swan_auth::AuthError::Internal(reason) => SwanError::AuthInternal { reason },
        }
    }
}
