use crate::event::Event;
use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use serde_json::json;
use swan_core::api::{NoOptions, ShowLoadingOptions, show_loading};

/// `swan.showLoading({title, mask})`: a `loading` event; it stays until hideLoading.
pub(crate) struct ShowLoading;

impl Api for ShowLoading {
    const NAME: &'static str = "showLoading";
    type Options = ShowLoadingOptions;
    type Output = ();

    fn call(state: &State, options: ShowLoadingOptions) -> Call<()> {
        let loading = match show_loading(&options) {
            Ok(l) => l,
            Err(e) => return Call::Ready(Err(e)),
        };
        state.emit(Event::Shown {
            what: "loading".into(),
            detail: json!({"title": loading.title, "mask": loading.mask}),
        });
        Call::Ready(Ok(()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}

/// `swan.hideLoading()`: a `hideLoading` event.
pub(crate) struct HideLoading;

impl Api for HideLoading {
    const NAME: &'static str = "hideLoading";
    type Options = NoOptions;
    type Output = ();

    fn call(state: &State, _: NoOptions) -> Call<()> {
        state.emit(Event::Shown {
            what: "hideLoading".into(),
            detail: json!({}),
        });
        Call::Ready(Ok(()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
