//! HEIC/HEIF/AVIF (ISOBMFF): `ftyp` first, then top-level boxes walked while streaming.
//!
//! Only `meta` is held in memory (bounded); `mdat` and anything else stream through. Completeness
//! is judged twice: every top-level box must be whole, and every item extent `iloc` points at must
//! end inside the file. An Exif item stored after `meta` is picked out of the stream as it passes.

use crate::exif::MAX_EXIF;
use crate::format::heif_format;
use crate::heif_meta::{self, ExifLoc};
use crate::tee::Input;
use crate::{ImageError, Limits, Parsed};

/// A `meta` box is item tables and small properties; larger means hostile or broken.
const MAX_META: u64 = 16 * 1024 * 1024;
const MAX_FTYP: u64 = 4096;

pub(crate) fn check(input: &mut Input, limits: &Limits) -> Result<Parsed, ImageError> {
    let (kind, size) = box_header(input)?;
    let ftyp_len = size.ok_or_else(|| input.corrupt("unbounded ftyp"))?;
    if &kind != b"ftyp" || !(8..=MAX_FTYP).contains(&ftyp_len) {
        return Err(input.corrupt("bad ftyp box"));
    }
    let ftyp = input.read_vec(ftyp_len)?;
    let brands: Vec<[u8; 4]> = ftyp
        .chunks_exact(4)
        .enumerate()
        .filter(|(i, _)| *i != 1) // minor version
        .map(|(_, c)| [c[0], c[1], c[2], c[3]])
        .collect();
    let (major, compat) = brands.split_first().ok_or(ImageError::NotAnImage)?;
    let format = heif_format(*major, compat.iter().copied()).ok_or(ImageError::NotAnImage)?;
    input.set_format(format);
    let sequence = brands
        .iter()
        .any(|b| matches!(b, b"avis" | b"msf1" | b"hevs"));

    let mut meta = None;
    let mut has_moov = false;
    let mut capture: Option<Capture> = None;
    while !input.at_end()? {
        let (kind, size) = box_header(input)?;
        match &kind {
            b"meta" => {
                if meta.is_some() {
                    return Err(input.corrupt("more than one meta box"));
                }
                // A size of 0 runs to the end of the file: read what is there, up to the cap.
                let body = match size {
                    Some(n) if n <= MAX_META => input.read_vec(n)?,
                    Some(_) => return Err(input.corrupt("meta box too large")),
                    None => {
                        let mut v = Vec::new();
                        pass_into(input, &mut v, MAX_META)?;
                        v
                    }
                };
                let info = heif_meta::parse(&body).map_err(|why| input.corrupt(why))?;
                limits.check_pixels(info.width, info.height)?;
                if let ExifLoc::InFile { start, len } = info.exif
                    && start >= input.pos()
                {
                    capture = Some(Capture {
                        start,
                        end: start + len,
                        data: Vec::new(),
                    });
                }
                meta = Some(info);
            }
            _ => {
                has_moov |= &kind == b"moov";
                pass(input, size, &mut capture)?;
            }
        }
    }
    let Some(meta) = meta else {
        return Err(input.corrupt("no meta box"));
    };
    if meta.data_end > input.pos() {
        return Err(input.truncated());
    }
    let exif = match meta.exif {
        ExifLoc::InMeta(d) => Some(d),
        ExifLoc::InFile { .. } => capture.map(|c| c.data),
        ExifLoc::None => None,
    };
    Ok(Parsed {
        format,
        width: meta.width,
        height: meta.height,
        animated: sequence && has_moov,
        exif: exif.and_then(|d| exif_tiff(&d)),
        orientation: meta.orientation,
    })
}

/// Reads a box header; returns the type and the payload length (`None`: runs to end of file).
fn box_header(input: &mut Input) -> Result<([u8; 4], Option<u64>), ImageError> {
    let size = input.be32()?;
    let kind = input.array::<4>()?;
    let payload = match size {
        0 => return Ok((kind, None)),
        1 => input.array::<8>().map(u64::from_be_bytes)?.checked_sub(16),
        s => u64::from(s).checked_sub(8),
    };
    let payload = payload.ok_or_else(|| input.corrupt("box size smaller than its header"))?;
    Ok((kind, Some(payload)))
}

/// A file range to copy out of the stream as it passes.
struct Capture {
    start: u64,
    end: u64,
    data: Vec<u8>,
}

/// Streams a box payload (or everything up to end of file), copying any captured range.
fn pass(
    input: &mut Input,
    len: Option<u64>,
    capture: &mut Option<Capture>,
) -> Result<(), ImageError> {
    let mut off = input.pos();
    let mut visit = |s: &[u8]| {
        if let Some(c) = capture.as_mut() {
            let from = c.start.max(off);
            let to = c.end.min(off + s.len() as u64);
            if from < to {
                // Both bounds lie inside `s`, so these fit in usize.
                c.data
                    .extend_from_slice(&s[(from - off) as usize..(to - off) as usize]);
            }
        }
        off += s.len() as u64;
    };
    match len {
        Some(n) => input.skip_with(n, visit),
        None => loop {
            let buf = input.fill()?;
            if buf.is_empty() {
                return Ok(());
            }
            let n = buf.len();
            visit(buf);
            input.consume(n);
        },
    }
}

/// Reads everything up to the end of the file into `v`, refusing more than `max` bytes.
fn pass_into(input: &mut Input, v: &mut Vec<u8>, max: u64) -> Result<(), ImageError> {
    loop {
        let buf = input.fill()?;
        if buf.is_empty() {
            return Ok(());
        }
        if (v.len() + buf.len()) as u64 > max {
            return Err(input.corrupt("meta box too large"));
        }
        let n = buf.len();
        v.extend_from_slice(buf);
        input.consume(n);
    }
}

/// HEIF Exif item data starts with a 4-byte offset from its end to the TIFF header.
fn exif_tiff(data: &[u8]) -> Option<Vec<u8>> {
    let (head, rest) = data.split_first_chunk::<4>()?;
    let skip = usize::try_from(u32::from_be_bytes(*head)).ok()?;
    let tiff = rest.get(skip..)?;
    (tiff.len() as u64 <= MAX_EXIF).then(|| tiff.to_vec())
}
