use crate::args::Arg;
use crate::callbacks::{Callbacks, Failure};
use crate::ops;
use crate::state::State;
use rquickjs::{Ctx, Object};
use swan_core::api::save_image_to_photos_album;

pub const NAME: &str = "saveImageToPhotosAlbum";

/// `swan.saveImageToPhotosAlbum({filePath})`: the whole §2 contract is `swan-core`'s.
pub(crate) fn start<'js>(
    _: &Ctx<'js>,
    state: &State,
    options: Option<Object<'js>>,
    callbacks: Callbacks,
) -> rquickjs::Result<()> {
    let file_path = Arg::read(options.as_ref(), "filePath")?;
    let (host, sandbox) = (state.host.clone(), state.sandbox.clone());
    let work = async move {
        save_image_to_photos_album(&host, &sandbox, file_path.as_arg())
            .await
            .map(|_| ())
            .map_err(Failure::from)
    };
    ops::spawn(state, callbacks, work, ops::empty);
    Ok(())
}
