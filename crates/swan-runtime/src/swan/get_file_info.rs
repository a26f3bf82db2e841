use crate::args::Arg;
use crate::callbacks::{Callbacks, Failure};
use crate::ops;
use crate::state::State;
use rquickjs::{Ctx, Object};
use swan_core::api::{DigestAlgorithm, FileInfo, get_file_info};

pub const NAME: &str = "getFileInfo";

/// `swan.getFileInfo({filePath, digestAlgorithm})` → `{size, digest}`. An unknown algorithm
/// fails synchronously (§6); the file is read on a worker.
pub(crate) fn start<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    options: Option<Object<'js>>,
    callbacks: Callbacks,
) -> rquickjs::Result<()> {
    let algorithm =
        match DigestAlgorithm::parse(Arg::read(options.as_ref(), "digestAlgorithm")?.as_arg()) {
            Ok(a) => a,
            Err(e) => return callbacks.fail(ctx, state, &Failure::from(e)),
        };
    let file_path = Arg::read(options.as_ref(), "filePath")?;
    let sandbox = state.sandbox.clone();
    let work = async move {
        get_file_info(&sandbox, file_path.as_arg(), algorithm).map_err(Failure::from)
    };
    ops::spawn(state, callbacks, work, info);
    Ok(())
}

fn info<'js>(ctx: &Ctx<'js>, info: FileInfo) -> rquickjs::Result<Object<'js>> {
    let res = Object::new(ctx.clone())?;
    res.set("size", info.size as f64)?;
    res.set("digest", info.digest)?;
    Ok(res)
}
