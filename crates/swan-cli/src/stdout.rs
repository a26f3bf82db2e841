//! Writing without panicking. `println!` panics when the reader has gone (`swan-album album list
//! | head -1`); these writes return the error instead, so the command can end quietly.

use crate::error::CliError;
use std::io::{self, Write};

/// Writes `text` to stdout and flushes it.
pub fn write(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CliError::Stdout)
}

/// Writes `text` to stderr. A closed stderr leaves nobody to tell, so its errors are dropped.
pub fn write_err(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// `println!` that returns `Result<(), CliError>`.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::stdout::write(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that cannot panic.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::stdout::write_err(&format!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {errln, outln};
