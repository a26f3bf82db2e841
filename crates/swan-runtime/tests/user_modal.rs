//! The scripted user answers what the page shows: showModal, showActionSheet, showLoading.

mod common;
mod user_support;

use common::*;
use serde_json::json;
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::{Outcome, RunStatus, UserAnswers};
use user_support::*;

const MODAL_PAGE: &str = r#"
go() {
  swan.showModal({
    title: '删除', content: '确定删除这张照片吗？',
    success: res => console.log('success', res),
    fail: err => console.log('fail', err),
    complete: () => console.log('complete'),
  });
  console.log('returned');
},
noCancel() {
  swan.showModal({ content: '已保存', showCancel: false, confirmText: 'Understood' })
    .then(res => console.log('then', res));
},
bad() {
  swan.showModal({ title: 'x', showCancel: 'no', fail: err => console.log('fail', err) });
  swan.showModal({ title: 42 }).catch(err => console.log('catch', err));
}"#;

#[test]
fn modal_confirms_by_default_with_baidus_defaults_and_its_event() {
    let w = World::new(&page(MODAL_PAGE));
    let ran = run_with(&w, "go", empty());
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let ok = json!({"confirm": true, "cancel": false, "errMsg": "showModal:ok"});
    assert_eq!(only(&ran, "showModal"), (Outcome::Success, ok.clone()));
    assert_eq!(
        ran.logs(),
        vec![json!("returned"), json!(["success", ok]), json!("complete")]
    );
    assert_eq!(
        shown(&ran, "modal"),
        vec![json!({
            "title": "删除", "content": "确定删除这张照片吗？", "showCancel": true,
            "cancelText": "取消", "cancelColor": "#000000",
            "confirmText": "确定", "confirmColor": "#3c76ff", "answer": "confirm",
        })]
    );
}

#[test]
fn modal_cancel_comes_from_run_options_and_merge_changes_it() {
    let w = World::new(&page(MODAL_PAGE));
    let ran = run_with(&w, "go", json!({"modal": "cancel"}));
    assert_eq!(
        only(&ran, "showModal"),
        (
            Outcome::Success,
            json!({"confirm": false, "cancel": true, "errMsg": "showModal:ok"})
        )
    );
    assert_eq!(shown(&ran, "modal")[0]["answer"], "cancel");

    // A script's `user` step merges new answers: the same answers, merged, confirm again.
    let mut user = UserAnswers::from_json(&json!({"modal": "cancel"})).unwrap();
    user.merge(&json!({"modal": "confirm"})).unwrap();
    let ran = run_user(&w, "go", user, PromptAnswer::Allow, no_settings());
    assert_eq!(only(&ran, "showModal").1["confirm"], true);
}

#[test]
fn modal_without_cancel_button_is_confirmed_and_long_texts_are_noted() {
    let w = World::new(&page(MODAL_PAGE));
    let ran = run_with(&w, "noCancel", json!({"modal": "cancel"}));
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    assert_eq!(
        ran.logs(),
        vec![json!(["then", {"confirm": true, "cancel": false, "errMsg": "showModal:ok"}])]
    );
    let n = notices(&ran);
    assert_eq!(n.len(), 2, "{n:?}");
    assert!(n.iter().any(|m| m.contains("\"Understood\"")));
    assert!(n.iter().any(|m| m.contains("no cancel button")));
}

#[test]
fn modal_options_of_the_wrong_type_fail_with_904() {
    let w = World::new(&page(MODAL_PAGE));
    let ran = run_with(&w, "bad", empty());
    assert_eq!(
        ran.logs(),
        vec![
            json!(["fail", {"errCode": 904, "errMsg": "[jsNative Argument Error]showCancel type error. must be \"boolean\""}]),
            json!(["catch", {"errCode": 904, "errMsg": "[jsNative Argument Error]title type error. must be \"string\""}]),
        ]
    );
    assert!(shown(&ran, "modal").is_empty(), "nothing is shown");
}

const SHEET_PAGE: &str = r#"
go() {
  swan.showActionSheet({
    itemList: ['拍照', '从相册选择', '保存'],
    success: res => console.log('success', res),
    fail: err => console.log('fail', err),
  });
},
seven() {
  swan.showActionSheet({ itemList: ['1','2','3','4','5','6','7'], fail: err => console.log('fail', err) });
},
errors() {
  swan.showActionSheet({ fail: err => console.log('missing', err) });
  swan.showActionSheet({ itemList: 'a,b', fail: err => console.log('string', err) });
  swan.showActionSheet({ itemList: [], fail: err => console.log('empty', err) });
  swan.showActionSheet({ itemList: ['a', 2], fail: err => console.log('mixed', err) });
}"#;

#[test]
fn action_sheet_taps_the_scripted_index() {
    let w = World::new(&page(SHEET_PAGE));
    let ran = run_with(&w, "go", json!({"actionSheet": 1}));
    assert_eq!(
        ran.logs(),
        vec![json!(["success", {"tapIndex": 1, "errMsg": "showActionSheet:ok"}])]
    );
    assert_eq!(
        shown(&ran, "actionSheet"),
        vec![
            json!({"itemList": ["拍照", "从相册选择", "保存"], "itemColor": "#000000", "answer": 1})
        ]
    );
}

#[test]
fn action_sheet_cancel_no_answer_and_missed_index_fail_with_baidus_cancel() {
    let w = World::new(&page(SHEET_PAGE));
    let cancel = json!(["fail", {"errCode": 1001, "errMsg": "showActionSheet:fail cancel"}]);
    for answers in [json!({"actionSheet": "cancel"}), empty()] {
        let ran = run_with(&w, "go", answers);
        assert_eq!(ran.logs(), vec![cancel.clone()]);
        assert_eq!(shown(&ran, "actionSheet")[0]["answer"], "cancel");
    }
    let ran = run_with(&w, "go", json!({"actionSheet": 5}));
    assert_eq!(ran.logs(), vec![cancel]);
    assert!(notices(&ran)[0].contains("would tap item 5, but the action sheet has 3 items"));
}

#[test]
fn action_sheet_item_list_rules() {
    let w = World::new(&page(SHEET_PAGE));
    let ran = run_with(&w, "seven", json!({"actionSheet": 0}));
    assert_eq!(
        ran.logs(),
        vec![
            json!(["fail", {"errCode": 904, "errMsg": "showActionSheet:fail parameter error: itemList should not be longer than 6"}])
        ]
    );
    let ran = run_with(&w, "errors", json!({"actionSheet": 0}));
    let list_type = "[jsNative Argument Error]itemList type error. must be \"Array<string>\"";
    assert_eq!(
        ran.logs(),
        vec![
            json!(["missing", {"errCode": 904, "errMsg": "[jsNative Argument Error]itemList is required."}]),
            json!(["string", {"errCode": 904, "errMsg": list_type}]),
            json!(["empty", {"errCode": 904, "errMsg": "showActionSheet:fail parameter error: itemList should not be empty"}]),
            json!(["mixed", {"errCode": 904, "errMsg": list_type}]),
        ]
    );
}

#[test]
fn loading_shows_and_hides_and_needs_a_title() {
    let w = World::new(&page(
        r#"go() {
  swan.showLoading({ title: '加载中', mask: true, success: res => console.log('shown', res) });
  swan.hideLoading({ complete: res => console.log('hidden', res) });
  swan.showLoading({ fail: err => console.log('fail', err) });
}"#,
    ));
    let ran = run_with(&w, "go", empty());
    assert_eq!(
        shown(&ran, "loading"),
        vec![json!({"title": "加载中", "mask": true})]
    );
    assert_eq!(shown(&ran, "hideLoading"), vec![json!({})]);
    assert_eq!(
        ran.logs(),
        vec![
            json!(["shown", {"errMsg": "showLoading:ok"}]),
            json!(["hidden", {"errMsg": "hideLoading:ok"}]),
            json!(["fail", {"errCode": 904, "errMsg": "showLoading:fail parameter error: title is required"}]),
        ]
    );
}
