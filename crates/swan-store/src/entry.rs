use swan_image::Format;

/// One picture in the album, as the index knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlbumEntry {
    /// The index row's id: stable for the entry's life, never reused while it exists.
    pub id: i64,
    /// File name inside the album folder, e.g. `1732540800123.jpg`.
    pub name: String,
    /// The path the picture was saved from (a swan `filePath` or a host path), when known.
    pub source_path: Option<String>,
    /// The smart program that saved it, when known.
    pub app_id: Option<String>,
    /// The format read from the content (never from the name).
    pub format: Format,
    /// Length of the stored file, which is the source's length: bytes are stored as given.
    pub byte_size: u64,
    /// Width in pixels, as stored (before any EXIF rotation).
    pub width: u32,
    /// Height in pixels, as stored (before any EXIF rotation).
    pub height: u32,
    /// EXIF Orientation (1..=8) when the picture carries one.
    pub orientation: Option<u16>,
    /// EXIF DateTimeOriginal, as written in the picture.
    pub date_time_original: Option<String>,
    /// BLAKE3 of the stored bytes, lowercase hex.
    pub blake3: String,
    /// When it was saved, milliseconds since the Unix epoch.
    pub saved_at_ms: i64,
}

impl AlbumEntry {
    /// The MIME type of its format, for hosts that serve or share the file.
    pub fn mime(&self) -> &'static str {
        self.format.mime()
    }
}

/// Where a picture comes from; recorded in the index, never used to decide anything.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// The smart program saving it; `None` for a save made by the host itself.
    pub app_id: Option<String>,
    /// The path it was read from (a swan `filePath` or a host path).
    pub source_path: Option<String>,
}

impl AlbumEntry {
    /// A not-yet-indexed entry (id 0) for a checked picture stored under `name`.
    pub(crate) fn new(
        name: String,
        info: swan_image::ImageInfo,
        blake3: String,
        origin: &Origin,
        saved_at_ms: i64,
    ) -> AlbumEntry {
        AlbumEntry {
            id: 0,
            name,
            source_path: origin.source_path.clone(),
            app_id: origin.app_id.clone(),
            format: info.format,
            byte_size: info.byte_size,
            width: info.width,
            height: info.height,
            orientation: info.orientation,
            date_time_original: info.date_time_original,
            blake3,
            saved_at_ms,
        }
    }
}
