//! Colours, gradients and patterns, checked on real renders.
mod common;
use common::*;
use serde_json::json;

fn fill_with(style: serde_json::Value, w: u32, h: u32) -> Pixels {
    let (c, _) = render(
        w,
        h,
        &[
            set("fillStyle", style),
            call("fillRect", json!([0, 0, w, h])),
        ],
    );
    Pixels::of(&c)
}

#[test]
fn css_colour_syntax() {
    for (s, want) in [
        ("red", [255, 0, 0, 255]),
        ("rebeccapurple", [102, 51, 153, 255]),
        ("#0f0", [0, 255, 0, 255]),
        ("#0000ff80", [0, 0, 255, 128]),
        ("#1234", [0x11, 0x22, 0x33, 0x44]),
        ("#123456", [0x12, 0x34, 0x56, 255]),
        ("rgb(10, 20, 30)", [10, 20, 30, 255]),
        ("rgba(10,20,30,0.5)", [10, 20, 30, 128]),
        ("rgb(10 20 30 / 50%)", [10, 20, 30, 128]),
        ("hsl(120, 100%, 50%)", [0, 255, 0, 255]),
        ("hsla(240, 100%, 50%, 1)", [0, 0, 255, 255]),
        ("  Blue ", [0, 0, 255, 255]),
    ] {
        let p = fill_with(json!(s), 2, 2);
        // Canvas pixels are stored premultiplied (as in browsers), so translucent colours come
        // back with the rounding of un-premultiplying.
        let tol = if want[3] == 255 { 0 } else { 3 };
        assert!(
            close(p.at(0, 0), want, tol),
            "{s}: {:?} want {want:?}",
            p.at(0, 0)
        );
    }
    // transparent paints nothing visible.
    assert_eq!(fill_with(json!("transparent"), 2, 2).painted(), 0);
}

#[test]
fn linear_gradient_midpoint_is_the_mean() {
    let p = fill_with(
        json!({"linearGradient": [0, 0, 100, 0], "stops": [[0, "#000000"], [1, "#ffffff"]]}),
        100,
        4,
    );
    let mid = p.at(50, 2)[0];
    assert!((125..=131).contains(&mid), "{mid}");
    assert!(p.at(0, 2)[0] < 5);
    assert!(p.at(99, 2)[0] > 250);
    // Pad beyond the ends; stops in any order sort by offset.
    let p = fill_with(
        json!({"linearGradient": [25, 0, 75, 0], "stops": [[1, "blue"], [0, "red"]]}),
        100,
        4,
    );
    assert_px(&p, 5, 2, [255, 0, 0, 255], 0);
    assert_px(&p, 95, 2, [0, 0, 255, 255], 0);
}

#[test]
fn gradients_follow_the_transform_and_degenerate_ones_paint_nothing() {
    let calls = vec![
        call("translate", json!([50, 0])),
        set(
            "fillStyle",
            json!({"linearGradient": [0, 0, 50, 0], "stops": [[0, "red"], [1, "blue"]]}),
        ),
        call("fillRect", json!([-50, 0, 100, 4])),
    ];
    let (c, _) = render(100, 4, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 10, 2, [255, 0, 0, 255], 0); // left of x=50 is padded red
    assert_px(&p, 99, 2, [0, 0, 255, 255], 3);
    assert_eq!(
        fill_with(
            json!({"linearGradient": [5, 5, 5, 5], "stops": [[0, "red"], [1, "blue"]]}),
            4,
            4
        )
        .painted(),
        0
    );
    assert_eq!(
        fill_with(json!({"linearGradient": [0, 0, 4, 0], "stops": []}), 4, 4).painted(),
        0
    );
}

#[test]
fn radial_gradient_centre_and_edge() {
    let p = fill_with(
        json!({"radialGradient": [50, 50, 0, 50, 50, 40], "stops": [[0, "white"], [1, "black"]]}),
        100,
        100,
    );
    assert!(p.at(50, 50)[0] > 245);
    let half = p.at(70, 50)[0];
    assert!((120..=136).contains(&half), "{half}");
    assert!(p.at(95, 50)[0] < 3);
    // A start radius: inside r0 is the first stop.
    let p = fill_with(
        json!({"radialGradient": [50, 50, 20, 50, 50, 40], "stops": [[0, "red"], [1, "blue"]]}),
        100,
        100,
    );
    assert_px(&p, 60, 50, [255, 0, 0, 255], 0);
    let mid = p.at(80, 50);
    assert!(mid[0] > 100 && mid[2] > 100, "{mid:?}");
}

#[test]
fn patterns_repeat_and_no_repeat() {
    // png-alpha.png is 64×48: left half opaque rgb(0,128,255), right half transparent.
    let p = fill_with(
        json!({"pattern": "png-alpha.png", "repetition": "repeat"}),
        128,
        48,
    );
    assert_px(&p, 10, 5, [0, 128, 255, 255], 0);
    assert_px(&p, 74, 5, [0, 128, 255, 255], 0);
    assert_eq!(p.at(50, 5)[3], 0);
    let p = fill_with(
        json!({"pattern": "png-alpha.png", "repetition": "no-repeat"}),
        128,
        96,
    );
    assert_px(&p, 10, 5, [0, 128, 255, 255], 0);
    assert_eq!(p.at(74, 5)[3], 0);
    assert_eq!(p.at(10, 60)[3], 0);
    let p = fill_with(
        json!({"pattern": "png-alpha.png", "repetition": "repeat-x"}),
        128,
        96,
    );
    assert_px(&p, 74, 5, [0, 128, 255, 255], 0);
    assert_eq!(p.at(10, 60)[3], 0);
    let p = fill_with(
        json!({"pattern": "png-alpha.png", "repetition": "repeat-y"}),
        128,
        96,
    );
    assert_px(&p, 10, 60, [0, 128, 255, 255], 0);
    assert_eq!(p.at(74, 5)[3], 0);
}

#[test]
fn a_pattern_from_a_missing_image_paints_nothing_and_says_so() {
    let (c, notices) = render(
        10,
        10,
        &[
            set(
                "fillStyle",
                json!({"pattern": "nope.png", "repetition": "repeat"}),
            ),
            call("fillRect", json!([0, 0, 10, 10])),
        ],
    );
    assert_eq!(Pixels::of(&c).painted(), 0);
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].what, "badImage");
    assert!(
        notices[0].message.contains("nope.png"),
        "{}",
        notices[0].message
    );
}
