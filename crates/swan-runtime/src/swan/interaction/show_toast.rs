use crate::event::Event;
use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{ShowToastOptions, show_toast};

/// `swan.showToast({title, icon, image, duration, mask})`: the toast is an event at once and
/// success comes later; the rules are `swan-core`'s.
pub(crate) struct ShowToast;

impl Api for ShowToast {
    const NAME: &'static str = "showToast";
    type Options = ShowToastOptions;
    type Output = ();

    fn call(state: &State, options: ShowToastOptions) -> Call<()> {
        let toast = match show_toast(&options) {
            Ok(toast) => toast,
            Err(e) => return Call::FailNow(e),
        };
        state.emit(Event::Toast {
            title: toast.title,
            icon: toast.icon,
            image: toast.image,
            duration: toast.duration,
            mask: toast.mask,
        });
        Call::Ready(Ok(()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
