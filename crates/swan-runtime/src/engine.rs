//! The engine's bookkeeping on the JavaScript thread: native ops in flight, timers, promise
//! rejections, and whether anything failed.

use crate::ops::{Completion, Op};
use rquickjs::{Function, Persistent, Value};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

pub(crate) struct Timer {
    pub callback: Persistent<Function<'static>>,
    pub args: Vec<Persistent<Value<'static>>>,
    pub interval: Option<Duration>,
}

type Rejection = (Persistent<Value<'static>>, Persistent<Value<'static>>);

pub(crate) struct Engine {
    /// Where workers (and deferred results) send finished work.
    pub tx: Sender<Completion>,
    pub ops: RefCell<HashMap<u64, Op>>,
    next_id: Cell<u64>,
    pub timers: RefCell<BTreeMap<(Instant, u64), Timer>>,
    pub timer_due: RefCell<HashMap<u64, Instant>>,
    pub rejections: RefCell<Vec<Rejection>>,
    /// Set while an API's own Promise is being rejected: nobody asked for that Promise (it is
    /// our WeChat-style addition), so leaving it unhandled is a warning, not a crash.
    pub rejecting_api_promise: Cell<bool>,
    /// Set once anything was uncaught: the run's exit status.
    pub failed: Cell<bool>,
    pub deadline: Instant,
    /// Set when page code made the host hold more than a budget allows; the interrupt handler
    /// reads it, so the page stops at its next interrupt check.
    pub over_budget: Arc<AtomicBool>,
    budget_message: RefCell<Option<String>>,
    /// Set once the time limit was reported (by the loop or by the watchdog): one message.
    pub timeout_reported: Arc<AtomicBool>,
    pub console_bytes: Cell<usize>,
    /// Set by the allocator when the JavaScript heap came close to its cap.
    pub heap_near_full: Arc<AtomicBool>,
}

impl Engine {
    pub fn new(tx: Sender<Completion>, deadline: Instant) -> Engine {
        Engine {
            tx,
            ops: Default::default(),
            next_id: Default::default(),
            timers: Default::default(),
            timer_due: Default::default(),
            rejections: Default::default(),
            rejecting_api_promise: Default::default(),
            failed: Default::default(),
            deadline,
            over_budget: Default::default(),
            budget_message: Default::default(),
            timeout_reported: Default::default(),
            console_bytes: Default::default(),
            heap_near_full: Default::default(),
        }
    }

    pub fn next_id(&self) -> u64 {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        id
    }

    /// Whether the run is over: its time is up or a budget was passed. From then on nothing
    /// more of page code runs and nothing it throws is reported.
    pub fn stopped(&self) -> bool {
        Instant::now() >= self.deadline || self.over_budget.load(Ordering::Relaxed)
    }

    /// Ends the run because page code passed a budget (the first reason is kept).
    pub fn exceed(&self, message: String) {
        if !self.over_budget.swap(true, Ordering::Relaxed) {
            self.budget_message.replace(Some(message));
        }
    }

    /// Why the run was ended early, when a budget was passed.
    pub fn budget_message(&self) -> Option<String> {
        self.budget_message.borrow().clone()
    }

    /// Whether anything is still running that could call back into page code.
    pub fn busy(&self) -> bool {
        !self.ops.borrow().is_empty() || !self.timers.borrow().is_empty()
    }

    pub fn release(&self) {
        self.ops.borrow_mut().clear();
        self.timers.borrow_mut().clear();
        self.timer_due.borrow_mut().clear();
        self.rejections.borrow_mut().clear();
    }
}
