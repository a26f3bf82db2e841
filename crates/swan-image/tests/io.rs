//! Source and sink failures, the byte limit, and large synthetic payloads.

mod common;

use common::{FailingReader, FullDisk, IMAGES, fixture};
use std::io::{self, Read, Write};
use swan_image::{Format, ImageError, Limits, check_stream};

#[test]
fn byte_limit_is_exact() {
    for (name, ..) in IMAGES {
        let bytes = fixture(name);
        let len = bytes.len() as u64;
        let at_limit = Limits {
            max_bytes: len,
            ..Limits::default()
        };
        assert!(
            check_stream(&bytes[..], io::sink(), &at_limit).is_ok(),
            "{name}"
        );
        let below = Limits {
            max_bytes: len - 1,
            ..Limits::default()
        };
        let err = check_stream(&bytes[..], io::sink(), &below).unwrap_err();
        assert!(
            matches!(err, ImageError::TooLarge { limit } if limit == len - 1),
            "{name}: {err:?}"
        );
    }
}

/// A JPEG whose scan never ends: the limit must stop reading, not memory or patience.
struct EndlessJpeg {
    head: Vec<u8>,
    served: u64,
}

impl Read for EndlessJpeg {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = if self.head.is_empty() {
            buf.fill(0x55);
            buf.len()
        } else {
            let n = self.head.len().min(buf.len());
            buf[..n].copy_from_slice(&self.head[..n]);
            self.head.drain(..n);
            n
        };
        self.served += n as u64;
        Ok(n)
    }
}

/// The fixture JPEG up to and including its SOS header.
fn jpeg_until_scan() -> Vec<u8> {
    let jpeg = fixture("jpeg-exif.jpg");
    let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let len = u16::from_be_bytes([jpeg[sos + 2], jpeg[sos + 3]]) as usize;
    jpeg[..sos + 2 + len].to_vec()
}

#[test]
fn endless_source_stops_at_the_limit() {
    let mut src = EndlessJpeg {
        head: jpeg_until_scan(),
        served: 0,
    };
    let limits = Limits {
        max_bytes: 3 << 20,
        ..Limits::default()
    };
    let err = check_stream(&mut src, io::sink(), &limits).unwrap_err();
    assert!(
        matches!(err, ImageError::TooLarge { limit } if limit == 3 << 20),
        "{err:?}"
    );
    assert!(src.served <= (3 << 20) + 1, "read {} bytes", src.served);
}

#[test]
fn failing_sink_is_a_write_error() {
    for (name, ..) in IMAGES {
        let bytes = fixture(name);
        for room in [0, 10, bytes.len() / 2] {
            let mut sink = FullDisk {
                room,
                got: Vec::new(),
            };
            let err = check_stream(&bytes[..], &mut sink, &Limits::default()).unwrap_err();
            assert!(matches!(&err, ImageError::Write(e) if e.kind() == io::ErrorKind::StorageFull));
            assert_eq!(
                sink.got,
                bytes[..room],
                "{name}: what was written is a prefix"
            );
        }
    }
}

#[test]
fn failing_flush_is_a_write_error() {
    struct NoFlush;
    impl Write for NoFlush {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::other("flush failed"))
        }
    }
    let bytes = fixture("png-alpha.png");
    let err = check_stream(&bytes[..], NoFlush, &Limits::default()).unwrap_err();
    assert!(matches!(err, ImageError::Write(_)), "{err:?}");
}

#[test]
fn failing_source_is_a_read_error() {
    for (name, ..) in IMAGES {
        let bytes = fixture(name);
        for ok in [0, 5, bytes.len() / 2, bytes.len() - 1] {
            let src = FailingReader { data: &bytes, ok };
            let err = check_stream(src, io::sink(), &Limits::default()).unwrap_err();
            assert!(
                matches!(err, ImageError::Read(_)),
                "{name} ok={ok}: {err:?}"
            );
            assert!(std::error::Error::source(&err).is_some());
        }
    }
}

/// The fixture JPEG's header declaring 8000×8000 pixels, then `len` bytes of entropy data
/// with stuffed 0xFF bytes and restart markers, then EOI. The data is far too short for so many
/// MCUs, so a copy cut anywhere inside it is a cut picture.
fn big_jpeg(len: usize) -> Vec<u8> {
    let mut bytes = jpeg_until_scan();
    let sof = bytes
        .windows(2)
        .position(|w| matches!(w, [0xFF, 0xC0..=0xC2]))
        .unwrap();
    bytes[sof + 5..sof + 9].copy_from_slice(&[0x1F, 0x40, 0x1F, 0x40]);
    let head = bytes.len();
    let mut rng = common::XorShift(7);
    let mut rst = 0u8;
    while bytes.len() < head + len {
        let b = rng.next() as u8;
        bytes.push(b);
        if b == 0xFF {
            bytes.push(0x00);
        } else if b == 0x42 && rng.below(64) == 0 {
            bytes.extend_from_slice(&[0xFF, 0xD0 + rst]);
            rst = (rst + 1) % 8;
        }
    }
    bytes.extend_from_slice(&[0xFF, 0xFF, 0xD9]);
    bytes
}

#[test]
fn big_jpeg_scan_streams_through() {
    let bytes = big_jpeg(8 << 20);
    let mut sink = Vec::with_capacity(bytes.len());
    let info = check_stream(&bytes[..], &mut sink, &Limits::default()).unwrap();
    assert_eq!(
        (info.format, info.width, info.height),
        (Format::Jpeg, 8000, 8000)
    );
    assert_eq!(info.byte_size, bytes.len() as u64);
    assert!(sink == bytes);
    // Without the EOI it is a cut file.
    let err = check_stream(&bytes[..bytes.len() - 2], io::sink(), &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ImageError::Truncated(Format::Jpeg)),
        "{err:?}"
    );
}

/// A PNG whose IDAT chunks have the given sizes: an 8-bit grayscale image 1000 pixels wide, as
/// many rows as fit in a stored zlib stream, then junk after the stream's end (which libpng and
/// the check only warn about) to fill the chunks.
fn png_with_idats(sizes: &[usize]) -> Vec<u8> {
    let total: usize = sizes.iter().sum();
    let mut rows = 1;
    while common::zlib_stored_len((rows + 1) * 1001) <= total {
        rows += 1;
    }
    let mut rng = common::XorShift(11);
    let mut raw = Vec::new();
    for _ in 0..rows {
        raw.push(0);
        raw.extend((0..1000).map(|_| rng.next() as u8));
    }
    let mut stream = common::zlib_stored(&raw);
    stream.resize(total, 0x5A);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&common::png_ihdr_gray8(1000, rows as u32));
    let mut at = 0;
    for &n in sizes {
        bytes.extend_from_slice(&common::png_chunk(b"IDAT", &stream[at..at + n]));
        at += n;
    }
    bytes.extend_from_slice(&common::png_chunk(b"IEND", &[]));
    bytes
}

/// Streams longer than the reader's buffer (512 KiB): whatever the read sizes, every byte
/// reaches the sink once and in order, the validators see the same bytes (the PNG CRCs and the
/// JPEG markers past the first buffer are still checked), and a fault past it is still found.
#[test]
fn streams_longer_than_the_read_buffer_are_checked_and_copied_exactly() {
    let jpeg = big_jpeg(1_300_000);
    // First IDATs of sizes that put the next chunk's CRC and header across the end of the
    // buffer, at every alignment, so that refills happen with bytes kept.
    let mut cases: Vec<(Vec<u8>, Format)> = (524_220..524_260)
        .map(|first| (png_with_idats(&[first, 70_000, 300_000, 5]), Format::Png))
        .collect();
    cases.push((
        png_with_idats(&[60_000, 8_000, 70_000, 600_001, 5]),
        Format::Png,
    ));
    cases.push((jpeg.clone(), Format::Jpeg));
    for (bytes, format) in &cases {
        for step in [1_000, 65_535, 65_537, 200_001, usize::MAX] {
            let src = common::Dribble {
                data: bytes,
                step,
                interrupt: false,
            };
            let mut sink = Vec::new();
            let info = check_stream(src, &mut sink, &Limits::default())
                .unwrap_or_else(|e| panic!("{format:?} step {step}: {e:?}"));
            assert_eq!(info.format, *format);
            assert_eq!(info.byte_size, bytes.len() as u64);
            assert!(sink == *bytes, "{format:?} step {step}: sink differs");
        }
    }
    // One flipped bit in the last big IDAT (well past the first buffer): a CRC mismatch.
    let mut bad = cases[cases.len() - 2].0.clone();
    let at = bad.len() - 12 - 4 - 100;
    bad[at] ^= 0x10;
    let err = check_stream(&bad[..], io::sink(), &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ImageError::Corrupt(Format::Png, _)),
        "{err:?}"
    );
    // Cut in the middle, past the first buffer.
    let err = check_stream(&jpeg[..jpeg.len() / 2], io::sink(), &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ImageError::Truncated(Format::Jpeg)),
        "{err:?}"
    );
}

/// The read buffer is kept between streams on a thread: a stream never sees what the one
/// before it left there. A cut picture checked right after the whole one is still cut.
#[test]
fn a_stream_never_sees_the_bytes_an_earlier_one_left_in_the_buffer() {
    let png = png_with_idats(&[100_000, 5]);
    let jpeg = big_jpeg(200_000);
    for bytes in [&png, &jpeg] {
        for cut in [bytes.len() - 1, bytes.len() / 2, 40, 8] {
            check_stream(&bytes[..], io::sink(), &Limits::default()).unwrap();
            let err = check_stream(&bytes[..cut], io::sink(), &Limits::default()).unwrap_err();
            assert!(
                matches!(err, ImageError::Truncated(_)),
                "cut at {cut}: {err:?}"
            );
        }
    }
}
