//! chooseImage: the host files the scripted user picks become the app's `bdfile://tmp_…`
//! files, real ones that saveImageToPhotosAlbum then accepts.

mod common;
mod user_support;

use common::*;
use serde_json::{Value, json};
use std::path::PathBuf;
use swan_runtime::RunStatus;
use user_support::*;

const PAGE: &str = r#"
pickAndSave() {
  swan.chooseImage({
    count: 1,
    success: res => {
      console.log('chosen', res);
      swan.saveImageToPhotosAlbum({
        filePath: res.tempFilePaths[0],
        complete: r => console.log('saved', r.errMsg),
      });
    },
    fail: err => console.log('fail', err),
  });
},
pick() {
  swan.chooseImage({ count: 2, sizeType: ['compressed'] })
    .then(res => console.log('chosen', res))
    .catch(err => console.log('fail', err));
},
camera() {
  swan.chooseImage({ sourceType: ['camera'] }).then(res => console.log('chosen', res.tempFiles.length));
},
info() {
  swan.chooseImage({}).then(res => swan.getFileInfo({ filePath: res.tempFilePaths[0],
    success: r => console.log('info', r.size) }));
},
bad() {
  swan.chooseImage({ count: '2', fail: err => console.log('count', err) });
  swan.chooseImage({ sourceType: 'album', fail: err => console.log('source', err) });
}"#;

/// Host files outside the project: a PNG and a JPEG from the fixtures, and a text file.
fn host_files(w: &World) -> (PathBuf, PathBuf, PathBuf) {
    let dir = w.dir.path().join("host");
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("IMG_0001.PNG");
    let jpg = dir.join("holiday.jpeg");
    let txt = dir.join("notes.txt");
    std::fs::write(&png, fixture("png-alpha.png")).unwrap();
    std::fs::write(&jpg, fixture("jpeg-exif.jpg")).unwrap();
    std::fs::write(&txt, b"not a picture").unwrap();
    (png, jpg, txt)
}

fn tmp_path(v: &Value) -> &str {
    let p = v.as_str().unwrap();
    assert!(p.starts_with("bdfile://tmp_"), "{p}");
    p
}

#[test]
fn a_picked_picture_becomes_a_temp_file_that_the_album_accepts() {
    let w = World::new(&page(PAGE));
    let (png, _, _) = host_files(&w);
    let ran = run_with(&w, "pickAndSave", json!({"chooseImage": png}));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let logs = ran.logs();
    let res = &logs[0][1];
    let path = tmp_path(&res["tempFilePaths"][0]);
    assert!(
        path.ends_with(".png"),
        "named after the sniffed format: {path}"
    );
    let size = fixture("png-alpha.png").len();
    assert_eq!(res["tempFiles"], json!([{"path": path, "size": size}]));
    assert_eq!(res["errMsg"], "chooseImage:ok");
    assert_eq!(logs[1], json!(["saved", "saveImageToPhotosAlbum:ok"]));
    let album = w.album_files();
    assert_eq!(album.len(), 1);
    assert_eq!(std::fs::read(&album[0]).unwrap(), fixture("png-alpha.png"));
    assert_eq!(
        shown(&ran, "chooseImage"),
        vec![json!({"count": 1, "sizeType": ["original", "compressed"],
            "sourceType": ["album", "camera"], "picked": [png.display().to_string()]})]
    );
}

#[test]
fn count_limits_the_pick_in_order_and_says_so() {
    let w = World::new(&page(PAGE));
    let (png, jpg, _) = host_files(&w);
    let ran = run_with(&w, "pick", json!({"chooseImage": [jpg, png, jpg]}));
    let logs = ran.logs();
    let res = &logs[0][1];
    let paths = res["tempFilePaths"].as_array().unwrap();
    assert_eq!(paths.len(), 2);
    assert!(tmp_path(&paths[0]).ends_with(".jpg"));
    assert!(tmp_path(&paths[1]).ends_with(".png"));
    assert_ne!(paths[0], paths[1]);
    assert_eq!(res["tempFiles"][0]["size"], fixture("jpeg-exif.jpg").len());
    assert!(
        notices(&ran)[0].contains("at most 2"),
        "{:?}",
        notices(&ran)
    );
    assert_eq!(
        shown(&ran, "chooseImage")[0]["sizeType"],
        json!(["compressed"])
    );
}

#[test]
fn a_camera_takes_one_photo_and_the_file_is_the_apps() {
    let w = World::new(&page(PAGE));
    let (png, jpg, _) = host_files(&w);
    let ran = run_with(&w, "camera", json!({"chooseImage": [png.clone(), jpg]}));
    assert_eq!(ran.logs(), vec![json!(["chosen", 1])]);
    let ran = run_with(&w, "info", json!({"chooseImage": png}));
    assert_eq!(
        ran.logs(),
        vec![json!(["info", fixture("png-alpha.png").len()])]
    );
}

#[test]
fn cancel_or_no_answer_fails_with_the_cancel_errmsg() {
    let w = World::new(&page(PAGE));
    let cancel = json!(["fail", {"errCode": 1001, "errMsg": "chooseImage:fail cancel"}]);
    for answers in [json!({"chooseImage": "cancel"}), empty()] {
        let ran = run_with(&w, "pick", answers);
        assert_eq!(ran.logs(), vec![cancel.clone()]);
    }
}

#[test]
fn a_file_that_is_no_picture_or_is_missing_fails_without_naming_the_host_path() {
    let w = World::new(&page(PAGE));
    let (_, _, txt) = host_files(&w);
    let ran = run_with(&w, "pick", json!({"chooseImage": txt}));
    assert_eq!(
        ran.logs(),
        vec![
            json!(["fail", {"errCode": 1001, "errMsg": "chooseImage:fail the picked file is not a picture"}])
        ]
    );
    let ran = run_with(
        &w,
        "pick",
        json!({"chooseImage": w.dir.path().join("gone.png")}),
    );
    assert_eq!(
        ran.logs(),
        vec![
            json!(["fail", {"errCode": 1001, "errMsg": "chooseImage:fail can not read the picked file"}])
        ]
    );
}

#[test]
fn option_types_are_checked() {
    let w = World::new(&page(PAGE));
    let ran = run_with(&w, "bad", empty());
    assert_eq!(
        ran.logs(),
        vec![
            json!(["count", {"errCode": 904, "errMsg": "[jsNative Argument Error]count type error. must be \"number\""}]),
            json!(["source", {"errCode": 904, "errMsg": "[jsNative Argument Error]sourceType type error. must be \"Array<string>\""}]),
        ]
    );
}

#[test]
fn a_pick_over_the_temp_quota_fails_and_keeps_nothing() {
    let w = World::new(&page(PAGE));
    // A PNG signature then 11 MB: a picture as far as the picker can tell, past the 10 MB quota.
    let big = w.dir.path().join("huge.png");
    let mut bytes = fixture("png-alpha.png");
    bytes.resize(11 * 1024 * 1024, 0);
    std::fs::write(&big, &bytes).unwrap();
    let ran = run_with(&w, "pick", json!({"chooseImage": big}));
    assert_eq!(
        ran.logs(),
        vec![
            json!(["fail", {"errCode": 1001, "errMsg": "chooseImage:fail the maximum size of the file storage is exceeded"}])
        ]
    );
    let tmp = w.dir.path().join("data/apps/test-app/tmp");
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("tmp_"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
