use super::open_host_with;
use crate::cli::{Common, RunArgs};
use crate::{EXIT_HOST_FAILURE, EXIT_USAGE, events, prompt};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use swan_core::HostConfig;
use swan_core::swan_auth::HostPolicy;
use swan_runtime::{EventSink, Project, PromptEvents, RunOptions, RunStatus};

/// Exit status when page code threw something nothing caught.
pub const EXIT_UNCAUGHT: u8 = 4;
/// Exit status when the page or the method does not exist.
pub const EXIT_NOT_FOUND: u8 = 5;
/// Exit status when the page was still busy at the time limit.
pub const EXIT_TIMEOUT: u8 = 6;

pub fn run(common: &Common, args: RunArgs) -> ExitCode {
    let project = match Project::load(&args.project) {
        Ok(p) => p,
        Err(e) => return fail(EXIT_NOT_FOUND, &e.to_string()),
    };
    let event = match serde_json::from_str(&args.event) {
        Ok(v) => v,
        Err(e) => return fail(EXIT_USAGE, &format!("--event is not JSON: {e}")),
    };
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return fail(EXIT_USAGE, "--timeout must be a positive number of seconds");
    }
    // The local HTTPS servers live until the run ends (dropping them stops them).
    let mut mapped = Vec::new();
    for (host, dir) in &args.map_host {
        match swan_net::serve_dir(host, std::path::Path::new(dir)) {
            Ok(server) => mapped.push(server),
            Err(e) => return fail(EXIT_USAGE, &format!("--map-host {host}={dir}: {e}")),
        }
    }
    let sink: Arc<dyn EventSink> = events::printer(common.json);
    let user = Arc::new(PromptEvents::new(
        prompt::authorizer(args.auth),
        sink.clone(),
    ));
    let config = HostConfig {
        policy: HostPolicy {
            forbidden: project.forbidden_scopes.iter().cloned().collect(),
        },
        ..HostConfig::default()
    };
    let host = match open_host_with(common, config, user) {
        Ok(host) => Arc::new(host),
        Err(code) => return code,
    };
    let options = RunOptions {
        page: args.page,
        method: args.method,
        event,
        query: args.query,
        timeout: Duration::from_secs_f64(args.timeout),
        settings_changes: args.settings.into_iter().collect(),
        client: swan_net::ClientConfig::with_mapped_hosts(&mapped),
        // Page code stuck in a native builtin past the deadline cannot be stopped: end the
        // process (the time-limit error was printed; the album's saves are crash-safe).
        on_overrun: Some(swan_runtime::OverrunHook(Arc::new(|| {
            let _ = std::io::Write::flush(&mut std::io::stdout());
            std::process::exit(i32::from(EXIT_TIMEOUT));
        }))),
    };
    match swan_runtime::run(host, project, options, sink) {
        Ok(RunStatus::Completed) => ExitCode::SUCCESS,
        Ok(RunStatus::Uncaught) => ExitCode::from(EXIT_UNCAUGHT),
        Ok(RunStatus::MethodNotFound(m)) => {
            fail(EXIT_NOT_FOUND, &format!("the page has no method {m:?}"))
        }
        Ok(RunStatus::TimedOut) => ExitCode::from(EXIT_TIMEOUT),
        Err(swan_runtime::RunError::PageNotFound(p)) => fail(
            EXIT_NOT_FOUND,
            &format!("page {p:?} is not in app.json or has no script"),
        ),
        Err(e) => fail(EXIT_HOST_FAILURE, &e.to_string()),
    }
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("swan-album: {message}");
    ExitCode::from(code)
}
