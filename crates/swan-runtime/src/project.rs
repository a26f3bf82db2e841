//! The project on disk now lives in `swan-project` (plain Rust, no engine).

pub use swan_project::*;
