//! What the APIs work with: the host (album, authorization), the app's sandbox, the HTTP
//! client, the project's policy and the event sink. All of it may go to a worker thread.

use crate::event::EventSink;
use crate::project::Project;
use std::cell::RefCell;
use std::sync::Arc;
use swan_core::Host;
use swan_core::swan_net::{AbortHandle, Downloader};
use swan_core::swan_sandbox::Sandbox;

pub(crate) struct Services {
    pub host: Arc<Host>,
    pub sandbox: Arc<Sandbox>,
    pub project: Project,
    pub events: Arc<dyn EventSink>,
    /// The HTTP client behind downloadFile.
    pub downloads: Arc<Downloader>,
    /// Every download started, so that the end of the run can stop them.
    pub aborts: RefCell<Vec<AbortHandle>>,
    /// The pool blocking work runs on.
    pub workers: tokio::runtime::Handle,
}

impl Services {
    pub fn app_id(&self) -> &str {
        self.sandbox.app().as_str()
    }
}
