//! A headless swan runtime: runs a smart program's page code unchanged in QuickJS, with the
//! real contract behind every API (`swan-core`), a real album and a scripted user.
//!
//! The JavaScript side is thin on purpose: `swan/` has one file per API that maps an options
//! object to a library call and the result to callbacks; the rules live in `swan-core`.

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
