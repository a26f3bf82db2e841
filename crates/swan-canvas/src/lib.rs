//! A Web Canvas 2D rendering engine in plain Rust: a list of [`Call`]s (the same JSON a browser
//! can replay) drawn with tiny-skia, text shaped with rustybuzz over the machine's fonts plus an
//! embedded CJK subset, images decoded with the `image` crate, exported as PNG or JPEG.

mod canvas;
mod color;
mod error;
mod export;
mod limits;

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
        Rect { x, y, width, height }
    }
}

/// Export encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Png,
    Jpeg,
}

/// Something the developer should know (a character no font has, an image that could not be
/// decoded). Not an error: drawing goes on, as in a browser.
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
        Call { method: method.to_string(), args }
    }
}
