use crate::event::Event;
use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::NoOptions;

/// `swan.hideToast()`: removes the toast (an event in a headless run).
pub(crate) struct HideToast;

impl Api for HideToast {
    const NAME: &'static str = "hideToast";
    type Options = NoOptions;
    type Output = ();

    fn call(state: &State, _: NoOptions) -> Call<()> {
        state.emit(Event::HideToast);
        Call::Ready(Ok(()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
