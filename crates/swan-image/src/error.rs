//! The one error type of the crate.
//!
//! Read and Write failures are kept apart because callers react differently: a failing source means
//! the picture could not be read, a failing sink (disk full) means the album could not take it.

use crate::Format;
use std::fmt;

/// Why an image was refused or could not be streamed.
#[derive(Debug)]
pub enum ImageError {
    /// The first bytes match no accepted format.
    NotAnImage,
    /// The bytes ended before the format's structure was complete.
    Truncated(Format),
    /// The structure is broken (bad CRC, impossible length, missing required part, ...).
    Corrupt(Format, String),
    /// The source holds more than `Limits::max_bytes`; reading stopped there.
    TooLarge { limit: u64 },
    /// The declared dimensions exceed `Limits::max_pixels`.
    TooManyPixels { width: u32, height: u32, limit: u64 },
    /// Verifying the image would cost more memory or time than the check allows itself: a
    /// JPEG without EOI, whose scans are walked to tell it from a cut one (see the crate's
    /// README). Says what the limit is.
    TooCostly(Format, String),
    /// The source failed.
    Read(std::io::Error),
    /// The sink failed.
    Write(std::io::Error),
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::NotAnImage => f.write_str("not an image in an accepted format"),
            ImageError::Truncated(fmt) => write!(f, "truncated {} image", fmt.name()),
            ImageError::Corrupt(fmt, why) => write!(f, "corrupt {} image: {why}", fmt.name()),
            ImageError::TooLarge { limit } => write!(f, "image larger than {limit} bytes"),
            ImageError::TooManyPixels {
                width,
                height,
                limit,
            } => write!(f, "image of {width}x{height} exceeds {limit} pixels"),
            ImageError::TooCostly(fmt, why) => {
                write!(f, "{} image too costly to verify: {why}", fmt.name())
            }
            ImageError::Read(e) => write!(f, "reading the image failed: {e}"),
            ImageError::Write(e) => write!(f, "writing the image failed: {e}"),
        }
    }
}

impl std::error::Error for ImageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImageError::Read(e) | ImageError::Write(e) => Some(e),
            _ => None,
        }
    }
}
