//! A canvas's CSS size from the page's template and stylesheets, as a phone would lay it out.

mod common;

use common::Fixture;
use swan_project::{CanvasDecl, DEFAULT_CANVAS_SIZE, Project, Screen, Side, canvases};

const PHONE: Screen = Screen {
    width: 375.0,
    height: 667.0,
};

fn one(template: &str, css: &str) -> CanvasDecl {
    let mut all = canvases(template, &[css], PHONE);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

fn px(c: &CanvasDecl) -> (f64, f64) {
    let s = c.size();
    assert!(s.unknown.is_empty(), "{:?}", s.unknown);
    (s.width, s.height)
}

#[test]
fn inline_style_in_px_and_rpx() {
    let c = one(
        r#"<view><canvas canvas-id="poster" style="width: 750rpx; height:600px"></canvas></view>"#,
        "",
    );
    assert_eq!(c.canvas_id.as_deref(), Some("poster"));
    assert!(!c.is_2d && c.is_named("poster") && !c.is_named("other"));
    assert_eq!(px(&c), (375.0, 600.0));
}

#[test]
fn class_and_id_rules_follow_the_cascade() {
    let css = r#"
/* .poster { width: 1px } */
canvas { width: 10px; height: 10px }
.poster { width: 600rpx; height: 1000rpx; }
.page .poster { height: 200px }
#c { width: 320px }
.poster { width: 100px }   /* less specific than #c: loses */
@media (min-width: 100px) { .poster { width: 5px } }
.other { width: 7px }
"#;
    let c = one(
        r#"<canvas id="c" type="2d" class="poster {{extra}}"/>"#,
        css,
    );
    assert!(c.is_2d && c.is_named("c"));
    assert_eq!(c.classes, ["poster"]);
    assert_eq!(px(&c), (320.0, 200.0));
    // !important beats inline; inline beats rules.
    let c = one(
        r#"<canvas canvas-id="a" class="p" style="width: 50px; height: 60px"/>"#,
        ".p { width: 99px !important; height: 1px }",
    );
    assert_eq!(px(&c), (99.0, 60.0));
}

#[test]
fn attributes_are_the_lowest_and_units_convert() {
    let c = one(r#"<canvas canvas-id="a" width="400" height="300"/>"#, "");
    assert_eq!(px(&c), (400.0, 300.0));
    let c = one(
        r#"<canvas canvas-id="a" width="400" height="300" style="height: 50vh"/>"#,
        "",
    );
    assert_eq!(px(&c), (400.0, 333.5));
    let c = one(r#"<CANVAS canvas-id='a' style='width:20vw;height:0'>"#, "");
    assert_eq!(px(&c), (75.0, 0.0));
}

#[test]
fn unset_sides_take_baidus_default_and_unreadable_ones_say_why() {
    let c = one(r#"<canvas canvas-id="a"></canvas>"#, "");
    assert_eq!(
        (c.width.clone(), c.height.clone()),
        (Side::Unset, Side::Unset)
    );
    assert_eq!(px(&c), DEFAULT_CANVAS_SIZE);
    let c = one(
        r#"<canvas canvas-id="a" style="width: {{w}}px; height: 100%"></canvas>"#,
        "",
    );
    let s = c.size();
    assert_eq!((s.width, s.height), DEFAULT_CANVAS_SIZE);
    assert_eq!(s.unknown.len(), 2, "{:?}", s.unknown);
    assert!(s.unknown[0].contains("{{w}}px"), "{:?}", s.unknown);
    // A whole-style binding may set anything; a rule cannot be trusted under it.
    let c = one(
        r#"<canvas canvas-id="a" class="p" style="{{s}}"/>"#,
        ".p{width:9px}",
    );
    assert!(matches!(c.width, Side::Unreadable(_)), "{c:?}");
    // Only the width is set: the height stays the component's.
    let c = one(r#"<canvas canvas-id="a" style="width:10px"/>"#, "");
    assert_eq!(px(&c), (10.0, DEFAULT_CANVAS_SIZE.1));
}

#[test]
fn only_canvas_tags_outside_comments_count_and_odd_input_never_panics() {
    let t = r#"<!-- <canvas canvas-id="gone"/> --><canvasx canvas-id="no"/><view>
<canvas canvas-id="one" style="width:1px;height:2px"/><canvas id="two" style="{{a > b ? 'width:1px' : ''}}"/>"#;
    let all = canvases(t, &["", ".x {"], PHONE);
    let names: Vec<_> = all
        .iter()
        .map(|c| c.canvas_id.clone().or(c.id.clone()))
        .collect();
    assert_eq!(names, [Some("one".to_string()), Some("two".to_string())]);
    for bad in [
        "<canvas",
        "<canvas style=\"",
        "<canvas a=",
        "}}}{{{",
        "<canvas class='a'/>",
    ] {
        for css in ["", "}", "{", "/*", ".a{width:", "@media{", "a,{;;}"] {
            let _ = canvases(bad, &[css], PHONE);
        }
    }
    let c = one("<canvas style='width:-5px;height:1e999px'/>", "");
    assert!(matches!(c.width, Side::Unreadable(_)) && matches!(c.height, Side::Unreadable(_)));
}

#[test]
fn a_project_page_reads_its_swan_and_both_stylesheets() {
    let f = Fixture::new();
    f.write(
        "pages/index/index.swan",
        r#"<canvas canvas-id="poster" class="poster"/><canvas type="2d" id="node" class="wide"/>"#,
    );
    f.write(
        "app.css",
        ".poster { width: 750rpx; height: 1334rpx } .wide { width: 100px }",
    );
    f.write("pages/index/index.css", ".poster { height: 500px }");
    let p = Project::load(&f.root()).unwrap();
    let all = p.page_canvases("/pages/index/index", 414.0, 896.0).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(px(&all[0]), (414.0, 500.0));
    assert_eq!(px(&all[1]), (100.0, DEFAULT_CANVAS_SIZE.1));
    // No template, no stylesheet: no canvases, no error.
    let f = Fixture::new();
    let p = Project::load(&f.root()).unwrap();
    assert!(
        p.page_canvases("pages/index/index", 375.0, 667.0)
            .unwrap()
            .is_empty()
    );
    assert!(p.page_canvases("../x", 375.0, 667.0).is_err());
}
