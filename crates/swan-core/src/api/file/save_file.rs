use crate::{ArgValue, SwanError};
use swan_sandbox::{Keep, PersistError, Sandbox};

crate::options! {
    /// `swan.saveFile`'s options.
    pub struct SaveFileOptions { temp_file_path: "tempFilePath" }
}

/// `swan.saveFile({tempFilePath})`: moves a temp file into the app's store, where it outlives
/// the run. Returns the `bdfile://store_…` path.
pub fn save_file(sandbox: &Sandbox, temp_file_path: ArgValue<'_>) -> Result<String, SwanError> {
    let path = temp_file_path.required_string("tempFilePath")?;
    sandbox
        .persist_temp(path, Keep::Store)
        .map_err(|e| match e {
            PersistError::NotFound | PersistError::Illegal => SwanError::SaveFileNotFound {
                path: path.to_string(),
            },
            PersistError::OverLimit { .. } => SwanError::SaveFileOverLimit,
            PersistError::Io(source) => SwanError::SaveFileIo { source },
        })
}
