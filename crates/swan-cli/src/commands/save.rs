use super::open_host;
use crate::cli::{Common, SaveArgs};
use crate::{EXIT_API_FAILURE, EXIT_USAGE, output, prompt};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use swan_core::ArgValue;
use swan_core::api::save_image_to_photos_album;
use swan_core::swan_sandbox::{AppId, SandboxPath};
use swan_core::swan_store::AlbumOptions;

pub async fn run(common: &Common, args: SaveArgs) -> ExitCode {
    let app: AppId = match args.app.parse() {
        Ok(app) => app,
        Err(e) => return usage(&format!("--app {:?}: {e}", args.app)),
    };
    let Some((project, file_path)) = interpret(&args.path, args.project) else {
        return usage(&format!("{:?} is not a UTF-8 path", args.path));
    };
    let options = AlbumOptions {
        dedupe: args.dedupe,
        ..AlbumOptions::default()
    };
    let host = match open_host(common, options, prompt::authorizer(args.auth)) {
        Ok(host) => host,
        Err(code) => return code,
    };
    let sandbox = match host.sandbox(&app, project.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            output::host_failure(&format!("cannot open the app's files: {e}"), common.json);
            return ExitCode::from(crate::EXIT_HOST_FAILURE);
        }
    };
    match save_image_to_photos_album(&host, &sandbox, ArgValue::Str(&file_path)).await {
        Ok(saved) => {
            output::saved(&host, &saved, common.json);
            ExitCode::SUCCESS
        }
        Err(e) => {
            output::api_failure(&e, common.json);
            if e.is_user_deny() {
                eprintln!(
                    "(a denial is remembered: `swan-album auth reset --app {app}` asks again)"
                );
            }
            ExitCode::from(EXIT_API_FAILURE)
        }
    }
}

/// What PATH means. A swan path (`bdfile://…`, a URL) or any PATH given with `--project` is
/// passed to the API exactly as page code would pass it. Otherwise PATH is the user's own file
/// on this machine: its folder becomes the code package and its name the package path, so the
/// full sandbox resolution still runs on it.
fn interpret(path: &str, project: Option<PathBuf>) -> Option<(Option<PathBuf>, String)> {
    let is_swan_path = path.starts_with("bdfile:")
        || matches!(SandboxPath::parse(path), Ok(SandboxPath::Network { .. }));
    if is_swan_path || project.is_some() {
        return Some((project, path.to_string()));
    }
    let given = Path::new(path);
    let host_path = std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
    let name = host_path.file_name()?.to_str()?.to_string();
    let folder = host_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    Some((Some(folder), name))
}

fn usage(message: &str) -> ExitCode {
    eprintln!("swan-album: {message}");
    ExitCode::from(EXIT_USAGE)
}
