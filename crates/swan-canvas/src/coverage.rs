//! Exact-area anti-aliasing. tiny-skia's rasterizer supersamples four sub-scanlines per pixel
//! and over-covers sloped edges (a 45° edge through a pixel's centre comes out 63 % covered);
//! Chromium's Skia computes the covered area analytically (exactly 50 %). Coverage here comes
//! from `zeno`'s area rasterizer (the FreeType "gray" algorithm: exact signed cell areas),
//! then tiny-skia paints the shader through it, so edges match the browser's.

use tiny_skia::{FillRule, Mask, Paint, Path, PathSegment, Pixmap, PixmapPaint, Transform};
use zeno::{Command, Fill, Vector};

/// A box of whole pixels in the target's coordinates.
#[derive(Clone, Copy)]
pub struct Area {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

/// The pixels `path` (moved by `dx, dy`) can touch inside a `tw`×`th` target.
pub fn area(path: &Path, dx: f32, dy: f32, tw: u32, th: u32) -> Option<Area> {
    let b = path.bounds();
    let x0 = (b.left() + dx).floor().max(0.0);
    let y0 = (b.top() + dy).floor().max(0.0);
    let x1 = (b.right() + dx).ceil().min(tw as f32);
    let y1 = (b.bottom() + dy).ceil().min(th as f32);
    if !(x1 > x0 && y1 > y0) {
        return None;
    }
    Some(Area {
        x: x0 as u32,
        y: y0 as u32,
        w: (x1 - x0) as u32,
        h: (y1 - y0) as u32,
    })
}

/// zeno rasterizes in 24.8 fixed point: coordinates (relative to the area) must stay well
/// inside ±2^23 / 256 pixels, or its arithmetic overflows. Paths reaching further out are
/// left to tiny-skia, which clips them itself.
const MAX_RELATIVE: f32 = 16_384.0;

/// Whether `path` moved by `dx, dy` is small enough for the exact rasterizer over `a`.
pub fn fits(path: &Path, dx: f32, dy: f32, a: Area) -> bool {
    let b = path.bounds();
    [
        b.left() + dx - a.x as f32,
        b.right() + dx - a.x as f32,
        b.top() + dy - a.y as f32,
        b.bottom() + dy - a.y as f32,
    ]
    .iter()
    .all(|v| v.abs() < MAX_RELATIVE)
}

/// Coverage (0..=255) of `path` moved by `dx, dy` over `a`, row by row.
pub fn coverage(path: &Path, rule: FillRule, dx: f32, dy: f32, a: Area) -> Vec<u8> {
    let v = |p: tiny_skia::Point| Vector::new(p.x + dx - a.x as f32, p.y + dy - a.y as f32);
    let cmds: Vec<Command> = path
        .segments()
        .map(|s| match s {
            PathSegment::MoveTo(p) => Command::MoveTo(v(p)),
            PathSegment::LineTo(p) => Command::LineTo(v(p)),
            PathSegment::QuadTo(c, p) => Command::QuadTo(v(c), v(p)),
            PathSegment::CubicTo(c1, c2, p) => Command::CurveTo(v(c1), v(c2), v(p)),
            PathSegment::Close => Command::Close,
        })
        .collect();
    let mut buf = vec![0u8; a.w as usize * a.h as usize];
    let fill = match rule {
        FillRule::EvenOdd => Fill::EvenOdd,
        FillRule::Winding => Fill::NonZero,
    };
    zeno::Mask::new(&cmds)
        .style(fill)
        .size(a.w, a.h)
        .render_into(&mut buf, None);
    buf
}

fn mul(a: u8, b: u8) -> u8 {
    ((a as u32 * b as u32 + 127) / 255) as u8
}

/// Fills `path` (device coordinates; the target is the device moved by `dx, dy`) with `paint`
/// onto `target`, inside `clip` (canvas-sized, only when the target is the canvas); `snap`
/// gives straight-line paths Skia's edge geometry (see [`skia_lines`]).
#[allow(clippy::too_many_arguments)]
pub fn fill(
    target: &mut Pixmap,
    path: &Path,
    rule: FillRule,
    paint: &Paint,
    dx: f32,
    dy: f32,
    clip: Option<&Mask>,
    snap: bool,
) {
    // The clip's bounds in the path's coordinates (the target is the device moved by dx, dy).
    let (tw, th) = (target.width() as f32, target.height() as f32);
    let mut bounds = Some((-dx, -dy, tw - dx, th - dy));
    if let Some(m) = clip {
        bounds = mask_bounds(m).map(|(l, t, r, b)| {
            (
                (l - dx).max(-dx),
                (t - dy).max(-dy),
                (r - dx).min(tw - dx),
                (b - dy).min(th - dy),
            )
        });
    }
    let Some(bounds) = bounds else {
        return;
    };
    let snapped = if snap {
        skia_lines(path, Some(bounds))
    } else {
        None
    };
    let path = snapped.as_ref().unwrap_or(path);
    let Some(a) = area(path, dx, dy, target.width(), target.height()) else {
        return;
    };
    if !fits(path, dx, dy, a) {
        target.fill_path(path, paint, rule, Transform::from_translate(dx, dy), clip);
        return;
    }
    let cov = coverage(path, rule, dx, dy, a);
    let Some(mut layer) = Pixmap::new(a.w, a.h) else {
        return;
    };
    let mut p = paint.clone();
    p.blend_mode = tiny_skia::BlendMode::Source;
    // The shader is in device space: the layer is the device moved by (dx - x, dy - y).
    let ts = Transform::from_translate(dx - a.x as f32, dy - a.y as f32);
    let Some(r) =
        tiny_skia::Rect::from_xywh(a.x as f32 - dx, a.y as f32 - dy, a.w as f32, a.h as f32)
    else {
        return;
    };
    layer.fill_rect(r, &p, ts, None);
    let tw = target.width() as usize;
    let pixels = layer.pixels_mut();
    for row in 0..a.h as usize {
        for col in 0..a.w as usize {
            let i = row * a.w as usize + col;
            let mut c = cov[i];
            if let Some(m) = clip {
                c = mul(c, m.data()[(a.y as usize + row) * tw + a.x as usize + col]);
            }
            if c != 255 {
                let px = pixels[i];
                pixels[i] = tiny_skia::PremultipliedColorU8::from_rgba(
                    mul(px.red(), c),
                    mul(px.green(), c),
                    mul(px.blue(), c),
                    mul(px.alpha(), c),
                )
                .unwrap_or(tiny_skia::PremultipliedColorU8::TRANSPARENT);
            }
        }
    }
    let pp = PixmapPaint {
        opacity: 1.0,
        blend_mode: paint.blend_mode,
        quality: tiny_skia::FilterQuality::Nearest,
    };
    target.draw_pixmap(
        a.x as i32,
        a.y as i32,
        layer.as_ref(),
        &pp,
        Transform::identity(),
        None,
    );
}

/// Multiplies `mask` (canvas-sized) by the coverage of `path`; outside the path becomes 0.
pub fn intersect(mask: &mut Mask, path: &Path, rule: FillRule) {
    let (w, h) = (mask.width(), mask.height());
    let a = area(path, 0.0, 0.0, w, h);
    if a.is_some_and(|a| !fits(path, 0.0, 0.0, a)) {
        mask.intersect_path(path, rule, true, Transform::identity());
        return;
    }
    let cov = a.map(|a| (a, coverage(path, rule, 0.0, 0.0, a)));
    let data = mask.data_mut();
    for y in 0..h as usize {
        for x in 0..w as usize {
            let c = match &cov {
                Some((a, cov))
                    if x >= a.x as usize
                        && x < (a.x + a.w) as usize
                        && y >= a.y as usize
                        && y < (a.y + a.h) as usize =>
                {
                    cov[(y - a.y as usize) * a.w as usize + x - a.x as usize]
                }
                _ => 0,
            };
            let i = y * w as usize + x;
            data[i] = mul(data[i], c);
        }
    }
}

/// Skia's edge geometry for a path made of straight lines only (fills of polygons, strokes
/// of polylines with butt or square caps and miter or bevel joins): first clipped to the clip's
/// pixel bounds when it reaches outside them (`SkEdgeClipper`), then every vertex snapped,
/// y to a quarter pixel and x to 1/256 (`SkAnalyticEdge::setLine`). Chromium's coverage comes
/// from these moved edges: a sloped 6 px stroke cut by a clip has its edges shifted by up to
/// 0.09 px, about 10/255 on every edge pixel. `None` for paths with curves (left exact).
pub fn skia_lines(path: &Path, clip: Option<(f32, f32, f32, f32)>) -> Option<Path> {
    let mut contours: Vec<Vec<(f32, f32)>> = Vec::new();
    for s in path.segments() {
        match s {
            PathSegment::MoveTo(p) => contours.push(vec![(p.x, p.y)]),
            PathSegment::LineTo(p) => contours.last_mut()?.push((p.x, p.y)),
            PathSegment::Close => {}
            _ => return None,
        }
    }
    let b = path.bounds();
    if let Some((l, t, r, bt)) = clip
        && !(b.left() >= l && b.top() >= t && b.right() <= r && b.bottom() <= bt)
    {
        for c in &mut contours {
            *c = clip_half(c, |p| p.0 >= l, |a, b| at_x(a, b, l));
            *c = clip_half(c, |p| p.0 <= r, |a, b| at_x(a, b, r));
            *c = clip_half(c, |p| p.1 >= t, |a, b| at_y(a, b, t));
            *c = clip_half(c, |p| p.1 <= bt, |a, b| at_y(a, b, bt));
        }
    }
    let mut pb = tiny_skia::PathBuilder::new();
    for c in contours.iter().filter(|c| c.len() > 1) {
        let snap = |p: (f32, f32)| ((p.0 * 256.0).round() / 256.0, (p.1 * 4.0).round() / 4.0);
        let (x, y) = snap(c[0]);
        pb.move_to(x, y);
        for p in &c[1..] {
            let (x, y) = snap(*p);
            pb.line_to(x, y);
        }
        pb.close();
    }
    pb.finish()
}

fn at_x(a: (f32, f32), b: (f32, f32), x: f32) -> (f32, f32) {
    (x, a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0))
}

fn at_y(a: (f32, f32), b: (f32, f32), y: f32) -> (f32, f32) {
    (a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1), y)
}

/// Sutherland–Hodgman against one half-plane: the winding number of every point inside it is
/// kept (what leaves and comes back is joined along the boundary).
fn clip_half(
    c: &[(f32, f32)],
    inside: impl Fn((f32, f32)) -> bool,
    cut: impl Fn((f32, f32), (f32, f32)) -> (f32, f32),
) -> Vec<(f32, f32)> {
    let mut out = Vec::with_capacity(c.len() + 4);
    for i in 0..c.len() {
        let (a, b) = (c[i], c[(i + 1) % c.len()]);
        match (inside(a), inside(b)) {
            (true, true) => out.push(b),
            (true, false) => out.push(cut(a, b)),
            (false, true) => {
                out.push(cut(a, b));
                out.push(b);
            }
            (false, false) => {}
        }
    }
    out
}

/// Pixel bounds (left, top, right, bottom) of the non-zero part of a clip mask.
pub fn mask_bounds(m: &Mask) -> Option<(f32, f32, f32, f32)> {
    let w = m.width() as usize;
    let (mut l, mut t, mut r, mut b) = (usize::MAX, usize::MAX, 0, 0);
    for (y, row) in m.data().chunks(w.max(1)).enumerate() {
        if let (Some(a), Some(z)) = (
            row.iter().position(|v| *v != 0),
            row.iter().rposition(|v| *v != 0),
        ) {
            l = l.min(a);
            r = r.max(z + 1);
            t = t.min(y);
            b = y + 1;
        }
    }
    (l != usize::MAX).then_some((l as f32, t as f32, r as f32, b as f32))
}

#[cfg(test)]
mod tests {
    use crate::{Call, Canvas, ImageSource, Limits};
    use serde_json::json;

    struct NoImages;
    impl ImageSource for NoImages {
        fn bytes(&self, _: &str) -> Result<Vec<u8>, String> {
            Err("none".into())
        }
    }

    fn alpha_after(calls: serde_json::Value, x: u32, y: u32) -> u8 {
        let calls: Vec<Call> = serde_json::from_value(calls).expect("calls");
        let mut c = Canvas::new(100, 100, &Limits::default()).expect("canvas");
        c.run(&calls, &NoImages).expect("run");
        c.pixmap().pixel(x, y).expect("pixel").alpha()
    }

    /// Chromium 13x (headless, CPU raster) gives 179 (0.7 exact) on the top edge of
    /// fillRect(10.3, 10.3, ...) and 191 (0.75: y snapped to 10.25) on the same rectangle
    /// drawn as a path, both with x edges exact (179).
    #[test]
    fn fill_rect_edges_are_exact_and_path_edges_snap_to_quarter_pixels() {
        let rect = json!([
            {"method": "fillRect", "args": [10.3, 10.3, 50.4, 20.6]}
        ]);
        assert_eq!(alpha_after(rect.clone(), 20, 10), 179);
        assert_eq!(alpha_after(rect, 10, 20), 179);
        let path = json!([
            {"method": "beginPath", "args": []},
            {"method": "moveTo", "args": [10.3, 10.3]},
            {"method": "lineTo", "args": [60.7, 10.3]},
            {"method": "lineTo", "args": [60.7, 30.9]},
            {"method": "lineTo", "args": [10.3, 30.9]},
            {"method": "closePath", "args": []},
            {"method": "fill", "args": []}
        ]);
        assert_eq!(alpha_after(path.clone(), 20, 10), 191);
        assert_eq!(alpha_after(path.clone(), 20, 30), 255);
        // x is kept to 1/256 px: within one step of Chromium's 179.
        assert!(alpha_after(path, 10, 20).abs_diff(179) <= 1);
    }

    #[test]
    fn lines_reaching_outside_the_clip_are_cut_at_its_bounds_and_curves_are_left_alone() {
        let mut pb = tiny_skia::PathBuilder::new();
        pb.move_to(-10.0, 0.3);
        pb.line_to(50.0, 60.3);
        pb.line_to(-10.0, 60.3);
        pb.close();
        let p = pb.finish().expect("path");
        let s = super::skia_lines(&p, Some((0.0, 0.0, 40.0, 40.0))).expect("lines");
        let b = s.bounds();
        // Cut at x = 0 (y 10.3, snapped to 10.25) and at y = 40 (x 29.7, kept to 1/256).
        assert_eq!((b.left(), b.top(), b.bottom()), (0.0, 10.25, 40.0));
        assert!((b.right() - 29.7).abs() < 1.0 / 256.0);
        let mut pb = tiny_skia::PathBuilder::new();
        pb.move_to(0.0, 0.0);
        pb.quad_to(5.0, 5.0, 10.0, 0.0);
        let q = pb.finish().expect("path");
        assert!(super::skia_lines(&q, None).is_none());
    }
}
