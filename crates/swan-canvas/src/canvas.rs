//! The drawing surface and its Web Canvas 2D state machine.

use crate::images::ImageCache;
use crate::path::PathState;
use crate::state::{self, Align, Baseline, State};
use crate::style::{Repetition, Style};
use crate::text::{self, font_spec};
use crate::{
    Call, CanvasError, ExportFormat, ImageSource, Limits, Notice, Rect, color, export, shadow,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;
use tiny_skia::{
    BlendMode, Color, FillRule, FilterQuality, LineCap, LineJoin, Mask, Paint, Path, Pattern,
    Pixmap, PixmapPaint, Shader, SpreadMode, Stroke, StrokeDash, Transform,
};

/// Deepest save() stack kept; further saves are ignored (with their restores), so a page
/// cannot grow memory without bound.
const MAX_SAVES: usize = 65_536;

/// Largest Gaussian standard deviation used for shadows (shadowBlur 200).
const MAX_SHADOW_SIGMA: f32 = 100.0;

/// A drawing surface of `width`×`height` device pixels, transparent at start.
pub struct Canvas {
    pixmap: Pixmap,
    limits: Limits,
    st: State,
    stack: Vec<State>,
    /// saves beyond MAX_SAVES, matched by restores that do nothing.
    ignored_saves: usize,
    path: PathState,
    images: ImageCache,
    /// Set while fillRect/strokeRect paint an axis-aligned rectangle: Skia draws those with
    /// exact edges (`AntiFillRect`/`AntiFrameRect`), not with the snapped edges of a path.
    exact_rect: bool,
}

/// Collects notices of one `run`, each distinct message once.
struct Notices {
    list: Vec<Notice>,
    seen: BTreeSet<(&'static str, String)>,
}

impl Notices {
    fn push(&mut self, what: &'static str, message: String) {
        if self.seen.insert((what, message.clone())) {
            self.list.push(Notice { what, message });
        }
    }
}

fn num(v: Option<&Value>) -> Option<f32> {
    let f = v?.as_f64()? as f32;
    f.is_finite().then_some(f)
}

fn fill_rule(v: Option<&Value>) -> FillRule {
    match v.and_then(Value::as_str) {
        Some("evenodd") => FillRule::EvenOdd,
        _ => FillRule::Winding,
    }
}

fn full_mask(w: u32, h: u32) -> Option<Mask> {
    let mut m = Mask::new(w, h)?;
    m.data_mut().fill(255);
    Some(m)
}

/// Draws the union of `paths` (device coordinates, moved by `ts`) with `paint` onto `target`.
#[allow(clippy::too_many_arguments)]
fn paint_shape(
    target: &mut Pixmap,
    paths: &[Path],
    rule: FillRule,
    paint: &Paint,
    ts: Transform,
    clip: Option<&Mask>,
    snap: bool,
) {
    if let [one] = paths {
        // Exact-area edges as Chromium (ts is a translation here).
        crate::coverage::fill(target, one, rule, paint, ts.tx, ts.ty, clip, snap);
        return;
    }
    // Several paths (text with a synthetic-bold outline): their union as a coverage mask,
    // painted over their bounds only.
    let Some(bounds) = union_bounds(paths).and_then(|b| b.transform(ts)) else {
        return;
    };
    let Some(mut m) = Mask::new(target.width(), target.height()) else {
        return;
    };
    for p in paths {
        m.fill_path(p, rule, true, ts);
    }
    let (w, h) = (target.width() as usize, target.height() as usize);
    let x0 = (bounds.left().floor().max(0.0) as usize).min(w);
    let x1 = (bounds.right().ceil().max(0.0) as usize).min(w);
    let y0 = (bounds.top().floor().max(0.0) as usize).min(h);
    let y1 = (bounds.bottom().ceil().max(0.0) as usize).min(h);
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    if let Some(c) = clip {
        for y in y0..y1 {
            let row = y * w;
            for (a, b) in m.data_mut()[row + x0..row + x1]
                .iter_mut()
                .zip(&c.data()[row + x0..row + x1])
            {
                *a = ((*a as u32 * *b as u32 + 127) / 255) as u8;
            }
        }
    }
    if let Some(r) = tiny_skia::Rect::from_ltrb(x0 as f32, y0 as f32, x1 as f32, y1 as f32) {
        target.fill_rect(r, paint, Transform::identity(), Some(&m));
    }
}

fn union_bounds(paths: &[Path]) -> Option<tiny_skia::Rect> {
    let mut it = paths.iter().map(|p| p.bounds());
    let first = it.next()?;
    let (l, t, r, b) = it.fold(
        (first.left(), first.top(), first.right(), first.bottom()),
        |(l, t, r, b), x| {
            (
                l.min(x.left()),
                t.min(x.top()),
                r.max(x.right()),
                b.max(x.bottom()),
            )
        },
    );
    tiny_skia::Rect::from_ltrb(l, t, r, b)
}

/// The largest scale of `ts`, so that curves are flattened finely enough when magnified.
fn res_scale(ts: &Transform) -> f32 {
    let sx = (ts.sx * ts.sx + ts.ky * ts.ky).sqrt();
    let sy = (ts.kx * ts.kx + ts.sy * ts.sy).sqrt();
    sx.max(sy).max(1e-3)
}

impl Canvas {
    pub fn new(width: u32, height: u32, limits: &Limits) -> Result<Canvas, CanvasError> {
        limits.check(width, height)?;
        let pixmap = Pixmap::new(width, height).ok_or(CanvasError::TooLarge {
            width,
            height,
            max_pixels: limits.max_pixels,
        })?;
        Ok(Canvas {
            pixmap,
            limits: limits.clone(),
            st: State::default(),
            stack: Vec::new(),
            ignored_saves: 0,
            path: PathState::default(),
            images: ImageCache::default(),
            exact_rect: false,
        })
    }

    pub fn width(&self) -> u32 {
        self.pixmap.width()
    }

    pub fn height(&self) -> u32 {
        self.pixmap.height()
    }

    /// The pixels, premultiplied RGBA (for comparisons and benchmarks).
    pub fn pixmap(&self) -> &Pixmap {
        &self.pixmap
    }

    /// Runs calls in order, as a Web Canvas 2D context would. State persists between runs
    /// (a page may `draw` several times); bad arguments are ignored as browsers ignore them;
    /// an image that cannot be had or a character no font has becomes a `Notice`.
    pub fn run(
        &mut self,
        calls: &[Call],
        images: &dyn ImageSource,
    ) -> Result<Vec<Notice>, CanvasError> {
        let mut notices = Notices {
            list: Vec::new(),
            seen: BTreeSet::new(),
        };
        for call in calls {
            self.call(call, images, &mut notices);
        }
        Ok(notices.list)
    }

    /// Width of `text` in CSS px with `font` (measureText); an unparsable font measures with
    /// the current one, as the context would keep its font.
    pub fn measure_text(&mut self, font: &str, text: &str) -> f32 {
        let spec = font_spec::parse(font).unwrap_or_else(|| self.st.font.clone());
        text::layout(&spec, text, false).width
    }

    /// Clears to transparent (draw(reserve=false)).
    pub fn clear(&mut self) {
        self.pixmap.fill(Color::TRANSPARENT);
    }

    /// Encodes the rectangle (canvas pixels) scaled to `dest_w`×`dest_h` as PNG or JPEG
    /// (quality 0..=1) into `out`.
    pub fn export(
        &self,
        rect: Rect,
        dest_w: u32,
        dest_h: u32,
        format: ExportFormat,
        quality: f32,
        out: &mut dyn std::io::Write,
    ) -> Result<(), CanvasError> {
        export::export(
            &self.pixmap,
            rect,
            dest_w,
            dest_h,
            format,
            quality,
            &self.limits,
            out,
        )
    }

    fn call(&mut self, call: &Call, images: &dyn ImageSource, notices: &mut Notices) {
        let a = &call.args;
        let n = |i: usize| num(a.get(i));
        let ts = self.st.ts;
        match call.method.as_str() {
            "set" => self.set(a.first().and_then(Value::as_str).unwrap_or(""), a.get(1)),
            "save" => {
                if self.stack.len() < MAX_SAVES {
                    self.stack.push(self.st.clone());
                } else {
                    self.ignored_saves += 1;
                }
            }
            "restore" => {
                if self.ignored_saves > 0 {
                    self.ignored_saves -= 1;
                } else if let Some(s) = self.stack.pop() {
                    self.st = s;
                }
            }
            "translate" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    self.st.ts = ts.pre_translate(x, y);
                }
            }
            "scale" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    self.st.ts = ts.pre_scale(x, y);
                }
            }
            "rotate" => {
                if let Some(r) = n(0) {
                    self.st.ts = ts.pre_concat(Transform::from_rotate(r.to_degrees()));
                }
            }
            "transform" | "setTransform" => {
                let m = if let Some(Value::Object(o)) = a.first() {
                    ["a", "b", "c", "d", "e", "f"].map(|k| num(o.get(k)))
                } else {
                    [n(0), n(1), n(2), n(3), n(4), n(5)]
                };
                if let [Some(sa), Some(sb), Some(sc), Some(sd), Some(se), Some(sf)] = m {
                    let t = Transform::from_row(sa, sb, sc, sd, se, sf);
                    self.st.ts = if call.method == "transform" {
                        ts.pre_concat(t)
                    } else {
                        t
                    };
                } else if call.method == "setTransform" && a.is_empty() {
                    self.st.ts = Transform::identity();
                }
            }
            "resetTransform" => self.st.ts = Transform::identity(),
            "beginPath" => self.path.begin(),
            "closePath" => self.path.close(),
            "moveTo" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    self.path.move_to(&ts, x, y);
                }
            }
            "lineTo" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    self.path.line_to(&ts, x, y);
                }
            }
            "quadraticCurveTo" => {
                if let (Some(cx), Some(cy), Some(x), Some(y)) = (n(0), n(1), n(2), n(3)) {
                    self.path.quad_to(&ts, cx, cy, x, y);
                }
            }
            "bezierCurveTo" => {
                if let [Some(a1), Some(a2), Some(a3), Some(a4), Some(a5), Some(a6)] =
                    [n(0), n(1), n(2), n(3), n(4), n(5)]
                {
                    self.path.cubic_to(&ts, a1, a2, a3, a4, a5, a6);
                }
            }
            "arc" => {
                if let [Some(x), Some(y), Some(r), Some(s), Some(e)] =
                    [n(0), n(1), n(2), n(3), n(4)]
                {
                    let ccw = a.get(5).and_then(Value::as_bool).unwrap_or(false);
                    self.path.arc(&ts, x, y, r, s, e, ccw);
                }
            }
            "ellipse" => {
                if let [
                    Some(x),
                    Some(y),
                    Some(rx),
                    Some(ry),
                    Some(rot),
                    Some(s),
                    Some(e),
                ] = [n(0), n(1), n(2), n(3), n(4), n(5), n(6)]
                {
                    let ccw = a.get(7).and_then(Value::as_bool).unwrap_or(false);
                    self.path.ellipse(&ts, x, y, rx, ry, rot, s, e, ccw);
                }
            }
            "arcTo" => {
                if let [Some(x1), Some(y1), Some(x2), Some(y2), Some(r)] =
                    [n(0), n(1), n(2), n(3), n(4)]
                {
                    self.path.arc_to(&ts, x1, y1, x2, y2, r);
                }
            }
            "rect" => {
                if let [Some(x), Some(y), Some(w), Some(h)] = [n(0), n(1), n(2), n(3)] {
                    self.path.rect(&ts, x, y, w, h);
                }
            }
            "roundRect" => {
                if let [Some(x), Some(y), Some(w), Some(h)] = [n(0), n(1), n(2), n(3)] {
                    let radii: Option<Vec<f32>> = match a.get(4) {
                        None => Some(vec![0.0]),
                        Some(Value::Array(r)) => r.iter().map(|v| num(Some(v))).collect(),
                        Some(v) => num(Some(v)).map(|r| vec![r]),
                    };
                    if let Some(r) = radii {
                        self.path.round_rect(&ts, x, y, w, h, &r);
                    }
                }
            }
            "fill" => {
                if let Some(p) = self.path.device_path() {
                    let style = self.st.fill.clone();
                    self.paint(&style, vec![p], fill_rule(a.first()), images, notices);
                }
            }
            "stroke" => {
                if let Some(p) = self.path.device_path()
                    && let Some(user) = ts.invert().and_then(|inv| p.transform(inv))
                {
                    self.stroke_user(user, images, notices);
                }
            }
            "clip" => self.clip(fill_rule(a.first())),
            "fillRect" => {
                if let [Some(x), Some(y), Some(w), Some(h)] = [n(0), n(1), n(2), n(3)]
                    && w != 0.0
                    && h != 0.0
                {
                    let mut ps = PathState::default();
                    ps.rect(&ts, x, y, w, h);
                    if let Some(p) = ps.device_path() {
                        let style = self.st.fill.clone();
                        self.exact_rect = ts.kx == 0.0 && ts.ky == 0.0;
                        self.paint(&style, vec![p], FillRule::Winding, images, notices);
                        self.exact_rect = false;
                    }
                }
            }
            "strokeRect" => {
                if let [Some(x), Some(y), Some(w), Some(h)] = [n(0), n(1), n(2), n(3)]
                    && (w != 0.0 || h != 0.0)
                {
                    let mut ps = PathState::default();
                    let id = Transform::identity();
                    if w == 0.0 || h == 0.0 {
                        ps.move_to(&id, x, y);
                        ps.line_to(&id, x + w, y + h);
                    } else {
                        ps.rect(&id, x, y, w, h);
                    }
                    if let Some(p) = ps.device_path() {
                        self.exact_rect = ts.kx == 0.0
                            && ts.ky == 0.0
                            && self.st.join == tiny_skia::LineJoin::Miter
                            && self.st.dash.iter().all(|d| *d == 0.0);
                        self.stroke_user(p, images, notices);
                        self.exact_rect = false;
                    }
                }
            }
            "clearRect" => {
                if let [Some(x), Some(y), Some(w), Some(h)] = [n(0), n(1), n(2), n(3)] {
                    let mut ps = PathState::default();
                    ps.rect(&ts, x, y, w, h);
                    if let Some(p) = ps.device_path() {
                        let paint = Paint {
                            blend_mode: BlendMode::Clear,
                            anti_alias: true,
                            ..Paint::default()
                        };
                        let clip = self.st.clip.as_deref();
                        self.pixmap.fill_path(
                            &p,
                            &paint,
                            FillRule::Winding,
                            Transform::identity(),
                            clip,
                        );
                    }
                }
            }
            "fillText" | "strokeText" => {
                if let (Some(t), Some(x), Some(y)) = (a.first(), n(1), n(2)) {
                    let t = match t {
                        Value::String(s) => s.clone(),
                        Value::Number(v) => v.to_string(),
                        _ => return,
                    };
                    let max_width = match a.get(3) {
                        None | Some(Value::Null) => None,
                        Some(v) => match num(Some(v)) {
                            Some(m) => Some(m),
                            None => return,
                        },
                    };
                    self.text(
                        &t,
                        x,
                        y,
                        max_width,
                        call.method == "strokeText",
                        images,
                        notices,
                    );
                }
            }
            "drawImage" => self.draw_image(a, images, notices),
            "setLineDash" => {
                if let Some(Value::Array(list)) = a.first() {
                    let d: Option<Vec<f32>> = list
                        .iter()
                        .map(|v| num(Some(v)).filter(|x| *x >= 0.0))
                        .collect();
                    if let Some(mut d) = d {
                        if d.len() % 2 == 1 {
                            d.extend(d.clone());
                        }
                        self.st.dash = d;
                    }
                }
            }
            other => notices.push(
                "unsupportedCall",
                format!("canvas call {other:?} is not supported and was skipped"),
            ),
        }
    }

    fn set(&mut self, prop: &str, v: Option<&Value>) {
        let Some(v) = v else { return };
        let f = num(Some(v));
        let s = v.as_str();
        let st = &mut self.st;
        match prop {
            "fillStyle" => {
                if let Some(style) = Style::parse(v) {
                    st.fill = style;
                }
            }
            "strokeStyle" => {
                if let Some(style) = Style::parse(v) {
                    st.stroke = style;
                }
            }
            "lineWidth" => {
                if let Some(w) = f.filter(|w| *w > 0.0) {
                    st.line_width = w;
                }
            }
            "lineCap" => match s {
                Some("butt") => st.cap = LineCap::Butt,
                Some("round") => st.cap = LineCap::Round,
                Some("square") => st.cap = LineCap::Square,
                _ => {}
            },
            "lineJoin" => match s {
                Some("miter") => st.join = LineJoin::Miter,
                Some("round") => st.join = LineJoin::Round,
                Some("bevel") => st.join = LineJoin::Bevel,
                _ => {}
            },
            "miterLimit" => {
                if let Some(m) = f.filter(|m| *m > 0.0) {
                    st.miter = m;
                }
            }
            "lineDashOffset" => {
                if let Some(o) = f {
                    st.dash_offset = o;
                }
            }
            "globalAlpha" => {
                if let Some(g) = f.filter(|g| (0.0..=1.0).contains(g)) {
                    st.alpha = g;
                }
            }
            "globalCompositeOperation" => {
                if let Some((b, _)) = s.and_then(state::composite) {
                    st.blend = b;
                }
            }
            "font" => {
                if let Some(spec) = s.and_then(font_spec::parse) {
                    st.font = spec;
                }
            }
            "textAlign" => match s {
                Some("start") => st.align = Align::Start,
                Some("end") => st.align = Align::End,
                Some("left") => st.align = Align::Left,
                Some("right") => st.align = Align::Right,
                Some("center") => st.align = Align::Center,
                _ => {}
            },
            "textBaseline" => match s {
                Some("alphabetic") => st.baseline = Baseline::Alphabetic,
                Some("top") => st.baseline = Baseline::Top,
                Some("hanging") => st.baseline = Baseline::Hanging,
                Some("middle") => st.baseline = Baseline::Middle,
                Some("ideographic") => st.baseline = Baseline::Ideographic,
                Some("bottom") => st.baseline = Baseline::Bottom,
                _ => {}
            },
            "shadowColor" => {
                if let Some(c) = s.and_then(color::parse) {
                    st.shadow_color = color::quantize(c);
                }
            }
            "shadowBlur" => {
                if let Some(b) = f.filter(|b| *b >= 0.0) {
                    st.shadow_blur = b;
                }
            }
            "shadowOffsetX" => {
                if let Some(o) = f {
                    st.shadow_x = o;
                }
            }
            "shadowOffsetY" => {
                if let Some(o) = f {
                    st.shadow_y = o;
                }
            }
            "imageSmoothingEnabled" => {
                if let Some(b) = v.as_bool() {
                    st.smoothing = b;
                }
            }
            _ => {}
        }
    }

    fn filter(&self) -> FilterQuality {
        if self.st.smoothing {
            FilterQuality::Bilinear
        } else {
            FilterQuality::Nearest
        }
    }

    /// Fills the union of `paths` (device coordinates) with `style`.
    fn paint(
        &mut self,
        style: &Style,
        paths: Vec<Path>,
        rule: FillRule,
        images: &dyn ImageSource,
        notices: &mut Notices,
    ) {
        let ts = self.st.ts;
        let alpha = self.st.alpha;
        let held: Arc<Pixmap>;
        let mut band = None;
        let shader = match style {
            Style::Color(c) => {
                let mut c = *c;
                c.apply_opacity(alpha);
                Shader::SolidColor(c)
            }
            Style::Linear { .. } | Style::Radial { .. } => match style.gradient_shader(ts, alpha) {
                Ok(s) => s,
                Err(()) => return,
            },
            Style::Pattern { src, repetition } => {
                held = match self.images.get(src, images, &self.limits) {
                    Ok(p) => p,
                    Err(e) => {
                        notices.push("badImage", format!("pattern image {src:?} not drawn: {e}"));
                        return;
                    }
                };
                if *repetition != Repetition::Repeat {
                    band =
                        self.pattern_band(*repetition, held.width() as f32, held.height() as f32);
                    if band.is_none() {
                        return;
                    }
                }
                Pattern::new(
                    held.as_ref().as_ref(),
                    SpreadMode::Repeat,
                    self.filter(),
                    alpha,
                    ts,
                )
            }
        };
        let paint = Paint {
            shader,
            anti_alias: true,
            ..Paint::default()
        };
        self.draw(&paths, rule, paint, band);
    }

    /// The strip (device coordinates) a non-repeating pattern may paint: the image's rows or
    /// columns, extended across the visible canvas.
    fn pattern_band(&self, rep: Repetition, w: f32, h: f32) -> Option<Path> {
        let ts = self.st.ts;
        let inv = ts.invert()?;
        let (cw, ch) = (self.width() as f32, self.height() as f32);
        let mut pts = [
            tiny_skia::Point::from_xy(0.0, 0.0),
            tiny_skia::Point::from_xy(cw, 0.0),
            tiny_skia::Point::from_xy(0.0, ch),
            tiny_skia::Point::from_xy(cw, ch),
        ];
        inv.map_points(&mut pts);
        let (x0, x1) = pts
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.x), b.max(p.x)));
        let (y0, y1) = pts
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.y), b.max(p.y)));
        let (x, y, rw, rh) = match rep {
            Repetition::RepeatX => (x0 - 1.0, 0.0, x1 - x0 + 2.0, h),
            Repetition::RepeatY => (0.0, y0 - 1.0, w, y1 - y0 + 2.0),
            _ => (0.0, 0.0, w, h),
        };
        let mut ps = PathState::default();
        ps.rect(&ts, x, y, rw, rh);
        ps.device_path()
    }

    /// Composites the union of `paths` painted with `paint`: shadow first, then the shape,
    /// with the composite operation, inside the clip (and the optional extra `band`).
    fn draw(&mut self, paths: &[Path], rule: FillRule, mut paint: Paint, band: Option<Path>) {
        let (w, h) = (self.width(), self.height());
        let banded;
        let clip: Option<&Mask> = match band {
            Some(b) => {
                let Some(mut m) = self.st.clip.as_deref().cloned().or_else(|| full_mask(w, h))
                else {
                    return;
                };
                m.intersect_path(&b, FillRule::Winding, true, Transform::identity());
                banded = m;
                Some(&banded)
            }
            None => self.st.clip.as_deref(),
        };
        let blend = self.st.blend;
        let st = &self.st;
        let shadow_on = st.shadow_color.alpha() > 0.0
            && (st.shadow_blur > 0.0 || st.shadow_x != 0.0 || st.shadow_y != 0.0);
        let layer_paint = PixmapPaint {
            opacity: 1.0,
            blend_mode: blend,
            quality: FilterQuality::Nearest,
        };
        if shadow_on {
            let (sx, sy) = (st.shadow_x.round(), st.shadow_y.round());
            // Capped so that a page's shadowBlur cannot size the blur layer (or its cost)
            // without bound; beyond this the shadow is a faint haze anyway.
            let sigma = (st.shadow_blur / 2.0).min(MAX_SHADOW_SIGMA);
            let margin = (3.0 * sigma).ceil() + 2.0;
            // Only the region the shadow can reach: the shape's bounds grown by the blur,
            // limited to what lands on the canvas once offset.
            if let Some(b) = union_bounds(paths) {
                let l = (b.left() - margin).max(-sx - margin).floor();
                let t = (b.top() - margin).max(-sy - margin).floor();
                let r = (b.right() + margin).min(w as f32 - sx + margin).ceil();
                let bt = (b.bottom() + margin).min(h as f32 - sy + margin).ceil();
                if r > l
                    && bt > t
                    && let Some(mut layer) = Pixmap::new((r - l) as u32, (bt - t) as u32)
                {
                    paint_shape(
                        &mut layer,
                        paths,
                        rule,
                        &paint,
                        Transform::from_translate(-l, -t),
                        None,
                        !self.exact_rect,
                    );
                    if let Some(sh) = shadow::make(&layer, st.shadow_color, sigma) {
                        self.pixmap.draw_pixmap(
                            (l + sx) as i32,
                            (t + sy) as i32,
                            sh.as_ref(),
                            &layer_paint,
                            Transform::identity(),
                            clip,
                        );
                    }
                }
            }
        }
        if state::is_unbounded(blend) {
            if let Some(mut layer) = Pixmap::new(w, h) {
                paint_shape(
                    &mut layer,
                    paths,
                    rule,
                    &paint,
                    Transform::identity(),
                    None,
                    !self.exact_rect,
                );
                self.pixmap.draw_pixmap(
                    0,
                    0,
                    layer.as_ref(),
                    &layer_paint,
                    Transform::identity(),
                    clip,
                );
            }
        } else {
            paint.blend_mode = blend;
            paint_shape(
                &mut self.pixmap,
                paths,
                rule,
                &paint,
                Transform::identity(),
                clip,
                !self.exact_rect,
            );
        }
    }

    /// Strokes a path given in user coordinates with the current line style and dash.
    fn stroke_user(&mut self, user: Path, images: &dyn ImageSource, notices: &mut Notices) {
        let ts = self.st.ts;
        let scale = res_scale(&ts);
        let user = if self.st.dash.is_empty() || self.st.dash.iter().all(|d| *d == 0.0) {
            user
        } else {
            let Some(dash) = StrokeDash::new(self.st.dash.clone(), self.st.dash_offset) else {
                return;
            };
            match user.dash(&dash, scale) {
                Some(p) => p,
                None => return,
            }
        };
        let stroke = Stroke {
            width: self.st.line_width,
            miter_limit: self.st.miter,
            line_cap: self.st.cap,
            line_join: self.st.join,
            dash: None,
        };
        let Some(outline) = user.stroke(&stroke, scale) else {
            return;
        };
        let Some(dev) = outline.transform(ts) else {
            return;
        };
        let style = self.st.stroke.clone();
        self.paint(&style, vec![dev], FillRule::Winding, images, notices);
    }

    fn clip(&mut self, rule: FillRule) {
        let (w, h) = (self.width(), self.height());
        let mut m = match self.st.clip.as_deref() {
            Some(c) => c.clone(),
            None => match full_mask(w, h) {
                Some(m) => m,
                None => return,
            },
        };
        match self.path.device_path() {
            Some(p) => crate::coverage::intersect(&mut m, &p, rule),
            None => m.clear(),
        }
        self.st.clip = Some(Arc::new(m));
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        t: &str,
        x: f32,
        y: f32,
        max_width: Option<f32>,
        stroke: bool,
        images: &dyn ImageSource,
        notices: &mut Notices,
    ) {
        let font = self.st.font.clone();
        let l = text::layout(&font, t, true);
        if !l.missing.is_empty() {
            let list: Vec<String> = l
                .missing
                .iter()
                .map(|c| format!("{c:?} (U+{:04X})", *c as u32))
                .collect();
            notices.push(
                "missingGlyphs",
                format!(
                    "no font on this machine or in swan-canvas has a glyph for {}",
                    list.join(", ")
                ),
            );
        }
        if l.glyphs.is_empty() {
            return;
        }
        let mut sx = 1.0;
        if let Some(m) = max_width {
            if m <= 0.0 {
                return;
            }
            if l.width > m {
                sx = m / l.width;
            }
        }
        let w = l.width * sx;
        let dx = match self.st.align {
            Align::Start | Align::Left => 0.0,
            Align::End | Align::Right => -w,
            Align::Center => -w / 2.0,
        };
        let dy = match self.st.baseline {
            Baseline::Alphabetic => 0.0,
            // As Blink: top/middle/bottom from the em box, hanging and ideographic from the
            // font's ascent and descent.
            Baseline::Top => l.em_ascent,
            Baseline::Hanging => l.ascent * 0.8,
            Baseline::Middle => (l.em_ascent - l.em_descent) / 2.0,
            Baseline::Bottom => -l.em_descent,
            Baseline::Ideographic => -l.descent,
        };
        let ts = self.st.ts;
        // Skia positions horizontal text at subpixel x but whole-pixel y (the glyph cache
        // aligns along the baseline axis); do the same when the transform keeps axes.
        let axis_aligned = ts.kx == 0.0 && ts.ky == 0.0 && ts.sx > 0.0 && ts.sy > 0.0;
        let (ox, mut oy) = (x + dx, y + dy);
        if axis_aligned {
            oy = ((ts.sy * oy + ts.ty).round() - ts.ty) / ts.sy;
        }
        let Some(path) = text::assemble(&l.glyphs) else {
            return;
        };
        let place = Transform::from_translate(ox, oy).pre_scale(sx, 1.0);
        let Some(user) = path.clone().transform(place) else {
            return;
        };
        if stroke {
            // Synthetic bold for strokeText: Skia emboldens the glyph outline before the
            // canvas strokes it; stroking the contours of the emboldening outline draws the
            // same outer edge (and an inner one that stays inside the glyph).
            let user = if l.fake_bold > 0.0 {
                let s = Stroke {
                    width: l.fake_bold,
                    line_join: LineJoin::Round,
                    ..Stroke::default()
                };
                match path
                    .stroke(&s, res_scale(&ts))
                    .and_then(|o| o.transform(place))
                {
                    Some(bold) => bold,
                    None => user,
                }
            } else {
                user
            };
            self.stroke_user(user, images, notices);
            return;
        }
        let mut shapes = Vec::new();
        if let Some(dev) = user.transform(ts) {
            shapes.push(dev);
        }
        if l.fake_bold > 0.0 {
            let s = Stroke {
                width: l.fake_bold,
                line_join: LineJoin::Round,
                ..Stroke::default()
            };
            if let Some(o) = path
                .stroke(&s, res_scale(&ts))
                .and_then(|o| o.transform(place.post_concat(ts)))
            {
                shapes.push(o);
            }
        }
        if shapes.is_empty() {
            return;
        }
        let style = self.st.fill.clone();
        self.paint(&style, shapes, FillRule::Winding, images, notices);
    }

    fn draw_image(&mut self, a: &[Value], images: &dyn ImageSource, notices: &mut Notices) {
        let Some(src) = a.first().and_then(Value::as_str) else {
            return;
        };
        let nums: Option<Vec<f32>> = a[1..].iter().map(|v| num(Some(v))).collect();
        let Some(nums) = nums else { return };
        let img = match self.images.get(src, images, &self.limits) {
            Ok(p) => p,
            Err(e) => {
                notices.push("badImage", format!("image {src:?} not drawn: {e}"));
                return;
            }
        };
        let (iw, ih) = (img.width() as f32, img.height() as f32);
        let (mut sx, mut sy, mut sw, mut sh, mut dx, mut dy, mut dw, mut dh) = match nums[..] {
            [x, y] => (0.0, 0.0, iw, ih, x, y, iw, ih),
            [x, y, w, h] => (0.0, 0.0, iw, ih, x, y, w, h),
            [a0, a1, a2, a3, a4, a5, a6, a7] => (a0, a1, a2, a3, a4, a5, a6, a7),
            _ => return,
        };
        // Normalise negative sizes, as the spec does.
        if sw < 0.0 {
            sx += sw;
            sw = -sw;
        }
        if sh < 0.0 {
            sy += sh;
            sh = -sh;
        }
        if dw < 0.0 {
            dx += dw;
            dw = -dw;
        }
        if dh < 0.0 {
            dy += dh;
            dh = -dh;
        }
        if sw == 0.0 || sh == 0.0 || dw == 0.0 || dh == 0.0 {
            return;
        }
        // Clip the source rectangle to the image and the destination with it.
        let (kx, ky) = (dw / sw, dh / sh);
        let (x0, y0) = (sx.max(0.0), sy.max(0.0));
        let (x1, y1) = ((sx + sw).min(iw), (sy + sh).min(ih));
        if x1 <= x0 || y1 <= y0 {
            return;
        }
        dx += (x0 - sx) * kx;
        dy += (y0 - sy) * ky;
        dw = (x1 - x0) * kx;
        dh = (y1 - y0) * ky;
        let ts = self.st.ts;
        let pattern_ts = ts
            .pre_translate(dx, dy)
            .pre_scale(kx, ky)
            .pre_translate(-x0, -y0);
        let mut ps = PathState::default();
        ps.rect(&ts, dx, dy, dw, dh);
        let Some(dest) = ps.device_path() else { return };
        let shader = Pattern::new(
            img.as_ref().as_ref(),
            SpreadMode::Pad,
            self.filter(),
            self.st.alpha,
            pattern_ts,
        );
        let paint = Paint {
            shader,
            anti_alias: true,
            ..Paint::default()
        };
        self.draw(&[dest], FillRule::Winding, paint, None);
    }
}
