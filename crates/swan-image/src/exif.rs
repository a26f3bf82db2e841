//! EXIF metadata from a captured blob.
//!
//! Metadata is a courtesy: a broken or hostile EXIF blob must never cost the user their picture,
//! so every failure here (including a panic inside the parser) simply yields no metadata.

use exif::{In, Tag, Value};

/// Largest EXIF blob any validator keeps in memory.
pub(crate) const MAX_EXIF: u64 = 1024 * 1024;

/// Metadata the album stores alongside the picture.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    pub orientation: Option<u16>,
    pub date_time_original: Option<String>,
}

/// Some writers put the JPEG APP1 prefix in front of the TIFF header in PNG/WebP too.
pub(crate) fn strip_exif_prefix(blob: &[u8]) -> &[u8] {
    blob.strip_prefix(b"Exif\0\0").unwrap_or(blob)
}

/// Parses a TIFF-structured blob (starting at "II*\0" or "MM\0*").
pub(crate) fn parse(tiff: Vec<u8>) -> Meta {
    std::panic::catch_unwind(move || parse_inner(tiff)).unwrap_or_default()
}

fn parse_inner(tiff: Vec<u8>) -> Meta {
    let Ok(exif) = exif::Reader::new().read_raw(tiff) else {
        return Meta::default();
    };
    let orientation = exif
        .get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u16::try_from(v).ok())
        .filter(|v| (1..=8).contains(v));
    let date_time_original = exif
        .get_field(Tag::DateTimeOriginal, In::PRIMARY)
        .and_then(|f| match &f.value {
            Value::Ascii(parts) => parts.first(),
            _ => None,
        })
        .and_then(|s| std::str::from_utf8(s).ok())
        .map(|s| s.trim_end_matches(['\0', ' ']).to_string())
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_graphic() || c == ' '));
    Meta {
        orientation,
        date_time_original,
    }
}
