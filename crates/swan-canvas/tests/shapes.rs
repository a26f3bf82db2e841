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
