//! A headless swan runtime: runs a smart program's page code unchanged in QuickJS, with the
//! real contract behind every API (`swan-core`), a real album and a scripted user.
//!
//! The JavaScript side is thin on purpose: `swan/` has one file per API, an `Api` impl naming
//! the API, its options type (declared in `swan-core`), the call and the shape of its result;
//! the rules live in `swan-core`. Everything a run holds is in `state.rs`, split into the
//! engine's bookkeeping (`engine.rs`), the page model (`model.rs`), the services behind the
//! APIs (`services.rs`) and the run's options; `ops.rs` carries finished work back as typed
//! closures. Page code is bounded by the limits in `limits.rs`.

#![warn(missing_docs)]

mod args;
mod callbacks;
mod convert;
mod engine;
mod event;
mod event_loop;
mod globals;
mod heap;
mod limits;
mod model;
mod ops;
mod page;
mod project;
mod prompt_events;
mod run;
mod services;
mod state;
mod swan;
mod uncaught;

pub use event::{Event, EventSink, Outcome, Recorder};
pub use limits::{
    MAX_CONSOLE_BYTES, MAX_OPS, MAX_TIMERS, MEMORY_LIMIT, STACK_LIMIT, WATCHDOG_GRACE,
};
pub use project::{CONFIG_FILE, MAX_DOWNLOAD_TIMEOUT, Project, ProjectError};
pub use prompt_events::PromptEvents;
pub use run::{OverrunHook, RunError, RunOptions, RunStatus, run};
