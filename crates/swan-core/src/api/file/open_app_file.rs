use crate::{ArgValue, SwanError};
use swan_sandbox::{PathError, Resolved, Sandbox, SandboxFile};

/// Steps 1 to 4 of §2, shared by every API that reads one of the app's files: the argument
/// is a string (904), not a network URL (1001), legal (201), and names a regular file of this
/// app (1001).
pub(crate) fn open_app_file(
    sandbox: &Sandbox,
    file_path: ArgValue<'_>,
    name: &str,
) -> Result<SandboxFile, SwanError> {
    let path = file_path.required_string(name)?;
    let not_found = || SwanError::FileNotFound {
        path: path.to_string(),
    };
    let illegal = || SwanError::IllegalFilePath {
        path: path.to_string(),
    };
    match sandbox.open_file(path) {
        Ok(Resolved::Network { .. }) => Err(not_found()),
        // A name with an unpaired surrogate cannot exist; its U+FFFD stand-in might.
        _ if matches!(file_path, ArgValue::IllFormed(_)) => Err(illegal()),
        Ok(Resolved::File(file)) => Ok(file),
        Err(PathError::Illegal) => Err(illegal()),
        Err(PathError::NotFound | PathError::Io(_)) => Err(not_found()),
    }
}
