//! Aborting a download from another thread.
//!
//! Why more than an `AtomicBool`: a flag is only seen between reads, and a read
//! from a server that stalls would block until the timeout (up to 60 s). So the
//! handle also holds the `ureq::Agent` of the running download and calls
//! [`ureq::Agent::shutdown`], which closes its sockets and wakes a blocked read
//! at once. The flag stays the source of truth: whatever error the interrupted
//! read produces, a set flag turns it into [`crate::DownloadError::Aborted`].

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Cloneable handle that aborts the download(s) it was passed to.
///
/// Once aborted it stays aborted: a download started with an aborted handle
/// fails immediately with [`crate::DownloadError::Aborted`].
#[derive(Clone, Default)]
pub struct AbortHandle(Arc<Inner>);

#[derive(Default)]
struct Inner {
    aborted: AtomicBool,
    /// Agents of downloads running with this handle; shut down on abort.
    agents: Mutex<Vec<(u64, ureq::Agent)>>,
    next_id: std::sync::atomic::AtomicU64,
}

// Locks even if a previous holder panicked: the guarded list stays valid.
use swan_fs::lock;

impl AbortHandle {
    /// A fresh, not aborted handle.
    pub fn new() -> Self {
        Self::default()
    }

    /// Aborts: marks the handle and interrupts any blocked network I/O of the
    /// downloads using it. Returns immediately; the download itself returns
    /// [`crate::DownloadError::Aborted`] soon after (after removing its file).
    ///
    /// A TCP connect already in progress is not interrupted by the socket
    /// shutdown; it is bounded by the download's timeout and fails as aborted
    /// when it finishes.
    pub fn abort(&self) {
        // Flag first, under the lock, so an `attach` racing with us either sees
        // the flag or has its agent in the list we drain.
        let agents = {
            let mut list = lock(&self.0.agents);
            self.0.aborted.store(true, Ordering::SeqCst);
            std::mem::take(&mut *list)
        };
        for (_, agent) in agents {
            agent.shutdown();
        }
    }

    /// Whether [`AbortHandle::abort`] was called.
    pub fn is_aborted(&self) -> bool {
        self.0.aborted.load(Ordering::SeqCst)
    }

    /// Registers the agent of a running request. Fails if already aborted, in
    /// which case the caller must not start the request.
    pub(crate) fn attach(&self, agent: &ureq::Agent) -> Result<Attached<'_>, ()> {
        let mut list = lock(&self.0.agents);
        if self.0.aborted.load(Ordering::SeqCst) {
            return Err(());
        }
        let id = self.0.next_id.fetch_add(1, Ordering::Relaxed);
        list.push((id, agent.clone()));
        Ok(Attached { handle: self, id })
    }
}

/// Removes the agent from the handle when the request is over (any outcome),
/// so a later `abort` does not touch finished work.
pub(crate) struct Attached<'a> {
    handle: &'a AbortHandle,
    id: u64,
}

impl Drop for Attached<'_> {
    fn drop(&mut self) {
        lock(&self.handle.0.agents).retain(|(id, _)| *id != self.id);
    }
}

impl fmt::Debug for AbortHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AbortHandle")
            .field("aborted", &self.is_aborted())
            .finish_non_exhaustive()
    }
}
