use super::{host_config, open_host};
use crate::cli::{Common, SaveArgs};
use crate::error::CliError;
use crate::{output, prompt};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use swan_core::ArgValue;
use swan_core::HostConfig;
use swan_core::api::save_image_to_photos_album;
use swan_core::swan_sandbox::{Adopt, Package, SandboxPath};
use swan_core::swan_store::AlbumOptions;

pub async fn run(common: &Common, args: SaveArgs) -> Result<ExitCode, CliError> {
    let (package_root, host_file, file_path) = interpret(&args.path, args.project)?;
    let config = HostConfig {
        album: AlbumOptions {
            dedupe: args.dedupe,
            ..AlbumOptions::default()
        },
        ..host_config(common)
    };
    let host = open_host(config, prompt::authorizer(args.auth))?;
    // A host file is read by the host and no project code runs: nothing to bind (see
    // `swan_sandbox::Package::Host`). A --project is the app's code and must own the id.
    let package = match (&package_root, host_file) {
        (Some(folder), true) => Package::Host(folder),
        (Some(root), false) => Package::Project {
            root,
            adopt: if args.adopt { Adopt::Yes } else { Adopt::No },
        },
        (None, _) => Package::None,
    };
    let sandbox = host
        .sandbox(&args.app, package)
        .map_err(|e| CliError::Host(format!("cannot open the app's files: {e}")))?;
    match save_image_to_photos_album(&host, &sandbox, ArgValue::Str(&file_path)).await {
        Ok(saved) => {
            output::saved(&host, &saved, common.json)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => Err(CliError::Api {
            app: args.app,
            error,
        }),
    }
}

/// What PATH means: the code package to open (if any) and the filePath given to the API.
///
/// A swan path (`bdfile://…`, a URL) or any PATH given with `--project` is passed to the API
/// exactly as page code would pass it. Otherwise PATH is the user's own file on this machine: its
/// folder becomes the code package and its name the package path, so the full sandbox resolution
/// still runs on it. A folder that does not exist is a package with no such file, which the API
/// reports (1001), as it does a missing file in a folder that exists. The flag says whether the
/// folder is a host file's (true) rather than a project (false).
fn interpret(
    path: &str,
    project: Option<PathBuf>,
) -> Result<(Option<PathBuf>, bool, String), CliError> {
    if let Some(dir) = &project
        && !dir.is_dir()
    {
        return Err(CliError::Usage(format!(
            "--project {}: not a folder",
            dir.display()
        )));
    }
    let is_swan_path = path.starts_with("bdfile:")
        || matches!(SandboxPath::parse(path), Ok(SandboxPath::Network { .. }));
    if is_swan_path || project.is_some() {
        return Ok((project, false, path.to_string()));
    }
    let given = Path::new(path);
    let host_path = std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
    let name = host_path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "{}: PATH must name a file",
                crate::escape::quoted(path)
            ))
        })?
        .to_string();
    let folder = match host_path.parent() {
        Some(p) if p.as_os_str().is_empty() => PathBuf::from("."),
        Some(p) => p.to_path_buf(),
        None => PathBuf::from("."),
    };
    Ok((folder.is_dir().then_some(folder), true, name))
}
