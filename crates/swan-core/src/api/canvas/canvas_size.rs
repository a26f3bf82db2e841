//! A canvas's size in device pixels, and the `--canvas ID=WxH` override of the size its page
//! declares.

use std::fmt;
use std::str::FromStr;

/// `--canvas ID=WxH`: canvas `ID` (its `canvas-id` or `id`) is `W`×`H` CSS px, whatever its
/// template and stylesheets say (for a size only rendering could know: `100%`, `{{w}}px`).
#[derive(Clone, Debug, PartialEq)]
pub struct CanvasOverride {
    /// `canvas-id` or `id`.
    pub id: String,
    /// CSS px, above 0.
    pub width: f64,
    /// CSS px, above 0.
    pub height: f64,
}

impl fmt::Display for CanvasOverride {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}x{}", self.id, self.width, self.height)
    }
}

/// Reads `ID=WxH` (`poster=375x667`, `c=187.5x100`): a non-empty id, then two finite sizes
/// above 0 and at most 100000 px.
pub fn parse_canvas_override(s: &str) -> Result<CanvasOverride, String> {
    let (id, size) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("{s:?} is not ID=WxH (e.g. poster=375x667)"))?;
    if id.is_empty() {
        return Err(format!("{s:?} has no canvas id before '='"));
    }
    let (w, h) = size
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("{size:?} is not WxH (e.g. 375x667)"))?;
    let side = |v: &str| {
        f64::from_str(v.trim())
            .ok()
            .filter(|n| n.is_finite() && *n > 0.0 && *n <= 100_000.0)
            .ok_or_else(|| format!("{v:?} is not a size in CSS px above 0 and at most 100000"))
    };
    Ok(CanvasOverride {
        id: id.to_string(),
        width: side(w)?,
        height: side(h)?,
    })
}

/// The device pixels of `css` px at `pixel_ratio`, as a phone sizes a canvas's backing store:
/// rounded, at least 1 for any size above 0, and 0 for 0 or a size that is not finite (which
/// the canvas then refuses).
pub fn device_pixels(css: f64, pixel_ratio: f64) -> u32 {
    let px = (css * pixel_ratio).round();
    if !px.is_finite() {
        return 0;
    }
    if px <= 0.0 {
        return u32::from(css > 0.0);
    }
    px.min(u32::MAX as f64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides() {
        assert_eq!(
            parse_canvas_override("poster=375x667.5"),
            Ok(CanvasOverride {
                id: "poster".into(),
                width: 375.0,
                height: 667.5
            })
        );
        assert_eq!(parse_canvas_override("a=b=1X2").unwrap().id, "a=b");
        for bad in [
            "poster", "=1x2", "p=1", "p=0x5", "p=1x-1", "p=NaNx1", "p=1x1e9", "p=x",
        ] {
            assert!(parse_canvas_override(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pixels() {
        assert_eq!(device_pixels(375.0, 2.0), 750);
        assert_eq!(device_pixels(100.3, 3.0), 301);
        assert_eq!(device_pixels(0.1, 1.0), 1);
        assert_eq!(device_pixels(0.0, 2.0), 0);
        assert_eq!(device_pixels(1e300, 2.0), u32::MAX);
        assert_eq!(device_pixels(f64::INFINITY, 2.0), 0);
    }
}
