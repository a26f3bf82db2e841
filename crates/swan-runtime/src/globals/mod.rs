//! Globals every smart program can use besides `swan`: `console` and timers.

pub(crate) mod console;
pub(crate) mod plugins;
pub(crate) mod timers;
