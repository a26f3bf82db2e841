use crate::event::Event;
use crate::state::State;
use crate::swan::json_result::{json_object, user_notice};
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use serde_json::{Value, json};
use swan_core::api::{ShowModalOptions, show_modal};

/// `swan.showModal({title, content, showCancel, ...})`: the modal is a `modal` event with its
/// settled options and the scripted user's tap; success `{confirm, cancel}` comes later.
pub(crate) struct ShowModal;

impl Api for ShowModal {
    const NAME: &'static str = "showModal";
    type Options = ShowModalOptions;
    type Output = Value;

    fn call(state: &State, options: ShowModalOptions) -> Call<Value> {
        let confirm = state.user.borrow().confirms_modal();
        let modal = match show_modal(&options, confirm) {
            Ok(m) => m,
            Err(e) => return Call::Ready(Err(e)),
        };
        state.emit(Event::Shown {
            what: "modal".into(),
            detail: json!({
                "title": modal.title,
                "content": modal.content,
                "showCancel": modal.show_cancel,
                "cancelText": modal.cancel_text,
                "cancelColor": modal.cancel_color,
                "confirmText": modal.confirm_text,
                "confirmColor": modal.confirm_color,
                "answer": if modal.confirmed { "confirm" } else { "cancel" },
            }),
        });
        for note in modal.notes {
            user_notice(state, note);
        }
        Call::Ready(Ok(
            json!({"confirm": modal.confirmed, "cancel": !modal.confirmed}),
        ))
    }

    fn result<'js>(ctx: &Ctx<'js>, res: Value) -> rquickjs::Result<Object<'js>> {
        json_object(ctx, res)
    }
}
