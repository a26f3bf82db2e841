//! Times a 750×1334 poster (a photo, a QR-sized image, 20 lines of mixed CJK/Latin text,
//! gradients) from calls to a PNG file: `cargo run --release -p swan-canvas --example big_poster`.
use serde_json::json;
use swan_canvas::{Call, Canvas, ExportFormat, ImageSource, Limits, Rect};

struct Dir;
impl ImageSource for Dir {
    fn bytes(&self, src: &str) -> Result<Vec<u8>, String> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../fixtures")
                .join(src),
        )
        .map_err(|e| e.to_string())
    }
}

fn main() {
    let c = |m: &str, a: serde_json::Value| Call::new(m, a.as_array().cloned().unwrap_or_default());
    let set = |p: &str, v: serde_json::Value| Call::new("set", vec![json!(p), v]);
    let mut calls = vec![
        set(
            "fillStyle",
            json!({"linearGradient": [0, 0, 0, 1334], "stops": [[0, "#ffecd2"], [1, "#fcb69f"]]}),
        ),
        c("fillRect", json!([0, 0, 750, 1334])),
        c("drawImage", json!(["still.webp", 0, 0, 750, 560])),
        c("drawImage", json!(["png-alpha.png", 550, 1100, 160, 160])),
        set(
            "fillStyle",
            json!({"radialGradient": [375, 700, 10, 375, 700, 300], "stops": [[0, "rgba(255,255,255,0.8)"], [1, "rgba(255,255,255,0)"]]}),
        ),
        c("fillRect", json!([0, 500, 750, 400])),
    ];
    for i in 0..20 {
        calls.push(set(
            "fillStyle",
            json!(if i % 2 == 0 { "#333" } else { "#a33" }),
        ));
        calls.push(set(
            "font",
            json!(if i == 0 {
                "bold 40px \"PingFang SC\""
            } else {
                "24px \"PingFang SC\", sans-serif"
            }),
        ));
        calls.push(c(
            "fillText",
            json!([
                format!("第{i}行 百度智能小程序海报 Poster line {i} ¥99.00"),
                40,
                600 + i * 34
            ]),
        ));
    }
    let t = std::time::Instant::now();
    let mut cv = Canvas::new(750, 1334, &Limits::default()).unwrap();
    let notices = cv.run(&calls, &Dir).unwrap();
    let t_draw = t.elapsed();
    let mut f = std::fs::File::create("/tmp/big_poster.png").unwrap();
    cv.export(
        Rect::new(0.0, 0.0, 750.0, 1334.0),
        750,
        1334,
        ExportFormat::Png,
        1.0,
        &mut f,
    )
    .unwrap();
    eprintln!(
        "draw {t_draw:?}, total {:?}, notices {notices:?}",
        t.elapsed()
    );
    let t = std::time::Instant::now();
    let mut cv = Canvas::new(750, 1334, &Limits::default()).unwrap();
    cv.run(&calls, &Dir).unwrap();
    let mut f = std::fs::File::create("/tmp/big_poster.png").unwrap();
    cv.export(
        Rect::new(0.0, 0.0, 750.0, 1334.0),
        750,
        1334,
        ExportFormat::Png,
        1.0,
        &mut f,
    )
    .unwrap();
    eprintln!(
        "second run (fonts loaded): total {:?}, {} bytes",
        t.elapsed(),
        std::fs::metadata("/tmp/big_poster.png").unwrap().len()
    );
}
