//! Shared parts of `swan-bench` (the benchmarks) and `swan-stress` (the worker the stress and
//! fault tests run as child processes): picture generators, statistics, Linux helpers, syscall
//! fault injection and the limits the benchmarks save with.

pub mod check;
pub mod pictures;
pub mod seccomp;
pub mod stats;
pub mod sys;
