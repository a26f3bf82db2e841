//! Hostile or absurd arguments never panic and never allocate without bound.
mod common;
use common::*;
use serde_json::json;

#[test]
fn extreme_values_do_not_panic() {
    let big = 1e30;
    let calls = vec![
        set("font", json!("1000000px sans-serif")),
        call("fillText", json!(["巨大 Huge", 0, 0])),
        set("font", json!("1e30px serif")),
        call("fillText", json!(["x", 0, 0])),
        set("shadowColor", json!("black")),
        set("shadowBlur", json!(1e9)),
        call("fillRect", json!([0, 0, 10, 10])),
        set("shadowBlur", json!(0)),
        set("lineWidth", json!(big)),
        call("strokeRect", json!([0, 0, 10, 10])),
        set("lineWidth", json!(1)),
        call("fillRect", json!([-big, -big, 2.0 * big, 2.0 * big])),
        call("scale", json!([0, 0])),
        call("fillRect", json!([0, 0, 10, 10])),
        call("stroke", json!([])),
        call("fillText", json!(["zero scale", 0, 0])),
        call("setTransform", json!([1, 0, 0, 1, 0, 0])),
        call("arc", json!([10, 10, big, 0, 1e9])),
        call("fill", json!([])),
        call("setLineDash", json!([[0.0001, 0.0001]])),
        call("beginPath", json!([])),
        call("moveTo", json!([0, 0])),
        call("lineTo", json!([1e6, 1e6])),
        call("stroke", json!([])),
        call("setLineDash", json!([[]])),
        call("drawImage", json!(["png-alpha.png", 0, 0, big, big])),
        call(
            "drawImage",
            json!(["png-alpha.png", 0, 0, 1e-30, 1e-30, 0, 0, 10, 10]),
        ),
        call("drawImage", json!(["png-alpha.png"])),
        call("drawImage", json!([])),
        call("roundRect", json!([0, 0, 10, 10, [big, -1]])),
        call("ellipse", json!([5, 5, 1, 1, big, 0, 1])),
        set("globalCompositeOperation", json!("source-in")),
        call("fillRect", json!([0, 0, 5, 5])),
    ];
    let (c, _) = render(40, 40, &calls);
    let _ = Pixels::of(&c);
}

#[test]
fn save_stack_is_bounded_and_restores_stay_balanced() {
    let mut calls = vec![set("fillStyle", json!("red"))];
    calls.extend(std::iter::repeat_n(call("save", json!([])), 70_000));
    calls.push(set("fillStyle", json!("blue")));
    calls.extend(std::iter::repeat_n(call("restore", json!([])), 70_000));
    calls.push(call("fillRect", json!([0, 0, 2, 2])));
    let (c, _) = render(2, 2, &calls);
    assert_px(&Pixels::of(&c), 0, 0, [255, 0, 0, 255], 0);
}
