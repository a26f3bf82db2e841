//! The drawing surface and its Web Canvas 2D state machine.

use crate::{Call, CanvasError, ExportFormat, ImageSource, Limits, Notice, Rect, color, export};
use serde_json::Value;
use tiny_skia::{Color, Paint, Pixmap, Transform};

/// A drawing surface of `width`×`height` device pixels, transparent at start.
pub struct Canvas {
    pixmap: Pixmap,
    limits: Limits,
    fill: Color,
}

impl Canvas {
    pub fn new(width: u32, height: u32, limits: &Limits) -> Result<Canvas, CanvasError> {
        limits.check(width, height)?;
        let pixmap = Pixmap::new(width, height).ok_or(CanvasError::TooLarge {
            width,
            height,
            max_pixels: limits.max_pixels,
        })?;
        Ok(Canvas { pixmap, limits: limits.clone(), fill: Color::BLACK })
    }

    pub fn width(&self) -> u32 {
        self.pixmap.width()
    }

    pub fn height(&self) -> u32 {
        self.pixmap.height()
    }

    /// Runs calls in order, as a Web Canvas 2D context would.
    pub fn run(&mut self, calls: &[Call], _images: &dyn ImageSource) -> Result<Vec<Notice>, CanvasError> {
        for call in calls {
            let n = |i: usize| call.args.get(i).and_then(Value::as_f64).map(|v| v as f32);
            match call.method.as_str() {
                "set" => {
                    if let (Some("fillStyle"), Some(Value::String(s))) =
                        (call.args.first().and_then(Value::as_str), call.args.get(1))
                    {
                        if let Some(c) = color::parse(s) {
                            self.fill = color::quantize(c);
                        }
                    }
                }
                "fillRect" => {
                    if let (Some(x), Some(y), Some(w), Some(h)) = (n(0), n(1), n(2), n(3)) {
                        if let Some(r) = tiny_skia::Rect::from_xywh(x, y, w, h) {
                            let mut paint = Paint::default();
                            paint.set_color(self.fill);
                            self.pixmap.fill_rect(r, &paint, Transform::identity(), None);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(Vec::new())
    }

    /// Width of `text` in CSS px with `font` (measureText).
    pub fn measure_text(&mut self, _font: &str, text: &str) -> f32 {
        text.chars().count() as f32 * 10.0
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
        export::export(&self.pixmap, rect, dest_w, dest_h, format, quality, &self.limits, out)
    }
}
