//! Export to PNG and JPEG (decoded back), scaling, and the limits that stop memory bombs.
mod common;
use common::*;
use serde_json::json;
use swan_canvas::{Canvas, CanvasError, ExportFormat, Limits, Rect};

fn scene() -> Canvas {
    let (c, _) = render(
        40,
        30,
        &[
            set("fillStyle", json!("red")),
            call("fillRect", json!([0, 0, 20, 30])),
            set("fillStyle", json!("blue")),
            call("fillRect", json!([20, 0, 20, 30])),
        ],
    );
    c
}

fn export(
    c: &Canvas,
    rect: Rect,
    w: u32,
    h: u32,
    f: ExportFormat,
    q: f32,
) -> Result<Vec<u8>, CanvasError> {
    let mut out = Vec::new();
    c.export(rect, w, h, f, q, &mut out)?;
    Ok(out)
}

#[test]
fn png_export_decodes_back_with_size_and_pixels() {
    let c = scene();
    let png = export(
        &c,
        Rect::new(0.0, 0.0, 40.0, 30.0),
        40,
        30,
        ExportFormat::Png,
        1.0,
    )
    .unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let img = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
        .unwrap()
        .to_rgba8();
    assert_eq!(img.dimensions(), (40, 30));
    assert_eq!(img.get_pixel(5, 5).0, [255, 0, 0, 255]);
    assert_eq!(img.get_pixel(35, 5).0, [0, 0, 255, 255]);
}

#[test]
fn export_crops_and_scales() {
    let c = scene();
    // The right half only, doubled.
    let png = export(
        &c,
        Rect::new(20.0, 0.0, 20.0, 30.0),
        40,
        60,
        ExportFormat::Png,
        1.0,
    )
    .unwrap();
    let img = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(img.dimensions(), (40, 60));
    assert_eq!(img.get_pixel(1, 1).0, [0, 0, 255, 255]);
    assert_eq!(img.get_pixel(38, 58).0, [0, 0, 255, 255]);
    // A rectangle reaching past the canvas: the outside is transparent.
    let png = export(
        &c,
        Rect::new(30.0, 0.0, 20.0, 30.0),
        20,
        30,
        ExportFormat::Png,
        1.0,
    )
    .unwrap();
    let img = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(img.get_pixel(2, 2).0, [0, 0, 255, 255]);
    assert_eq!(img.get_pixel(15, 2).0[3], 0);
}

#[test]
fn jpeg_export_decodes_back_and_quality_matters() {
    let (c, _) = render(
        64,
        64,
        &[
            set(
                "fillStyle",
                json!({"linearGradient": [0, 0, 64, 64], "stops": [[0, "yellow"], [0.5, "purple"], [1, "teal"]]}),
            ),
            call("fillRect", json!([0, 0, 64, 64])),
            set("font", json!("20px sans-serif")),
            set("fillStyle", json!("white")),
            call("fillText", json!(["Ab你", 4, 40])),
        ],
    );
    let hi = export(
        &c,
        Rect::new(0.0, 0.0, 64.0, 64.0),
        64,
        64,
        ExportFormat::Jpeg,
        0.92,
    )
    .unwrap();
    let lo = export(
        &c,
        Rect::new(0.0, 0.0, 64.0, 64.0),
        64,
        64,
        ExportFormat::Jpeg,
        0.1,
    )
    .unwrap();
    assert_eq!(&hi[..3], b"\xff\xd8\xff");
    assert!(lo.len() < hi.len(), "{} {}", lo.len(), hi.len());
    let img = image::load_from_memory_with_format(&hi, image::ImageFormat::Jpeg)
        .unwrap()
        .to_rgb8();
    assert_eq!(img.dimensions(), (64, 64));
    let px = img.get_pixel(1, 1).0;
    assert!(
        px[0] > 200 && px[1] > 200 && px[2] < 80,
        "yellow corner: {px:?}"
    );
    // JPEG has no alpha: transparent becomes black, as a browser's toDataURL does.
    let (c, _) = render(8, 8, &[]);
    let j = export(
        &c,
        Rect::new(0.0, 0.0, 8.0, 8.0),
        8,
        8,
        ExportFormat::Jpeg,
        1.0,
    )
    .unwrap();
    let img = image::load_from_memory(&j).unwrap().to_rgb8();
    assert!(img.get_pixel(4, 4).0.iter().all(|v| *v < 8));
}

#[test]
fn canvas_size_limits() {
    let l = Limits::default();
    assert!(matches!(
        Canvas::new(100_000, 100_000, &l),
        Err(CanvasError::TooLarge { .. })
    ));
    assert!(matches!(
        Canvas::new(0, 10, &l),
        Err(CanvasError::ZeroSize { .. })
    ));
    assert!(matches!(
        Canvas::new(10, 0, &l),
        Err(CanvasError::ZeroSize { .. })
    ));
    // A 750×1334 poster at pixel ratio 3 fits the default.
    assert!(Canvas::new(2250, 4002, &l).is_ok());
    let small = Limits {
        max_pixels: 100,
        ..Limits::default()
    };
    assert!(Canvas::new(10, 10, &small).is_ok());
    let e = Canvas::new(10, 11, &small).err().unwrap();
    assert_eq!(
        e.to_string(),
        "canvas size 10x11 exceeds the limit of 100 pixels"
    );
}

#[test]
fn export_limits_and_bad_rectangles() {
    let c = scene();
    let r = Rect::new(0.0, 0.0, 40.0, 30.0);
    assert!(matches!(
        export(&c, r, 100_000, 100_000, ExportFormat::Png, 1.0),
        Err(CanvasError::TooLarge { .. })
    ));
    assert!(matches!(
        export(&c, r, 0, 30, ExportFormat::Png, 1.0),
        Err(CanvasError::ZeroSize { .. })
    ));
    assert!(matches!(
        export(
            &c,
            Rect::new(0.0, 0.0, 0.0, 30.0),
            10,
            10,
            ExportFormat::Png,
            1.0
        ),
        Err(CanvasError::BadRect(_))
    ));
    assert!(matches!(
        export(
            &c,
            Rect::new(f32::NAN, 0.0, 10.0, 30.0),
            10,
            10,
            ExportFormat::Png,
            1.0
        ),
        Err(CanvasError::BadRect(_))
    ));
    // A failing sink is an Encode error, not a panic.
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let e = c
        .export(r, 40, 30, ExportFormat::Png, 1.0, &mut Broken)
        .unwrap_err();
    assert!(matches!(e, CanvasError::Encode(_)), "{e:?}");
}

#[test]
fn clear_empties_the_canvas_and_state_survives_runs() {
    let (mut c, _) = render(
        10,
        10,
        &[
            set("fillStyle", json!("red")),
            call("fillRect", json!([0, 0, 10, 10])),
        ],
    );
    c.clear();
    assert_eq!(Pixels::of(&c).painted(), 0);
    // fillStyle set in the first run still applies (one context across draws).
    c.run(&[call("fillRect", json!([0, 0, 1, 1]))], &Fixtures)
        .unwrap();
    assert_px(&Pixels::of(&c), 0, 0, [255, 0, 0, 255], 0);
}

#[test]
fn calls_round_trip_through_json() {
    let text = r##"[{"method":"set","args":["fillStyle","#0f0"]},{"method":"fillRect","args":[0,0,2,2]}]"##;
    let calls: Vec<swan_canvas::Call> = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&calls).unwrap(), text);
    let (c, _) = render(2, 2, &calls);
    assert_px(&Pixels::of(&c), 1, 1, [0, 255, 0, 255], 0);
}

#[test]
fn a_canvas_can_move_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Canvas>();
    let c = scene();
    let png = std::thread::spawn(move || {
        export(
            &c,
            Rect::new(0.0, 0.0, 40.0, 30.0),
            4,
            3,
            ExportFormat::Png,
            1.0,
        )
    })
    .join()
    .unwrap()
    .unwrap();
    assert_eq!(image::load_from_memory(&png).unwrap().width(), 4);
}
