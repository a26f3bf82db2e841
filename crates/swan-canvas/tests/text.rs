//! Text: real glyphs for Latin and CJK, measureText, alignment, baselines, maxWidth, notices.
mod common;
use common::*;
use serde_json::json;

fn ink_box(p: &Pixels) -> Option<(u32, u32, u32, u32)> {
    let mut b: Option<(u32, u32, u32, u32)> = None;
    for y in 0..p.h {
        for x in 0..p.w {
            if p.at(x, y)[3] > 64 {
                b = Some(match b {
                    None => (x, y, x, y),
                    Some((a, c, d, e)) => (a.min(x), c.min(y), d.max(x), e.max(y)),
                });
            }
        }
    }
    b
}

fn text_render(
    font: &str,
    text: &str,
    extra: Vec<swan_canvas::Call>,
) -> (Pixels, Vec<swan_canvas::Notice>) {
    let mut calls = vec![set("font", json!(font))];
    calls.extend(extra);
    calls.push(call("fillText", json!([text, 100, 50])));
    let (c, n) = render(300, 100, &calls);
    (Pixels::of(&c), n)
}

#[test]
fn latin_and_cjk_text_draw_real_glyphs() {
    for (font, text) in [
        ("20px sans-serif", "Hello"),
        ("bold 20px sans-serif", "Hello"),
        ("normal 20px \"PingFang SC\"", "你好世界"),
        ("20px 'Microsoft YaHei', sans-serif", "海报：扫码"),
        ("italic 20px serif", "Mixed 中文"),
    ] {
        let (p, notices) = text_render(font, text, vec![]);
        assert!(notices.is_empty(), "{font} {text}: {notices:?}");
        let (x0, y0, x1, y1) =
            ink_box(&p).unwrap_or_else(|| panic!("{font} {text}: nothing drawn"));
        // Starts at x=100, sits on the alphabetic baseline y=50.
        assert!((98..=104).contains(&x0), "{font}: x0 {x0}");
        assert!(y0 < 50 && y0 > 25, "{font}: y0 {y0}");
        assert!(y1 <= 56, "{font}: y1 {y1}");
        assert!(x1 > x0 + 30, "{font}: width {}", x1 - x0);
        // Glyphs, not filled boxes: plenty of background inside the ink box.
        let inked = (y0..=y1)
            .flat_map(|y| (x0..=x1).map(move |x| (x, y)))
            .filter(|(x, y)| p.at(*x, *y)[3] > 64)
            .count();
        let area = ((x1 - x0 + 1) * (y1 - y0 + 1)) as usize;
        assert!(
            inked * 10 < area * 7 && inked * 10 > area,
            "{font} {text}: {inked}/{area}"
        );
    }
}

#[test]
fn bold_text_has_more_ink() {
    let ink = |font: &str, text: &str| {
        text_render(font, text, vec![])
            .0
            .data
            .chunks(4)
            .map(|p| p[3] as u32)
            .sum::<u32>()
    };
    assert!(ink("bold 20px sans-serif", "Hello") > ink("20px sans-serif", "Hello") * 11 / 10);
    assert!(
        ink("bold 20px \"PingFang SC\"", "你好") > ink("20px \"PingFang SC\"", "你好") * 11 / 10
    );
}

#[test]
fn measure_text_grows_with_length_and_size() {
    let (mut c, _) = render(10, 10, &[]);
    let a = c.measure_text("16px sans-serif", "ab");
    let b = c.measure_text("16px sans-serif", "abcd");
    let big = c.measure_text("32px sans-serif", "abcd");
    assert!(a > 10.0 && b > a * 1.8 && b < a * 2.2, "{a} {b}");
    assert!((big - 2.0 * b).abs() < 0.5, "{big} {b}");
    let cjk = c.measure_text("16px \"PingFang SC\"", "你好");
    assert!(
        (cjk - 32.0).abs() < 1.0,
        "CJK glyphs are one em wide: {cjk}"
    );
    assert_eq!(c.measure_text("16px sans-serif", ""), 0.0);
    // A bad font string measures with the current font (10px sans-serif).
    let d = c.measure_text("nonsense", "abcd");
    assert!((d - b * 10.0 / 16.0).abs() < 0.5, "{d}");
}

#[test]
fn text_align_and_baseline_move_the_text() {
    let width = {
        let (mut c, _) = render(10, 10, &[]);
        c.measure_text("20px sans-serif", "Hello")
    };
    let (p, _) = text_render(
        "20px sans-serif",
        "Hello",
        vec![set("textAlign", json!("right"))],
    );
    let (_, _, x1, _) = ink_box(&p).unwrap();
    assert!(
        (97..=101).contains(&x1),
        "right-aligned ends at x=100: {x1}"
    );
    let (p, _) = text_render(
        "20px sans-serif",
        "Hello",
        vec![set("textAlign", json!("center"))],
    );
    let (x0, _, x1, _) = ink_box(&p).unwrap();
    let mid = (x0 + x1) as f32 / 2.0;
    assert!(
        (mid - 100.0).abs() < 3.0,
        "centered: {x0}..{x1} width {width}"
    );
    let (p, _) = text_render(
        "20px sans-serif",
        "Hello",
        vec![set("textBaseline", json!("top"))],
    );
    let (_, y0, _, _) = ink_box(&p).unwrap();
    assert!(
        (50..=56).contains(&y0),
        "top baseline puts ink below y=50: {y0}"
    );
    let (p, _) = text_render(
        "20px sans-serif",
        "Hello",
        vec![set("textBaseline", json!("middle"))],
    );
    let (_, y0, _, y1) = ink_box(&p).unwrap();
    assert!(y0 < 50 && y1 > 50, "middle straddles y=50: {y0}..{y1}");
}

#[test]
fn max_width_squeezes_horizontally() {
    let (c, _) = render(
        300,
        100,
        &[
            set("font", json!("20px sans-serif")),
            call("fillText", json!(["Hello world", 10, 50, 40])),
        ],
    );
    let p = Pixels::of(&c);
    let (x0, y0, x1, y1) = ink_box(&p).unwrap();
    assert!(x1 - x0 <= 41 && x1 - x0 > 30, "{x0}..{x1}");
    assert!(y1 - y0 > 12, "height kept: {y0}..{y1}");
    // maxWidth 0 or negative draws nothing.
    let (c, _) = render(300, 100, &[call("fillText", json!(["Hello", 10, 50, 0]))]);
    assert_eq!(Pixels::of(&c).painted(), 0);
}

#[test]
fn stroke_text_outlines_and_transform_applies() {
    let (c, _) = render(
        300,
        100,
        &[
            set("font", json!("bold 40px sans-serif")),
            set("strokeStyle", json!("red")),
            call("translate", json!([0, 30])),
            call("strokeText", json!(["O", 10, 50])),
        ],
    );
    let p = Pixels::of(&c);
    let (x0, y0, x1, y1) = ink_box(&p).unwrap();
    assert!(y0 > 40, "moved down by the translate: {y0}");
    // The middle of the O is empty: strokes only.
    assert_eq!(p.at((x0 + x1) / 2, (y0 + y1) / 2)[3], 0);
    assert_eq!(p.at(x0 + 1, (y0 + y1) / 2)[0], 255);
}

#[test]
fn characters_no_font_has_are_named_in_a_notice() {
    let (p, notices) = text_render("20px sans-serif", "A\u{10FFFD}B", vec![]);
    assert!(p.painted() > 0, "the rest is drawn");
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].what, "missingGlyphs");
    assert!(
        notices[0].message.contains("U+10FFFD"),
        "{}",
        notices[0].message
    );
}
