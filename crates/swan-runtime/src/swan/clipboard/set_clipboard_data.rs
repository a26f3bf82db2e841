use crate::event::Event;
use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use serde_json::json;
use swan_core::api::{SetClipboardDataOptions, set_clipboard_data};

/// `swan.setClipboardData({data})`: the run's clipboard holds `data` at once (a later
/// getClipboardData sees it) and a `clipboard` event shows it.
pub(crate) struct SetClipboardData;

impl Api for SetClipboardData {
    const NAME: &'static str = "setClipboardData";
    type Options = SetClipboardDataOptions;
    type Output = ();

    fn call(state: &State, options: SetClipboardDataOptions) -> Call<()> {
        let data = match set_clipboard_data(&options) {
            Ok(d) => d,
            Err(e) => return Call::Ready(Err(e)),
        };
        state.user.borrow_mut().set_clipboard(data.clone());
        state.emit(Event::Shown {
            what: "clipboard".into(),
            detail: json!({"data": data}),
        });
        Call::Ready(Ok(()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
