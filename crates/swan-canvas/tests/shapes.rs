//! Pixel checks on real renders of shapes, paths, transforms, clipping, alpha and strokes.
mod common;
use common::*;
use serde_json::json;

#[test]
fn fill_rect_paints_its_colour_and_nothing_else() {
    let (c, _) = render(
        20,
        20,
        &[
            set("fillStyle", json!("#ff0000")),
            call("fillRect", json!([5, 5, 10, 10])),
        ],
    );
    let p = Pixels::of(&c);
    assert_px(&p, 10, 10, [255, 0, 0, 255], 0);
    assert_px(&p, 2, 2, [0, 0, 0, 0], 0);
    assert_px(&p, 15, 15, [0, 0, 0, 0], 0);
    assert_eq!(p.painted(), 100);
}

#[test]
fn default_fill_is_opaque_black_and_negative_sizes_normalise() {
    let (c, _) = render(20, 20, &[call("fillRect", json!([15, 15, -10, -10]))]);
    let p = Pixels::of(&c);
    assert_px(&p, 10, 10, [0, 0, 0, 255], 0);
    assert_eq!(p.painted(), 100);
}

#[test]
fn alpha_blends_in_8_bit_srgb_like_a_browser() {
    let calls = on_white(
        10,
        10,
        vec![
            set("fillStyle", json!("rgba(255, 0, 0, 0.5)")),
            call("fillRect", json!([0, 0, 10, 10])),
            set("globalAlpha", json!(0.5)),
            set("fillStyle", json!("blue")),
            call("fillRect", json!([5, 0, 5, 10])),
        ],
    );
    let (c, _) = render(10, 10, &calls);
    let p = Pixels::of(&c);
    assert_rgb(&p, 2, 5, [255, 127, 127], 1);
    assert_rgb(&p, 7, 5, [127, 63, 191], 2);
    // On transparent: exported un-premultiplied, red at alpha 128.
    let (c, _) = render(
        4,
        4,
        &[
            set("fillStyle", json!("rgba(255,0,0,0.5)")),
            call("fillRect", json!([0, 0, 4, 4])),
        ],
    );
    assert_px(&Pixels::of(&c), 1, 1, [255, 0, 0, 128], 1);
}

#[test]
fn transforms_move_scale_and_rotate_what_follows() {
    let calls = vec![
        call("translate", json!([10, 20])),
        call("scale", json!([2, 3])),
        set("fillStyle", json!("lime")),
        call("fillRect", json!([0, 0, 5, 5])), // → x 10..20, y 20..35
        call("setTransform", json!([1, 0, 0, 1, 0, 0])),
        call("translate", json!([50, 50])),
        call("rotate", json!([std::f64::consts::FRAC_PI_2])),
        set("fillStyle", json!("red")),
        call("fillRect", json!([0, 0, 20, 5])), // rotated 90°: x 45..50, y 50..70
    ];
    let (c, _) = render(80, 80, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 11, 21, [0, 255, 0, 255], 0);
    assert_px(&p, 19, 34, [0, 255, 0, 255], 0);
    assert_px(&p, 21, 21, [0, 0, 0, 0], 0);
    assert_px(&p, 9, 21, [0, 0, 0, 0], 0);
    assert_px(&p, 47, 60, [255, 0, 0, 255], 0);
    assert_px(&p, 52, 60, [0, 0, 0, 0], 0);
    assert_px(&p, 47, 72, [0, 0, 0, 0], 0);
}

#[test]
fn path_points_keep_the_transform_they_were_added_with() {
    // moveTo under a translate, lineTo after resetting it: the first point stays moved.
    let calls = vec![
        call("translate", json!([20, 0])),
        call("beginPath", json!([])),
        call("rect", json!([0, 0, 10, 10])),
        call("resetTransform", json!([])),
        call("fill", json!([])),
    ];
    let (c, _) = render(40, 20, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 25, 5, [0, 0, 0, 255], 0);
    assert_px(&p, 5, 5, [0, 0, 0, 0], 0);
}

#[test]
fn clip_to_a_circle_keeps_inside_and_restore_lifts_it() {
    let calls = vec![
        call("save", json!([])),
        call("beginPath", json!([])),
        call("arc", json!([50, 50, 30, 0, 2.0 * std::f64::consts::PI])),
        call("clip", json!([])),
        set("fillStyle", json!("blue")),
        call("fillRect", json!([0, 0, 100, 100])),
        call("restore", json!([])),
        set("fillStyle", json!("red")),
        call("fillRect", json!([0, 90, 10, 10])),
    ];
    let (c, _) = render(100, 100, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 50, 50, [0, 0, 255, 255], 0);
    assert_px(&p, 50, 22, [0, 0, 255, 255], 0);
    assert_px(&p, 10, 10, [0, 0, 0, 0], 0); // outside the circle
    assert_px(&p, 75, 75, [0, 0, 0, 0], 0); // corner, outside (distance 35)
    assert_px(&p, 5, 95, [255, 0, 0, 255], 0); // after restore, no clip
    // The circle's area is about π·30².
    let blue = p
        .data
        .chunks(4)
        .filter(|px| px[2] > 128 && px[3] >= 128)
        .count() as f64;
    assert!((blue - std::f64::consts::PI * 900.0).abs() < 60.0, "{blue}");
}

#[test]
fn clips_intersect() {
    let calls = vec![
        call("rect", json!([0, 0, 30, 30])),
        call("clip", json!([])),
        call("beginPath", json!([])),
        call("rect", json!([20, 20, 30, 30])),
        call("clip", json!([])),
        call("fillRect", json!([0, 0, 50, 50])),
    ];
    let (c, _) = render(50, 50, &calls);
    let p = Pixels::of(&c);
    assert_eq!(p.painted(), 100);
    assert_px(&p, 25, 25, [0, 0, 0, 255], 0);
}

#[test]
fn evenodd_leaves_a_hole_nonzero_does_not() {
    let ring = |rule: &str| {
        vec![
            call("beginPath", json!([])),
            call("rect", json!([0, 0, 30, 30])),
            call("rect", json!([10, 10, 10, 10])),
            call("fill", json!([rule])),
        ]
    };
    let (c, _) = render(30, 30, &ring("evenodd"));
    assert_px(&Pixels::of(&c), 15, 15, [0, 0, 0, 0], 0);
    let (c, _) = render(30, 30, &ring("nonzero"));
    assert_px(&Pixels::of(&c), 15, 15, [0, 0, 0, 255], 0);
}

#[test]
fn dashes_leave_gaps() {
    let calls = vec![
        set("strokeStyle", json!("black")),
        set("lineWidth", json!(4)),
        call("setLineDash", json!([[10, 10]])),
        call("beginPath", json!([])),
        call("moveTo", json!([0, 10])),
        call("lineTo", json!([100, 10])),
        call("stroke", json!([])),
    ];
    let (c, _) = render(100, 20, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 5, 10, [0, 0, 0, 255], 0);
    assert_px(&p, 15, 10, [0, 0, 0, 0], 0);
    assert_px(&p, 25, 10, [0, 0, 0, 255], 0);
    assert_px(&p, 5, 13, [0, 0, 0, 0], 0); // line is 4 px wide: y 8..12
    // Odd dash lists repeat: [5] means 5 on, 5 off.
    let mut calls = calls;
    calls[2] = call("setLineDash", json!([[5]]));
    let (c, _) = render(100, 20, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 2, 10, [0, 0, 0, 255], 0);
    assert_px(&p, 7, 10, [0, 0, 0, 0], 0);
}

#[test]
fn line_width_caps_and_stroke_rect() {
    let calls = vec![
        set("lineWidth", json!(10)),
        set("lineCap", json!("square")),
        call("beginPath", json!([])),
        call("moveTo", json!([20, 20])),
        call("lineTo", json!([40, 20])),
        call("stroke", json!([])),
        set("lineWidth", json!(2)),
        set("strokeStyle", json!("#00f")),
        call("strokeRect", json!([50, 10, 20, 20])),
    ];
    let (c, _) = render(80, 40, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 17, 20, [0, 0, 0, 255], 0); // the square cap extends 5 px past the start
    assert_px(&p, 30, 16, [0, 0, 0, 255], 0);
    assert_px(&p, 30, 26, [0, 0, 0, 0], 0);
    assert_px(&p, 50, 20, [0, 0, 255, 255], 0); // the rect's left edge, 49..51
    assert_px(&p, 60, 20, [0, 0, 0, 0], 0); // inside, unfilled
}

#[test]
fn clear_rect_and_state_save_restore() {
    let calls = vec![
        set("fillStyle", json!("red")),
        call("fillRect", json!([0, 0, 20, 20])),
        call("clearRect", json!([5, 5, 5, 5])),
        call("save", json!([])),
        set("fillStyle", json!("blue")),
        call("restore", json!([])),
        call("fillRect", json!([15, 15, 5, 5])),
        call("restore", json!([])), // unbalanced: ignored
    ];
    let (c, _) = render(20, 20, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 7, 7, [0, 0, 0, 0], 0);
    assert_px(&p, 17, 17, [255, 0, 0, 255], 0);
}

#[test]
fn bad_arguments_are_ignored_like_a_browser() {
    let calls = vec![
        set("fillStyle", json!("green")),
        set("fillStyle", json!("not-a-colour")), // ignored: stays green
        set("lineWidth", json!(-1)),
        set("globalAlpha", json!(2)),
        call("fillRect", json!([null, 0, 5, 5])),
        call("fillRect", json!(["x", 0, 5, 5])),
        call("moveTo", json!([])),
        call("arc", json!([10, 10, -5, 0, 1])),
        call("fillRect", json!([0, 0, 4, 4])),
    ];
    let (c, notices) = render(10, 10, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 1, 1, [0, 128, 0, 255], 0);
    assert_eq!(p.painted(), 16);
    assert!(notices.is_empty(), "{notices:?}");
    let (_, notices) = render(10, 10, &[call("frobnicate", json!([]))]);
    assert_eq!(notices[0].what, "unsupportedCall");
}

#[test]
fn arcs_bezier_and_arc_to_fill_where_expected() {
    let calls = vec![
        call("beginPath", json!([])),
        call("moveTo", json!([10, 50])),
        call("quadraticCurveTo", json!([50, 0, 90, 50])),
        call("bezierCurveTo", json!([90, 90, 10, 90, 10, 50])),
        call("fill", json!([])),
        call("beginPath", json!([])),
        set("fillStyle", json!("red")),
        call("moveTo", json!([110, 10])),
        call("arcTo", json!([190, 10, 190, 90, 30])),
        call("lineTo", json!([190, 90])),
        call("lineTo", json!([110, 90])),
        call("fill", json!([])),
        call("beginPath", json!([])),
        call("ellipse", json!([50, 120, 40, 10, 0, 0, 6.3])),
        call("fill", json!([])),
    ];
    let (c, _) = render(200, 140, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 50, 50, [0, 0, 0, 255], 0);
    assert_px(&p, 50, 20, [0, 0, 0, 0], 0); // above the quad's peak (y 25)
    assert_px(&p, 150, 50, [255, 0, 0, 255], 0);
    assert_px(&p, 187, 13, [0, 0, 0, 0], 0); // the rounded corner is cut
    assert_px(&p, 15, 120, [255, 0, 0, 255], 0);
    assert_px(&p, 50, 133, [0, 0, 0, 0], 0);
}

#[test]
fn shadows_fall_at_their_offset() {
    let calls = on_white(
        60,
        60,
        vec![
            set("shadowColor", json!("rgba(0,0,0,1)")),
            set("shadowOffsetX", json!(20)),
            set("shadowOffsetY", json!(20)),
            set("fillStyle", json!("red")),
            call("fillRect", json!([5, 5, 20, 20])),
        ],
    );
    let (c, _) = render(60, 60, &calls);
    let p = Pixels::of(&c);
    assert_rgb(&p, 10, 10, [255, 0, 0], 0);
    assert_rgb(&p, 40, 40, [0, 0, 0], 0);
    assert_rgb(&p, 50, 10, [255, 255, 255], 0);
    // With blur the shadow's edge is soft.
    let mut calls = calls;
    calls.insert(2, set("shadowBlur", json!(10)));
    let (c, _) = render(60, 60, &calls);
    let p = Pixels::of(&c);
    let edge = p.at(25, 35);
    assert!(edge[0] > 40 && edge[0] < 220, "{edge:?}");
}

#[test]
fn composite_destination_out_erases() {
    let calls = vec![
        call("fillRect", json!([0, 0, 20, 20])),
        set("globalCompositeOperation", json!("destination-out")),
        call("fillRect", json!([0, 0, 10, 20])),
        set("globalCompositeOperation", json!("source-over")),
    ];
    let (c, _) = render(20, 20, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 5, 5, [0, 0, 0, 0], 0);
    assert_px(&p, 15, 5, [0, 0, 0, 255], 0);
    // copy replaces everything, also outside the shape.
    let calls = vec![
        call("fillRect", json!([0, 0, 20, 20])),
        set("globalCompositeOperation", json!("copy")),
        set("fillStyle", json!("red")),
        call("fillRect", json!([0, 0, 5, 5])),
    ];
    let (c, _) = render(20, 20, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 2, 2, [255, 0, 0, 255], 0);
    assert_px(&p, 15, 15, [0, 0, 0, 0], 0);
}

#[test]
fn a_shape_off_the_canvas_still_casts_its_shadow_onto_it() {
    let calls = vec![
        set("shadowColor", json!("blue")),
        set("shadowOffsetX", json!(30)),
        call("fillRect", json!([-25, 5, 20, 10])), // entirely left of the canvas
    ];
    let (c, _) = render(40, 20, &calls);
    let p = Pixels::of(&c);
    assert_px(&p, 10, 10, [0, 0, 255, 255], 0); // shadow at x 5..25
    assert_px(&p, 30, 10, [0, 0, 0, 0], 0);
    // Text casts a blurred shadow too.
    let calls = vec![
        set("shadowColor", json!("red")),
        set("shadowBlur", json!(4)),
        set("shadowOffsetY", json!(20)),
        set("font", json!("bold 16px sans-serif")),
        call("fillText", json!(["Hi", 5, 20])),
    ];
    let (c, _) = render(40, 50, &calls);
    let p = Pixels::of(&c);
    let red = p
        .data
        .chunks(4)
        .filter(|px| px[0] > 200 && px[3] > 20)
        .count();
    let black = p
        .data
        .chunks(4)
        .filter(|px| px[0] < 50 && px[3] > 200)
        .count();
    assert!(red > 50 && black > 30, "{red} {black}");
}
