use super::open_app_file::open_app_file;
use crate::{ArgValue, SwanError};
use md5::Digest;
use std::io::Read;
use swan_sandbox::Sandbox;

crate::options! {
    /// `swan.getFileInfo`'s options; the algorithm is read first, as it is judged first.
    pub struct GetFileInfoOptions { digest_algorithm: "digestAlgorithm", file_path: "filePath" }
}

/// The digests getFileInfo offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestAlgorithm {
    /// `"md5"`, the default when the option is absent.
    Md5,
    /// `"sha1"`.
    Sha1,
}

impl DigestAlgorithm {
    /// Absent means md5. Anything else than md5 or sha1 is a 904 that Baidu reports
    /// synchronously, which is why this is separate from [`get_file_info`].
    pub fn parse(value: ArgValue<'_>) -> Result<DigestAlgorithm, SwanError> {
        match value {
            ArgValue::Missing | ArgValue::Str("md5") => Ok(DigestAlgorithm::Md5),
            ArgValue::Str("sha1") => Ok(DigestAlgorithm::Sha1),
            ArgValue::Str(other) | ArgValue::IllFormed(other) => {
                Err(SwanError::InvalidDigestAlgorithm {
                    algorithm: other.to_string(),
                })
            }
            ArgValue::Other(t) => Err(SwanError::InvalidDigestAlgorithm {
                algorithm: format!("[{t}]"),
            }),
        }
    }
}

/// What getFileInfo's success result carries (`size`, `digest`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// The file's length in bytes.
    pub size: u64,
    /// Lowercase hex.
    pub digest: String,
}

/// `swan.getFileInfo({filePath, digestAlgorithm})`: size and digest of one of the app's files,
/// found by the same rules as saveImageToPhotosAlbum's.
pub fn get_file_info(
    sandbox: &Sandbox,
    file_path: ArgValue<'_>,
    algorithm: DigestAlgorithm,
) -> Result<FileInfo, SwanError> {
    let mut file = open_app_file(sandbox, file_path, "filePath")?;
    let not_found = || SwanError::FileNotFound {
        path: file.file_path.clone(),
    };
    let (size, digest) = match algorithm {
        DigestAlgorithm::Md5 => digest_of::<md5::Md5>(&mut file.file),
        DigestAlgorithm::Sha1 => digest_of::<sha1::Sha1>(&mut file.file),
    }
    .map_err(|_| not_found())?;
    Ok(FileInfo { size, digest })
}

fn digest_of<D: Digest>(file: &mut std::fs::File) -> std::io::Result<(u64, String)> {
    let mut hasher = D::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    let digest = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((size, digest))
}
