use crate::api::option_checks::{optional_bool, optional_string};
use crate::{Host, SwanError};
use swan_auth::USER_LOCATION;

crate::options! {
    /// `swan.getLocation`'s options.
    pub struct GetLocationOptions {
        coord_type: "type",
        altitude: "altitude",
    }
}

/// The coordinate system asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoordType {
    /// GPS coordinates (the default).
    Wgs84,
    /// China's map coordinates, what `openLocation` takes.
    Gcj02,
}

impl CoordType {
    /// Baidu's name for it.
    pub fn name(self) -> &'static str {
        match self {
            CoordType::Wgs84 => "wgs84",
            CoordType::Gcj02 => "gcj02",
        }
    }
}

/// A getLocation call whose options passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocationRequest {
    /// The coordinates asked for.
    pub coord_type: CoordType,
    /// Whether the altitude was asked for.
    pub altitude: bool,
}

impl LocationRequest {
    /// `type` is `wgs84` (default) or `gcj02`, anything else 904; `altitude` a boolean.
    pub fn new(options: &GetLocationOptions) -> Result<LocationRequest, SwanError> {
        let coord_type = match optional_string(&options.coord_type, "type")?.as_deref() {
            None | Some("wgs84") => CoordType::Wgs84,
            Some("gcj02") => CoordType::Gcj02,
            Some(other) => {
                return Err(SwanError::Parameter {
                    api: "getLocation",
                    message: format!("type should be \"wgs84\" or \"gcj02\", got {other:?}"),
                });
            }
        };
        let altitude = optional_bool(&options.altitude, "altitude")?.unwrap_or(false);
        Ok(LocationRequest {
            coord_type,
            altitude,
        })
    }
}

/// Where the scripted phone is: a GPS (WGS-84) fix and, as Baidu's result gives them, the
/// address fields of the place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Position {
    /// Degrees, -90 to 90.
    pub latitude: f64,
    /// Degrees, -180 to 180.
    pub longitude: f64,
    /// Metres per second.
    pub speed: f64,
    /// Metres.
    pub accuracy: f64,
    /// Metres above sea level.
    pub altitude: f64,
    /// Metres.
    pub vertical_accuracy: f64,
    /// Metres.
    pub horizontal_accuracy: f64,
    /// The address fields Baidu adds (`street`, `cityCode`, `city`, `country`, `countryCode`,
    /// `province`, `streetNumber`, `district`), empty when unknown.
    pub address: Vec<(&'static str, String)>,
}

/// The address fields of Baidu's result, in its order.
pub const ADDRESS_FIELDS: [&str; 8] = [
    "street",
    "cityCode",
    "city",
    "country",
    "countryCode",
    "province",
    "streetNumber",
    "district",
];

/// What getLocation's success carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    /// The position in the coordinates asked for (the altitude is 0 unless asked for).
    pub position: Position,
    /// The coordinates it is in.
    pub coord_type: CoordType,
}

/// `swan.getLocation`: the options are judged first (904 before any prompt), then
/// `scope.userLocation` goes through the same authorization machine as the album's scope
/// (prompt once, decision remembered, 10003/10005), then the scripted position is returned,
/// moved to GCJ-02 when asked. Without `altitude: true` the altitude is 0, as a phone that did
/// not turn on the GPS for it reports.
pub async fn get_location(
    host: &Host,
    app: &str,
    request: LocationRequest,
    position: &Position,
) -> Result<Located, SwanError> {
    host.authorization().require(app, USER_LOCATION).await?;
    let mut position = position.clone();
    if request.coord_type == CoordType::Gcj02 {
        (position.latitude, position.longitude) =
            super::wgs84_to_gcj02(position.latitude, position.longitude);
    }
    if !request.altitude {
        position.altitude = 0.0;
    }
    Ok(Located {
        position,
        coord_type: request.coord_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arg;

    #[test]
    fn type_is_checked() {
        let req = |t, a| {
            LocationRequest::new(&GetLocationOptions {
                coord_type: t,
                altitude: a,
            })
        };
        assert_eq!(
            req(Arg::Missing, Arg::Missing).unwrap(),
            LocationRequest {
                coord_type: CoordType::Wgs84,
                altitude: false
            }
        );
        assert_eq!(
            req(Arg::Str("gcj02".into()), Arg::Bool(true, "bool"))
                .unwrap()
                .coord_type,
            CoordType::Gcj02
        );
        let e = req(Arg::Str("bd09".into()), Arg::Missing).unwrap_err();
        assert_eq!(
            e.err_msg(),
            "getLocation:fail parameter error: type should be \"wgs84\" or \"gcj02\", got \"bd09\""
        );
        assert!(req(Arg::Missing, Arg::Str("yes".into())).is_err());
    }
}
