use crate::{ArgValue, SwanError};
use std::io::{Read, Seek, SeekFrom};
use swan_image::Limits;
use swan_net::{AbortHandle, DownloadPolicy, Downloader};
use swan_sandbox::{PathError, Resolved, Sandbox, SandboxFile};

crate::options! {
    /// `swan.getImageInfo`'s options.
    pub struct GetImageInfoOptions { src: "src" }
}

/// What getImageInfo's success result carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// Width in px as stored (rotation not applied, as Baidu and WeChat document).
    pub width: u32,
    /// Height in px as stored.
    pub height: u32,
    /// The format's name: `jpeg`, `png`, `gif`, `webp`, `bmp`, `heic`, `heif` or `avif`.
    pub kind: &'static str,
    /// Baidu's name for the EXIF orientation (`up` when there is none).
    pub orientation: &'static str,
    /// A local path to the picture: `src` itself for an app file, the download's temp file
    /// for a network image.
    pub path: String,
}

/// Where getImageInfo reads from, once `src` passed §1.
#[derive(Debug)]
pub enum ImageSource {
    /// One of the app's files, opened.
    File(SandboxFile),
    /// A network image (Baidu downloads it first).
    Network(String),
}

/// `src` is a required string (904); an app file is opened by the rules of every file API
/// (temp, store, usr and code-package paths; 201 for an illegal path, 1001 when missing); a
/// network URL is left to [`network_image_info`].
pub fn image_source(sandbox: &Sandbox, src: ArgValue<'_>) -> Result<ImageSource, SwanError> {
    let path = src.required_string("src")?;
    match sandbox.open_file(path) {
        Ok(Resolved::Network { url }) => Ok(ImageSource::Network(url)),
        _ if matches!(src, ArgValue::IllFormed(_)) => Err(SwanError::IllegalFilePath {
            path: path.to_string(),
        }),
        Ok(Resolved::File(file)) => Ok(ImageSource::File(file)),
        Err(PathError::Illegal) => Err(SwanError::IllegalFilePath {
            path: path.to_string(),
        }),
        Err(PathError::NotFound | PathError::Io(_)) => Err(SwanError::FileNotFound {
            path: path.to_string(),
        }),
    }
}

/// `swan.getImageInfo` on one of the app's files: size, format and orientation come from
/// `swan-image`'s check, which reads the headers (and walks the structure) without decoding
/// pixels. A file that is not a complete picture is 1001 `getImageInfo:fail invalid image`.
pub fn image_info(mut file: SandboxFile) -> Result<ImageInfo, SwanError> {
    let src = file.file_path.clone();
    let unreadable = || SwanError::InvalidImage { src: src.clone() };
    let tail = tail(&mut file.file, file.len).map_err(|_| unreadable())?;
    let info = swan_image::check_stream_with_tail(
        &mut file.file,
        std::io::sink(),
        &Limits::default(),
        &tail,
    )
    .map_err(|_| unreadable())?;
    Ok(ImageInfo {
        width: info.width,
        height: info.height,
        kind: info.format.name(),
        orientation: orientation_name(info.orientation),
        path: src,
    })
}

/// `swan.getImageInfo` on a network image: downloaded first as downloadFile would (same
/// domain whitelist, https only, same errors), then read from the temp file, whose path is
/// the result's `path`. A response other than 200 is not the picture: 1001 invalid image.
/// Blocks: run it where blocking belongs.
pub fn network_image_info(
    downloader: &Downloader,
    sandbox: &Sandbox,
    policy: &DownloadPolicy,
    url: &str,
    abort: &AbortHandle,
) -> Result<ImageInfo, SwanError> {
    let done = downloader.download(sandbox, policy, url, &[], &mut |_| {}, abort)?;
    let invalid = || SwanError::InvalidImage { src: url.into() };
    if done.status_code != 200 {
        return Err(invalid());
    }
    let file = match sandbox.open_file(&done.temp_file_path) {
        Ok(Resolved::File(file)) => file,
        _ => return Err(invalid()),
    };
    let mut info = image_info(file).map_err(|_| invalid())?;
    info.path = done.temp_file_path;
    Ok(info)
}

/// The last 64 KiB (where a JPEG's EOI is), then back to the start.
fn tail(file: &mut std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    let start = len.saturating_sub(64 * 1024);
    file.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::new();
    file.by_ref().take(64 * 1024).read_to_end(&mut tail)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(tail)
}

/// EXIF orientation 1..=8 as Baidu names it; none (or a value outside 1..=8) is `up`.
pub fn orientation_name(orientation: Option<u16>) -> &'static str {
    match orientation {
        Some(2) => "up-mirrored",
        Some(3) => "down",
        Some(4) => "down-mirrored",
        Some(5) => "left-mirrored",
        Some(6) => "right",
        Some(7) => "right-mirrored",
        Some(8) => "left",
        _ => "up",
    }
}
