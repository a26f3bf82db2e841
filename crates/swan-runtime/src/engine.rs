//! The engine's bookkeeping on the JavaScript thread: native ops in flight, timers, promise
//! rejections, and whether anything failed.

use crate::clock::RunClock;
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
    /// Timers by when they are due on the run's clock.
    pub timers: RefCell<BTreeMap<(Instant, u64), Timer>>,
    pub timer_due: RefCell<HashMap<u64, Instant>>,
    /// How many of `timers` fire once: only those keep a run from being settled (an interval
    /// never ends by itself, so it is reported when the run ends instead).
    one_shots: Cell<usize>,
    pub clock: RunClock,
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
    pub fn new(tx: Sender<Completion>, deadline: Instant, clock: RunClock) -> Engine {
        Engine {
            tx,
            ops: Default::default(),
            next_id: Default::default(),
            timers: Default::default(),
            timer_due: Default::default(),
            one_shots: Default::default(),
            clock,
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

    /// Whether anything but an interval is still running that could call back into page code.
    pub fn busy(&self) -> bool {
        !self.ops.borrow().is_empty() || self.one_shots.get() > 0
    }

    /// What keeps the run busy, for the time-limit message: the APIs in flight by name and the
    /// one-shot timers (`"request ×3 in flight, 2 setTimeout pending"`); empty when idle.
    pub fn pending(&self) -> String {
        let mut apis: BTreeMap<&str, usize> = BTreeMap::new();
        for op in self.ops.borrow().values() {
            *apis.entry(op.callbacks.api()).or_default() += 1;
        }
        let mut parts: Vec<String> = apis
            .into_iter()
            .map(|(api, n)| match n {
                1 => format!("{api} in flight"),
                n => format!("{api} ×{n} in flight"),
            })
            .collect();
        match self.one_shots.get() {
            0 => {}
            1 => parts.push("1 setTimeout pending".into()),
            n => parts.push(format!("{n} setTimeout pending")),
        }
        parts.join(", ")
    }

    /// Sets timer `id` to fire at `due` (on the run's clock).
    pub fn add_timer(&self, id: u64, due: Instant, timer: Timer) {
        if timer.interval.is_none() {
            self.one_shots.set(self.one_shots.get() + 1);
        }
        self.timer_due.borrow_mut().insert(id, due);
        self.timers.borrow_mut().insert((due, id), timer);
    }

    /// Clears timer `id`, if it is set.
    pub fn remove_timer(&self, id: u64) -> Option<Timer> {
        let due = self.timer_due.borrow_mut().remove(&id)?;
        let timer = self.timers.borrow_mut().remove(&(due, id))?;
        if timer.interval.is_none() {
            self.one_shots.set(self.one_shots.get().saturating_sub(1));
        }
        Some(timer)
    }

    /// When the next timer is due, on the run's clock.
    pub fn next_due(&self) -> Option<Instant> {
        self.timers.borrow().keys().next().map(|(due, _)| *due)
    }

    /// How many intervals are still set.
    pub fn intervals_left(&self) -> usize {
        self.timers.borrow().len() - self.one_shots.get().min(self.timers.borrow().len())
    }

    pub fn release(&self) {
        self.ops.borrow_mut().clear();
        self.timers.borrow_mut().clear();
        self.timer_due.borrow_mut().clear();
        self.one_shots.set(0);
        self.rejections.borrow_mut().clear();
    }
}
