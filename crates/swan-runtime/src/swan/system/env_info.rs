use crate::convert::from_json;
use crate::state::State;
use crate::swan::SyncApi;
use rquickjs::{Ctx, Value};
use swan_core::api::env_info;

/// `swan.getEnvInfoSync()`: appKey (the app id), appName (the project folder's name),
/// lastAppURL, sdkVersion, scheme and env (`development`); see `swan_core::api::env_info`.
pub(crate) struct GetEnvInfoSync;

impl SyncApi for GetEnvInfoSync {
    const NAME: &'static str = "getEnvInfoSync";

    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        _: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>> {
        let project = &state.services.project;
        let name = project
            .root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| project.app_id.clone());
        let info = env_info(
            &state.options.device,
            state.services.app_id(),
            &name,
            &state.options.page,
            &state.options.query,
        );
        from_json(ctx, &info)
    }
}
