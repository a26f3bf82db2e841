//! The run's clock. Real time is the default; with the virtual clock, time jumps forward to the
//! next timer whenever nothing else could happen first (no native work in flight, no Promise
//! job), so a 60-second countdown runs in milliseconds while network work still takes the real
//! time it takes. Virtual time is real time plus every jump so far: both clocks agree on how
//! long real work took, and timers are kept in the clock's own instants.

use std::cell::Cell;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Which clock timers follow (`--clock real|virtual`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// Timers wait for real.
    #[default]
    Real,
    /// Timers fire in due order without real waiting; `Date.now()` and `new Date()` follow.
    Virtual,
}

pub(crate) struct RunClock {
    kind: Clock,
    /// How far virtual time is ahead of real time.
    skipped: Cell<Duration>,
    started: Instant,
    /// Wall-clock milliseconds since the epoch when the run started.
    started_wall_ms: f64,
}

impl RunClock {
    pub fn new(kind: Clock) -> RunClock {
        let started_wall_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0);
        RunClock {
            kind,
            skipped: Cell::new(Duration::ZERO),
            started: Instant::now(),
            started_wall_ms,
        }
    }

    pub fn is_virtual(&self) -> bool {
        self.kind == Clock::Virtual
    }

    /// The clock's now (real time under the real clock).
    pub fn now(&self) -> Instant {
        Instant::now() + self.skipped.get()
    }

    /// Jumps virtual time forward to `to` (never back; nothing under the real clock).
    pub fn jump_to(&self, to: Instant) {
        if !self.is_virtual() {
            return;
        }
        let now = self.now();
        if to > now {
            self.skipped.set(self.skipped.get() + (to - now));
        }
    }

    /// `Date.now()` under this clock: the wall clock at the start plus the clock's elapsed time.
    pub fn epoch_ms(&self) -> f64 {
        self.started_wall_ms + (self.now() - self.started).as_secs_f64() * 1000.0
    }
}
