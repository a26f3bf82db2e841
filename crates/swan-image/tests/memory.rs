//! Memory stays bounded while a 20 MB PNG streams through (alone in its own test binary, so the
//! counting allocator sees nothing else).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use swan_image::{Format, Limits, check_stream};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Generates a valid PNG with one huge IDAT on the fly (an RGBA image in stored deflate blocks),
/// so the test itself holds no 20 MB buffer.
struct SyntheticPng {
    /// Bytes ready to hand out; its capacity is reserved before measuring.
    pending: Vec<u8>,
    pos: usize,
    row_len: u64,
    raw_index: u64,
    raw_left: u64,
    adler: (u32, u32),
    crc: crc32fast::Hasher,
    state: u64,
    phase: u8,
    width: u32,
    height: u32,
}

impl SyntheticPng {
    fn new(width: u32, height: u32) -> Self {
        let row_len = 1 + 4 * u64::from(width);
        SyntheticPng {
            pending: Vec::with_capacity(70_000),
            pos: 0,
            row_len,
            raw_index: 0,
            raw_left: row_len * u64::from(height),
            adler: (1, 0),
            crc: crc32fast::Hasher::new(),
            state: 1,
            phase: 0,
            width,
            height,
        }
    }

    /// The IDAT payload's length.
    fn idat_len(&self) -> u64 {
        common::zlib_stored_len(self.raw_left as usize) as u64
    }

    fn idat(&mut self, bytes: &[u8]) {
        self.crc.update(bytes);
        self.pending.extend_from_slice(bytes);
    }

    fn refill(&mut self) {
        self.pending.clear();
        self.pos = 0;
        match self.phase {
            0 => {
                let mut ihdr = self.width.to_be_bytes().to_vec();
                ihdr.extend_from_slice(&self.height.to_be_bytes());
                ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
                self.pending.extend_from_slice(b"\x89PNG\r\n\x1a\n");
                self.pending.extend(common::png_chunk(b"IHDR", &ihdr));
                let len = self.idat_len() as u32;
                self.pending.extend_from_slice(&len.to_be_bytes());
                self.idat(b"IDAT");
                self.idat(&[0x78, 0x01]);
                self.phase = 1;
            }
            1 => {
                let n = self.raw_left.min(65_535);
                self.raw_left -= n;
                let last = u8::from(self.raw_left == 0);
                let n16 = n as u16;
                let mut head = vec![last];
                head.extend_from_slice(&n16.to_le_bytes());
                head.extend_from_slice(&(!n16).to_le_bytes());
                self.idat(&head);
                let start = self.pending.len();
                for _ in 0..n {
                    let b = if self.raw_index.is_multiple_of(self.row_len) {
                        0
                    } else {
                        self.state = self.state.wrapping_mul(6364136223846793005).wrapping_add(1);
                        (self.state >> 56) as u8
                    };
                    self.raw_index += 1;
                    self.adler.0 = (self.adler.0 + u32::from(b)) % 65_521;
                    self.adler.1 = (self.adler.1 + self.adler.0) % 65_521;
                    self.pending.push(b);
                }
                self.crc.update(&self.pending[start..]);
                if self.raw_left == 0 {
                    let adler = (self.adler.1 << 16) | self.adler.0;
                    self.idat(&adler.to_be_bytes());
                    let crc = self.crc.clone().finalize();
                    self.pending.extend_from_slice(&crc.to_be_bytes());
                    self.pending.extend(common::png_chunk(b"IEND", &[]));
                    self.phase = 2;
                }
            }
            _ => {}
        }
    }
}

impl Read for SyntheticPng {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.pending.len() {
            self.refill();
        }
        let n = (self.pending.len() - self.pos).min(buf.len());
        buf[..n].copy_from_slice(&self.pending[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

struct CountingSink(u64);

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn twenty_megabyte_png_streams_in_bounded_memory() {
    // 1300 rows of 4000 RGBA pixels: about 20 MB of image data.
    let mut src = SyntheticPng::new(4000, 1300);
    // 8 + IHDR (25) + IDAT header (8) + data + CRC (4) + IEND (12).
    let expected = 8 + 25 + 8 + src.idat_len() + 4 + 12;
    let mut sink = CountingSink(0);
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let info = check_stream(&mut src, &mut sink, &Limits::default()).unwrap();
    let peak = PEAK.load(Ordering::SeqCst) - base;
    assert_eq!(
        (info.format, info.width, info.height),
        (Format::Png, 4000, 1300)
    );
    assert_eq!(info.byte_size, expected);
    assert_eq!(sink.0, expected);
    // The read buffer (512 KiB), the inflate state and its output piece, and change.
    assert!(peak < 640 * 1024, "peak extra memory {peak} bytes");
}
