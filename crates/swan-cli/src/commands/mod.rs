mod album;
mod auth;
mod run;
mod save;
mod storage;

use crate::cli::{Cli, Command, Common};
use crate::error::CliError;
use crate::locations;
use crate::stdout::errln;
use std::process::ExitCode;
use std::sync::Arc;
use swan_core::swan_auth::{Authorizer, FixedAnswer, PromptAnswer};
use swan_core::{Host, HostConfig};

pub async fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let json = cli.common.json;
    match cli.command {
        Command::Save(args) => save::run(&cli.common, args).await,
        Command::Run(args) => run::run(&cli.common, *args),
        Command::Album(cmd) => {
            // Only `album repair` may replace a damaged index (kept aside, rebuilt from the
            // pictures); `list` and `show` report the damage and name the repair.
            let mut config = host_config(&cli.common);
            config.album.rebuild_damaged_index = matches!(cmd, crate::cli::AlbumCommand::Repair);
            album::run(&open_host(config, no_prompt())?, cmd, json)
        }
        Command::Auth(cmd) => auth::run(
            &open_host(host_config(&cli.common), no_prompt())?,
            cmd,
            json,
        ),
        Command::Storage(cmd) => storage::run(
            &open_host(host_config(&cli.common), no_prompt())?,
            cmd,
            json,
        ),
    }
}

/// Commands that never call a protected API never prompt.
fn no_prompt() -> Arc<dyn Authorizer> {
    Arc::new(FixedAnswer(PromptAnswer::Dismiss))
}

/// Where things live (the flags, else the environment) with a phone's defaults for the rest.
fn host_config(common: &Common) -> HostConfig {
    HostConfig::new(
        locations::album_root(common.album.as_deref()),
        locations::data_dir(common.data_dir.as_deref()),
    )
}

/// Opens the host; says what the album repair did, on stderr, when it did anything (a repair is
/// never silent).
fn open_host(config: HostConfig, authorizer: Arc<dyn Authorizer>) -> Result<Host, CliError> {
    let host = Host::open(config, authorizer).map_err(|e| CliError::Host(e.to_string()))?;
    let report = host.repair_report();
    if report.changed_anything() {
        errln!("swan-album: album repaired: {report}");
    }
    Ok(host)
}
