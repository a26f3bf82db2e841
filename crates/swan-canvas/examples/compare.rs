//! Renders a JSON call list and compares it with a reference PNG (e.g. from Chromium):
//! `compare CALLS.json W H REFERENCE.png OUT_PREFIX` prints the share of pixels within a
//! colour distance and writes OUT_PREFIX-ours.png and OUT_PREFIX-diff.png.
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
    let a: Vec<String> = std::env::args().collect();
    let calls: Vec<Call> = serde_json::from_slice(&std::fs::read(&a[1]).unwrap()).unwrap();
    let (w, h): (u32, u32) = (a[2].parse().unwrap(), a[3].parse().unwrap());
    let mut cv = Canvas::new(w, h, &Limits::default()).unwrap();
    let notices = cv.run(&calls, &Dir).unwrap();
    let mut png = Vec::new();
    cv.export(
        Rect::new(0.0, 0.0, w as f32, h as f32),
        w,
        h,
        ExportFormat::Png,
        1.0,
        &mut png,
    )
    .unwrap();
    std::fs::write(format!("{}-ours.png", a[5]), &png).unwrap();
    let ours = image::load_from_memory(&png).unwrap().to_rgba8();
    let theirs = image::open(&a[4]).unwrap().to_rgba8();
    let mut diff = image::RgbaImage::new(w, h);
    let (mut within, mut max) = (0usize, 0u8);
    let mut worst = Vec::new();
    for (x, y, p) in ours.enumerate_pixels() {
        let q = theirs.get_pixel(x, y);
        let d =
            p.0.iter()
                .zip(q.0.iter())
                .map(|(a, b)| a.abs_diff(*b))
                .max()
                .unwrap();
        max = max.max(d);
        worst.push((d, x, y, p.0, q.0));
        if d <= 8 {
            within += 1;
        }
        diff.put_pixel(x, y, image::Rgba([d.saturating_mul(4), 0, 0, 255]));
    }
    if let (Ok(row), Ok(from), Ok(to)) = (
        std::env::var("ROW"),
        std::env::var("FROM"),
        std::env::var("TO"),
    ) {
        let (row, from, to): (u32, u32, u32) = (
            row.parse().unwrap(),
            from.parse().unwrap(),
            to.parse().unwrap(),
        );
        for x in from..to {
            println!(
                "x={x} ours {:?} theirs {:?}",
                ours.get_pixel(x, row).0,
                theirs.get_pixel(x, row).0
            );
        }
    }
    worst.sort_by_key(|w| std::cmp::Reverse(w.0));
    for w in worst.iter().take(
        std::env::var("WORST")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
    ) {
        println!(
            "d={} at ({},{}) ours {:?} theirs {:?}",
            w.0, w.1, w.2, w.3, w.4
        );
    }
    diff.save(format!("{}-diff.png", a[5])).unwrap();
    println!(
        "{:.3}% within 8, max diff {max}, notices {notices:?}",
        within as f64 * 100.0 / (w * h) as f64
    );
}
