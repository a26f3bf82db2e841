//! JPEG: marker segments, then entropy-coded scans searched for the next marker, up to EOI.
//!
//! Reaching EOI is what proves the file is complete; a file cut inside the scan data still has a
//! valid header and would otherwise look fine. Bytes after EOI are common (camera trailers,
//! appended data) and are kept as they are.

use crate::tee::Input;
use crate::{Format, ImageError, Limits, Parsed};

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP1: u8 = 0xE1;

/// Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range.
fn is_sof(m: u8) -> bool {
    matches!(m, 0xC0..=0xCF) && !matches!(m, 0xC4 | 0xC8 | 0xCC)
}

/// Markers that stand alone, without a length.
fn is_standalone(m: u8) -> bool {
    matches!(m, 0x01 | 0xD0..=0xD7)
}

pub(crate) fn check(input: &mut Input, limits: &Limits) -> Result<Parsed, ImageError> {
    if input.array::<2>()? != [0xFF, SOI] {
        return Err(input.corrupt("missing SOI"));
    }
    let mut dims: Option<(u32, u32)> = None;
    let mut seen_sos = false;
    let mut exif: Option<Vec<u8>> = None;
    let mut marker = next_marker(input)?;
    loop {
        match marker {
            EOI => break,
            SOI | 0x00 => return Err(input.corrupt(format!("unexpected marker {marker:#04x}"))),
            m if is_standalone(m) => {
                marker = next_marker(input)?;
                continue;
            }
            _ => {}
        }
        let len = input.be16()?;
        if len < 2 {
            return Err(input.corrupt("segment length below 2"));
        }
        let body = u64::from(len - 2);
        if is_sof(marker) && dims.is_none() {
            if body < 6 {
                return Err(input.corrupt("short SOF segment"));
            }
            let [_precision, h1, h0, w1, w0, _components] = input.array::<6>()?;
            let (w, h) = (
                u32::from(u16::from_be_bytes([w1, w0])),
                u32::from(u16::from_be_bytes([h1, h0])),
            );
            if w == 0 || h == 0 {
                return Err(input.corrupt("zero width or height"));
            }
            limits.check_pixels(w, h)?;
            dims = Some((w, h));
            input.skip(body - 6)?;
        } else if marker == APP1 && exif.is_none() {
            // A segment is at most 64 KiB, so keeping it is bounded by construction.
            let data = input.read_vec(body)?;
            if let Some(tiff) = data.strip_prefix(b"Exif\0\0") {
                exif = Some(tiff.to_vec());
            }
        } else {
            input.skip(body)?;
        }
        if marker == SOS {
            if dims.is_none() {
                return Err(input.corrupt("scan before frame header"));
            }
            seen_sos = true;
            marker = scan(input)?;
        } else {
            marker = next_marker(input)?;
        }
    }
    let Some((width, height)) = dims else {
        return Err(input.corrupt("no frame header"));
    };
    if !seen_sos {
        return Err(input.corrupt("no scan"));
    }
    input.drain()?;
    Ok(Parsed {
        format: Format::Jpeg,
        width,
        height,
        animated: false,
        exif,
    })
}

/// Reads a marker between segments: 0xFF, optional 0xFF fill bytes, then the marker code.
fn next_marker(input: &mut Input) -> Result<u8, ImageError> {
    if input.u8()? != 0xFF {
        return Err(input.corrupt("expected a marker"));
    }
    loop {
        let m = input.u8()?;
        if m != 0xFF {
            return Ok(m);
        }
    }
}

/// Skips entropy-coded data and returns the marker that ends it. Works on whole buffered slices
/// because this is where nearly all of a JPEG's bytes are.
fn scan(input: &mut Input) -> Result<u8, ImageError> {
    loop {
        let buf = input.fill()?;
        if buf.is_empty() {
            return Err(input.truncated());
        }
        let Some(i) = find_ff(buf) else {
            let n = buf.len();
            input.consume(n);
            continue;
        };
        input.consume(i + 1);
        match input.peek_u8()? {
            // Stuffed 0xFF byte or restart marker: still inside the scan.
            0x00 | 0xD0..=0xD7 => input.consume(1),
            // Fill byte: the loop finds it again as the next 0xFF.
            0xFF => {}
            m => {
                input.consume(1);
                return Ok(m);
            }
        }
    }
}

/// Position of the first 0xFF, eight bytes at a time.
fn find_ff(s: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut chunks = s.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let v = !u64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        // Classic "has a zero byte" test on the inverted word: a 0xFF byte became zero.
        if v.wrapping_sub(LO) & !v & HI != 0 {
            return c.iter().position(|&b| b == 0xFF).map(|i| base + i);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == 0xFF)
        .map(|i| base + i)
}

#[cfg(test)]
mod tests {
    use super::find_ff;

    #[test]
    fn find_ff_matches_naive_search() {
        for len in 0..40 {
            for at in 0..=len {
                let mut v = vec![0x7Fu8; len];
                if at < len {
                    v[at] = 0xFF;
                }
                let expect = v.iter().position(|&b| b == 0xFF);
                assert_eq!(find_ff(&v), expect, "len {len} at {at}");
            }
        }
        let v = [0xFE, 0x00, 0xFF, 0xFF, 0x01, 0x02, 0x03, 0x04, 0xFF];
        assert_eq!(find_ff(&v), Some(2));
    }
}
