use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{
    GetImageInfoOptions, ImageInfo, ImageSource, image_info, image_source, network_image_info,
};
use swan_core::swan_net::{AbortHandle, DownloadPolicy};

/// `swan.getImageInfo({src})` → `{width, height, type, orientation, path}`. `src` is found as
/// saveImageToPhotosAlbum's `filePath` is (code package, `bdfile://`); a network image is
/// downloaded first under downloadFile's rules (its domain must be in `downloadDomains`), as
/// Baidu does. The file is read on the blocking pool.
pub(crate) struct GetImageInfo;

impl Api for GetImageInfo {
    const NAME: &'static str = "getImageInfo";
    type Options = GetImageInfoOptions;
    type Output = ImageInfo;

    fn call(state: &State, options: GetImageInfoOptions) -> Call<ImageInfo> {
        let sandbox = state.services.sandbox.clone();
        let source = match image_source(&sandbox, options.src.as_arg()) {
            Ok(source) => source,
            Err(e) => return Call::Ready(Err(e)),
        };
        match source {
            ImageSource::File(file) => Call::Blocking(Box::pin(async move { image_info(file) })),
            ImageSource::Network(url) => {
                let project = &state.services.project;
                let policy = DownloadPolicy {
                    allowed_domains: project.download_domains.clone(),
                    skip_domain_check: project.skip_domain_check,
                    timeout: project.download_timeout,
                    ..DownloadPolicy::default()
                };
                let abort = AbortHandle::new();
                state.services.aborts.borrow_mut().push(abort.clone());
                let downloads = state.services.downloads.clone();
                Call::Blocking(Box::pin(async move {
                    network_image_info(&downloads, &sandbox, &policy, &url, &abort)
                }))
            }
        }
    }

    fn result<'js>(ctx: &Ctx<'js>, info: ImageInfo) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        res.own("width", info.width)?;
        res.own("height", info.height)?;
        res.own("type", info.kind)?;
        res.own("orientation", info.orientation)?;
        res.own("path", info.path)?;
        Ok(res)
    }
}
