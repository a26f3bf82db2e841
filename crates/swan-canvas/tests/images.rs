//! drawImage with the shared fixture images: formats, EXIF orientation, 3/5/9-argument forms,
//! and sources that are not pictures.
mod common;
use common::*;
use serde_json::json;

fn draw(args: serde_json::Value, w: u32, h: u32) -> (Pixels, Vec<swan_canvas::Notice>) {
    let (c, n) = render(w, h, &[call("drawImage", args)]);
    (Pixels::of(&c), n)
}

#[test]
fn three_argument_form_draws_at_natural_size() {
    // png-alpha.png: 64×48, left half opaque rgb(0,128,255), right half transparent,
    // rows 20–27 red at alpha ≈ 0.5 across both halves.
    let (p, n) = draw(json!(["png-alpha.png", 10, 10]), 100, 100);
    assert!(n.is_empty(), "{n:?}");
    assert_px(&p, 12, 12, [0, 128, 255, 255], 0);
    assert_px(&p, 41, 57, [0, 128, 255, 255], 0);
    assert_eq!(p.at(60, 12)[3], 0);
    assert_eq!(p.at(12, 59)[3], 0);
    assert_eq!(p.at(9, 12)[3], 0);
    let band = p.at(60, 34); // red at half alpha over transparent
    assert!(band[0] > 250 && (120..=135).contains(&band[3]), "{band:?}");
}

#[test]
fn exif_orientation_is_applied() {
    // jpeg-exif.jpg is stored 120×80 (top red #d04020 → bottom blue #2040d0) with
    // Orientation 6: shown 80×120, blue on the left, red on the right.
    let (p, n) = draw(json!(["jpeg-exif.jpg", 0, 0]), 120, 120);
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(p.at(79, 119)[3], 255, "80 wide, 120 tall");
    assert_eq!(p.at(81, 60)[3], 0, "not 120 wide");
    let left = p.at(2, 60);
    let right = p.at(77, 60);
    assert!(left[2] > 180 && left[0] < 70, "left is blue: {left:?}");
    assert!(right[0] > 180 && right[2] < 70, "right is red: {right:?}");
    // Top and bottom of a column are the same colour (the gradient runs across).
    assert!(
        close(p.at(40, 3), p.at(40, 116), 12),
        "{:?} {:?}",
        p.at(40, 3),
        p.at(40, 116)
    );
}

#[test]
fn five_argument_form_scales() {
    let (p, _) = draw(json!(["png-alpha.png", 0, 0, 32, 24]), 64, 64);
    assert_px(&p, 5, 2, [0, 128, 255, 255], 0);
    assert_eq!(p.at(25, 2)[3], 0);
    assert_eq!(p.at(5, 30)[3], 0);
}

#[test]
fn nine_argument_form_takes_a_source_rectangle() {
    // Take the right 32 columns of the top 16 rows of png-alpha (transparent) plus the left
    // half (blue): source x 16..48 → dest 0..64 (scaled ×2).
    let (p, _) = draw(
        json!(["png-alpha.png", 16, 0, 32, 16, 0, 0, 64, 32]),
        64,
        64,
    );
    assert_px(&p, 10, 10, [0, 128, 255, 255], 0);
    assert_eq!(p.at(50, 10)[3], 0);
    assert_eq!(p.at(10, 40)[3], 0);
    // A source rectangle partly outside the image is clipped, and the destination with it.
    let (p, _) = draw(
        json!(["png-alpha.png", -32, 0, 64, 16, 0, 0, 64, 16]),
        64,
        64,
    );
    assert_eq!(
        p.at(10, 5)[3],
        0,
        "the part left of the image draws nothing"
    );
    assert_px(&p, 40, 5, [0, 128, 255, 255], 0);
}

#[test]
fn every_decodable_format_draws() {
    for (src, w, h) in [
        ("image.bmp", 33, 21),
        ("still.webp", 100, 75),
        ("lossless.webp", 50, 40),
        ("animated.gif", 40, 30),
        ("animated.webp", 40, 30),
    ] {
        let (p, n) = draw(json!([src, 0, 0]), 120, 120);
        assert!(n.is_empty(), "{src}: {n:?}");
        assert_eq!(p.at(w - 1, h - 1)[3], 255, "{src}");
        assert_eq!(p.at(w + 1, h + 1)[3], 0, "{src}");
    }
    // The GIF's first frame is red.
    let (p, _) = draw(json!(["animated.gif", 0, 0]), 40, 30);
    assert_px(&p, 20, 15, [255, 0, 0, 255], 2);
}

#[test]
fn what_is_not_a_picture_draws_nothing_and_says_why() {
    for src in ["not-image.txt", "missing.png", "image.heic"] {
        let (c, n) = render(
            20,
            20,
            &[
                call("drawImage", json!([src, 0, 0])),
                call("fillRect", json!([0, 0, 2, 2])),
            ],
        );
        assert_eq!(Pixels::of(&c).painted(), 4, "{src}: only the rect");
        assert_eq!(n.len(), 1, "{src}: {n:?}");
        assert_eq!(n[0].what, "badImage");
        assert!(n[0].message.contains(src), "{}", n[0].message);
    }
    // A truncated JPEG: a notice, no panic.
    struct Cut;
    impl swan_canvas::ImageSource for Cut {
        fn bytes(&self, _: &str) -> Result<Vec<u8>, String> {
            let b = Fixtures.bytes("jpeg-exif.jpg")?;
            Ok(b[..b.len() / 3].to_vec())
        }
    }
    let mut c = swan_canvas::Canvas::new(10, 10, &swan_canvas::Limits::default()).unwrap();
    let n = c
        .run(&[call("drawImage", json!(["x.jpg", 0, 0]))], &Cut)
        .unwrap();
    assert!(n.len() <= 1, "{n:?}");
}

#[test]
fn images_over_the_decode_limit_are_refused() {
    let limits = swan_canvas::Limits {
        max_image_pixels: 1000,
        ..Default::default()
    };
    let mut c = swan_canvas::Canvas::new(10, 10, &limits).unwrap();
    let n = c
        .run(&[call("drawImage", json!(["still.webp", 0, 0]))], &Fixtures)
        .unwrap();
    assert_eq!(n[0].what, "badImage");
    assert!(n[0].message.contains("100x75"), "{}", n[0].message);
}

#[test]
fn global_alpha_and_smoothing_apply_to_images() {
    let (c, _) = render(
        64,
        48,
        &[
            set("globalAlpha", json!(0.5)),
            call("drawImage", json!(["png-alpha.png", 0, 0])),
        ],
    );
    let px = Pixels::of(&c).at(5, 5);
    assert!((125..=131).contains(&px[3]), "{px:?}");
    // Nearest-neighbour upscaling keeps a hard edge between blue and transparent.
    let (c, _) = render(
        256,
        48,
        &[
            set("imageSmoothingEnabled", json!(false)),
            call("drawImage", json!(["png-alpha.png", 0, 0, 256, 48])),
        ],
    );
    let p = Pixels::of(&c);
    assert_eq!(p.at(127, 5)[3], 255);
    assert_eq!(p.at(128, 5)[3], 0);
}

#[test]
fn an_image_that_appears_later_is_drawn_on_the_next_draw() {
    use std::cell::Cell;
    struct Later(Cell<bool>);
    impl swan_canvas::ImageSource for Later {
        fn bytes(&self, src: &str) -> Result<Vec<u8>, String> {
            if self.0.get() {
                Fixtures.bytes(src)
            } else {
                Err("not downloaded yet".into())
            }
        }
    }
    let src = Later(Cell::new(false));
    let mut c = swan_canvas::Canvas::new(64, 48, &swan_canvas::Limits::default()).unwrap();
    let n = c
        .run(&[call("drawImage", json!(["png-alpha.png", 0, 0]))], &src)
        .unwrap();
    assert!(n[0].message.contains("not downloaded yet"), "{n:?}");
    assert_eq!(Pixels::of(&c).painted(), 0);
    src.0.set(true);
    let n = c
        .run(&[call("drawImage", json!(["png-alpha.png", 0, 0]))], &src)
        .unwrap();
    assert!(n.is_empty(), "{n:?}");
    assert_px(&Pixels::of(&c), 5, 5, [0, 128, 255, 255], 0);
}

#[test]
fn the_decoded_image_cache_stays_within_its_budget() {
    use std::cell::Cell;
    // Counts reads: with a budget of two pictures' pixels, drawing three different ones in
    // turn and then the first again must read the first again.
    struct Counting(Cell<u32>);
    impl swan_canvas::ImageSource for Counting {
        fn bytes(&self, src: &str) -> Result<Vec<u8>, String> {
            self.0.set(self.0.get() + 1);
            Fixtures.bytes(src)
        }
    }
    let limits = swan_canvas::Limits {
        max_image_pixels: 64 * 48,
        ..Default::default()
    };
    let src = Counting(Cell::new(0));
    let mut c = swan_canvas::Canvas::new(64, 48, &limits).unwrap();
    let draw = |c: &mut swan_canvas::Canvas, s: &str| {
        c.run(&[call("drawImage", json!([s, 0, 0]))], &src).unwrap()
    };
    assert!(draw(&mut c, "png-alpha.png").is_empty());
    assert!(draw(&mut c, "png-alpha.png").is_empty());
    assert_eq!(src.0.get(), 1, "cached");
    assert!(draw(&mut c, "lossless.webp").is_empty());
    assert!(draw(&mut c, "animated.gif").is_empty()); // 3072 + 2000 + 1200 > 2 × 3072
    assert!(draw(&mut c, "png-alpha.png").is_empty());
    assert_eq!(src.0.get(), 4, "evicted and read again");
}
