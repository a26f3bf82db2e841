//! A poster end to end, as real programs make them: a picture downloaded from a real local
//! HTTPS server, drawn with a background and Chinese text, exported and saved to the album,
//! through the old CanvasContext and through the Canvas 2D node (whose Image fetches the URL).

mod canvas_support;
mod common;

use canvas_support::*;
use common::{World, fixture};
use serde_json::json;
use swan_runtime::RunStatus;

const HOST: &str = "img.example.com";

fn with_server(page: &str, swan: &str) -> (World, swan_net::MappedHost) {
    let mut w = world(page, swan, ".poster { width: 200px; height: 120px }");
    std::fs::write(
        w.project().join("swan-album.json"),
        json!({"appId": "test-app", "downloadDomains": [HOST]}).to_string(),
    )
    .unwrap();
    let served = w.dir.path().join("served");
    std::fs::create_dir_all(&served).unwrap();
    std::fs::write(served.join("a.png"), fixture("png-alpha.png")).unwrap();
    let server = swan_net::serve_dir(HOST, &served).unwrap();
    w.client = swan_net::ClientConfig::with_mapped_hosts(std::slice::from_ref(&server));
    (w, server)
}

/// The saved poster: one PNG in the album, 400x240 (200x120 CSS px at pixel ratio 2), with
/// the photo's opaque blue half at the top left and dark text pixels in the title's box.
fn check_album(w: &World) {
    let files = w.album_files();
    assert_eq!(files.len(), 1, "{files:?}");
    let img = decode(&std::fs::read(&files[0]).unwrap());
    assert_eq!(img.dimensions(), (400, 240));
    assert_eq!(img.get_pixel(20, 10).0, [0, 128, 255, 255], "the photo");
    assert_eq!(
        img.get_pixel(390, 230).0,
        [255, 255, 255, 255],
        "the background"
    );
    let dark = (20..380)
        .flat_map(|x| (130..200).map(move |y| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0[0] < 100)
        .count();
    assert!(dark > 200, "the title has {dark} dark pixels");
}

#[test]
fn an_old_api_poster_of_a_downloaded_photo_and_chinese_text() {
    let page = format!(
        r#"Page({{ run() {{
  swan.downloadFile({{ url: 'https://{HOST}/a.png', success: d => {{
    const ctx = this.createCanvasContext('poster');
    ctx.setFillStyle('#ffffff');
    ctx.fillRect(0, 0, 200, 120);
    ctx.drawImage(d.tempFilePath, 0, 0, 64, 48);
    ctx.setFillStyle('#000000');
    ctx.setFontSize(28);
    ctx.setTextBaseline('top');
    ctx.fillText('海报标题 Poster', 10, 68, 180);
    ctx.draw(false, () => swan.canvasToTempFilePath({{ canvasId: 'poster', success: r =>
      swan.saveImageToPhotosAlbum({{ filePath: r.tempFilePath, success: s => console.log(s.errMsg) }}) }}));
  }} }});
}} }});"#
    );
    let (w, _server) = with_server(&page, r#"<canvas canvas-id="poster" class="poster"/>"#);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert_eq!(
        ran.logs(),
        vec![json!("saveImageToPhotosAlbum:ok")],
        "{:?}",
        ran.events
    );
    check_album(&w);
}

#[test]
fn a_canvas_2d_poster_loads_its_image_from_the_network() {
    let page = format!(
        r#"Page({{ run() {{
  this.createSelectorQuery().select('#poster').fields({{ node: true, size: true }}).exec(([res]) => {{
    const canvas = res.node;
    const dpr = swan.getSystemInfoSync().pixelRatio;
    canvas.width = res.width * dpr;
    canvas.height = res.height * dpr;
    const ctx = canvas.getContext('2d');
    ctx.scale(dpr, dpr);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, res.width, res.height);
    const img = canvas.createImage();
    img.onerror = e => console.log('error', e.errMsg);
    img.onload = () => {{
      ctx.drawImage(img, 0, 0, 64, 48);
      ctx.fillStyle = '#000';
      ctx.font = 'bold 28px sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillText('海报标题 Poster', 10, 68, 180);
      swan.canvasToTempFilePath({{ canvas, success: r =>
        swan.saveImageToPhotosAlbum({{ filePath: r.tempFilePath, success: s => console.log(s.errMsg) }}) }});
    }};
    img.src = 'https://{HOST}/a.png';
    const missing = canvas.createImage();
    missing.onerror = e => console.log('missing', e.errMsg);
    missing.src = 'https://{HOST}/none.png';
  }});
}} }});"#
    );
    let (w, _server) = with_server(&page, r#"<canvas type="2d" id="poster" class="poster"/>"#);
    let ran = run_default(&w, "run");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let logs = ran.logs();
    assert!(
        logs.contains(&json!("saveImageToPhotosAlbum:ok")),
        "{logs:?}"
    );
    assert!(
        logs.contains(&json!(["missing", "image download failed: HTTP 404"])),
        "{logs:?}"
    );
    check_album(&w);
}

/// `examples/poster`, the README's run: it must keep working as the README shows it.
#[test]
fn the_example_poster_program_saves_its_poster() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/poster");
    let mut w = World::new("Page({});");
    // The example project as it is, copied (a run binds the project folder to its app id).
    copy_dir(&root, &w.project());
    let server = swan_net::serve_dir(HOST, &root.join("mapped").join(HOST)).unwrap();
    w.client = swan_net::ClientConfig::with_mapped_hosts(std::slice::from_ref(&server));
    let ran = run_default(&w, "makePoster");
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert!(
        ran.events.iter().any(
            |e| matches!(e, swan_runtime::Event::Toast { title, .. } if title == "已保存到相册")
        ),
        "{:?}",
        ran.events
    );
    assert!(
        notices(&ran, "canvasSize").is_empty() && notices(&ran, "badImage").is_empty(),
        "{:?}",
        ran.events
    );
    let files = w.album_files();
    assert_eq!(files.len(), 1);
    let img = decode(&std::fs::read(&files[0]).unwrap());
    assert_eq!(img.dimensions(), (750, 1200));
    // The orange badge at the bottom.
    let p = img.get_pixel(60, 1040).0;
    assert!(p[0] > 240 && p[1] > 120 && p[1] < 160 && p[2] < 40, "{p:?}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
