#![allow(dead_code)]
//! Helpers shared by the canvas tests: building calls, rendering, reading pixels back from a
//! real PNG export.

use serde_json::{Value, json};
use swan_canvas::{Call, Canvas, ExportFormat, ImageSource, Limits, Notice, Rect};

pub fn call(method: &str, args: Value) -> Call {
    let args = match args {
        Value::Array(a) => a,
        other => vec![other],
    };
    Call::new(method, args)
}

pub fn set(prop: &str, value: Value) -> Call {
    Call::new("set", vec![json!(prop), value])
}

/// Images read from the repository's fixtures folder (`fixtures/<name>`).
pub struct Fixtures;

impl ImageSource for Fixtures {
    fn bytes(&self, src: &str) -> Result<Vec<u8>, String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        std::fs::read(dir.join(src)).map_err(|e| format!("{src}: {e}"))
    }
}

pub fn render(w: u32, h: u32, calls: &[Call]) -> (Canvas, Vec<Notice>) {
    let mut c = Canvas::new(w, h, &Limits::default()).expect("canvas");
    let notices = c.run(calls, &Fixtures).expect("run");
    (c, notices)
}

/// Un-premultiplied RGBA pixels of the whole canvas, read back through a real PNG export.
pub struct Pixels {
    pub w: u32,
    pub h: u32,
    pub data: Vec<u8>,
}

impl Pixels {
    pub fn of(c: &Canvas) -> Pixels {
        let mut png = Vec::new();
        c.export(
            Rect::new(0.0, 0.0, c.width() as f32, c.height() as f32),
            c.width(),
            c.height(),
            ExportFormat::Png,
            1.0,
            &mut png,
        )
        .expect("export");
        let img = image::load_from_memory(&png).expect("decode").to_rgba8();
        Pixels {
            w: img.width(),
            h: img.height(),
            data: img.into_raw(),
        }
    }

    pub fn at(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * self.w + x) * 4) as usize;
        [
            self.data[i],
            self.data[i + 1],
            self.data[i + 2],
            self.data[i + 3],
        ]
    }

    /// Pixels that are not fully transparent.
    pub fn painted(&self) -> usize {
        self.data.chunks(4).filter(|p| p[3] != 0).count()
    }
}

pub fn close(a: [u8; 4], b: [u8; 4], tol: u8) -> bool {
    a.iter().zip(b.iter()).all(|(x, y)| x.abs_diff(*y) <= tol)
}

#[track_caller]
pub fn assert_px(p: &Pixels, x: u32, y: u32, want: [u8; 4], tol: u8) {
    let got = p.at(x, y);
    assert!(
        close(got, want, tol),
        "pixel ({x},{y}) is {got:?}, want {want:?} ±{tol}"
    );
}

#[track_caller]
pub fn assert_rgb(p: &Pixels, x: u32, y: u32, want: [u8; 3], tol: u8) {
    assert_px(p, x, y, [want[0], want[1], want[2], 255], tol);
}

/// An opaque white background of `w`×`h`.
pub fn white(w: u32, h: u32) -> Vec<Call> {
    vec![
        set("fillStyle", json!("white")),
        call("fillRect", json!([0, 0, w, h])),
    ]
}

/// `white(w, h)` followed by `calls`.
pub fn on_white(w: u32, h: u32, calls: Vec<Call>) -> Vec<Call> {
    let mut v = white(w, h);
    v.extend(calls);
    v
}
