//! Decides an image's format from its bytes and validates its structure while streaming it to a
//! sink, without decoding pixels and with memory that does not grow with the file.
//!
//! Streaming and validating in one pass lets the album write the file once (no second read of a
//! large picture) while still refusing anything that is not a complete, well-formed image.

mod bmp;
mod error;
mod exif;
mod format;
mod gif;
mod gif_lzw;
mod heif;
mod heif_meta;
mod jpeg;
mod jpeg_arith;
mod jpeg_huff;
mod jpeg_walk;
mod limits;
mod png;
mod png_data;
mod tee;
mod webp;

pub use error::ImageError;
pub use format::{Format, sniff};
pub use limits::Limits;

use std::io::{Read, Write};
use tee::Input;

/// What validation learned about an accepted image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// Total bytes streamed, trailing data included.
    pub byte_size: u64,
    /// EXIF Orientation 1..=8 when present.
    pub orientation: Option<u16>,
    /// EXIF DateTimeOriginal as text ("2024:01:02 03:04:05") when present.
    pub date_time_original: Option<String>,
    pub animated: bool,
}

/// What a format validator hands back once it has drained the source.
pub(crate) struct Parsed {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub animated: bool,
    /// TIFF-structured EXIF blob, if one was found and was small enough to keep.
    pub exif: Option<Vec<u8>>,
    /// Orientation the container itself declares (HEIF `irot`/`imir`); it wins over EXIF's,
    /// which HEIF readers ignore.
    pub orientation: Option<u16>,
}

/// Reads `source` to its end, writing every byte unchanged to `sink`, and validates on the way.
///
/// On error the sink may hold a prefix of the source; the caller discards it. Refusals found from
/// the first bytes (`NotAnImage`) stop early without reading the rest.
pub fn check_stream<R: Read, W: Write>(
    source: R,
    sink: W,
    limits: &Limits,
) -> Result<ImageInfo, ImageError> {
    stream(source, sink, limits, false)
}

/// [`check_stream`] for a caller that can read the source's last bytes first (a file): `tail`
/// is some of them, up to 64 KiB. A JPEG's scans are only walked, which costs time in
/// proportion to the file (tens of MB/s) and, for a progressive one, up to 64 MiB of memory,
/// when `tail` holds no `FF D9` (EOI): only a file without EOI needs the walk, to be told from
/// a cut one. [`check_stream`], which cannot look
/// ahead, never walks and refuses every JPEG without EOI (as cut).
pub fn check_stream_with_tail<R: Read, W: Write>(
    source: R,
    sink: W,
    limits: &Limits,
    tail: &[u8],
) -> Result<ImageInfo, ImageError> {
    stream(source, sink, limits, !has_eoi(tail))
}

/// Whether `tail` holds an EOI marker: if the file has EOI anywhere near its end, a walk of its
/// scans cannot change the verdict.
fn has_eoi(tail: &[u8]) -> bool {
    memchr::memmem::find(tail, &[0xFF, 0xD9]).is_some()
}

/// How much of its end [`check_bytes`] looks at for an EOI.
const TAIL: usize = 64 * 1024;

fn stream<R: Read, W: Write>(
    mut source: R,
    mut sink: W,
    limits: &Limits,
    walk: bool,
) -> Result<ImageInfo, ImageError> {
    let mut input = Input::new(&mut source, &mut sink, limits.max_bytes);
    input.ensure(format::SNIFF_LEN)?;
    if let Some(n) = format::ftyp_len(input.buffered()) {
        input.ensure(n)?;
    }
    let format = sniff(input.buffered()).ok_or(ImageError::NotAnImage)?;
    input.set_format(format);
    let parsed = match format {
        Format::Jpeg => jpeg::check(&mut input, limits, walk)?,
        Format::Png => png::check(&mut input, limits)?,
        Format::Gif => gif::check(&mut input, limits)?,
        Format::Webp => webp::check(&mut input, limits)?,
        Format::Bmp => bmp::check(&mut input, limits)?,
        Format::Heic | Format::Heif | Format::Avif => heif::check(&mut input, limits)?,
    };
    input.flush()?;
    let meta = parsed.exif.map(exif::parse).unwrap_or_default();
    Ok(ImageInfo {
        format: parsed.format,
        width: parsed.width,
        height: parsed.height,
        byte_size: input.total(),
        orientation: parsed.orientation.or(meta.orientation),
        date_time_original: meta.date_time_original,
        animated: parsed.animated,
    })
}

/// Validates a byte slice (the sink is `io::sink()`).
pub fn check_bytes(bytes: &[u8], limits: &Limits) -> Result<ImageInfo, ImageError> {
    let tail = &bytes[bytes.len().saturating_sub(TAIL)..];
    check_stream_with_tail(bytes, std::io::sink(), limits, tail)
}
