mod album;
mod auth;
mod run;
mod save;

use crate::cli::{Cli, Command, Common};
use crate::{EXIT_HOST_FAILURE, output};
use std::process::ExitCode;
use std::sync::Arc;
use swan_core::swan_auth::{Authorizer, FixedAnswer, PromptAnswer};
use swan_core::swan_store::AlbumOptions;
use swan_core::{Host, HostConfig};

pub async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Save(args) => save::run(&cli.common, args).await,
        Command::Run(args) => run::run(&cli.common, args),
        Command::Album(cmd) => {
            // Only `album repair` may replace a damaged index (kept aside, rebuilt from the
            // pictures); `list` and `show` report the damage and name the repair.
            let album = AlbumOptions {
                rebuild_damaged_index: matches!(cmd, crate::cli::AlbumCommand::Repair),
                ..AlbumOptions::default()
            };
            match open_host(&cli.common, album, no_prompt()) {
                Ok(host) => album::run(&host, cmd, cli.common.json),
                Err(code) => code,
            }
        }
        Command::Auth(cmd) => match open_host(&cli.common, AlbumOptions::default(), no_prompt()) {
            Ok(host) => auth::run(&host, cmd, cli.common.json),
            Err(code) => code,
        },
    }
}

/// Commands that never call a protected API never prompt.
fn no_prompt() -> Arc<dyn Authorizer> {
    Arc::new(FixedAnswer(PromptAnswer::Dismiss))
}

/// Opens the host the options describe; says what the album repair did, on stderr, when it
/// did anything (a repair is never silent).
fn open_host(
    common: &Common,
    album: AlbumOptions,
    authorizer: Arc<dyn Authorizer>,
) -> Result<Host, ExitCode> {
    let config = HostConfig {
        album,
        ..HostConfig::default()
    };
    open_host_with(common, config, authorizer)
}

/// [`open_host`] with the host policy and album options already chosen.
fn open_host_with(
    common: &Common,
    mut config: HostConfig,
    authorizer: Arc<dyn Authorizer>,
) -> Result<Host, ExitCode> {
    if let Some(dir) = &common.album {
        config.album_root = dir.clone();
    }
    if let Some(dir) = &common.data_dir {
        config.data_dir = dir.clone();
    }
    match Host::open(config, authorizer) {
        Ok(host) => {
            let report = host.repair_report();
            if report.changed_anything() {
                eprintln!("swan-album: album repaired: {report}");
            }
            Ok(host)
        }
        Err(e) => {
            output::host_failure(&e.to_string(), common.json);
            Err(ExitCode::from(EXIT_HOST_FAILURE))
        }
    }
}
