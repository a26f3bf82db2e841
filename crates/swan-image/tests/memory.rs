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

/// Generates a valid PNG with one huge IDAT on the fly, so the test itself holds no 20 MB buffer.
struct SyntheticPng {
    head: Vec<u8>,
    idat_left: u64,
    crc: crc32fast::Hasher,
    tail: Vec<u8>,
    state: u64,
}

impl SyntheticPng {
    fn new(idat_len: u32) -> Self {
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&4000u32.to_be_bytes());
        ihdr.extend_from_slice(&3000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        let mut head = b"\x89PNG\r\n\x1a\n".to_vec();
        head.extend(common::png_chunk(b"IHDR", &ihdr));
        head.extend_from_slice(&idat_len.to_be_bytes());
        head.extend_from_slice(b"IDAT");
        let mut crc = crc32fast::Hasher::new();
        crc.update(b"IDAT");
        SyntheticPng {
            head,
            idat_left: u64::from(idat_len),
            crc,
            tail: Vec::new(),
            state: 1,
        }
    }
}

impl Read for SyntheticPng {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.head.is_empty() {
            let n = self.head.len().min(buf.len());
            buf[..n].copy_from_slice(&self.head[..n]);
            self.head.drain(..n);
            return Ok(n);
        }
        if self.idat_left > 0 {
            let n = (self.idat_left.min(buf.len() as u64)) as usize;
            for b in &mut buf[..n] {
                self.state = self.state.wrapping_mul(6364136223846793005).wrapping_add(1);
                *b = (self.state >> 56) as u8;
            }
            self.crc.update(&buf[..n]);
            self.idat_left -= n as u64;
            if self.idat_left == 0 {
                self.tail
                    .extend_from_slice(&self.crc.clone().finalize().to_be_bytes());
                self.tail.extend(common::png_chunk(b"IEND", &[]));
            }
            return Ok(n);
        }
        let n = self.tail.len().min(buf.len());
        buf[..n].copy_from_slice(&self.tail[..n]);
        self.tail.drain(..n);
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
    let idat_len = 20 << 20;
    let mut src = SyntheticPng::new(idat_len);
    // 8 + IHDR (25) + IDAT header (8) + data + CRC (4) + IEND (12).
    let expected = 8 + 25 + 8 + u64::from(idat_len) + 4 + 12;
    let mut sink = CountingSink(0);
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let info = check_stream(&mut src, &mut sink, &Limits::default()).unwrap();
    let peak = PEAK.load(Ordering::SeqCst) - base;
    assert_eq!(
        (info.format, info.width, info.height),
        (Format::Png, 4000, 3000)
    );
    assert_eq!(info.byte_size, expected);
    assert_eq!(sink.0, expected);
    // The read buffer (512 KiB) and change.
    assert!(peak < 640 * 1024, "peak extra memory {peak} bytes");
}
