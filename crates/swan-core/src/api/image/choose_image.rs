use crate::SwanError;
use crate::api::option_checks::{optional_number, optional_string_list};
use std::io::{Read, Write};
use std::path::PathBuf;
use swan_sandbox::{Sandbox, TempError};

crate::options! {
    /// `swan.chooseImage`'s options.
    pub struct ChooseImageOptions {
        count: "count",
        size_type: "sizeType" as Json,
        source_type: "sourceType" as Json,
    }
}

/// Baidu: "count 最多可以选择的图片张数, 默认 9", and a picker holds at most 9.
pub const CHOOSE_IMAGE_MAX_COUNT: usize = 9;

/// A chooseImage call whose options passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChooseImageRequest {
    /// How many pictures the user may pick (1 to 9).
    pub count: usize,
    /// `original` and/or `compressed`.
    pub size_type: Vec<String>,
    /// `album` and/or `camera`.
    pub source_type: Vec<String>,
}

impl ChooseImageRequest {
    /// `count` is a number (904 otherwise), brought within 1..=9 (a fraction is cut, 0 or less
    /// means the default 9); `sizeType` and `sourceType` are arrays of strings (904 otherwise)
    /// whose unknown values are ignored, and an empty choice means both, as Baidu documents
    /// ("默认二者都有").
    pub fn new(options: &ChooseImageOptions) -> Result<ChooseImageRequest, SwanError> {
        let count = match optional_number(&options.count, "count")? {
            Some(n) if n >= 1.0 => (n as usize).min(CHOOSE_IMAGE_MAX_COUNT),
            _ => CHOOSE_IMAGE_MAX_COUNT,
        };
        let pick = |arg, name, known: [&str; 2]| -> Result<Vec<String>, SwanError> {
            let given = optional_string_list(arg, name)?.unwrap_or_default();
            let kept: Vec<String> = known
                .iter()
                .filter(|k| given.iter().any(|g| g == *k))
                .map(|k| k.to_string())
                .collect();
            Ok(if kept.is_empty() {
                known.iter().map(|k| k.to_string()).collect()
            } else {
                kept
            })
        };
        Ok(ChooseImageRequest {
            count,
            size_type: pick(&options.size_type, "sizeType", ["original", "compressed"])?,
            source_type: pick(&options.source_type, "sourceType", ["album", "camera"])?,
        })
    }

    /// How many files the user hands over: a camera alone takes one photo.
    pub fn takes(&self) -> usize {
        if self.source_type == ["camera"] {
            1
        } else {
            self.count
        }
    }
}

/// One picked picture, now the app's temp file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChosenImage {
    /// `bdfile://tmp_…`.
    pub path: String,
    /// Bytes.
    pub size: u64,
}

/// `swan.chooseImage` once the user picked `files` (host files, the scripted picker's answer):
/// the first [`ChooseImageRequest::takes`] of them are copied into the app's temp files, named
/// after the format sniffed from their bytes, and returned in order. Picking nothing is
/// cancelling (`chooseImage:fail cancel`). A file that is not a picture could not have been
/// shown by the picker and fails the call (1001), as does a copy over the temp quota; files
/// copied before a failure stay until the run's temp files are swept. The bytes are never
/// re-encoded, even for `sizeType: ['compressed']` (a phone would shrink them). Blocks.
pub fn choose_image(
    sandbox: &Sandbox,
    request: &ChooseImageRequest,
    files: &[PathBuf],
) -> Result<Vec<ChosenImage>, SwanError> {
    let picked = &files[..files.len().min(request.takes())];
    if picked.is_empty() {
        return Err(SwanError::Cancelled { api: "chooseImage" });
    }
    picked.iter().map(|file| copy_in(sandbox, file)).collect()
}

fn fail(reason: impl Into<String>) -> SwanError {
    SwanError::PickedFile {
        api: "chooseImage",
        reason: reason.into(),
    }
}

fn copy_in(sandbox: &Sandbox, file: &PathBuf) -> Result<ChosenImage, SwanError> {
    // The host's path stays out of the message: it is none of the page's business.
    let unreadable = |_| fail("can not read the picked file");
    let mut source = std::fs::File::open(file).map_err(unreadable)?;
    let mut head = [0u8; 64];
    let mut got = 0;
    while got < head.len() {
        match source.read(&mut head[got..]).map_err(unreadable)? {
            0 => break,
            n => got += n,
        }
    }
    let format =
        swan_image::sniff(&head[..got]).ok_or_else(|| fail("the picked file is not a picture"))?;
    let over_quota = || fail("the maximum size of the file storage is exceeded");
    let mut temp = sandbox
        .create_temp(Some(format.extension()))
        .map_err(|e| match e {
            TempError::QuotaExceeded { .. } => over_quota(),
            _ => fail("can not write the temp file"),
        })?;
    let write = |temp: &mut swan_sandbox::TempFile, bytes: &[u8]| {
        temp.write_all(bytes).map_err(|e| {
            if TempError::is_quota_exceeded(&e) {
                over_quota()
            } else {
                fail("can not write the temp file")
            }
        })
    };
    write(&mut temp, &head[..got])?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = source.read(&mut buf).map_err(unreadable)?;
        if n == 0 {
            break;
        }
        write(&mut temp, &buf[..n])?;
    }
    let size = temp.len();
    let path = temp
        .commit()
        .map_err(|_| fail("can not write the temp file"))?;
    Ok(ChosenImage { path, size })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arg;
    use serde_json::json;

    #[test]
    fn options_settle() {
        let r = ChooseImageRequest::new(&ChooseImageOptions {
            count: Arg::Number(20.0, "int"),
            size_type: Arg::Json(json!(["compressed", "huge"])),
            source_type: Arg::Json(json!(["camera"])),
        })
        .unwrap();
        assert_eq!(r.count, 9);
        assert_eq!(r.size_type, ["compressed"]);
        assert_eq!(r.takes(), 1);
        let r = ChooseImageRequest::new(&ChooseImageOptions {
            count: Arg::Missing,
            size_type: Arg::Missing,
            source_type: Arg::Json(json!([])),
        })
        .unwrap();
        assert_eq!((r.count, r.source_type.len()), (9, 2));
        let e = ChooseImageRequest::new(&ChooseImageOptions {
            count: Arg::Str("3".into()),
            size_type: Arg::Missing,
            source_type: Arg::Missing,
        })
        .unwrap_err();
        assert_eq!(
            e.err_msg(),
            "[jsNative Argument Error]count type error. must be \"number\""
        );
    }
}
