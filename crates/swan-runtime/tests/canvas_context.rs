//! Baidu's CanvasContext from page code: drawing happens at draw(), sizes come from the page's
//! template and stylesheet (or --canvas), exports become real pictures the album accepts.

mod canvas_support;
mod common;

use canvas_support::*;
use serde_json::{Value, json};
use swan_core::api::{CanvasOverride, DeviceProfile};
use swan_runtime::{Event, RunStatus};

const POSTER_SWAN: &str = r#"<view><canvas canvas-id="poster" class="poster"></canvas></view>"#;
const POSTER_CSS: &str = ".poster { width: 100px; height: 50px; }";

#[test]
fn draw_export_and_save_puts_a_real_png_in_the_album() {
    let page = r#"Page({ run() {
  const ctx = swan.createCanvasContext('poster');
  ctx.setFillStyle('#ff0000');
  ctx.fillRect(0, 0, 100, 50);
  ctx.fillStyle = 'rgb(0, 0, 255)';
  ctx.fillRect(50, 0, 50, 50);
  console.log('before draw');
  ctx.draw(false, () => {
    console.log('drawn');
    swan.canvasToTempFilePath({
      canvasId: 'poster',
      success: res => {
        console.log('exported', /^bdfile:\/\/tmp_[0-9a-f]+\.png$/.test(res.tempFilePath));
        swan.saveImageToPhotosAlbum({ filePath: res.tempFilePath, success: r => console.log(r.errMsg) });
      },
      fail: e => console.log('fail', e),
    }, this);
  });
} });"#;
    let w = world(page, POSTER_SWAN, POSTER_CSS);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert_eq!(
        ran.logs(),
        vec![
            json!("before draw"),
            json!("drawn"),
            json!(["exported", true]),
            json!("saveImageToPhotosAlbum:ok")
        ]
    );
    assert!(notices(&ran, "canvasSize").is_empty(), "{:?}", ran.events);
    assert!(
        ran.events
            .iter()
            .any(|e| matches!(e, Event::Shown { what, detail }
        if what == "canvasDraw" && detail["canvasId"] == "poster" && detail["calls"] == 4))
    );
    let files = w.album_files();
    assert_eq!(files.len(), 1);
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
    // 100x50 CSS px at the default pixel ratio 2: 200x100, left red, right blue.
    let img = decode(&bytes);
    assert_eq!(img.dimensions(), (200, 100));
    assert_eq!(img.get_pixel(10, 50).0, [255, 0, 0, 255]);
    assert_eq!(img.get_pixel(190, 50).0, [0, 0, 255, 255]);
}

#[test]
fn reserve_keeps_what_was_drawn_and_false_clears_it() {
    let page = r#"Page({ run() {
  const ctx = swan.createCanvasContext('poster');
  ctx.setFillStyle('red'); ctx.fillRect(0, 0, 100, 50); ctx.draw();
  ctx.setFillStyle('blue'); ctx.fillRect(0, 0, 10, 10); ctx.draw(true);
  // reserve: the state goes on (blue); without it, it starts again (black).
  ctx.fillRect(90, 40, 10, 10); ctx.draw(true);
  swan.canvasToTempFilePath({ canvasId: 'poster', success: r => {
    console.log(r.tempFilePath);
    ctx.fillRect(40, 20, 10, 10); ctx.setFillStyle('lime'); ctx.fillRect(0, 0, 10, 10); ctx.draw(false, () =>
      swan.canvasToTempFilePath({ canvasId: 'poster', fileType: 'jpg', quality: 0.9, destWidth: 50, destHeight: 25,
        success: r => console.log(r.tempFilePath) }));
  } });
} });"#;
    let w = world(page, POSTER_SWAN, POSTER_CSS);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let logs = ran.logs();
    assert_eq!(logs.len(), 2, "{logs:?}");
    let kept = decode(&std::fs::read(temp_file(&w, logs[0].as_str().unwrap())).unwrap());
    assert_eq!(kept.get_pixel(5, 5).0, [0, 0, 255, 255]);
    assert_eq!(kept.get_pixel(100, 50).0, [255, 0, 0, 255]);
    assert_eq!(kept.get_pixel(190, 90).0, [0, 0, 255, 255]);
    let jpg_path = logs[1].as_str().unwrap();
    assert!(jpg_path.ends_with(".jpg"), "{jpg_path}");
    let bytes = std::fs::read(temp_file(&w, jpg_path)).unwrap();
    assert!(bytes.starts_with(&[0xFF, 0xD8]));
    let cleared = decode(&bytes);
    assert_eq!(cleared.dimensions(), (50, 25));
    // Green where drawn; elsewhere the cleared (transparent) canvas, which JPEG has no alpha
    // for: not red any more.
    let p = cleared.get_pixel(2, 2).0;
    assert!(p[1] > 200 && p[0] < 60, "{p:?}");
    let p = cleared.get_pixel(40, 20).0;
    assert!(p[0] < 60, "{p:?}");
    // The state started again: black, not blue.
    let p = cleared.get_pixel(22, 12).0;
    assert!(p[0] < 40 && p[1] < 40 && p[2] < 40, "{p:?}");
}

#[test]
fn export_errors_say_why_and_the_album_is_untouched() {
    let page = r#"Page({ run() {
  const id = this.options.which;
  const cases = {
    unknown: { canvasId: 'nope' },
    empty: { canvasId: 'poster' },
    type: { canvasId: 'poster', fileType: 'gif' },
    huge: { canvasId: 'poster', destWidth: 100000, destHeight: 100000 },
    zero: { canvasId: 'poster', width: 0 },
    missing: {},
  };
  const go = () => Object.keys(cases).forEach(k => swan.canvasToTempFilePath(Object.assign({
    fail: e => { console.log(k, e.errCode, e.errMsg); swan.saveImageToPhotosAlbum({ filePath: e.tempFilePath || '', fail: () => {} }); },
    success: r => console.log(k, 'ok', r.tempFilePath),
  }, cases[k])));
  go();
  const ctx = swan.createCanvasContext('poster');
  ctx.fillRect(0, 0, 1, 1);
  ctx.draw(false, () => {
    delete cases.empty;
    delete cases.unknown;
    delete cases.missing;
    go();
  });
} });"#;
    let w = world(page, POSTER_SWAN, POSTER_CSS);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let logs: Vec<Value> = ran.logs();
    let find = |k: &str| -> Vec<Value> { logs.iter().filter(|l| l[0] == k).cloned().collect() };
    assert_eq!(
        find("unknown"),
        vec![json!([
            "unknown",
            1001,
            "canvasToTempFilePath:fail no canvas with canvas-id \"nope\" on pages/index/index"
        ])]
    );
    assert_eq!(find("empty")[0][1], 1001);
    assert!(find("empty")[0][2].as_str().unwrap().contains("is empty"));
    assert_eq!(
        find("missing"),
        vec![json!([
            "missing",
            904,
            "[jsNative Argument Error]canvasId is required."
        ])]
    );
    // Before the draw the canvas is empty; after it, the options themselves are refused.
    for k in ["type", "huge", "zero"] {
        let got = find(k);
        assert_eq!(got.len(), 2, "{k}: {got:?}");
        assert!(got[0][2].as_str().unwrap().contains("is empty"), "{got:?}");
        assert_eq!(got[1][1], 904, "{got:?}");
    }
    assert!(
        find("type")[1][2]
            .as_str()
            .unwrap()
            .contains("fileType must be \"png\" or \"jpg\", not \"gif\"")
    );
    assert!(
        find("huge")[1][2]
            .as_str()
            .unwrap()
            .contains("exceeds the limit of 33554432 pixels")
    );
    assert!(
        find("zero")[1][2]
            .as_str()
            .unwrap()
            .contains("width must be above 0")
    );
    assert!(w.album_files().is_empty());
}

#[test]
fn sizes_come_from_the_override_or_fall_back_with_a_notice() {
    let page = r#"Page({ run() {
  for (const id of ['wide', 'ghost']) {
    const ctx = swan.createCanvasContext(id);
    ctx.fillRect(0, 0, 1, 1);
    ctx.draw(false, () => swan.canvasToTempFilePath({ canvasId: id, success: r => console.log(id, r.tempFilePath) }));
  }
} });"#;
    let swan = r#"<canvas canvas-id="wide" style="width: 100%; height: 300rpx"/>"#;
    let w = world(page, swan, "");
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let n = notices(&ran, "canvasSize");
    assert_eq!(n.len(), 2, "{n:?}");
    assert!(
        n[0].contains("\"wide\"")
            && n[0].contains("\"100%\"")
            && n[0].contains("--canvas wide=WxH"),
        "{n:?}"
    );
    assert!(
        n[1].contains("no <canvas canvas-id=\"ghost\">") && n[1].contains("300x225"),
        "{n:?}"
    );
    let size = |ran: &common::Ran, id: &str| {
        let l = ran.logs().into_iter().find(|l| l[0] == id).unwrap();
        decode(&std::fs::read(temp_file(&w, l[1].as_str().unwrap())).unwrap()).dimensions()
    };
    // 300 CSS px wide (the default), 300rpx = 150 px high, at pixel ratio 2.
    assert_eq!(size(&ran, "wide"), (600, 300));
    assert_eq!(size(&ran, "ghost"), (600, 450));
    // --canvas wins, and the device's pixel ratio and screen width count.
    let device = DeviceProfile::from_json(r#"{"pixelRatio": 3, "screenWidth": 414}"#).unwrap();
    let sizes = vec![CanvasOverride {
        id: "ghost".into(),
        width: 20.0,
        height: 10.0,
    }];
    let ran = run(&w, "run", sizes, device);
    assert_eq!(notices(&ran, "canvasSize").len(), 1);
    assert_eq!(size(&ran, "ghost"), (60, 30));
    // 300rpx on a 414 px screen is 165.6 px: 496.8 device pixels, rounded.
    assert_eq!(size(&ran, "wide"), (900, 497));
}

#[test]
fn old_api_maps_to_web_calls_and_measures_text() {
    let page = r#"Page({ run() {
  const ctx = this.createCanvasContext('poster');
  const g = ctx.createCircularGradient(10, 10, 5); g.addColorStop(0, 'red'); g.addColorStop(1, 'blue');
  ctx.setFillStyle(g);
  ctx.font = 'bold 12px serif';
  ctx.setFontSize(20);
  ctx.setShadow(1, 2, 3, 'black');
  ctx.setLineDash([4, 2], 1);
  ctx.setTextBaseline('normal');
  ctx.imageSmoothingEnabled = 0;
  ctx.drawImage('/images/a.png', 0, 0);
  ctx.drawImage('/images/a.png', 0, 0, 10, 10);
  ctx.drawImage('/images/a.png', 0, 0, 1, 1, 0, 0, 10, 10);
  try { ctx.drawImage('/images/a.png', 1); } catch (e) { console.log(e instanceof TypeError); }
  console.log(JSON.stringify(ctx.getActions()));
  console.log(ctx.font, ctx.fillStyle === g, typeof ctx.measureText('中文 ab').width);
} });"#;
    let w = world(page, POSTER_SWAN, POSTER_CSS);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let logs = ran.logs();
    assert_eq!(logs[0], json!(true));
    let calls: Value = serde_json::from_str(logs[1].as_str().unwrap()).unwrap();
    assert_eq!(
        calls,
        json!([
            {"method": "set", "args": ["fillStyle", {"radialGradient": [10, 10, 0, 10, 10, 5], "stops": [[0, "red"], [1, "blue"]]}]},
            {"method": "set", "args": ["font", "bold 12px serif"]},
            {"method": "set", "args": ["font", "bold 20px serif"]},
            {"method": "set", "args": ["shadowOffsetX", 1]},
            {"method": "set", "args": ["shadowOffsetY", 2]},
            {"method": "set", "args": ["shadowBlur", 3]},
            {"method": "set", "args": ["shadowColor", "black"]},
            {"method": "setLineDash", "args": [[4, 2]]},
            {"method": "set", "args": ["lineDashOffset", 1]},
            {"method": "set", "args": ["textBaseline", "alphabetic"]},
            {"method": "set", "args": ["imageSmoothingEnabled", false]},
            {"method": "drawImage", "args": ["/images/a.png", 0, 0]},
            {"method": "drawImage", "args": ["/images/a.png", 0, 0, 10, 10]},
            {"method": "drawImage", "args": ["/images/a.png", 0, 0, 1, 1, 0, 0, 10, 10]},
        ])
    );
    assert_eq!(logs[2], json!(["bold 20px serif", true, "number"]));
}

#[test]
fn a_component_draws_on_the_canvas_of_its_own_template() {
    let page = r#"Page({ run() { console.log('page'); } });"#;
    let w = world(page, r#"<view><poster-card id="card"/></view>"#, "");
    let p = w.project();
    std::fs::write(
        p.join("pages/index/index.json"),
        r#"{"usingComponents": {"poster-card": "/components/card/card"}}"#,
    )
    .unwrap();
    std::fs::create_dir_all(p.join("components/card")).unwrap();
    std::fs::write(
        p.join("components/card/card.json"),
        r#"{"component": true}"#,
    )
    .unwrap();
    std::fs::write(
        p.join("components/card/card.swan"),
        r#"<canvas canvas-id="inner" class="inner"/>"#,
    )
    .unwrap();
    std::fs::write(
        p.join("components/card/card.css"),
        ".inner { width: 40px; height: 30px }",
    )
    .unwrap();
    std::fs::write(
        p.join("components/card/card.js"),
        r#"Component({ lifetimes: { ready() {
  const ctx = swan.createCanvasContext('inner', this);
  ctx.setFillStyle('#123456');
  ctx.fillRect(0, 0, 40, 30);
  ctx.draw(false, () => swan.canvasToTempFilePath({ canvasId: 'inner',
    success: r => console.log(r.tempFilePath), fail: e => console.log(e.errMsg) }, this));
  this.createSelectorQuery().select('#nope').boundingClientRect(r => console.log('none', r)).exec();
} } });"#,
    )
    .unwrap();
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert!(notices(&ran, "canvasSize").is_empty(), "{:?}", ran.events);
    let logs = ran.logs();
    let path = logs
        .iter()
        .find_map(|l| l.as_str().filter(|s| s.starts_with("bdfile://")))
        .unwrap();
    let img = decode(&std::fs::read(temp_file(&w, path)).unwrap());
    assert_eq!(img.dimensions(), (80, 60));
    assert_eq!(img.get_pixel(40, 30).0, [0x12, 0x34, 0x56, 255]);
    assert!(logs.contains(&json!(["none", null])), "{logs:?}");
}
