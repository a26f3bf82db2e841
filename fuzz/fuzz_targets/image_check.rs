//! `swan_image::check_bytes` / `check_stream` on arbitrary bytes.
//!
//! Properties checked on every input (beyond "never panics, never hangs, bounded memory"):
//! - `check_stream_with_tail` (given the input's last 64 KiB, as the album does) with a `Vec`
//!   sink gives the same verdict as `check_bytes`; when it accepts,
//!   the sink holds exactly the input bytes and `byte_size` is the input length; when it refuses,
//!   the sink holds a prefix of the input.
//! - the verdict does not depend on how the source delivers its bytes (short reads of 1..13 bytes);
//! - `check_stream`, which cannot look at the end first, never walks a JPEG's scans: it accepts
//!   only what `check_bytes` accepts, and differs only on a JPEG without EOI;
//! - an accepted image has non-zero dimensions within the pixel limit and an EXIF orientation in
//!   1..=8 if any;
//! - a tiny-limit variant (512 bytes, 2000 pixels) never accepts what the default limits refuse,
//!   never accepts more than its limits, accepts with the same info, and refuses what the default
//!   limits accept only with a limit error (TooLarge / TooManyPixels).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Read;
use swan_image::{
    ImageError, ImageInfo, Limits, check_bytes, check_stream, check_stream_with_tail,
};

const TINY: Limits = Limits {
    max_bytes: 512,
    max_pixels: 2000,
};

/// A source that hands out its bytes in short, varying reads.
struct Chunked<'a> {
    data: &'a [u8],
    calls: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.calls += 1;
        let want = 1 + (self.calls * 7 + self.data.len()) % 13;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn verdict(r: &Result<ImageInfo, ImageError>) -> String {
    match r {
        Ok(info) => format!("ok {info:?}"),
        Err(e) => format!("err {e}"),
    }
}

fn check_accepted(info: &ImageInfo, data: &[u8], limits: &Limits) {
    assert_eq!(info.byte_size, data.len() as u64);
    assert!(info.byte_size <= limits.max_bytes);
    assert!(
        info.width > 0 && info.height > 0,
        "zero dimension: {info:?}"
    );
    assert!(u64::from(info.width) * u64::from(info.height) <= limits.max_pixels);
    if let Some(o) = info.orientation {
        assert!((1..=8).contains(&o), "orientation {o}");
    }
}

fuzz_target!(|data: &[u8]| {
    let default = Limits::default();
    let whole = check_bytes(data, &default);

    let tail = &data[data.len().saturating_sub(64 << 10)..];
    let mut sink = Vec::new();
    let streamed = check_stream_with_tail(data, &mut sink, &default, tail);
    assert_eq!(verdict(&whole), verdict(&streamed));
    match &streamed {
        Ok(info) => {
            assert_eq!(sink.as_slice(), data, "sink must get exactly the input");
            check_accepted(info, data, &default);
        }
        Err(_) => assert!(data.starts_with(&sink), "sink must hold a prefix"),
    }

    let mut sink = Vec::new();
    let chunked = check_stream_with_tail(Chunked { data, calls: 0 }, &mut sink, &default, tail);
    assert_eq!(verdict(&whole), verdict(&chunked), "depends on read sizes");
    if chunked.is_ok() {
        assert_eq!(sink.as_slice(), data);
    }

    // Without the tail a JPEG missing its EOI is refused as cut; nothing else changes.
    match (&whole, check_stream(data, std::io::sink(), &default)) {
        (Ok(a), Ok(b)) => assert_eq!(a, &b),
        (Err(_), Ok(b)) => panic!("check_stream accepted what check_bytes refused: {b:?}"),
        (Ok(a), Err(e)) => assert!(
            a.format == swan_image::Format::Jpeg && !tail.windows(2).any(|w| w == [0xFF, 0xD9]),
            "check_stream refused ({e}) what check_bytes accepted: {a:?}"
        ),
        (Err(_), Err(_)) => {}
    }

    let tiny = check_bytes(data, &TINY);
    match (&whole, &tiny) {
        (Err(_), Ok(info)) => panic!("tiny limits accepted what default refused: {info:?}"),
        (Ok(big), Ok(small)) => {
            assert_eq!(big, small);
            check_accepted(small, data, &TINY);
        }
        (Ok(big), Err(e)) => {
            // Only a limit may refuse what the default limits accept. (The pixel limit also
            // applies to inner canvases such as a GIF frame larger than its logical screen, so
            // a picture whose reported size fits can still be refused for TooManyPixels.)
            assert!(
                matches!(
                    e,
                    ImageError::TooLarge { .. } | ImageError::TooManyPixels { .. }
                ),
                "{big:?} accepted by default limits, refused by tiny ones for: {e}"
            );
        }
        (Err(_), Err(_)) => {}
    }
});
