//! Limits for the benchmarks' pictures. (The consistency checks the tests make live in
//! `swan-testkit`.)

use swan_image::Limits;

/// Limits wide enough for every picture the tests and benchmarks make.
pub fn wide_limits() -> Limits {
    Limits {
        max_bytes: 4 << 30,
        ..Limits::default()
    }
}
