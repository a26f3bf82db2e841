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
pub use project::{CONFIG_FILE, MAX_DOWNLOAD_TIMEOUT, Project, ProjectError};
pub use prompt_events::PromptEvents;
pub use run::{RunError, RunOptions, RunStatus, run};
