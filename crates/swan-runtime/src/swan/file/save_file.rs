use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{SaveFileOptions, save_file};

/// `swan.saveFile({tempFilePath})` → `{savedFilePath}`. The move (a rename and an fsync) runs
/// on the blocking pool.
pub(crate) struct SaveFile;

impl Api for SaveFile {
    const NAME: &'static str = "saveFile";
    type Options = SaveFileOptions;
    type Output = String;

    fn call(state: &State, options: SaveFileOptions) -> Call<String> {
        let sandbox = state.services.sandbox.clone();
        Call::Blocking(Box::pin(async move {
            save_file(&sandbox, options.temp_file_path.as_arg())
        }))
    }

    fn result<'js>(ctx: &Ctx<'js>, path: String) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        res.own("savedFilePath", path)?;
        Ok(res)
    }
}
