//! Valid pictures of any size, made from a seed so both sides of a comparison get the same bytes.
//!
//! A generated JPEG is a real baseline JPEG header (SOI, APP0/JFIF, DQT, SOF0, DHT, SOS) followed
//! by an entropy-coded segment of pseudo-random bytes in which every 0xFF is followed by a
//! stuffed 0x00 (as in a real scan, about one 0xFF in 256 bytes), then EOI. `swan_image` checks
//! the marker structure up to EOI, which is exactly what it does for a camera JPEG of that size;
//! no decoder ever looks at the pixels. A BMP generator gives a second format with no scan.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// A small, fast pseudo-random generator (wyrand); the benchmarks need volume, not quality.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0xa076_1d64_78bd_642f);
        let t = u128::from(self.0) * u128::from(self.0 ^ 0xe703_7ed1_a0b4_28db);
        ((t >> 64) ^ t) as u64
    }

    /// A value in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn fill(&mut self, buf: &mut [u8]) {
        let mut chunks = buf.chunks_exact_mut(8);
        for c in &mut chunks {
            c.copy_from_slice(&self.next_u64().to_le_bytes());
        }
        let rest = chunks.into_remainder();
        let last = self.next_u64().to_le_bytes();
        let n = rest.len();
        rest.copy_from_slice(&last[..n]);
    }
}

/// Pixel dimensions used for a JPEG of `len` bytes: plausible for the size, and always within
/// the default pixel limit (100 megapixels).
pub fn jpeg_dims(len: u64) -> (u16, u16) {
    match len {
        0..=200_000 => (640, 480),
        200_001..=20_000_000 => (4000, 3000),
        _ => (10_000, 10_000),
    }
}

fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
    let mut h = vec![0xFF, 0xD8];
    // APP0 JFIF
    h.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x10]);
    h.extend_from_slice(b"JFIF\0");
    h.extend_from_slice(&[1, 1, 0, 0, 1, 0, 1, 0, 0]);
    // DQT: one 8-bit table
    h.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    h.extend((1..=64u8).map(|i| i.max(1)));
    // SOF0: 8-bit, 3 components
    h.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
    h.extend_from_slice(&height.to_be_bytes());
    h.extend_from_slice(&width.to_be_bytes());
    // Every component uses quantization table 0, the one defined above.
    h.extend_from_slice(&[0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00]);
    // DHT: one DC table with a single 1-bit code
    h.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01]);
    h.extend_from_slice(&[0; 15]);
    h.push(0x00);
    // SOS: 3 components
    h.extend_from_slice(&[
        0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00,
    ]);
    h
}

/// Writes a valid JPEG of exactly `len` bytes (len ≥ 1 KiB) to `out`.
pub fn write_jpeg<W: Write>(mut out: W, len: u64, seed: u64) -> io::Result<()> {
    assert!(len >= 1024, "a generated JPEG needs at least 1 KiB");
    let (w, h) = jpeg_dims(len);
    let header = jpeg_header(w, h);
    out.write_all(&header)?;
    // Entropy data fills everything between the header and the 2-byte EOI.
    let mut left = len - header.len() as u64 - 2;
    let mut rng = Rng(seed);
    let mut raw = vec![0u8; 1 << 16];
    let mut coded = Vec::with_capacity(2 << 16);
    while left > 0 {
        rng.fill(&mut raw);
        coded.clear();
        for &b in &raw {
            if coded.len() as u64 >= left {
                break;
            }
            if b == 0xFF {
                if coded.len() as u64 + 2 > left {
                    // No room for a stuffed pair: end the segment on an ordinary byte.
                    coded.push(0x5A);
                } else {
                    coded.extend_from_slice(&[0xFF, 0x00]);
                }
            } else {
                coded.push(b);
            }
        }
        out.write_all(&coded)?;
        left -= coded.len() as u64;
    }
    out.write_all(&[0xFF, 0xD9])?;
    out.flush()
}

/// A valid JPEG of exactly `len` bytes, in memory.
pub fn jpeg(len: u64, seed: u64) -> Vec<u8> {
    let mut v = Vec::with_capacity(len as usize);
    write_jpeg(&mut v, len, seed).expect("writing to a Vec cannot fail");
    v
}

/// Writes a generated JPEG to `path`.
pub fn jpeg_file(path: &Path, len: u64, seed: u64) -> io::Result<()> {
    let f = File::create(path)?;
    write_jpeg(BufWriter::with_capacity(1 << 20, f), len, seed)
}

/// A valid 24-bit BMP of `width`×`height` with pseudo-random pixels.
pub fn bmp(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let stride = (width as usize * 3).div_ceil(4) * 4;
    let data = stride * height as usize;
    let mut v = Vec::with_capacity(54 + data);
    v.extend_from_slice(b"BM");
    v.extend_from_slice(&((54 + data) as u32).to_le_bytes());
    v.extend_from_slice(&[0; 4]);
    v.extend_from_slice(&54u32.to_le_bytes());
    v.extend_from_slice(&40u32.to_le_bytes());
    v.extend_from_slice(&(width as i32).to_le_bytes());
    v.extend_from_slice(&(height as i32).to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&24u16.to_le_bytes());
    v.extend_from_slice(&[0; 24]);
    let start = v.len();
    v.resize(start + data, 0);
    Rng(seed).fill(&mut v[start..]);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use swan_image::{Format, Limits, check_bytes};

    #[test]
    fn generated_pictures_are_accepted_with_the_exact_size() {
        for len in [1024u64, 1025, 4097, 51_200, 300_000] {
            for seed in 0..4 {
                let j = jpeg(len, seed);
                assert_eq!(j.len() as u64, len);
                let info = check_bytes(&j, &Limits::default()).unwrap();
                assert_eq!(info.format, Format::Jpeg);
                assert_eq!(info.byte_size, len);
            }
        }
        let b = bmp(33, 21, 5);
        let info = check_bytes(&b, &Limits::default()).unwrap();
        assert_eq!(
            (info.format, info.width, info.height),
            (Format::Bmp, 33, 21)
        );
    }

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(jpeg(5000, 9), jpeg(5000, 9));
        assert_ne!(jpeg(5000, 9), jpeg(5000, 10));
    }
}
