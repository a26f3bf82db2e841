//! The Canvas 2D node API (`<canvas type="2d">`): createSelectorQuery finds the node and its
//! size, its context is the Web's, images come from the app's files, and the export works.

mod canvas_support;
mod common;

use canvas_support::*;
use serde_json::json;
use swan_runtime::{Outcome, RunStatus};

const SWAN: &str = r#"<view class="page"><canvas type="2d" id="c" class="poster"></canvas>
<canvas canvas-id="old" id="old" style="width: 10px; height: 20px"/></view>"#;
const CSS: &str = ".poster { width: 150px; height: 75px }";

#[test]
fn a_node_draws_with_the_web_api_and_exports_at_its_own_size() {
    let page = r#"Page({ run() {
  swan.createSelectorQuery().select('#c').fields({ node: true, size: true }).exec(res => {
    const { node, width, height } = res[0];
    console.log('size', width, height, node.width, node.height);
    const dpr = swan.getSystemInfoSync().pixelRatio;
    node.width = width * dpr;
    node.height = height * dpr;
    const ctx = node.getContext('2d');
    console.log('same', ctx === node.getContext('2d'), ctx.canvas === node, node.getContext('webgl'));
    ctx.scale(dpr, dpr);
    ctx.fillStyle = '#00ff00';
    ctx.fillRect(0, 0, 150, 75);
    ctx.save();
    ctx.fillStyle = 'red';
    ctx.restore();
    console.log('style', ctx.fillStyle, typeof ctx.measureText('hi').width);
    ctx.fillStyle = 'blue';
    ctx.fillRect(0, 0, 10, 10);
    swan.canvasToTempFilePath({ canvas: node, success: r => {
      console.log('ok', r.tempFilePath.endsWith('.png'));
      swan.saveImageToPhotosAlbum({ filePath: r.tempFilePath, success: s => console.log(s.errMsg) });
    }, fail: e => console.log('fail', e) });
  });
} });"#;
    let w = world(page, SWAN, CSS);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert_eq!(
        ran.logs(),
        vec![
            json!(["size", 150, 75, 300, 150]),
            json!(["same", true, true, null]),
            json!(["style", "#00ff00", "number"]),
            json!(["ok", true]),
            json!("saveImageToPhotosAlbum:ok"),
        ]
    );
    let files = w.album_files();
    assert_eq!(files.len(), 1);
    let img = decode(&std::fs::read(&files[0]).unwrap());
    // The node's own size (150x75 CSS px x 2), 1:1: no second pixel-ratio scaling.
    assert_eq!(img.dimensions(), (300, 150));
    assert_eq!(img.get_pixel(5, 5).0, [0, 0, 255, 255]);
    assert_eq!(img.get_pixel(200, 100).0, [0, 255, 0, 255]);
}

#[test]
fn queries_answer_what_the_template_knows_and_null_for_the_rest() {
    let page = r#"Page({ run() {
  const q = this.createSelectorQuery();
  q.select('#old').boundingClientRect(r => console.log('own callback', r.width));
  q.select('#nothing').boundingClientRect();
  q.selectAll('#c').fields({ id: true, size: true, rect: true });
  q.selectViewport().scrollOffset();
  q.select('#old').fields({ node: true });
  q.select('.poster').fields({ id: true, node: true }, r => console.log('by class', r.id, typeof r.node.getContext));
  const r = q.exec(res => console.log(JSON.stringify(res)));
  console.log('sync', r === q);
} });"#;
    let w = world(page, SWAN, CSS);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let logs = ran.logs();
    assert_eq!(logs[0], json!(["sync", true]));
    assert_eq!(logs[1], json!(["own callback", 10]));
    assert_eq!(logs[2], json!(["by class", "c", "function"]));
    let res: serde_json::Value = serde_json::from_str(logs[3].as_str().unwrap()).unwrap();
    assert_eq!(
        res,
        json!([
            {"id": "old", "dataset": {}, "left": 0, "top": 0, "right": 10, "bottom": 20, "width": 10, "height": 20},
            null,
            [{"id": "c", "left": 0, "top": 0, "right": 150, "bottom": 75, "width": 150, "height": 75}],
            {"id": "", "dataset": {}, "scrollLeft": 0, "scrollTop": 0},
            {"node": null},
            {"id": "c", "node": {"id": "c"}},
        ])
    );
}

#[test]
fn images_load_from_the_apps_files_and_missing_ones_fail() {
    let page = r#"Page({ run() {
  swan.createSelectorQuery().select('#c').fields({ node: true }).exec(([{ node }]) => {
    const ctx = node.getContext('2d');
    const img = node.createImage();
    img.onload = () => {
      console.log('loaded', img.width > 0, img.height > 0, img.complete);
      ctx.drawImage(img, 0, 0, 300, 150);
      swan.canvasToTempFilePath({ canvas: node, fileType: 'jpg', success: r => console.log('jpg', r.tempFilePath.endsWith('.jpg')) });
    };
    img.src = '../../images/a.png';
    const bad = node.createImage();
    bad.onerror = e => console.log('error', e.errMsg);
    bad.src = '/images/none.png';
    const notes = node.createImage();
    notes.onerror = e => console.log('not a picture', e.errMsg);
    notes.src = '/images/notes.png';
  });
} });"#;
    let w = world(page, SWAN, CSS);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let logs = ran.logs();
    assert!(
        logs.contains(&json!(["loaded", true, true, true])),
        "{logs:?}"
    );
    assert!(
        logs.contains(&json!([
            "error",
            "can not find such file : /images/none.png"
        ])),
        "{logs:?}"
    );
    assert!(logs.iter().any(|l| l[0] == "not a picture"), "{logs:?}");
    assert!(logs.contains(&json!(["jpg", true])), "{logs:?}");
}

#[test]
fn draw_image_reads_package_and_temp_files_and_reports_what_it_cannot() {
    // A picture downloaded into the temp sandbox is drawn from its bdfile:// path: here the
    // first export, drawn again onto a second canvas.
    let page = r#"Page({ run() {
  const a = swan.createCanvasContext('old');
  a.setFillStyle('#ff00ff'); a.fillRect(0, 0, 10, 20);
  a.draw(false, () => swan.canvasToTempFilePath({ canvasId: 'old', success: r => {
    const b = swan.createCanvasContext('other');
    b.drawImage(r.tempFilePath, 0, 0, 300, 225);
    b.drawImage('/images/none.png', 0, 0);
    b.drawImage('https://example.com/x.png', 0, 0);
    b.draw(false, () => swan.canvasToTempFilePath({ canvasId: 'other', success: r2 => console.log(r2.tempFilePath) }));
  } }));
} });"#;
    let swan = format!("{SWAN}<canvas canvas-id=\"other\"/>");
    let w = world(page, &swan, CSS);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let api = ran.api("canvasToTempFilePath");
    assert!(api.iter().all(|(o, _)| *o == Outcome::Success), "{api:?}");
    let logs = ran.logs();
    let img = decode(&std::fs::read(temp_file(&w, logs[0].as_str().unwrap())).unwrap());
    assert_eq!(img.dimensions(), (600, 450));
    assert_eq!(img.get_pixel(300, 225).0, [255, 0, 255, 255]);
    let all: Vec<String> = ran
        .events
        .iter()
        .filter_map(|e| match e {
            swan_runtime::Event::Notice { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect();
    assert!(
        all.iter()
            .any(|m| m.contains("can not find such file : /images/none.png")),
        "{all:?}"
    );
    assert!(all.iter().any(|m| m.contains("network image")), "{all:?}");
}

#[test]
fn memory_bombs_are_refused_with_a_notice_and_a_clear_failure() {
    let page = r#"Page({ run() {
  swan.createSelectorQuery().select('#c').fields({ node: true }).exec(([{ node }]) => {
    node.width = 100000;
    node.height = 100000;
    node.getContext('2d').fillRect(0, 0, 10, 10);
    swan.canvasToTempFilePath({ canvas: node, fail: e => console.log('node', e.errCode, e.errMsg) });
    // Five canvases of 4096x4096 at pixel ratio 1: the fifth passes the run's budget.
    ['a', 'b', 'c2', 'd', 'e'].forEach(id => {
      const ctx = swan.createCanvasContext(id);
      ctx.fillRect(0, 0, 1, 1);
      ctx.draw(true);
    });
    swan.canvasToTempFilePath({ canvasId: 'e', fail: e => console.log('e', e.errCode, e.errMsg) });
    swan.canvasToTempFilePath({ canvasId: 'a', destWidth: 1, destHeight: 1, success: r => console.log('a', 'ok') });
  });
} });"#;
    let w = world(page, SWAN, CSS);
    let sizes = ["a", "b", "c2", "d", "e"]
        .iter()
        .map(|id| swan_core::api::CanvasOverride {
            id: id.to_string(),
            width: 4096.0,
            height: 4096.0,
        })
        .collect();
    let device = swan_core::api::DeviceProfile::from_json(r#"{"pixelRatio": 1}"#).unwrap();
    let ran = run(&w, "run", sizes, device);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let logs = ran.logs();
    assert_eq!(logs[0][0], "node");
    assert_eq!(logs[0][1], 1001);
    assert!(
        logs[0][2].as_str().unwrap().contains("exceeds the limit"),
        "{logs:?}"
    );
    assert_eq!(logs[1][0], "e");
    assert!(
        logs[1][2]
            .as_str()
            .unwrap()
            .contains("past 67108864 pixels"),
        "{logs:?}"
    );
    assert_eq!(logs[2], json!(["a", "ok"]));
    let n = notices(&ran, "canvasSize");
    assert_eq!(n.len(), 2, "{n:?}");
    assert!(w.album_files().is_empty());
}
