use crate::event::Event;
use crate::state::State;
use crate::swan::json_result::{json_object, user_notice};
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use serde_json::{Value, json};
use swan_core::api::{ChooseImageOptions, ChooseImageRequest, choose_image};

/// `swan.chooseImage({count, sizeType, sourceType})`: the picker is a `chooseImage` event with
/// the settled options and the host files the scripted user picks; those are copied into the
/// app's temp files on the blocking pool → `{tempFilePaths, tempFiles: [{path, size}]}`, or
/// `chooseImage:fail cancel` when nothing is picked.
pub(crate) struct ChooseImage;

impl Api for ChooseImage {
    const NAME: &'static str = "chooseImage";
    type Options = ChooseImageOptions;
    type Output = Value;

    fn call(state: &State, options: ChooseImageOptions) -> Call<Value> {
        let request = match ChooseImageRequest::new(&options) {
            Ok(r) => r,
            Err(e) => return Call::Ready(Err(e)),
        };
        let files = state.user.borrow().picked_images();
        let takes = request.takes();
        state.emit(Event::Shown {
            what: "chooseImage".into(),
            detail: json!({
                "count": request.count,
                "sizeType": request.size_type,
                "sourceType": request.source_type,
                "picked": files.iter().take(takes).map(|f| f.display().to_string()).collect::<Vec<_>>(),
            }),
        });
        if files.len() > takes {
            user_notice(
                state,
                format!(
                    "the scripted user picks {} pictures, but this picker takes at most {takes}: the first {takes} are used",
                    files.len()
                ),
            );
        }
        let sandbox = state.services.sandbox.clone();
        Call::Blocking(Box::pin(async move {
            let chosen = choose_image(&sandbox, &request, &files)?;
            let paths: Vec<&str> = chosen.iter().map(|c| c.path.as_str()).collect();
            let files: Vec<Value> = chosen
                .iter()
                .map(|c| json!({"path": c.path, "size": c.size}))
                .collect();
            Ok(json!({"tempFilePaths": paths, "tempFiles": files}))
        }))
    }

    fn result<'js>(ctx: &Ctx<'js>, res: Value) -> rquickjs::Result<Object<'js>> {
        json_object(ctx, res)
    }
}
