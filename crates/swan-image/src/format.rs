//! Accepted formats and sniffing from the first bytes.
//!
//! The format is decided from content only: downloaded temp files often carry no extension or a
//! wrong one, and the stored name takes its extension from what is sniffed here.

/// An accepted image format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Gif,
    Webp,
    Bmp,
    Heic,
    Heif,
    Avif,
}

const ALL: [Format; 8] = [
    Format::Jpeg,
    Format::Png,
    Format::Gif,
    Format::Webp,
    Format::Bmp,
    Format::Heic,
    Format::Heif,
    Format::Avif,
];

impl Format {
    /// Extension given to the stored file.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Bmp => "bmp",
            Format::Heic => "heic",
            Format::Heif => "heif",
            Format::Avif => "avif",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
            Format::Bmp => "image/bmp",
            Format::Heic => "image/heic",
            Format::Heif => "image/heif",
            Format::Avif => "image/avif",
        }
    }

    /// Stable id persisted in databases; never change an existing value.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Bmp => "bmp",
            Format::Heic => "heic",
            Format::Heif => "heif",
            Format::Avif => "avif",
        }
    }

    /// Inverse of [`Format::name`].
    pub fn from_name(s: &str) -> Option<Format> {
        ALL.into_iter().find(|f| f.name() == s)
    }
}

/// Bytes the sniffer wants to see; enough for every magic and a usual `ftyp` box.
pub(crate) const SNIFF_LEN: usize = 256;
/// How much of an `ftyp` box decides HEIC/HEIF/AVIF. A box may list many brands, so the
/// verdict must not depend on how much the first reads happened to bring: the streaming check
/// buffers up to this much of it before sniffing, and `sniff` never looks further.
pub(crate) const MAX_FTYP: usize = 4096;

/// The declared size of a leading `ftyp` box, capped at [`MAX_FTYP`].
pub(crate) fn ftyp_len(head: &[u8]) -> Option<usize> {
    if head.len() >= 8 && &head[4..8] == b"ftyp" {
        let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        Some(size.min(MAX_FTYP))
    } else {
        None
    }
}

/// DIB header sizes that real BMP writers produce; checked so that text starting with "BM" is not
/// taken for a bitmap.
pub(crate) const BMP_DIB_SIZES: [u32; 7] = [12, 40, 52, 56, 64, 108, 124];

/// Guesses the format from the first bytes (ideally at least 256 of them, enough for a usual
/// `ftyp` box; a few are enough for the other formats).
///
/// A `Some` is a claim the full validation still has to confirm.
pub fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Format::Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some(Format::Gif);
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some(Format::Webp);
    }
    if head.starts_with(b"BM") {
        if head.len() < 18 {
            return Some(Format::Bmp);
        }
        let dib = u32::from_le_bytes([head[14], head[15], head[16], head[17]]);
        return BMP_DIB_SIZES.contains(&dib).then_some(Format::Bmp);
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let end = size.min(head.len()).min(MAX_FTYP);
        if end < 12 {
            return None;
        }
        let major = [head[8], head[9], head[10], head[11]];
        let compat = head.get(16..end).unwrap_or(&[]).chunks_exact(4);
        return heif_format(major, compat.map(|c| [c[0], c[1], c[2], c[3]]));
    }
    None
}

/// Decides HEIC/HEIF/AVIF from `ftyp` brands: the major brand wins when it is specific, then the
/// most specific compatible brand; the generic `mif1`/`msf1` only mean "some HEIF".
pub(crate) fn heif_format(major: [u8; 4], compat: impl Iterator<Item = [u8; 4]>) -> Option<Format> {
    fn specific(b: &[u8; 4]) -> Option<Format> {
        match b {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" => Some(Format::Heic),
            b"avif" | b"avis" => Some(Format::Avif),
            _ => None,
        }
    }
    if let Some(f) = specific(&major) {
        return Some(f);
    }
    let mut generic = matches!(&major, b"mif1" | b"msf1");
    for b in compat {
        if let Some(f) = specific(&b) {
            return Some(f);
        }
        generic |= matches!(&b, b"mif1" | b"msf1");
    }
    generic.then_some(Format::Heif)
}
