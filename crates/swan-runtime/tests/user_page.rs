//! What the page does to its own bar, its search information, the clipboard and the preview:
//! events with every settled field, and the documented parameter errors.

mod common;
mod user_support;

use common::*;
use serde_json::json;
use swan_runtime::RunStatus;
use user_support::*;

#[test]
fn navigation_bar_title_and_color() {
    let w = World::new(&page(
        r#"go() {
  swan.setNavigationBarTitle({ title: '我的相册', success: res => console.log('title', res) });
  swan.setNavigationBarColor({ frontColor: '#FFFFFF', backgroundColor: '#3c76ff',
    animation: { duration: 400, timingFunc: 'easeIn' }, success: res => console.log('color', res) });
  swan.setNavigationBarTitle({ fail: err => console.log('no title', err) });
  swan.setNavigationBarColor({ frontColor: '#ff0000', backgroundColor: '#000000',
    fail: err => console.log('bad front', err) });
  swan.setNavigationBarColor({ frontColor: '#000000', fail: err => console.log('no background', err) });
}"#,
    ));
    let ran = run_with(&w, "go", empty());
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert_eq!(
        shown(&ran, "navigationBarTitle"),
        vec![json!({"title": "我的相册"})]
    );
    assert_eq!(
        shown(&ran, "navigationBarColor"),
        vec![
            json!({"frontColor": "#ffffff", "backgroundColor": "#3c76ff",
            "animation": {"duration": 400, "timingFunc": "easeIn"}})
        ]
    );
    assert_eq!(
        ran.logs(),
        vec![
            json!(["title", {"errMsg": "setNavigationBarTitle:ok"}]),
            json!(["color", {"errMsg": "setNavigationBarColor:ok"}]),
            json!(["no title", {"errCode": 904, "errMsg": "[jsNative Argument Error]title is required."}]),
            json!(["bad front", {"errCode": 904, "errMsg": "setNavigationBarColor:fail parameter error: frontColor should be \"#ffffff\" or \"#000000\", got \"#ff0000\""}]),
            json!(["no background", {"errCode": 904, "errMsg": "[jsNative Argument Error]backgroundColor is required."}]),
        ]
    );
}

#[test]
fn page_info_is_an_event_with_every_field_given() {
    let w = World::new(&page(
        r#"go() {
  swan.setPageInfo({
    title: '晒娃相册', keywords: '相册,照片', description: '一家人的照片',
    articleTitle: '周末去公园拍的照片', releaseDate: '2024-05-01 10:00:00',
    image: ['https://example.com/a.jpg'], video: { url: 'https://example.com/v.mp4', duration: '100' },
    visit: { pv: '100' }, likes: '7',
    success: res => console.log('ok', res),
  });
  swan.setPageInfo({ title: 1, fail: err => console.log('title', err) });
  swan.setPageInfo({ image: [1], fail: err => console.log('image', err) });
}"#,
    ));
    let ran = run_with(&w, "go", empty());
    assert_eq!(
        shown(&ran, "pageInfo"),
        vec![json!({
            "title": "晒娃相册", "keywords": "相册,照片", "description": "一家人的照片",
            "articleTitle": "周末去公园拍的照片", "releaseDate": "2024-05-01 10:00:00",
            "image": ["https://example.com/a.jpg"],
            "video": {"url": "https://example.com/v.mp4", "duration": "100"},
            "visit": {"pv": "100"}, "likes": "7",
        })]
    );
    assert_eq!(
        ran.logs(),
        vec![
            json!(["ok", {"errMsg": "setPageInfo:ok"}]),
            json!(["title", {"errCode": 904, "errMsg": "[jsNative Argument Error]title type error. must be \"string\""}]),
            json!(["image", {"errCode": 904, "errMsg": "[jsNative Argument Error]image type error. must be \"string|Array<string>\""}]),
        ]
    );
}

const CLIPBOARD_PAGE: &str = r#"
async go() {
  console.log('before', (await swan.getClipboardData()).data);
  await swan.setClipboardData({ data: '相册邀请码 1234' });
  console.log('after', await swan.getClipboardData());
  swan.setClipboardData({ fail: err => console.log('no data', err) });
  swan.setClipboardData({ data: 5, fail: err => console.log('number', err) });
}"#;

#[test]
fn clipboard_is_seeded_by_the_answer_and_kept_for_the_run() {
    let w = World::new(&page(CLIPBOARD_PAGE));
    let ran = run_with(&w, "go", json!({"clipboard": "from the user"}));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert_eq!(
        ran.logs(),
        vec![
            json!(["before", "from the user"]),
            json!(["after", {"data": "相册邀请码 1234", "errMsg": "getClipboardData:ok"}]),
            json!(["no data", {"errCode": 904, "errMsg": "[jsNative Argument Error]data is required."}]),
            json!(["number", {"errCode": 904, "errMsg": "[jsNative Argument Error]data type error. must be \"string\""}]),
        ]
    );
    assert_eq!(
        shown(&ran, "clipboard"),
        vec![json!({"data": "相册邀请码 1234"})]
    );
    // Without a seed the clipboard starts empty.
    let ran = run_with(&w, "go", empty());
    assert_eq!(ran.logs()[0], json!(["before", ""]));
}

#[test]
fn preview_image_rules() {
    let w = World::new(&page(
        r#"go() {
  swan.previewImage({ urls: ['bdfile://tmp_a.png', '/images/a.png'], current: '/images/a.png',
    success: res => console.log('ok', res) });
  swan.previewImage({ urls: ['x.png'], current: 'elsewhere.png' });
  swan.previewImage({ fail: err => console.log('missing', err) });
  swan.previewImage({ urls: [], fail: err => console.log('empty', err) });
  swan.previewImage({ urls: 'x.png', fail: err => console.log('string', err) });
}"#,
    ));
    let ran = run_with(&w, "go", empty());
    assert_eq!(
        shown(&ran, "previewImage"),
        vec![
            json!({"urls": ["bdfile://tmp_a.png", "/images/a.png"], "current": "/images/a.png"}),
            json!({"urls": ["x.png"], "current": "x.png"}),
        ]
    );
    assert_eq!(
        ran.logs(),
        vec![
            json!(["ok", {"errMsg": "previewImage:ok"}]),
            json!(["missing", {"errCode": 904, "errMsg": "[jsNative Argument Error]urls is required."}]),
            json!(["empty", {"errCode": 904, "errMsg": "previewImage:fail parameter error: urls should not be empty"}]),
            json!(["string", {"errCode": 904, "errMsg": "[jsNative Argument Error]urls type error. must be \"Array<string>\""}]),
        ]
    );
}
