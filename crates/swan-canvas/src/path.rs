//! The current path, kept in device coordinates: as in the Web spec, each point is transformed
//! by the transform in force when it is added, so a later `rotate` does not move it.
//! Arcs and ellipses become cubic Béziers (affine maps keep Béziers exact).

use std::f32::consts::{PI, TAU};
use tiny_skia::{Path, PathBuilder, Point, Transform};

#[derive(Default)]
pub struct PathState {
    builder: PathBuilder,
    /// Last point in device coordinates, `None` when the path has no current point.
    current: Option<Point>,
    /// Start of the current subpath (device), where `closePath` returns to.
    start: Option<Point>,
}

fn finite(v: &[f32]) -> bool {
    v.iter().all(|x| x.is_finite())
}

fn map(ts: &Transform, x: f32, y: f32) -> Point {
    let mut p = Point::from_xy(x, y);
    ts.map_point(&mut p);
    p
}

impl PathState {
    pub fn begin(&mut self) {
        *self = PathState::default();
    }

    /// The path in device coordinates, `None` when empty.
    pub fn device_path(&self) -> Option<Path> {
        self.builder.clone().finish()
    }

    pub fn move_to(&mut self, ts: &Transform, x: f32, y: f32) {
        if !finite(&[x, y]) {
            return;
        }
        let p = map(ts, x, y);
        self.builder.move_to(p.x, p.y);
        self.current = Some(p);
        self.start = Some(p);
    }

    /// Ensures there is a subpath: with no current point, `lineTo`-like calls start one at
    /// their first point (spec: "ensure there is a subpath").
    fn ensure(&mut self, p: Point) {
        if self.current.is_none() {
            self.builder.move_to(p.x, p.y);
            self.current = Some(p);
            self.start = Some(p);
        }
    }

    fn line_dev(&mut self, p: Point) {
        if self.current.is_none() {
            self.ensure(p);
        } else {
            self.builder.line_to(p.x, p.y);
            self.current = Some(p);
        }
    }

    pub fn line_to(&mut self, ts: &Transform, x: f32, y: f32) {
        if !finite(&[x, y]) {
            return;
        }
        self.line_dev(map(ts, x, y));
    }

    pub fn quad_to(&mut self, ts: &Transform, cx: f32, cy: f32, x: f32, y: f32) {
        if !finite(&[cx, cy, x, y]) {
            return;
        }
        let c = map(ts, cx, cy);
        let p = map(ts, x, y);
        self.ensure(c);
        self.builder.quad_to(c.x, c.y, p.x, p.y);
        self.current = Some(p);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn cubic_to(
        &mut self,
        ts: &Transform,
        c1x: f32,
        c1y: f32,
        c2x: f32,
        c2y: f32,
        x: f32,
        y: f32,
    ) {
        if !finite(&[c1x, c1y, c2x, c2y, x, y]) {
            return;
        }
        let c1 = map(ts, c1x, c1y);
        let c2 = map(ts, c2x, c2y);
        let p = map(ts, x, y);
        self.ensure(c1);
        self.builder.cubic_to(c1.x, c1.y, c2.x, c2.y, p.x, p.y);
        self.current = Some(p);
    }

    pub fn close(&mut self) {
        if self.current.is_some() {
            self.builder.close();
            self.current = self.start;
        }
    }

    pub fn rect(&mut self, ts: &Transform, x: f32, y: f32, w: f32, h: f32) {
        if !finite(&[x, y, w, h]) {
            return;
        }
        self.move_to(ts, x, y);
        self.line_to(ts, x + w, y);
        self.line_to(ts, x + w, y + h);
        self.line_to(ts, x, y + h);
        self.close();
    }

    /// `roundRect(x, y, w, h, radii)`; radii is 1 to 4 numbers (or `{x, y}` taken as x).
    pub fn round_rect(&mut self, ts: &Transform, x: f32, y: f32, w: f32, h: f32, radii: &[f32]) {
        if !finite(&[x, y, w, h]) || !finite(radii) || radii.iter().any(|r| *r < 0.0) {
            return;
        }
        let (tl, tr, br, bl) = match radii {
            [] => (0.0, 0.0, 0.0, 0.0),
            [a] => (*a, *a, *a, *a),
            [a, b] => (*a, *b, *a, *b),
            [a, b, c] => (*a, *b, *c, *b),
            [a, b, c, d, ..] => (*a, *b, *c, *d),
        };
        // Scale radii down when they overlap, as the spec does.
        let (aw, ah) = (w.abs(), h.abs());
        let mut f: f32 = 1.0;
        for (sum, side) in [(tl + tr, aw), (bl + br, aw), (tl + bl, ah), (tr + br, ah)] {
            if sum > side && sum > 0.0 {
                f = f.min(side / sum);
            }
        }
        let (tl, tr, br, bl) = (tl * f, tr * f, br * f, bl * f);
        let sx = w.signum();
        let sy = h.signum();
        self.move_to(ts, x + tl * sx, y);
        self.line_to(ts, x + w - tr * sx, y);
        self.corner(ts, x + w - tr * sx, y + tr * sy, tr, -PI / 2.0, sx, sy);
        self.line_to(ts, x + w, y + h - br * sy);
        self.corner(ts, x + w - br * sx, y + h - br * sy, br, 0.0, sx, sy);
        self.line_to(ts, x + bl * sx, y + h);
        self.corner(ts, x + bl * sx, y + h - bl * sy, bl, PI / 2.0, sx, sy);
        self.line_to(ts, x, y + tl * sy);
        self.corner(ts, x + tl * sx, y + tl * sy, tl, PI, sx, sy);
        self.close();
    }

    #[allow(clippy::too_many_arguments)]
    fn corner(&mut self, ts: &Transform, cx: f32, cy: f32, r: f32, start: f32, sx: f32, sy: f32) {
        if r <= 0.0 {
            return;
        }
        // A quarter turn; mirrored rectangles (negative w/h) mirror the corner.
        let corner_ts = ts.pre_translate(cx, cy).pre_scale(sx, sy);
        self.arc_segments(&corner_ts, 0.0, 0.0, r, r, start, PI / 2.0);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn arc(
        &mut self,
        ts: &Transform,
        cx: f32,
        cy: f32,
        r: f32,
        start: f32,
        end: f32,
        ccw: bool,
    ) {
        self.ellipse(ts, cx, cy, r, r, 0.0, start, end, ccw);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn ellipse(
        &mut self,
        ts: &Transform,
        cx: f32,
        cy: f32,
        rx: f32,
        ry: f32,
        rotation: f32,
        start: f32,
        end: f32,
        ccw: bool,
    ) {
        if !finite(&[cx, cy, rx, ry, rotation, start, end]) || rx < 0.0 || ry < 0.0 {
            return;
        }
        let sweep = sweep(start, end, ccw);
        let ets = ts
            .pre_translate(cx, cy)
            .pre_concat(Transform::from_rotate(rotation.to_degrees()));
        let p0 = map(&ets, rx * start.cos(), ry * start.sin());
        self.line_dev(p0);
        self.arc_segments(&ets, 0.0, 0.0, rx, ry, start, sweep);
    }

    /// Appends cubic segments (each ≤ 90°) of the ellipse arc; assumes the current point is at
    /// the arc's start.
    #[allow(clippy::too_many_arguments)]
    fn arc_segments(
        &mut self,
        ts: &Transform,
        cx: f32,
        cy: f32,
        rx: f32,
        ry: f32,
        start: f32,
        sweep: f32,
    ) {
        if sweep == 0.0 {
            let p = map(ts, cx + rx * start.cos(), cy + ry * start.sin());
            self.line_dev(p);
            return;
        }
        let n = (sweep.abs() / (PI / 2.0) - 1e-4).ceil().max(1.0) as usize;
        let step = sweep / n as f32;
        let k = 4.0 / 3.0 * (step / 4.0).tan();
        let mut a = start;
        for _ in 0..n {
            let b = a + step;
            let (sa, ca) = a.sin_cos();
            let (sb, cb) = b.sin_cos();
            let p0 = (cx + rx * ca, cy + ry * sa);
            let p3 = (cx + rx * cb, cy + ry * sb);
            let c1 = map(ts, p0.0 - k * rx * sa, p0.1 + k * ry * ca);
            let c2 = map(ts, p3.0 + k * rx * sb, p3.1 - k * ry * cb);
            let p = map(ts, p3.0, p3.1);
            self.ensure(map(ts, p0.0, p0.1));
            self.builder.cubic_to(c1.x, c1.y, c2.x, c2.y, p.x, p.y);
            self.current = Some(p);
            a = b;
        }
    }

    /// `arcTo(x1, y1, x2, y2, r)` per the HTML spec, computed in user space (the current point
    /// is mapped back through the inverse transform).
    #[allow(clippy::too_many_arguments)]
    pub fn arc_to(&mut self, ts: &Transform, x1: f32, y1: f32, x2: f32, y2: f32, r: f32) {
        if !finite(&[x1, y1, x2, y2, r]) || r < 0.0 {
            return;
        }
        let Some(cur) = self.current else {
            self.move_to(ts, x1, y1);
            return;
        };
        let Some(inv) = ts.invert() else {
            return;
        };
        let mut p0 = cur;
        inv.map_point(&mut p0);
        let (x0, y0) = (p0.x, p0.y);
        let same =
            |ax: f32, ay: f32, bx: f32, by: f32| (ax - bx).abs() < 1e-6 && (ay - by).abs() < 1e-6;
        if same(x0, y0, x1, y1) || same(x1, y1, x2, y2) || r == 0.0 {
            self.line_to(ts, x1, y1);
            return;
        }
        let (v1x, v1y) = (x0 - x1, y0 - y1);
        let (v2x, v2y) = (x2 - x1, y2 - y1);
        let cross = v1x * v2y - v1y * v2x;
        if cross.abs() < 1e-6 {
            self.line_to(ts, x1, y1);
            return;
        }
        let l1 = (v1x * v1x + v1y * v1y).sqrt();
        let l2 = (v2x * v2x + v2y * v2y).sqrt();
        let cos = ((v1x * v2x + v1y * v2y) / (l1 * l2)).clamp(-1.0, 1.0);
        let angle = cos.acos();
        let d = r / (angle / 2.0).tan();
        let (t1x, t1y) = (x1 + v1x / l1 * d, y1 + v1y / l1 * d);
        let (t2x, t2y) = (x1 + v2x / l2 * d, y1 + v2y / l2 * d);
        // Centre: from t1 along the normal towards the inside of the corner.
        let (nx, ny) = if cross > 0.0 {
            (v1y / l1, -v1x / l1)
        } else {
            (-v1y / l1, v1x / l1)
        };
        let (cx, cy) = (t1x - nx * r, t1y - ny * r);
        let a0 = (t1y - cy).atan2(t1x - cx);
        let a1 = (t2y - cy).atan2(t2x - cx);
        let mut sweep = a1 - a0;
        while sweep > PI {
            sweep -= TAU;
        }
        while sweep < -PI {
            sweep += TAU;
        }
        self.line_to(ts, t1x, t1y);
        self.arc_segments(ts, cx, cy, r, r, a0, sweep);
    }
}

/// The signed sweep of an arc from `start` to `end` as the canvas spec defines it.
fn sweep(start: f32, end: f32, ccw: bool) -> f32 {
    if !ccw {
        if end - start >= TAU {
            TAU
        } else {
            let s = (end - start).rem_euclid(TAU);
            if s == 0.0 && end != start { 0.0 } else { s }
        }
    } else if start - end >= TAU {
        -TAU
    } else {
        -((start - end).rem_euclid(TAU))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_follow_the_spec() {
        assert!((sweep(0.0, PI, false) - PI).abs() < 1e-6);
        assert!((sweep(0.0, PI, true) + PI).abs() < 1e-6);
        assert_eq!(sweep(0.0, 10.0, false), TAU);
        assert_eq!(sweep(10.0, 0.0, true), -TAU);
        assert!((sweep(0.0, -PI / 2.0, false) - 1.5 * PI).abs() < 1e-5);
    }
}
