//! PNG (and APNG): every chunk's length, type and CRC, from IHDR to IEND.
//!
//! The CRC is checked on every chunk (crc32fast over whole buffered slices keeps that cheap), and
//! the image data is inflated as it passes (`png_data`), because a stream can be broken while
//! every CRC is right.

use crate::exif::{MAX_EXIF, strip_exif_prefix};
use crate::png_data::ImageData;
use crate::tee::Input;
use crate::{Format, ImageError, Limits, Parsed};

const SIGNATURE: [u8; 8] = *b"\x89PNG\r\n\x1a\n";
/// The PNG spec caps chunk lengths at 2^31-1.
const MAX_CHUNK: u32 = 0x7FFF_FFFF;

pub(crate) fn check(input: &mut Input, limits: &Limits) -> Result<Parsed, ImageError> {
    if input.array::<8>()? != SIGNATURE {
        return Err(input.corrupt("bad signature"));
    }
    let mut dims: Option<(u32, u32)> = None;
    let mut color_type = 0u8;
    let mut image: Option<ImageData> = None;
    let mut seen_plte = false;
    let mut idat_state = IdatState::Before;
    let mut animated = false;
    let mut exif = None;
    loop {
        let len = input.be32()?;
        if len > MAX_CHUNK {
            return Err(input.corrupt("chunk length over 2^31-1"));
        }
        let kind = input.array::<4>()?;
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(input.corrupt("invalid chunk type"));
        }
        let mut crc = crc32fast::Hasher::new();
        crc.update(&kind);
        let first = dims.is_none();
        if first != (&kind == b"IHDR") {
            return Err(input.corrupt("IHDR must come first, once"));
        }
        // Small chunks whose content matters are read whole; the rest only pass through the CRC.
        let keep = match &kind {
            b"IHDR" | b"acTL" => len <= 64,
            b"eXIf" => exif.is_none() && u64::from(len) <= MAX_EXIF,
            _ => false,
        };
        let data = if keep {
            let data = input.read_vec(u64::from(len))?;
            crc.update(&data);
            data
        } else if let (b"IDAT", Some(img)) = (&kind, image.as_mut()) {
            input.skip_with(u64::from(len), |s| {
                crc.update(s);
                img.feed(s);
            })?;
            Vec::new()
        } else {
            input.skip_with(u64::from(len), |s| crc.update(s))?;
            Vec::new()
        };
        if input.be32()? != crc.finalize() {
            return Err(input.corrupt(format!(
                "CRC mismatch in {} chunk",
                String::from_utf8_lossy(&kind)
            )));
        }
        if &kind != b"IDAT" && idat_state == IdatState::In {
            idat_state = IdatState::After;
        }
        match &kind {
            b"IHDR" => {
                let (w, h, ct, bits, interlaced) = ihdr(input, &data)?;
                limits.check_pixels(w, h)?;
                dims = Some((w, h));
                color_type = ct;
                image = Some(ImageData::new(w, h, bits, interlaced));
            }
            b"PLTE" => seen_plte = true,
            b"IDAT" => match idat_state {
                IdatState::After => return Err(input.corrupt("IDAT chunks not consecutive")),
                _ if color_type == 3 && !seen_plte => {
                    return Err(input.corrupt("palette image without PLTE"));
                }
                _ => idat_state = IdatState::In,
            },
            b"acTL" => animated = true,
            b"eXIf" if keep => exif = Some(strip_exif_prefix(&data).to_vec()),
            b"IEND" => break,
            // Unknown critical chunks (uppercase first letter) must not be ignored, per the spec.
            _ if kind[0].is_ascii_uppercase() && !matches!(&kind, b"PLTE" | b"IDAT") => {
                return Err(input.corrupt(format!(
                    "unknown critical chunk {}",
                    String::from_utf8_lossy(&kind)
                )));
            }
            _ => {}
        }
    }
    if idat_state == IdatState::Before {
        return Err(input.corrupt("no IDAT chunk"));
    }
    let Some((width, height)) = dims else {
        return Err(input.corrupt("no IHDR"));
    };
    if let Some(img) = &image {
        img.finish().map_err(|why| input.corrupt(why))?;
    }
    input.drain()?;
    Ok(Parsed {
        format: Format::Png,
        width,
        height,
        animated,
        exif,
        orientation: None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum IdatState {
    Before,
    In,
    After,
}

/// Returns width, height, color type, bits per pixel and interlacing after checking the
/// combinations the spec allows.
fn ihdr(input: &Input, d: &[u8]) -> Result<(u32, u32, u8, u32, bool), ImageError> {
    let [
        w0,
        w1,
        w2,
        w3,
        h0,
        h1,
        h2,
        h3,
        depth,
        ct,
        comp,
        filter,
        interlace,
    ] = d
    else {
        return Err(input.corrupt("IHDR is not 13 bytes"));
    };
    let w = u32::from_be_bytes([*w0, *w1, *w2, *w3]);
    let h = u32::from_be_bytes([*h0, *h1, *h2, *h3]);
    if w == 0 || h == 0 || w > MAX_CHUNK || h > MAX_CHUNK {
        return Err(input.corrupt("invalid dimensions"));
    }
    let depth_ok = match ct {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => false,
    };
    if !depth_ok || *comp != 0 || *filter != 0 || *interlace > 1 {
        return Err(input.corrupt("invalid IHDR fields"));
    }
    let channels = match ct {
        2 => 3,
        4 => 2,
        6 => 4,
        _ => 1,
    };
    Ok((w, h, *ct, channels * u32::from(*depth), *interlace == 1))
}
