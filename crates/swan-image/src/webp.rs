//! WebP: the RIFF container and its chunks, with dimensions from the VP8/VP8L bitstream headers or
//! the VP8X canvas.
//!
//! The RIFF size is what proves completeness: every chunk it announces must really be there.
//! Bytes after the RIFF end are kept and ignored, as libwebp does.

use crate::exif::{MAX_EXIF, strip_exif_prefix};
use crate::tee::Input;
use crate::{Format, ImageError, Limits, Parsed};

pub(crate) fn check(input: &mut Input, limits: &Limits) -> Result<Parsed, ImageError> {
    let [r0, r1, r2, r3, s0, s1, s2, s3, w0, w1, w2, w3] = input.array::<12>()?;
    if [r0, r1, r2, r3] != *b"RIFF" || [w0, w1, w2, w3] != *b"WEBP" {
        return Err(input.corrupt("bad RIFF header"));
    }
    let riff_end = 8 + u64::from(u32::from_le_bytes([s0, s1, s2, s3]));
    let mut st = State::default();
    let mut first = true;
    while input.pos() < riff_end {
        let (kind, size) = chunk_header(input, riff_end)?;
        let start = input.pos();
        if first {
            first = false;
            match &kind {
                b"VP8 " | b"VP8L" => {
                    let (w, h) = bitstream_dims(input, &kind, size, limits)?;
                    st.dims = Some((w, h));
                    st.has_image = true;
                }
                b"VP8X" => vp8x(input, size, limits, &mut st)?,
                _ => return Err(input.corrupt("first chunk is not VP8, VP8L or VP8X")),
            }
        } else if st.extended {
            match &kind {
                b"VP8 " | b"VP8L" => {
                    bitstream_dims(input, &kind, size, limits)?;
                    st.has_image = true;
                }
                b"ANIM" => st.animated = true,
                b"ANMF" => {
                    anmf(input, size, limits)?;
                    st.animated = true;
                    st.has_image = true;
                }
                b"EXIF" if st.exif.is_none() && u64::from(size) <= MAX_EXIF => {
                    let data = input.read_vec(u64::from(size))?;
                    st.exif = Some(strip_exif_prefix(&data).to_vec());
                }
                _ => {}
            }
        }
        skip_rest(input, start, size)?;
        // Chunks are padded to even sizes; a missing final pad byte is tolerated.
        if size % 2 == 1 && input.pos() < riff_end {
            input.skip(1)?;
        }
    }
    let Some((width, height)) = st.dims else {
        return Err(input.corrupt("no chunks"));
    };
    if !st.has_image {
        return Err(input.corrupt("no image data"));
    }
    input.drain()?;
    Ok(Parsed {
        format: Format::Webp,
        width,
        height,
        animated: st.animated,
        exif: st.exif,
        orientation: None,
    })
}

#[derive(Default)]
struct State {
    dims: Option<(u32, u32)>,
    extended: bool,
    has_image: bool,
    animated: bool,
    exif: Option<Vec<u8>>,
}

/// Skips what the chunk parsers left of a chunk that started at `start`.
fn skip_rest(input: &mut Input, start: u64, size: u32) -> Result<(), ImageError> {
    let rest = u64::from(size)
        .checked_sub(input.pos() - start)
        .ok_or_else(|| input.corrupt("chunk content overruns its size"))?;
    input.skip(rest)
}

/// Reads a chunk header and checks the chunk fits inside its container ending at `end`.
fn chunk_header(input: &mut Input, end: u64) -> Result<([u8; 4], u32), ImageError> {
    if end - input.pos() < 8 {
        // The container promised more bytes than the file holds: that is a cut file.
        if input.at_end()? {
            return Err(input.truncated());
        }
        return Err(input.corrupt("chunk header crosses the container end"));
    }
    let kind = input.array::<4>()?;
    let size = input.le32()?;
    if input.pos() + u64::from(size) > end {
        return Err(input.corrupt("chunk crosses the container end"));
    }
    Ok((kind, size))
}

fn vp8x(input: &mut Input, size: u32, limits: &Limits, st: &mut State) -> Result<(), ImageError> {
    if size < 10 {
        return Err(input.corrupt("short VP8X chunk"));
    }
    let [_flags, _, _, _, w0, w1, w2, h0, h1, h2] = input.array::<10>()?;
    let w = u32::from_le_bytes([w0, w1, w2, 0]) + 1;
    let h = u32::from_le_bytes([h0, h1, h2, 0]) + 1;
    limits.check_pixels(w, h)?;
    st.dims = Some((w, h));
    st.extended = true;
    Ok(())
}

/// An animation frame: a 16-byte header, then its own ALPH/VP8/VP8L chunks.
fn anmf(input: &mut Input, size: u32, limits: &Limits) -> Result<(), ImageError> {
    if size < 16 {
        return Err(input.corrupt("short ANMF chunk"));
    }
    let end = input.pos() + u64::from(size);
    input.skip(16)?;
    let mut has_image = false;
    while input.pos() < end {
        let (kind, sub) = chunk_header(input, end)?;
        let start = input.pos();
        if matches!(&kind, b"VP8 " | b"VP8L") {
            bitstream_dims(input, &kind, sub, limits)?;
            has_image = true;
        }
        skip_rest(input, start, sub)?;
        if sub % 2 == 1 && input.pos() < end {
            input.skip(1)?;
        }
    }
    if !has_image {
        return Err(input.corrupt("animation frame without image data"));
    }
    Ok(())
}

/// Reads the dimensions from a VP8 key frame header or a VP8L header, consuming a few bytes.
fn bitstream_dims(
    input: &mut Input,
    kind: &[u8; 4],
    size: u32,
    limits: &Limits,
) -> Result<(u32, u32), ImageError> {
    let (w, h) = if kind == b"VP8 " {
        if size < 10 {
            return Err(input.corrupt("short VP8 chunk"));
        }
        let [tag, _, _, c0, c1, c2, w0, w1, h0, h1] = input.array::<10>()?;
        if tag & 1 != 0 {
            return Err(input.corrupt("VP8 data is not a key frame"));
        }
        if [c0, c1, c2] != [0x9D, 0x01, 0x2A] {
            return Err(input.corrupt("bad VP8 start code"));
        }
        (
            u32::from(u16::from_le_bytes([w0, w1]) & 0x3FFF),
            u32::from(u16::from_le_bytes([h0, h1]) & 0x3FFF),
        )
    } else {
        if size < 5 {
            return Err(input.corrupt("short VP8L chunk"));
        }
        let [sig, b0, b1, b2, b3] = input.array::<5>()?;
        if sig != 0x2F {
            return Err(input.corrupt("bad VP8L signature"));
        }
        let bits = u32::from_le_bytes([b0, b1, b2, b3]);
        if bits >> 29 != 0 {
            return Err(input.corrupt("unknown VP8L version"));
        }
        ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    };
    if w == 0 || h == 0 {
        return Err(input.corrupt("zero width or height"));
    }
    limits.check_pixels(w, h)?;
    Ok((w, h))
}
