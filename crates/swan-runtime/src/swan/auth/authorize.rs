use crate::ops;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{AuthorizeOptions, authorize};

/// `swan.authorize({scope})`: the authorization machine without a protected API behind it.
pub(crate) struct Authorize;

impl Api for Authorize {
    const NAME: &'static str = "authorize";
    type Options = AuthorizeOptions;
    type Output = ();

    fn call(state: &State, options: AuthorizeOptions) -> Call<()> {
        let (host, app) = (
            state.services.host.clone(),
            state.services.app_id().to_string(),
        );
        Call::Blocking(Box::pin(async move {
            authorize(&host, &app, options.scope.as_arg()).await
        }))
    }

    fn result<'js>(ctx: &Ctx<'js>, _: ()) -> rquickjs::Result<Object<'js>> {
        ops::empty(ctx, ())
    }
}
