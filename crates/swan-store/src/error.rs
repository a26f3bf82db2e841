use std::fmt;

/// Why an album operation failed. A failed save has left the album as it was.
#[derive(Debug)]
pub enum AlbumError {
    /// The content is not an image we accept, or is broken, or too big.
    Image(swan_image::ImageError),
    /// Reading the source or writing the album failed (disk full, I/O error).
    Io(std::io::Error),
    /// The index database failed.
    Index(rusqlite::Error),
}

impl AlbumError {
    /// True when the picture itself was refused, as opposed to the album failing to store it.
    pub fn is_content_error(&self) -> bool {
        matches!(self, AlbumError::Image(e) if !matches!(e, swan_image::ImageError::Write(_)))
    }
}

impl fmt::Display for AlbumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlbumError::Image(e) => write!(f, "image refused: {e}"),
            AlbumError::Io(e) => write!(f, "album I/O error: {e}"),
            AlbumError::Index(e) => write!(f, "album index error: {e}"),
        }
    }
}

impl std::error::Error for AlbumError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AlbumError::Image(e) => Some(e),
            AlbumError::Io(e) => Some(e),
            AlbumError::Index(e) => Some(e),
        }
    }
}

impl From<std::io::Error> for AlbumError {
    fn from(e: std::io::Error) -> Self {
        AlbumError::Io(e)
    }
}

impl From<rusqlite::Error> for AlbumError {
    fn from(e: rusqlite::Error) -> Self {
        AlbumError::Index(e)
    }
}

impl From<swan_image::ImageError> for AlbumError {
    fn from(e: swan_image::ImageError) -> Self {
        AlbumError::Image(e)
    }
}
