use crate::event::Event;
use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use serde_json::Value;
use swan_core::api::{SetPageInfoOptions, set_page_info};

/// `swan.setPageInfo({title, keywords, description, image, ...})`: the page's information for
/// Baidu search, shown as a `pageInfo` event with every field given.
pub(crate) struct SetPageInfo;

impl Api for SetPageInfo {
    const NAME: &'static str = "setPageInfo";
    type Options = SetPageInfoOptions;
    type Output = ();

    fn call(state: &State, options: SetPageInfoOptions) -> Call<()> {
        let info = match set_page_info(&options) {
            Ok(i) => i,
            Err(e) => return Call::Ready(Err(e)),
        };
        state.emit(Event::Shown {
            what: "pageInfo".into(),
            detail: Value::Object(info),
        });
        Call::Ready(Ok(()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
