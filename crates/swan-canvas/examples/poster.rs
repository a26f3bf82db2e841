//! Renders a poster-like scene to /tmp/poster.png (a quick visual check).
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
    let calls = vec![
        set(
            "fillStyle",
            json!({"linearGradient": [0, 0, 0, 400], "stops": [[0, "#ffecd2"], [1, "#fcb69f"]]}),
        ),
        c("fillRect", json!([0, 0, 300, 400])),
        c("drawImage", json!(["jpeg-exif.jpg", 20, 20, 80, 120])),
        c("drawImage", json!(["png-alpha.png", 120, 20])),
        c("save", json!([])),
        c("beginPath", json!([])),
        c("arc", json!([240, 60, 40, 0, std::f64::consts::TAU])),
        c("clip", json!([])),
        c("drawImage", json!(["still.webp", 200, 20, 80, 80])),
        c("restore", json!([])),
        set("shadowColor", json!("rgba(0,0,0,0.5)")),
        set("shadowBlur", json!(8)),
        set("shadowOffsetY", json!(4)),
        set("fillStyle", json!("#333")),
        set("font", json!("bold 24px \"PingFang SC\"")),
        c("fillText", json!(["百度智能小程序 海报 Poster", 20, 200])),
        set("shadowColor", json!("transparent")),
        set("font", json!("16px sans-serif")),
        set("textAlign", json!("center")),
        c(
            "fillText",
            json!(["扫码查看 Scan the QR code 😀", 150, 240]),
        ),
        set("strokeStyle", json!("blue")),
        set("lineWidth", json!(3)),
        c("setLineDash", json!([[10, 5]])),
        c("strokeRect", json!([10, 260, 280, 60])),
        c("setLineDash", json!([[]])),
        set(
            "fillStyle",
            json!({"radialGradient": [60, 360, 5, 60, 360, 30], "stops": [[0, "red"], [1, "rgba(0,0,255,0.3)"]]}),
        ),
        c("fillRect", json!([30, 330, 60, 60])),
        c("beginPath", json!([])),
        c("moveTo", json!([120, 380])),
        c("arcTo", json!([200, 330, 280, 380, 20])),
        c("lineTo", json!([280, 380])),
        set("lineWidth", json!(5)),
        set("lineJoin", json!("round")),
        c("stroke", json!([])),
    ];
    let mut cv = Canvas::new(300, 400, &Limits::default()).unwrap();
    let t = std::time::Instant::now();
    let notices = cv.run(&calls, &Dir).unwrap();
    eprintln!(
        "{:?} {notices:?} measure={}",
        t.elapsed(),
        cv.measure_text("16px sans-serif", "hello")
    );
    let mut f = std::fs::File::create("/tmp/poster.png").unwrap();
    cv.export(
        Rect::new(0.0, 0.0, 300.0, 400.0),
        600,
        800,
        ExportFormat::Png,
        1.0,
        &mut f,
    )
    .unwrap();
}
