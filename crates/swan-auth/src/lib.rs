//! Per-(app, scope) authorization for the swan runtime (contract §3).
//!
//! The pieces are split so each can be reasoned about alone:
//! - [`scope`]: which scopes exist and which a host forbids — decided without touching storage or
//!   the user, so a forbidden scope can never cause a prompt.
//! - [`store`]: the persisted decisions. SQLite (WAL where the filesystem allows) because several runtime
//!   processes (and a CLI `auth show`) share one file, and decisions must survive restarts.
//! - [`authorizer`]: the host's way of asking its user. It is a trait because only the host knows
//!   whether "asking" means a terminal prompt, a GUI dialog or a scripted answer.
//! - [`authorization`]: the §3 state machine tying them together, including "concurrent requests
//!   share one prompt".

pub mod authorization;
pub mod authorizer;
pub mod error;
pub mod scope;
pub mod store;

pub use authorization::Authorization;
pub use authorizer::{Authorizer, BoxFuture, FixedAnswer, PromptAnswer, PromptRequest};
pub use error::AuthError;
pub use scope::{
    HostPolicy, KNOWN_SCOPES, USER_INFO, USER_LOCATION, WRITE_PHOTOS_ALBUM, is_known_scope,
};
pub use store::{AuthState, AuthStore};

// The runtime hands one `Authorization` to many tasks and threads; if a field ever stops being
// Send + Sync this fails to compile here rather than in a downstream crate.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Authorization>();
    assert_send_sync::<AuthStore>();
};
