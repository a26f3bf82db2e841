//! `createSelectorQuery` on what is not a canvas: nothing is laid out headlessly, so a `select`
//! answers a zero-sized box (pages read `res[0].height` and must go on), `selectAll` none, and
//! the viewport the window of the device profile.

mod common;

use common::*;
use serde_json::json;
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::RunStatus;

#[test]
fn a_select_of_an_element_answers_a_zero_box_and_the_page_goes_on() {
    let world = World::new(
        r#"Page({ go() {
            swan.createSelectorQuery().select('#header').boundingClientRect()
                .selectAll('.item').boundingClientRect()
                .selectViewport().scrollOffset()
                .exec(res => {
                    console.log('header', res[0].id, res[0].height, res[0].width);
                    console.log('items', res[1].length);
                    console.log('scroll', res[2].scrollTop);
                });
            swan.createSelectorQuery().select('.list').fields({size: true, rect: true}, r => console.log('fields', r.width, r.top)).exec();
        } });"#,
    );
    let ran = world.run("go", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.errors());
    assert_eq!(
        ran.logs(),
        [
            json!(["header", "header", 0, 0]),
            json!(["items", 0]),
            json!(["scroll", 0]),
            json!(["fields", 0, 0]),
        ]
    );
}
