use crate::CanvasError;

/// Resource limits. Everything that allocates in proportion to a size page code controls is
/// checked against these before allocating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest canvas or export destination, in pixels (width × height). Default 4096×4096×2
    /// (33.5 M pixels, 134 MB of RGBA): a 750×1334 poster at pixel ratio 3 (9 M pixels) fits
    /// with room, while a 100000×100000 request is refused before any allocation. Phones cap
    /// canvases in the same range (iOS Safari: 16.7 M pixels).
    pub max_pixels: u64,
    /// Largest decoded image for drawImage/createPattern, in pixels. Default 8192×8192 (a
    /// 48-megapixel phone photo fits). A canvas keeps at most twice this many decoded pixels
    /// cached.
    pub max_image_pixels: u64,
    /// Largest allocation the image decoder may make, in bytes. Default 512 MiB.
    pub max_image_alloc: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pixels: 4096 * 4096 * 2,
            max_image_pixels: 8192 * 8192,
            max_image_alloc: 512 * 1024 * 1024,
        }
    }
}

impl Limits {
    /// Refuses a zero or oversized `width`×`height`.
    pub fn check(&self, width: u32, height: u32) -> Result<(), CanvasError> {
        if width == 0 || height == 0 {
            return Err(CanvasError::ZeroSize { width, height });
        }
        if u64::from(width) * u64::from(height) > self.max_pixels {
            return Err(CanvasError::TooLarge {
                width,
                height,
                max_pixels: self.max_pixels,
            });
        }
        Ok(())
    }
}
