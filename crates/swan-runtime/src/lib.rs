//! A headless swan runtime: runs a smart program's page code unchanged in QuickJS, with the
//! real contract behind every API (`swan-core`), a real album and a scripted user.
//!
//! It exists so that a program's own code can be run and watched off the phone: a host loads
//! the [`Project`] from disk, opens a [`Host`](swan_core::Host) (the album, the user's decisions;
//! wrap its user in [`PromptEvents`] to see the prompts), and calls [`run`] with
//! [`RunOptions`] naming the page and the method to call. Everything the page shows (console
//! lines, toasts, prompts, each finished API call with the exact object its callbacks got) is
//! an [`Event`] sent to the host's [`EventSink`]; how the run ended is a [`RunStatus`]. Page
//! code is bounded by the limits in `limits.rs` ([`MEMORY_LIMIT`], [`STACK_LIMIT`], ...) and by
//! the run's deadline, so hostile code cannot take the host down.
//!
//! Inside, the JavaScript side is thin on purpose: `swan/` has one file per API, an `Api` impl
//! naming the API, its options type (declared in `swan-core`), the call and the shape of its
//! result; the rules live in `swan-core`. Everything a run holds is in `state.rs`, split into
//! the engine's bookkeeping (`engine.rs`), the page model (`model.rs`), the services behind the
//! APIs (`services.rs`) and the run's options; `ops.rs` carries finished work back as typed
//! closures.
//!
//! # Example
//!
//! A page saves a picture from its code package; the user allows it.
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use swan_core::swan_auth::{FixedAnswer, PromptAnswer};
//! use swan_core::{Host, HostConfig};
//! use swan_runtime::{Event, Outcome, Project, PromptEvents, Recorder, RunOptions, RunStatus};
//!
//! let dir = tempfile::tempdir()?;
//! let root = dir.path().join("demo");
//! std::fs::create_dir_all(root.join("pages/index"))?;
//! std::fs::write(root.join("app.json"), r#"{"pages": ["pages/index/index"]}"#)?;
//! std::fs::write(
//!     root.join("pages/index/index.js"),
//!     "Page({ save() { swan.saveImageToPhotosAlbum({ filePath: 'dot.gif' }); } });",
//! )?;
//! // The smallest GIF: 1×1, one colour.
//! let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b";
//! std::fs::write(root.join("dot.gif"), gif)?;
//!
//! let events = Arc::new(Recorder::default());
//! let user = Arc::new(FixedAnswer(PromptAnswer::Allow));
//! let config = HostConfig::new(dir.path().join("album"), dir.path().join("data"));
//! let host = Arc::new(Host::open(config, Arc::new(PromptEvents::new(user, events.clone())))?);
//! let options = RunOptions {
//!     timeout: Duration::from_secs(10),
//!     ..RunOptions::new("pages/index/index").call("save")
//! };
//! let status = swan_runtime::run(host.clone(), Project::load(&root)?, options, events.clone())?;
//!
//! assert_eq!(status, RunStatus::Completed);
//! let saved = events.events().into_iter().any(|e| {
//!     matches!(e, Event::Api { name, outcome: Outcome::Success, .. }
//!         if name == "saveImageToPhotosAlbum")
//! });
//! assert!(saved);
//! assert_eq!(host.album().len()?, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod args;
mod callbacks;
mod clock;
mod components;
mod convert;
mod engine;
mod event;
mod event_loop;
mod globals;
mod heap;
mod limits;
mod model;
mod modules;
mod ops;
mod page;
mod project;
mod prompt_events;
mod run;
mod script;
mod services;
mod state;
mod swan;
mod uncaught;
mod user;

pub use clock::Clock;
pub use event::{Event, EventSink, Outcome, Recorder};
pub use limits::{
    MAX_CONSOLE_BYTES, MAX_OPS, MAX_TIMERS, MEMORY_LIMIT, STACK_LIMIT, WATCHDOG_GRACE,
};
pub use project::{CONFIG_FILE, MAX_DOWNLOAD_TIMEOUT, Project, ProjectError};
pub use prompt_events::PromptEvents;
pub use run::{OverrunHook, RunError, RunOptions, RunStatus, run};
pub use script::{Step, parse_script};
pub use swan_core::api::NavKind;
pub use user::UserAnswers;
