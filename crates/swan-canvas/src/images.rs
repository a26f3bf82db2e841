//! Decoding drawImage/createPattern sources: JPEG, PNG, GIF (first frame), WebP and BMP via the
//! `image` crate, with EXIF orientation applied as a phone's webview does (`image-orientation:
//! from-image` is the default in browsers), into premultiplied pixmaps cached per source.

use crate::{ImageSource, Limits};
use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;
use tiny_skia::{ColorU8, IntSize, Pixmap};

#[derive(Default)]
pub struct ImageCache {
    decoded: HashMap<String, Arc<Pixmap>>,
}

impl ImageCache {
    /// The decoded image for `src`, or why it could not be had (unreadable, not a picture,
    /// too large). Only successes are cached: a file that appears later (a download that
    /// finished after a first draw) is read when drawn again, as a new browser Image would be.
    pub fn get(
        &mut self,
        src: &str,
        images: &dyn ImageSource,
        limits: &Limits,
    ) -> Result<Arc<Pixmap>, String> {
        if let Some(p) = self.decoded.get(src) {
            return Ok(p.clone());
        }
        let p = Arc::new(images.bytes(src).and_then(|b| decode(&b, limits))?);
        // Keep at most two of the largest pictures' worth of pixels decoded: a page that
        // draws many photos re-decodes instead of holding them all.
        let size = |p: &Pixmap| u64::from(p.width()) * u64::from(p.height());
        let held: u64 = self.decoded.values().map(|p| size(p)).sum();
        if held + size(&p) > 2 * limits.max_image_pixels {
            self.decoded.clear();
        }
        self.decoded.insert(src.to_string(), p.clone());
        Ok(p)
    }
}

/// Decodes `bytes` into a premultiplied pixmap with EXIF orientation applied.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Pixmap, String> {
    use image::ImageDecoder;
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    if reader.format().is_none() {
        return Err("not a picture (no known image format)".into());
    }
    let mut il = image::Limits::default();
    il.max_alloc = Some(limits.max_image_alloc);
    reader.limits(il);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err("the picture has no pixels".into());
    }
    if u64::from(w) * u64::from(h) > limits.max_image_pixels {
        return Err(format!(
            "the picture is {w}x{h}, more than the limit of {} pixels",
            limits.max_image_pixels
        ));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    let rgba = img.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut data = rgba.into_raw();
    for px in data.chunks_exact_mut(4) {
        let p = ColorU8::from_rgba(px[0], px[1], px[2], px[3]).premultiply();
        px.copy_from_slice(&[p.red(), p.green(), p.blue(), p.alpha()]);
    }
    let size = IntSize::from_wh(w, h).ok_or("the picture has no pixels")?;
    Pixmap::from_vec(data, size).ok_or_else(|| "the picture is too large".to_string())
}
