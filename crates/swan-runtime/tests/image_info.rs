//! `swan.getImageInfo` on real pictures (the shared fixtures), found as every file API finds
//! them, and its documented errors.

mod common;

use common::*;
use serde_json::json;
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::{Outcome, RunStatus};

fn world(page: &str) -> World {
    let w = World::new(page);
    let images = w.project().join("images");
    for name in ["jpeg-exif.jpg", "image.heic", "animated.gif", "still.webp"] {
        std::fs::write(images.join(name), fixture(name)).unwrap();
    }
    w
}

#[test]
fn sizes_types_and_orientation_of_real_pictures() {
    let page = r#"Page({ async run() {
  for (const src of ['images/jpeg-exif.jpg', '/images/a.png', 'images/image.heic',
                     '/images/animated.gif', 'images/still.webp']) {
    const r = await swan.getImageInfo({ src });
    console.log(r.width, r.height, r.type, r.orientation, r.path, r.errMsg);
  }
} });"#;
    let ran = world(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            // EXIF orientation 6: stored 120×80, shown rotated 90° clockwise.
            json!([
                120,
                80,
                "jpeg",
                "right",
                "images/jpeg-exif.jpg",
                "getImageInfo:ok"
            ]),
            json!([64, 48, "png", "up", "/images/a.png", "getImageInfo:ok"]),
            json!([
                33,
                21,
                "heic",
                "down",
                "images/image.heic",
                "getImageInfo:ok"
            ]),
            json!([
                40,
                30,
                "gif",
                "up",
                "/images/animated.gif",
                "getImageInfo:ok"
            ]),
            json!([
                100,
                75,
                "webp",
                "up",
                "images/still.webp",
                "getImageInfo:ok"
            ]),
        ]
    );
}

#[test]
fn documented_errors() {
    let page = r#"Page({ run() {
  const fail = e => console.log(e.errCode, e.errMsg);
  swan.getImageInfo({ src: '/images/missing.png', fail });
  swan.getImageInfo({ src: 'images/notes.png', fail });
  swan.getImageInfo({ src: '../outside.png', fail });
  swan.getImageInfo({ fail });
  swan.getImageInfo({ src: 5, fail });
  swan.getImageInfo({ src: 'https://not-whitelisted.example.com/a.png', fail });
} });"#;
    let ran = world(page).run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    let logs = ran.logs();
    assert_eq!(
        &logs[..5],
        &[
            // Known without reading a file: settled on the next loop turn, in call order.
            json!([1001, "can not find such file : /images/missing.png"]),
            json!([201, "Illegal file_path : ../outside.png"]),
            json!([904, "[jsNative Argument Error]src is required."]),
            json!([
                904,
                "[jsNative Argument Error]src type error. must be \"string\""
            ]),
            // Read on the blocking pool.
            json!([1001, "getImageInfo:fail invalid image : images/notes.png"]),
        ]
    );
    // A network image is downloaded first, under downloadFile's rules: this domain is not in
    // downloadDomains, so the download's own error comes back.
    assert_eq!(logs[5][0], json!(202), "{logs:?}");
    assert!(
        ran.api("getImageInfo")
            .iter()
            .all(|(o, _)| *o == Outcome::Fail)
    );
}

#[test]
fn a_network_image_is_downloaded_first_and_its_temp_file_is_the_path() {
    let page = r#"Page({ async run() {
  const r = await swan.getImageInfo({ src: 'https://img.example.com/photo.jpg' });
  console.log(r.width, r.height, r.type, r.orientation, r.path.startsWith('bdfile://tmp_'));
  const again = await swan.getImageInfo({ src: r.path });
  console.log('again', again.width, again.path === r.path);
  try { await swan.getImageInfo({ src: 'https://img.example.com/missing.jpg' }); }
  catch (e) { console.log(e.errCode, e.errMsg); }
} });"#;
    let mut w = world(page);
    std::fs::write(
        w.project().join("swan-album.json"),
        json!({"appId": "test-app", "downloadDomains": ["img.example.com"]}).to_string(),
    )
    .unwrap();
    let served = w.dir.path().join("served");
    std::fs::create_dir_all(&served).unwrap();
    std::fs::write(served.join("photo.jpg"), fixture("jpeg-exif.jpg")).unwrap();
    let server = swan_net::serve_dir("img.example.com", &served).unwrap();
    w.client = swan_net::ClientConfig::with_mapped_hosts(std::slice::from_ref(&server));
    let ran = w.run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        vec![
            json!([120, 80, "jpeg", "right", true]),
            json!(["again", 120, true]),
            // A 404 page is not the picture.
            json!([
                1001,
                "getImageInfo:fail invalid image : https://img.example.com/missing.jpg"
            ]),
        ]
    );
}
