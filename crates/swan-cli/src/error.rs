//! The binary's one error type: each way a command can end early knows its exit status and how
//! it is printed, and `main` prints it once.

use crate::escape::escape_line;
use crate::output;
use std::fmt;
use std::io;
use std::process::ExitCode;
use swan_core::SwanError;
use swan_core::swan_sandbox::AppId;

/// Exit status when an API call failed (the failure is printed with its errCode).
pub const EXIT_API_FAILURE: u8 = 1;
/// Exit status for a malformed command line (clap uses it too).
pub const EXIT_USAGE: u8 = 2;
/// Exit status when the host could not do its part (album or data folder unusable).
pub const EXIT_HOST_FAILURE: u8 = 3;
/// `run`: page code threw something nothing caught.
pub const EXIT_UNCAUGHT: u8 = 4;
/// `run`: the project, the page or the method does not exist.
pub const EXIT_NOT_FOUND: u8 = 5;
/// `run`: the page was still busy at the time limit.
pub const EXIT_TIMEOUT: u8 = 6;

#[derive(Debug)]
pub enum CliError {
    /// The command line did not parse, or asked for `--help`/`--version`: clap says so.
    Clap(clap::Error),
    /// A value that parsed but cannot be used (`--project` is not a folder, `--map-host` fails).
    Usage(String),
    /// The API call failed: its errCode and errMsg are the command's result.
    Api { app: AppId, error: SwanError },
    /// `album show ID` with no such entry.
    NoSuchEntry(i64),
    /// The host could not start or do its part: album, data folder, authorization store.
    Host(String),
    /// `run`: no such project, page or method.
    NotFound(String),
    /// stdout could not be written. A closed pipe is the reader saying it has seen enough.
    Stdout(io::Error),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Clap(e) => u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE),
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Api { .. } | CliError::NoSuchEntry(_) => EXIT_API_FAILURE,
            CliError::Host(_) => EXIT_HOST_FAILURE,
            CliError::NotFound(_) => EXIT_NOT_FOUND,
            CliError::Stdout(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
            CliError::Stdout(_) => EXIT_HOST_FAILURE,
        }
    }

    /// Prints the error (`json`: the command's one JSON object goes to stdout, as a success
    /// would) and gives the exit status. Writes here are best effort: the status stands.
    pub fn report(&self, json: bool) -> ExitCode {
        match self {
            CliError::Clap(e) => {
                let _ = e.print();
            }
            CliError::Api { app, error } => {
                output::api_failure(error, json);
                if error.is_user_deny() {
                    crate::stdout::errln!(
                        "(a denial is remembered: `swan-album auth reset --app {app}` asks again)"
                    );
                }
            }
            CliError::NoSuchEntry(_) | CliError::Host(_) => output::host_failure(self, json),
            CliError::Stdout(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            CliError::Usage(_) | CliError::NotFound(_) | CliError::Stdout(_) => {
                crate::stdout::errln!("swan-album: {}", escape_line(&self.to_string()));
            }
        }
        ExitCode::from(self.exit_code())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Clap(e) => write!(f, "{e}"),
            CliError::Usage(m) | CliError::Host(m) | CliError::NotFound(m) => f.write_str(m),
            CliError::Api { error, .. } => {
                write!(
                    f,
                    "errCode {} errMsg {:?}",
                    error.err_code(),
                    error.err_msg()
                )
            }
            CliError::NoSuchEntry(id) => write!(f, "no entry with id {id}"),
            CliError::Stdout(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

impl std::error::Error for CliError {}
