use crate::api::file::open_app_file;
use crate::{ArgValue, Host, SwanError};
use swan_auth::WRITE_PHOTOS_ALBUM;
use swan_sandbox::Sandbox;
use swan_store::{Origin, Saved};

crate::options! {
    /// `swan.saveImageToPhotosAlbum`'s options.
    pub struct SaveImageOptions { file_path: "filePath" }
}

/// `swan.saveImageToPhotosAlbum`, after its options object has been read. The checks run in
/// the spec's §2 order, which page code can observe: the file is found (or not) *before* the
/// user is asked, and the content is judged only *after* the user said yes.
///
/// The file is opened once, before the prompt, and that same handle is saved: a file swapped
/// while the prompt is on screen cannot slip past the checks.
pub async fn save_image_to_photos_album(
    host: &Host,
    sandbox: &Sandbox,
    file_path: ArgValue<'_>,
) -> Result<Saved, SwanError> {
    let file = open_app_file(sandbox, file_path, "filePath")?;
    let path = file.file_path.as_str();
    let app = sandbox.app().as_str();
    host.authorization()
        .require(app, WRITE_PHOTOS_ALBUM)
        .await?;
    let origin = Origin {
        app_id: Some(app.to_string()),
        source_path: Some(path.to_string()),
    };
    host.album()
        .save_file(&file.file, &origin)
        .map_err(|source| SwanError::CannotSaveToAlbum {
            path: path.to_string(),
            source: Box::new(source),
        })
}
