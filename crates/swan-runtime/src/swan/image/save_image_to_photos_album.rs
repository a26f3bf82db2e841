use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{SaveImageOptions, save_image_to_photos_album};

/// `swan.saveImageToPhotosAlbum({filePath})`: the whole §2 contract is `swan-core`'s; the
/// prompt and the durable save run on the blocking pool.
pub(crate) struct SaveImageToPhotosAlbum;

impl Api for SaveImageToPhotosAlbum {
    const NAME: &'static str = "saveImageToPhotosAlbum";
    type Options = SaveImageOptions;
    type Output = ();

    fn call(state: &State, options: SaveImageOptions) -> Call<()> {
        let (host, sandbox) = (state.services.host.clone(), state.services.sandbox.clone());
        Call::Blocking(Box::pin(async move {
            save_image_to_photos_album(&host, &sandbox, options.file_path.as_arg())
                .await
                .map(|_| ())
        }))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
