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
/// because this is where nearly all of a JPEG's bytes are: stuffed bytes (`FF 00`) and restart
/// markers, about one every few hundred bytes, are stepped over inside the slice, and the input
/// is only told how far the scan got once per slice.
fn scan(input: &mut Input) -> Result<u8, ImageError> {
    loop {
        let buf = input.fill()?;
        if buf.is_empty() {
            return Err(input.truncated());
        }
        let mut from = 0;
        let end = loop {
            let Some(i) = find_ff(&buf[from..]) else {
                break Scan::Consumed(buf.len());
            };
            let at = from + i;
            match buf.get(at + 1) {
                // Stuffed 0xFF byte or restart marker: still inside the scan.
                Some(0x00 | 0xD0..=0xD7) => from = at + 2,
                // Fill byte: the next search finds it again as the next 0xFF.
                Some(0xFF) => from = at + 1,
                Some(&m) => break Scan::Marker(at + 2, m),
                // The 0xFF is the last buffered byte: decide once more is read.
                None => break Scan::Split(at + 1),
            }
        };
        match end {
            Scan::Consumed(n) => input.consume(n),
            Scan::Marker(n, m) => {
                input.consume(n);
                return Ok(m);
            }
            Scan::Split(n) => {
                input.consume(n);
                match input.peek_u8()? {
                    0x00 | 0xD0..=0xD7 => input.consume(1),
                    0xFF => {}
                    m => {
                        input.consume(1);
                        return Ok(m);
                    }
                }
            }
        }
    }
}

/// Where one pass over the buffered bytes of a scan ended.
enum Scan {
    /// No marker: all `n` bytes belong to the scan.
    Consumed(usize),
    /// A marker `m` ends the scan; `n` bytes (the marker included) are used up.
    Marker(usize, u8),
    /// The slice ended on an 0xFF; `n` bytes (it included) are used up.
    Split(usize),
}

/// Position of the first 0xFF: `memchr`'s SIMD search, since nearly every byte of a JPEG is
/// scanned here.
fn find_ff(s: &[u8]) -> Option<usize> {
    memchr::memchr(0xFF, s)
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

    /// Bytes next to 0xFF that could fool a word-at-a-time test (0xFE borrows, 0x00, 0x01), at
    /// every position of 32-byte blocks and their tails.
    #[test]
    fn find_ff_is_exact_next_to_tricky_bytes() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let alphabet = [0xFF, 0xFE, 0x00, 0x01, 0x7F, 0x80];
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 80) as usize;
            let v: Vec<u8> = (0..len)
                .map(|i| {
                    let r = state.rotate_left(i as u32 * 3) as usize;
                    // Mostly 0xFE-ish noise, sometimes 0xFF.
                    if r.is_multiple_of(11) {
                        0xFF
                    } else {
                        alphabet[1 + r % 5]
                    }
                })
                .collect();
            assert_eq!(find_ff(&v), v.iter().position(|&b| b == 0xFF), "{v:02x?}");
        }
    }

    /// The scan, fed through the streaming input in pieces of every size, ends where a
    /// byte-by-byte reading of the rules says and returns the same marker (or the same error).
    #[test]
    fn scan_matches_a_byte_by_byte_reading() {
        use crate::tee::Input;
        use std::io::Read;

        /// The rules, one byte at a time: (marker, offset just past it) or None if truncated.
        fn reference(d: &[u8]) -> Option<(u8, usize)> {
            let mut i = 0;
            loop {
                while *d.get(i)? != 0xFF {
                    i += 1;
                }
                match *d.get(i + 1)? {
                    0x00 | 0xD0..=0xD7 => i += 2,
                    0xFF => i += 1,
                    m => return Some((m, i + 2)),
                }
            }
        }
        struct Pieces<'a>(&'a [u8], usize);
        impl Read for Pieces<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let pick = [0xFF, 0x00, 0xD3, 0xD9, 0xC4, 0x12, 0xFF, 0xFF];
        for case in 0..3000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 1 + (state % 300) as usize;
            let data: Vec<u8> = (0..len)
                .map(|i| {
                    let r = state.rotate_left((i * 7) as u32) ^ (i as u64).wrapping_mul(0x9E37);
                    if r.is_multiple_of(5) {
                        pick[(r >> 8) as usize % pick.len()]
                    } else {
                        (r >> 16) as u8 & 0x7F
                    }
                })
                .collect();
            let expect = reference(&data);
            for piece in [1, 2, 3, 7, 64, 1000] {
                let mut src = Pieces(&data, piece);
                let mut sink = std::io::sink();
                let mut input = Input::new(&mut src, &mut sink, u64::MAX);
                let got = super::scan(&mut input);
                match expect {
                    Some((m, end)) => {
                        assert_eq!(got.ok(), Some(m), "case {case} piece {piece}");
                        assert_eq!(input.pos(), end as u64, "case {case} piece {piece}");
                    }
                    None => assert!(got.is_err(), "case {case} piece {piece}"),
                }
            }
        }
    }
}
