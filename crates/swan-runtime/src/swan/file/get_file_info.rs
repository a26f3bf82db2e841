use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{DigestAlgorithm, FileInfo, GetFileInfoOptions, get_file_info};

/// `swan.getFileInfo({filePath, digestAlgorithm})` → `{size, digest}`. An unknown algorithm
/// fails synchronously (§6); the file is read on the blocking pool.
pub(crate) struct GetFileInfo;

impl Api for GetFileInfo {
    const NAME: &'static str = "getFileInfo";
    type Options = GetFileInfoOptions;
    type Output = FileInfo;

    fn call(state: &State, options: GetFileInfoOptions) -> Call<FileInfo> {
        let algorithm = match DigestAlgorithm::parse(options.digest_algorithm.as_arg()) {
            Ok(a) => a,
            Err(e) => return Call::FailNow(e),
        };
        let sandbox = state.services.sandbox.clone();
        Call::Blocking(Box::pin(async move {
            get_file_info(&sandbox, options.file_path.as_arg(), algorithm)
        }))
    }

    fn result<'js>(ctx: &Ctx<'js>, info: FileInfo) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        res.own("size", info.size as f64)?;
        res.own("digest", info.digest)?;
        Ok(res)
    }
}
