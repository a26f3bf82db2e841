use super::{host_config, open_host};
use crate::cli::{ClockArg, Common, RunArgs, UserFlags};
use crate::error::{CliError, EXIT_TIMEOUT, EXIT_UNCAUGHT};
use crate::{events, prompt};
use std::process::ExitCode;
use std::sync::Arc;
use swan_core::HostConfig;
use swan_core::swan_auth::HostPolicy;
use swan_runtime::{Clock, Project, PromptEvents, RunOptions, RunStatus, Step, UserAnswers};

pub fn run(common: &Common, args: RunArgs) -> Result<ExitCode, CliError> {
    let answers = user_answers(&args.user)?;
    let project = Project::load(&args.project).map_err(|e| CliError::NotFound(e.to_string()))?;
    let page = match args.page.clone().or_else(|| project.pages.first().cloned()) {
        Some(page) => page,
        None => {
            return Err(CliError::NotFound(
                "app.json lists no pages: give --page ROUTE".into(),
            ));
        }
    };
    let script = match &args.script {
        Some(file) => read_script(file)?,
        None => Vec::new(),
    };
    // The local HTTPS servers live until the run ends (dropping them stops them).
    let mut mapped = Vec::new();
    for (host, dir) in &args.map_host {
        let server = swan_net::serve_dir(host, std::path::Path::new(dir))
            .map_err(|e| CliError::Usage(format!("--map-host {host}={dir}: {e}")))?;
        mapped.push(server);
    }
    let printer = Arc::new(events::Printer::new(common.json));
    let user = Arc::new(PromptEvents::new(
        prompt::authorizer(args.auth),
        printer.clone(),
    ));
    let config = HostConfig {
        policy: HostPolicy {
            forbidden: project.forbidden_scopes.iter().cloned().collect(),
        },
        ..host_config(common)
    };
    let host = Arc::new(open_host(config, user)?);
    let options = RunOptions {
        page,
        method: args.method,
        event: args.event,
        query: args.query,
        timeout: args.timeout,
        settings_changes: args.settings.into_iter().collect(),
        client: swan_net::ClientConfig::with_mapped_hosts(&mapped),
        adopt: args.adopt,
        user: answers,
        clock: match args.clock {
            ClockArg::Real => Clock::Real,
            ClockArg::Virtual => Clock::Virtual,
        },
        script,
        device: args.device.map(|d| *d).unwrap_or_default(),
        canvas_sizes: args.canvas.sizes,
        // Page code stuck in a native builtin past the deadline cannot be stopped: end the
        // process (the time-limit error was printed; the album's saves are crash-safe).
        on_overrun: Some(swan_runtime::OverrunHook(Arc::new(|| {
            let _ = std::io::Write::flush(&mut std::io::stdout());
            std::process::exit(i32::from(EXIT_TIMEOUT));
        }))),
    };
    let status = swan_runtime::run(host, project, options, printer.clone());
    // A closed stdout stopped the printing, not the page: the run's own status stands. Any
    // other write error means output was lost, and that is the command's failure.
    if let Some(e) = printer.stdout_error()
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(CliError::Stdout(e));
    }
    match status {
        Ok(RunStatus::Completed) => Ok(ExitCode::SUCCESS),
        Ok(RunStatus::Uncaught) => Ok(ExitCode::from(EXIT_UNCAUGHT)),
        Ok(RunStatus::TimedOut) => Ok(ExitCode::from(EXIT_TIMEOUT)),
        Ok(RunStatus::MethodNotFound(m)) => Err(CliError::NotFound(format!(
            "the page has no method {}",
            crate::escape::quoted(&m)
        ))),
        Err(swan_runtime::RunError::PageNotFound(p)) => Err(CliError::NotFound(format!(
            "page {} is not in app.json or has no script",
            crate::escape::quoted(&p)
        ))),
        Err(swan_runtime::RunError::Project(e)) => Err(CliError::NotFound(e.to_string())),
        Err(e) => Err(CliError::Host(e.to_string())),
    }
}

/// The scripted user's answers: `--user FILE.json` first, then the flags over it. A picked
/// file that does not exist is a usage error now rather than a failed chooseImage later.
fn user_answers(flags: &UserFlags) -> Result<UserAnswers, CliError> {
    let mut user = UserAnswers::default();
    if let Some(file) = &flags.file {
        let shown = file.display();
        let text = std::fs::read_to_string(file)
            .map_err(|e| CliError::Usage(format!("--user {shown}: {e}")))?;
        let answers: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| CliError::Usage(format!("--user {shown}: not JSON: {e}")))?;
        user.merge(&answers)
            .map_err(|e| CliError::Usage(format!("--user {shown}: {e}")))?;
    }
    user.merge(&flags.answers()).map_err(CliError::Usage)?;
    for picked in user.picked_images() {
        if !picked.is_file() {
            return Err(CliError::Usage(format!(
                "the picture the user picks in chooseImage is not a file: {}",
                picked.display()
            )));
        }
    }
    Ok(user)
}

/// The `--script` file's steps; a file that cannot be read or parsed is a usage error naming it.
fn read_script(file: &std::path::Path) -> Result<Vec<Step>, CliError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| CliError::Usage(format!("--script {}: {e}", file.display())))?;
    swan_runtime::parse_script(&text)
        .map_err(|e| CliError::Usage(format!("--script {}: {e}", file.display())))
}
