//! What the bindings share on the JavaScript thread. One `State` per run, behind an `Rc`:
//! nothing here crosses threads except through `Completion` messages.

use crate::event::{Event, EventSink};
use crate::project::Project;
use rquickjs::{Ctx, Function, Object, Persistent, Value};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};
use swan_core::Host;
use swan_core::swan_sandbox::Sandbox;

/// A message from a worker thread (or a deferred result from this one) to the loop.
pub(crate) struct Completion {
    pub op: u64,
    pub payload: Box<dyn Any + Send>,
    /// The op is finished after this message (progress messages are not last).
    pub last: bool,
}

/// What the loop does with an op's messages; holds the op's JavaScript callbacks.
pub(crate) type OpHandler =
    Box<dyn for<'js> FnMut(Ctx<'js>, &State, Box<dyn Any + Send>) -> rquickjs::Result<()>>;

pub(crate) struct Timer {
    pub callback: Persistent<Function<'static>>,
    pub args: Vec<Persistent<Value<'static>>>,
    pub interval: Option<Duration>,
}

pub(crate) struct State {
    pub host: Arc<Host>,
    pub sandbox: Arc<Sandbox>,
    pub project: Project,
    pub events: Arc<dyn EventSink>,
    /// What the user does on the settings page when page code calls openSetting.
    pub settings_changes: BTreeMap<String, bool>,
    pub workers: tokio::runtime::Handle,
    /// The HTTP client behind downloadFile (None: the run has no network client).
    pub downloads: Option<Arc<swan_net::Downloader>>,
    /// Every download started, so that the end of the run can stop them.
    pub aborts: RefCell<Vec<swan_net::AbortHandle>>,
    pub tx: Sender<Completion>,
    pub ops: RefCell<HashMap<u64, OpHandler>>,
    pub next_id: Cell<u64>,
    pub timers: RefCell<BTreeMap<(Instant, u64), Timer>>,
    pub timer_due: RefCell<HashMap<u64, Instant>>,
    /// Set once anything was uncaught: the run's exit status.
    pub failed: Cell<bool>,
    pub app: RefCell<Option<Persistent<Object<'static>>>>,
    /// The definition passed to `Page()` while a page script runs.
    pub page_definition: RefCell<Option<Persistent<Object<'static>>>>,
    pub pages: RefCell<Vec<Persistent<Object<'static>>>>,
    pub rejections: RefCell<Vec<(Persistent<Value<'static>>, Persistent<Value<'static>>)>>,
    /// Set while an API's own Promise is being rejected: nobody asked for that Promise (it is
    /// our WeChat-style addition), so leaving it unhandled is a warning, not a crash.
    pub rejecting_api_promise: Cell<bool>,
}

impl State {
    pub fn next_id(&self) -> u64 {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        id
    }

    pub fn emit(&self, event: Event) {
        self.events.emit(event);
    }

    pub fn app_id(&self) -> &str {
        self.sandbox.app().as_str()
    }

    /// Registers an op whose messages will come through the loop.
    pub fn register(&self, handler: OpHandler) -> u64 {
        let id = self.next_id();
        self.ops.borrow_mut().insert(id, handler);
        id
    }

    /// Whether anything is still running that could call back into page code.
    pub fn busy(&self) -> bool {
        !self.ops.borrow().is_empty() || !self.timers.borrow().is_empty()
    }

    /// Drops every JavaScript value held from Rust; must run before the engine is freed.
    pub fn release(&self) {
        self.ops.borrow_mut().clear();
        self.timers.borrow_mut().clear();
        self.timer_due.borrow_mut().clear();
        self.app.borrow_mut().take();
        self.page_definition.borrow_mut().take();
        self.pages.borrow_mut().clear();
        self.rejections.borrow_mut().clear();
    }
}
