//! Baidu's "位置" family: where the phone is (behind `scope.userLocation`).

mod gcj02;
mod get_location;

pub use gcj02::wgs84_to_gcj02;
pub use get_location::{
    ADDRESS_FIELDS, CoordType, GetLocationOptions, Located, LocationRequest, Position, get_location,
};
