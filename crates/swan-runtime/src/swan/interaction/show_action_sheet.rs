use crate::convert::DefineOwn;
use crate::event::Event;
use crate::state::State;
use crate::swan::json_result::user_notice;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use serde_json::json;
use swan_core::SwanError;
use swan_core::api::{ShowActionSheetOptions, show_action_sheet};

/// `swan.showActionSheet({itemList, itemColor})`: an `actionSheet` event with the items and
/// the scripted user's tap; success `{tapIndex}`, or `showActionSheet:fail cancel`.
pub(crate) struct ShowActionSheet;

impl Api for ShowActionSheet {
    const NAME: &'static str = "showActionSheet";
    type Options = ShowActionSheetOptions;
    type Output = usize;

    fn call(state: &State, options: ShowActionSheetOptions) -> Call<usize> {
        let choice = state.user.borrow().action_sheet();
        let sheet = match show_action_sheet(&options, choice) {
            Ok(s) => s,
            Err(e) => return Call::Ready(Err(e)),
        };
        state.emit(Event::Shown {
            what: "actionSheet".into(),
            detail: json!({
                "itemList": sheet.item_list,
                "itemColor": sheet.item_color,
                "answer": sheet.tap_index.map_or(json!("cancel"), |i| json!(i)),
            }),
        });
        if let Some(note) = sheet.note {
            user_notice(state, note);
        }
        Call::Ready(
            sheet
                .tap_index
                .ok_or(SwanError::Cancelled { api: Self::NAME }),
        )
    }

    fn result<'js>(ctx: &Ctx<'js>, tap_index: usize) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        res.own("tapIndex", tap_index as f64)?;
        Ok(res)
    }
}
