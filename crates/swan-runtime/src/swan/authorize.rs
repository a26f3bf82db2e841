use crate::args::Arg;
use crate::callbacks::{Callbacks, Failure};
use crate::ops;
use crate::state::State;
use rquickjs::{Ctx, Object};

pub const NAME: &str = "authorize";

/// `swan.authorize({scope})`: the authorization machine without a protected API behind it.
pub(crate) fn start<'js>(
    _: &Ctx<'js>,
    state: &State,
    options: Option<Object<'js>>,
    callbacks: Callbacks,
) -> rquickjs::Result<()> {
    let scope = Arg::read(options.as_ref(), "scope")?;
    let (host, app) = (state.host.clone(), state.app_id().to_string());
    let work = async move {
        swan_core::api::authorize(&host, &app, scope.as_arg())
            .await
            .map_err(Failure::from)
    };
    ops::spawn(state, callbacks, work, ops::empty);
    Ok(())
}
