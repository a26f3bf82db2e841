//! `swan-album`: a thin command line over `swan-core`. Parsing and printing live here; every
//! decision is the library's.

mod cli;
mod commands;
mod events;
mod output;
mod prompt;

use clap::Parser;
use std::process::ExitCode;

/// Exit status when an API call failed (the failure is printed with its errCode).
pub const EXIT_API_FAILURE: u8 = 1;
/// Exit status for a malformed command line (clap uses it too).
pub const EXIT_USAGE: u8 = 2;
/// Exit status when the host could not start (album or data folder unusable).
pub const EXIT_HOST_FAILURE: u8 = 3;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("swan-album: cannot start: {e}");
            return ExitCode::from(EXIT_HOST_FAILURE);
        }
    };
    runtime.block_on(commands::run(cli))
}
