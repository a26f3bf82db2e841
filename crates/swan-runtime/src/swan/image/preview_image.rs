use crate::event::Event;
use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use serde_json::json;
use swan_core::api::{PreviewImageOptions, preview_image};

/// `swan.previewImage({urls, current})`: a `previewImage` event; the user closes it again.
pub(crate) struct PreviewImage;

impl Api for PreviewImage {
    const NAME: &'static str = "previewImage";
    type Options = PreviewImageOptions;
    type Output = ();

    fn call(state: &State, options: PreviewImageOptions) -> Call<()> {
        let preview = match preview_image(&options) {
            Ok(p) => p,
            Err(e) => return Call::Ready(Err(e)),
        };
        state.emit(Event::Shown {
            what: "previewImage".into(),
            detail: json!({"urls": preview.urls, "current": preview.current}),
        });
        Call::Ready(Ok(()))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
