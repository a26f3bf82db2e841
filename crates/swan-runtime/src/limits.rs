//! What a page may make the host hold for it. The JavaScript heap has its own cap in the
//! engine; these count what the host allocates on the page's behalf, so that page code cannot
//! get around that cap (the README's "Limits" section lists them).

use std::time::Duration;

/// The JavaScript heap a page may use.
pub const MEMORY_LIMIT: usize = 512 * 1024 * 1024;
/// The JavaScript stack a page may use (the engine runs on the calling thread).
pub const STACK_LIMIT: usize = 1024 * 1024;
/// Console output over a whole run (as JSON text).
pub const MAX_CONSOLE_BYTES: usize = 64 * 1024 * 1024;
/// Timers set and not yet fired or cleared.
pub const MAX_TIMERS: usize = 100_000;
/// Native calls in flight.
pub const MAX_OPS: usize = 10_000;
/// How long past the deadline the JavaScript thread may stay in one native builtin before the
/// watchdog gives up on it.
pub const WATCHDOG_GRACE: Duration = Duration::from_secs(1);
