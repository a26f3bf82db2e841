//! Shadows: the shape's alpha, blurred (three box blurs approximate the Gaussian of standard
//! deviation shadowBlur / 2 that the canvas spec asks for), offset and tinted.

use tiny_skia::{Color, IntSize, Pixmap};

/// The shadow of `layer` (the shape drawn alone, with room around it for the blur): its
/// alpha blurred with `sigma` and tinted with `color`; the caller places it at the offset.
pub fn make(layer: &Pixmap, color: Color, sigma: f32) -> Option<Pixmap> {
    let (w, h) = (layer.width() as usize, layer.height() as usize);
    let mut alpha: Vec<u8> = layer.pixels().iter().map(|p| p.alpha()).collect();
    if sigma > 0.0 {
        for r in box_radii(sigma) {
            box_blur(&mut alpha, w, h, r, true);
            box_blur(&mut alpha, w, h, r, false);
        }
    }
    let c = color.premultiply().to_color_u8();
    let mut data = Vec::with_capacity(w * h * 4);
    for a in alpha {
        let m = |v: u8| ((v as u32 * a as u32 + 127) / 255) as u8;
        data.extend_from_slice(&[m(c.red()), m(c.green()), m(c.blue()), m(c.alpha())]);
    }
    Pixmap::from_vec(data, IntSize::from_wh(w as u32, h as u32)?)
}

/// Radii of three box blurs whose sum approximates a Gaussian of `sigma`
/// (the standard construction from the variance of a box filter).
fn box_radii(sigma: f32) -> [usize; 3] {
    let n = 3.0f32;
    let w_ideal = (12.0 * sigma * sigma / n + 1.0).sqrt();
    let mut wl = w_ideal.floor() as i64;
    if wl % 2 == 0 {
        wl -= 1;
    }
    let wu = wl + 2;
    let m_ideal = (12.0 * sigma * sigma - n * (wl * wl) as f32 - 4.0 * n * wl as f32 - 3.0 * n)
        / (-4.0 * wl as f32 - 4.0);
    let m = m_ideal.round() as i64;
    let mut out = [0usize; 3];
    for (i, o) in out.iter_mut().enumerate() {
        let size = if (i as i64) < m { wl } else { wu };
        *o = ((size.max(1) - 1) / 2) as usize;
    }
    out
}

/// One box blur of radius `r` along rows (`horizontal`) or columns, with a running sum;
/// outside the image counts as transparent.
fn box_blur(a: &mut [u8], w: usize, h: usize, r: usize, horizontal: bool) {
    if r == 0 {
        return;
    }
    let (lines, len) = if horizontal { (h, w) } else { (w, h) };
    let idx = |line: usize, i: usize| {
        if horizontal {
            line * w + i
        } else {
            i * w + line
        }
    };
    let div = (2 * r + 1) as u32;
    let mut src = vec![0u8; len];
    for line in 0..lines {
        for (i, s) in src.iter_mut().enumerate() {
            *s = a[idx(line, i)];
        }
        let mut sum: u32 = src.iter().take(r + 1).map(|v| *v as u32).sum();
        for i in 0..len {
            a[idx(line, i)] = ((sum + div / 2) / div) as u8;
            if i + r + 1 < len {
                sum += src[i + r + 1] as u32;
            }
            if i >= r {
                sum -= src[i - r] as u32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_blur_keeps_mass_and_spreads() {
        let mut a = vec![0u8; 9];
        a[4] = 90;
        box_blur(&mut a, 9, 1, 1, true);
        assert_eq!(&a[3..6], &[30, 30, 30]);
        assert_eq!(a[2], 0);
    }

    #[test]
    fn radii_grow_with_sigma() {
        let small = box_radii(1.0).iter().sum::<usize>();
        let big = box_radii(10.0).iter().sum::<usize>();
        assert!(big > small * 5, "{small} {big}");
    }
}
