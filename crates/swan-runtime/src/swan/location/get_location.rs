use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::{Api, Call};
use rquickjs::{Ctx, Object};
use swan_core::api::{GetLocationOptions, Located, LocationRequest, get_location};

/// `swan.getLocation({type, altitude})`: options first (904), then the `scope.userLocation`
/// prompt on the blocking pool (shared, remembered, as the album's), then the scripted
/// position: `{latitude, longitude, speed, accuracy, altitude, verticalAccuracy,
/// horizontalAccuracy, street, cityCode, city, country, countryCode, province, streetNumber,
/// district}`.
pub(crate) struct GetLocation;

impl Api for GetLocation {
    const NAME: &'static str = "getLocation";
    type Options = GetLocationOptions;
    type Output = Located;

    fn call(state: &State, options: GetLocationOptions) -> Call<Located> {
        let request = match LocationRequest::new(&options) {
            Ok(r) => r,
            Err(e) => return Call::Ready(Err(e)),
        };
        let position = state.user.borrow().position();
        let (host, app) = (
            state.services.host.clone(),
            state.services.app_id().to_string(),
        );
        Call::Blocking(Box::pin(async move {
            get_location(&host, &app, request, &position).await
        }))
    }

    fn result<'js>(ctx: &Ctx<'js>, located: Located) -> rquickjs::Result<Object<'js>> {
        let p = located.position;
        let res = Object::new(ctx.clone())?;
        res.own("latitude", p.latitude)?;
        res.own("longitude", p.longitude)?;
        res.own("speed", p.speed)?;
        res.own("accuracy", p.accuracy)?;
        res.own("altitude", p.altitude)?;
        res.own("verticalAccuracy", p.vertical_accuracy)?;
        res.own("horizontalAccuracy", p.horizontal_accuracy)?;
        for (name, value) in p.address {
            res.own(name, value)?;
        }
        Ok(res)
    }
}
