//! Shared helpers for the integration tests: fixture loading and hand-made readers/writers.
#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::path::PathBuf;
use swan_image::Format;

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// Every image fixture with its expected format, size and animation flag (fixtures/README.md).
pub const IMAGES: [(&str, Format, u32, u32, bool); 9] = [
    ("jpeg-exif.jpg", Format::Jpeg, 120, 80, false),
    ("png-alpha.png", Format::Png, 64, 48, false),
    ("animated.gif", Format::Gif, 40, 30, true),
    ("animated.webp", Format::Webp, 40, 30, true),
    ("still.webp", Format::Webp, 100, 75, false),
    ("lossless.webp", Format::Webp, 50, 40, false),
    ("image.bmp", Format::Bmp, 33, 21, false),
    ("image.heic", Format::Heic, 33, 21, false),
    ("image.avif", Format::Avif, 45, 31, false),
];

/// Deterministic xorshift64 so "random" tests are reproducible without a crate.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Hands out at most `step` bytes per read, interleaved with `Interrupted`, to exercise refills.
pub struct Dribble<'a> {
    pub data: &'a [u8],
    pub step: usize,
    pub interrupt: bool,
}

impl Read for Dribble<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Yields `ok` bytes of `data`, then fails.
pub struct FailingReader<'a> {
    pub data: &'a [u8],
    pub ok: usize,
}

impl Read for FailingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.ok == 0 {
            return Err(io::Error::other("source broke"));
        }
        let n = self.ok.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        self.ok -= n;
        Ok(n)
    }
}

/// Accepts `room` bytes, then fails like a full disk.
pub struct FullDisk {
    pub room: usize,
    pub got: Vec<u8>,
}

impl Write for FullDisk {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.room == 0 {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        }
        let n = self.room.min(buf.len());
        self.got.extend_from_slice(&buf[..n]);
        self.room -= n;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Builds a PNG chunk with a correct CRC.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut h = crc32fast::Hasher::new();
    h.update(kind);
    h.update(data);
    out.extend_from_slice(&h.finalize().to_be_bytes());
    out
}

/// A zlib stream of stored (uncompressed) deflate blocks: a valid stream of known length
/// without a compressor.
pub fn zlib_stored(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut blocks = raw.chunks(65_535).peekable();
    if raw.is_empty() {
        out.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
    }
    while let Some(b) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none()));
        let n = b.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(!n).to_le_bytes());
        out.extend_from_slice(b);
    }
    let (mut a, mut s) = (1u32, 0u32);
    for &x in raw {
        a = (a + u32::from(x)) % 65_521;
        s = (s + a) % 65_521;
    }
    out.extend_from_slice(&((s << 16) | a).to_be_bytes());
    out
}

/// Length of [`zlib_stored`] for `n` raw bytes.
pub fn zlib_stored_len(n: usize) -> usize {
    6 + n + 5 * n.div_ceil(65_535).max(1)
}

/// An IHDR chunk for an 8-bit grayscale, non-interlaced image.
pub fn png_ihdr_gray8(width: u32, height: u32) -> Vec<u8> {
    let mut d = width.to_be_bytes().to_vec();
    d.extend_from_slice(&height.to_be_bytes());
    d.extend_from_slice(&[8, 0, 0, 0, 0]);
    png_chunk(b"IHDR", &d)
}

/// A progressive JPEG without EOI whose every coefficient comes in full: a DC first scan over
/// all `comps` components (1x1 sampling; one code, "0", for a zero difference) and one AC
/// first scan 1-63 per component made of EOB runs of 32,767 blocks. It is the cheapest file
/// that makes the check keep a non-zero bit word for every block of every component.
/// djpeg 2.1.5 shows it (uniform gray) with only "Premature end of JPEG file".
pub fn progressive_no_eoi(width: u16, height: u16, comps: u8) -> Vec<u8> {
    progressive_no_eoi_scans(width, height, comps, 1)
}

/// [`progressive_no_eoi`] with `ac_scans` AC first scans per component (the same band again
/// and again; djpeg 2.1.5 still shows it with only "Premature end of JPEG file").
pub fn progressive_no_eoi_scans(width: u16, height: u16, comps: u8, ac_scans: usize) -> Vec<u8> {
    fn seg(out: &mut Vec<u8>, marker: u8, body: &[u8]) {
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&(body.len() as u16 + 2).to_be_bytes());
        out.extend_from_slice(body);
    }
    let mut j = vec![0xFF, 0xD8];
    let mut dqt = vec![0u8];
    dqt.extend_from_slice(&[1; 64]);
    seg(&mut j, 0xDB, &dqt);
    let mut sof = vec![8];
    sof.extend_from_slice(&height.to_be_bytes());
    sof.extend_from_slice(&width.to_be_bytes());
    sof.push(comps);
    for c in 1..=comps {
        sof.extend_from_slice(&[c, 0x11, 0]);
    }
    seg(&mut j, 0xC2, &sof);
    let one_code = |class: u8, symbol: u8| {
        let mut d = vec![class, 1];
        d.extend_from_slice(&[0; 15]);
        d.push(symbol);
        d
    };
    seg(&mut j, 0xC4, &one_code(0x00, 0x00)); // DC 0: "0" is a zero difference
    seg(&mut j, 0xC4, &one_code(0x10, 0xE0)); // AC 0: "0" is EOB14
    let mut sos = vec![comps];
    for c in 1..=comps {
        sos.extend_from_slice(&[c, 0x00]);
    }
    sos.extend_from_slice(&[0, 0, 0]);
    seg(&mut j, 0xDA, &sos);
    let blocks = u64::from(width.div_ceil(8)) * u64::from(height.div_ceil(8));
    j.resize(
        j.len() + (blocks * u64::from(comps)).div_ceil(8) as usize,
        0,
    );
    for c in (1..=comps).flat_map(|c| std::iter::repeat_n(c, ac_scans)) {
        seg(&mut j, 0xDA, &[1, c, 0x00, 1, 63, 0]);
        // "0" then 14 one bits: a run of 2^14 + 16383 = 32,767 blocks; one bits pad the end.
        let runs = blocks.div_ceil(32767) as usize;
        let mut bits: Vec<bool> = (0..runs)
            .flat_map(|_| std::iter::once(false).chain([true; 14]))
            .collect();
        bits.resize(bits.len().div_ceil(8) * 8, true);
        for byte in bits.chunks(8) {
            let b = byte.iter().fold(0u8, |acc, &bit| acc << 1 | u8::from(bit));
            j.push(b);
            if b == 0xFF {
                j.push(0);
            }
        }
    }
    j
}
