//! `swan_canvas::ImageSource` over the app's sandbox: what `drawImage` and `createPattern`
//! name is found exactly as `saveImageToPhotosAlbum` finds a `filePath` (code-package paths,
//! `bdfile://tmp_…` temp files such as a finished download, `store_…` and `usr/…` files),
//! beneath the sandbox's directory handles.

use std::io::Read;
use swan_core::swan_sandbox::{PathError, Resolved, Sandbox};

/// The largest file read for one image: a poster's photo is a few MB; a 64 MB file is more
/// than any phone would decode for a canvas.
pub(crate) const MAX_IMAGE_BYTES: u64 = 64 << 20;

pub(crate) struct SandboxImages<'a> {
    pub sandbox: &'a Sandbox,
    /// The drawing page's folder (`pages/index`): a relative source (`../../img/a.png`, as
    /// page code writes next to its `.swan`) is relative to it, as in the page's template.
    pub page_dir: String,
}

impl SandboxImages<'_> {
    /// The swan path a source names: schemes and root-relative paths as they are, others
    /// joined to the page's folder.
    pub fn path(&self, src: &str) -> String {
        let has_scheme = src
            .split_once(':')
            .is_some_and(|(s, _)| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()));
        if has_scheme || src.starts_with('/') || self.page_dir.is_empty() {
            src.to_string()
        } else {
            format!("/{}/{src}", self.page_dir)
        }
    }
}

impl swan_canvas::ImageSource for SandboxImages<'_> {
    fn bytes(&self, src: &str) -> Result<Vec<u8>, String> {
        let path = self.path(src);
        match self.sandbox.open_file(&path) {
            Ok(Resolved::File(file)) => {
                if file.len > MAX_IMAGE_BYTES {
                    return Err(format!(
                        "{src} is {} bytes, more than the {MAX_IMAGE_BYTES} an image may have",
                        file.len
                    ));
                }
                let mut bytes = Vec::with_capacity(file.len as usize);
                file.file
                    .take(MAX_IMAGE_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("{src} could not be read: {e}"))?;
                Ok(bytes)
            }
            Ok(Resolved::Network { url }) => Err(format!(
                "{url} is a network image: a canvas draws the app's files; download it first \
                 (swan.downloadFile or swan.getImageInfo) and draw its tempFilePath"
            )),
            Err(PathError::Illegal) => Err(format!("Illegal file_path : {src}")),
            Err(PathError::NotFound | PathError::Io(_)) => {
                Err(format!("can not find such file : {src}"))
            }
        }
    }
}
