//! `swan-album`: a thin command line over `swan-core`. Parsing and printing live here; every
//! decision is the library's. This binary is also the only place that reads the environment
//! (see `locations`).

mod cli;
mod commands;
mod error;
mod escape;
mod events;
mod locations;
mod output;
mod prompt;
mod stdout;

use clap::Parser;
use error::CliError;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return CliError::Clap(e).report(false),
    };
    let json = cli.common.json;
    match run(cli) {
        Ok(code) => code,
        Err(e) => e.report(json),
    }
}

/// Runs the command. An `Ok` status was already printed as the command's result; an error is
/// printed by `main`, once.
fn run(cli: cli::Cli) -> Result<ExitCode, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| CliError::Host(format!("cannot start: {e}")))?;
    runtime.block_on(commands::run(cli))
}
