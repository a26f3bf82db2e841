use std::fmt;
use std::path::PathBuf;

/// Why an album operation failed. A failed save has left the album as it was.
#[derive(Debug)]
pub enum AlbumError {
    /// The content is not an image we accept, or is broken, or too big.
    Image(swan_image::ImageError),
    /// Reading the source or writing the album failed (disk full, I/O error).
    Io(std::io::Error),
    /// The index database failed.
    Index(rusqlite::Error),
    /// The index file cannot be read as an album index (garbage, cut short, another program's
    /// database, not a file). Nothing is lost: the pictures are the truth, and
    /// [`crate::Album::repair`] (`swan-album album repair`) rebuilds the index from them.
    IndexDamaged {
        /// The index file; empty when the damage was found after opening.
        path: PathBuf,
        /// What is wrong with it, in words.
        why: String,
        /// SQLite's own error, when it gave one.
        cause: Option<rusqlite::Error>,
    },
}

impl AlbumError {
    /// True when the picture itself was refused, as opposed to the album failing to store it.
    pub fn is_content_error(&self) -> bool {
        matches!(self, AlbumError::Image(e) if !matches!(e, swan_image::ImageError::Write(_)))
    }

    /// True when the index is damaged and only a repair (a rebuild) can help.
    pub fn is_index_damaged(&self) -> bool {
        matches!(self, AlbumError::IndexDamaged { .. })
    }

    pub(crate) fn damaged(why: impl Into<String>, cause: Option<rusqlite::Error>) -> AlbumError {
        AlbumError::IndexDamaged {
            path: PathBuf::new(),
            why: why.into(),
            cause,
        }
    }

    /// Names the index file in a damage report that does not say which file yet.
    pub(crate) fn at(mut self, index: &std::path::Path) -> AlbumError {
        if let AlbumError::IndexDamaged { path, .. } = &mut self
            && path.as_os_str().is_empty()
        {
            *path = index.to_path_buf();
        }
        self
    }
}

impl fmt::Display for AlbumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlbumError::Image(e) => write!(f, "image refused: {e}"),
            AlbumError::Io(e) => write!(f, "album I/O error: {e}"),
            AlbumError::Index(e) => write!(f, "album index error: {e}"),
            AlbumError::IndexDamaged { path, why, .. } => {
                f.write_str("the album index")?;
                if !path.as_os_str().is_empty() {
                    write!(f, " {}", path.display())?;
                }
                write!(
                    f,
                    " is damaged: {why}; run `swan-album album repair` to rebuild it from the \
                     pictures (no picture is lost; the damaged file is kept aside)"
                )
            }
        }
    }
}

impl std::error::Error for AlbumError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AlbumError::Image(e) => Some(e),
            AlbumError::Io(e) => Some(e),
            AlbumError::Index(e) => Some(e),
            AlbumError::IndexDamaged { cause, .. } => cause
                .as_ref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
        }
    }
}

impl From<std::io::Error> for AlbumError {
    fn from(e: std::io::Error) -> Self {
        AlbumError::Io(e)
    }
}

impl From<rusqlite::Error> for AlbumError {
    /// SQLite's "corrupt" and "not a database" are damage to the file, which repair can fix;
    /// anything else (disk full, I/O, locks) is an ordinary index error.
    fn from(e: rusqlite::Error) -> Self {
        if crate::index::is_damage(&e) {
            AlbumError::damaged(e.to_string(), Some(e))
        } else {
            AlbumError::Index(e)
        }
    }
}

impl From<swan_image::ImageError> for AlbumError {
    fn from(e: swan_image::ImageError) -> Self {
        AlbumError::Image(e)
    }
}
