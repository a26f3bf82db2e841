//! A Web Canvas 2D rendering engine in plain Rust: a list of [`Call`]s (the same JSON a browser
//! can replay) drawn with tiny-skia, text shaped with rustybuzz over the machine's fonts plus an
//! embedded CJK subset, images decoded with the `image` crate, exported as PNG or JPEG.
//!
//! Browser conventions it follows (checked against headless Chromium on Linux):
//! - pixels are premultiplied 8-bit sRGB, blended without gamma; pixel centres at +0.5;
//! - fills and clips get exact-area anti-aliasing (`coverage.rs`), as Skia's analytic AA;
//!   Chromium flattens curves a little inside the true curve, so circle edges come out a
//!   few percent lighter there than here;
//! - `sans-serif`/`serif`/`monospace` resolve as Chromium's defaults do through fontconfig
//!   (Arial → Liberation Sans, Times New Roman → Liberation Serif, DejaVu Sans Mono), text is
//!   positioned at subpixel x on a whole-pixel baseline, `top`/`middle`/`bottom` baselines come
//!   from the OS/2 em box, bold without a bold face is synthesized as Skia does; glyphs are
//!   drawn unhinted (FreeType's slight hinting in Chromium moves edges by a fraction of a pixel);
//! - shadows use a Gaussian of σ = shadowBlur / 2, unaffected by the transform;
//! - JPEG export turns transparency black, as `toDataURL("image/jpeg")`;
//! - Chinese family names (PingFang SC, Microsoft YaHei, Hiragino Sans GB, …) map to the
//!   machine's CJK sans font, else the embedded Noto Sans SC subset, so posters look as on a
//!   phone (Latin in those families uses that font's Latin, as PingFang's would).
mod canvas;
mod color;
mod coverage;
mod error;
mod export;
mod images;
mod limits;
mod path;
mod shadow;
mod state;
mod style;
mod text;

pub use canvas::Canvas;
pub use error::CanvasError;
pub use limits::Limits;

use serde::{Deserialize, Serialize};

/// A rectangle in canvas pixels (used for export).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, width: f32, height: f32) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }
}

/// Export encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Png,
    Jpeg,
}

/// Something the developer should know. Not an error: drawing goes on, as in a browser.
///
/// `what` is one of:
/// - `"missingGlyphs"`: characters no font on the machine nor the embedded CJK font has; the
///   message names each, e.g. `'𠀀' (U+20000)`. They are drawn as the font's missing-glyph box.
/// - `"badImage"`: a drawImage/pattern source that could not be read or is not a picture
///   (or exceeds the decode limits); the message names the source and why. Nothing is drawn.
/// - `"unsupportedCall"`: a method this engine does not know; it is skipped.
///
/// Each distinct notice is reported once per `Canvas::run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub what: &'static str,
    pub message: String,
}

/// Where drawImage/createPattern images come from: the caller resolves a source string (a
/// package path, bdfile://…, a downloaded temp file) to bytes; the crate decodes them (JPEG,
/// PNG, GIF first frame, WebP, BMP) and applies EXIF orientation, caching per source.
pub trait ImageSource {
    fn bytes(&self, src: &str) -> Result<Vec<u8>, String>;
}

/// An `ImageSource` that has no images (every source is unreadable).
pub struct NoImages;

impl ImageSource for NoImages {
    fn bytes(&self, src: &str) -> Result<Vec<u8>, String> {
        Err(format!("no image source for {src}"))
    }
}

/// One Canvas 2D call, as JSON-able data so that the same list can be replayed in a browser.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Call {
    pub method: String,
    pub args: Vec<serde_json::Value>,
}

impl Call {
    pub fn new(method: &str, args: Vec<serde_json::Value>) -> Call {
        Call {
            method: method.to_string(),
            args,
        }
    }
}
