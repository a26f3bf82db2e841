//! Resource limits applied while validating.

use crate::ImageError;

/// Upper bounds on what a single image may cost.
///
/// `max_pixels` exists because a tiny file can declare a gigantic canvas that would exhaust memory
/// in whatever later decodes it (thumbnails, viewers); refusing at save time keeps the album safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 50 * 1024 * 1024,
            max_pixels: 100_000_000,
        }
    }
}

impl Limits {
    /// Called as soon as a header yields dimensions, so an oversized canvas is refused before
    /// the rest of the file is streamed.
    pub(crate) fn check_pixels(&self, width: u32, height: u32) -> Result<(), ImageError> {
        if u64::from(width) * u64::from(height) > self.max_pixels {
            return Err(ImageError::TooManyPixels {
                width,
                height,
                limit: self.max_pixels,
            });
        }
        Ok(())
    }
}
