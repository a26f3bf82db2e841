use crate::event::Event;
use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use serde_json::json;
use swan_core::api::{
    SetNavigationBarColorOptions, SetNavigationBarTitleOptions, set_navigation_bar_color,
    set_navigation_bar_title,
};

/// `swan.setNavigationBarTitle({title})`: a `navigationBarTitle` event.
pub(crate) struct SetNavigationBarTitle;

impl Api for SetNavigationBarTitle {
    const NAME: &'static str = "setNavigationBarTitle";
    type Options = SetNavigationBarTitleOptions;
    type Output = ();

    fn call(state: &State, options: SetNavigationBarTitleOptions) -> Call<()> {
        let title = match set_navigation_bar_title(&options) {
            Ok(t) => t,
            Err(e) => return Call::Ready(Err(e)),
        };
        state.emit(Event::Shown {
            what: "navigationBarTitle".into(),
            detail: json!({"title": title}),
        });
        Call::Ready(Ok(()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}

/// `swan.setNavigationBarColor({frontColor, backgroundColor, animation})`: a
/// `navigationBarColor` event.
pub(crate) struct SetNavigationBarColor;

impl Api for SetNavigationBarColor {
    const NAME: &'static str = "setNavigationBarColor";
    type Options = SetNavigationBarColorOptions;
    type Output = ();

    fn call(state: &State, options: SetNavigationBarColorOptions) -> Call<()> {
        let color = match set_navigation_bar_color(&options) {
            Ok(c) => c,
            Err(e) => return Call::Ready(Err(e)),
        };
        state.emit(Event::Shown {
            what: "navigationBarColor".into(),
            detail: json!({
                "frontColor": color.front_color,
                "backgroundColor": color.background_color,
                "animation": {"duration": color.duration, "timingFunc": color.timing_func},
            }),
        });
        Call::Ready(Ok(()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
