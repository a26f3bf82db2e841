use std::fmt;

/// A resource problem: the only kind of failure `Canvas` reports as an error. Bad drawing
/// arguments are ignored (as browsers ignore them) and undecodable images become `Notice`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CanvasError {
    /// Width or height is zero (a canvas or an export destination must have pixels).
    ZeroSize { width: u32, height: u32 },
    /// width × height exceeds `Limits::max_pixels` (a memory bomb such as 100000×100000).
    TooLarge {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    /// The export rectangle has no area inside the canvas or is not finite.
    BadRect(String),
    /// Encoding the exported picture failed (or writing it to the sink did).
    Encode(String),
}

impl fmt::Display for CanvasError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CanvasError::ZeroSize { width, height } => {
                write!(f, "canvas size {width}x{height} has no pixels")
            }
            CanvasError::TooLarge {
                width,
                height,
                max_pixels,
            } => write!(
                f,
                "canvas size {width}x{height} exceeds the limit of {max_pixels} pixels"
            ),
            CanvasError::BadRect(m) => write!(f, "bad export rectangle: {m}"),
            CanvasError::Encode(m) => write!(f, "cannot encode the picture: {m}"),
        }
    }
}

impl std::error::Error for CanvasError {}
