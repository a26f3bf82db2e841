use crate::event::Event;
use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use serde_json::json;
use swan_core::api::{MakePhoneCallOptions, make_phone_call};

/// `swan.makePhoneCall({phoneNumber})`: the dialler opening is a `phoneCall` event (the
/// number as given and as dialled); success follows. Nobody is called.
pub(crate) struct MakePhoneCall;

impl Api for MakePhoneCall {
    const NAME: &'static str = "makePhoneCall";
    type Options = MakePhoneCallOptions;
    type Output = ();

    fn call(state: &State, options: MakePhoneCallOptions) -> Call<()> {
        match make_phone_call(&options) {
            Ok(call) => {
                state.emit(Event::Shown {
                    what: "phoneCall".into(),
                    detail: json!({"phoneNumber": call.phone_number, "dialed": call.dialed}),
                });
                Call::Ready(Ok(()))
            }
            Err(e) => Call::Ready(Err(e)),
        }
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
