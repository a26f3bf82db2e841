//! PNG image data: the zlib stream spread over the IDAT chunks, inflated as it streams past
//! and counted, never kept.
//!
//! A chunk CRC only proves the bytes were copied faithfully, not that an encoder wrote a
//! decodable stream. libpng stops on a broken stream, a bad adaptive filter byte or too little
//! data for the declared rows, so those are refused here; extra data after the last row is only
//! a warning there, so it is accepted.

use miniz_oxide::inflate::stream::{InflateState, inflate};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

/// Inflated bytes are looked at in pieces of this size (only the filter bytes matter).
const OUT: usize = 32 * 1024;

/// Adam7 passes: (x0, y0, dx, dy).
const ADAM7: [(u32, u32, u32, u32); 7] = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
];

pub(crate) struct ImageData {
    state: Box<InflateState>,
    out: Box<[u8]>,
    /// Row lengths (filter byte included) and row counts of the passes still to come, last first.
    passes: Vec<(u64, u64)>,
    /// Bytes still due in the current row (0: the next byte is a filter byte).
    row_left: u64,
    ended: bool,
    error: Option<&'static str>,
}

impl ImageData {
    /// `bits` is bits per pixel (channels × bit depth).
    pub(crate) fn new(width: u32, height: u32, bits: u32, interlaced: bool) -> ImageData {
        let row = |w: u32| 1 + (u64::from(w) * u64::from(bits)).div_ceil(8);
        let mut passes = Vec::new();
        if interlaced {
            for (x0, y0, dx, dy) in ADAM7 {
                let w = if width > x0 {
                    (width - x0).div_ceil(dx)
                } else {
                    0
                };
                let h = if height > y0 {
                    (height - y0).div_ceil(dy)
                } else {
                    0
                };
                if w > 0 && h > 0 {
                    passes.push((row(w), u64::from(h)));
                }
            }
        } else {
            passes.push((row(width), u64::from(height)));
        }
        passes.reverse();
        ImageData {
            state: InflateState::new_boxed(DataFormat::Zlib),
            out: vec![0; OUT].into_boxed_slice(),
            passes,
            row_left: 0,
            ended: false,
            error: None,
        }
    }

    /// Feeds a piece of IDAT payload.
    pub(crate) fn feed(&mut self, mut data: &[u8]) {
        while !data.is_empty() && !self.ended && self.error.is_none() {
            let r = inflate(&mut self.state, data, &mut self.out, MZFlush::None);
            data = &data[r.bytes_consumed..];
            self.rows(r.bytes_written);
            match r.status {
                Ok(MZStatus::StreamEnd) => self.ended = true,
                Ok(_) => {}
                // No progress possible without more input.
                Err(MZError::Buf) => {}
                Err(_) => self.error = Some("broken compressed image data"),
            }
            if r.bytes_consumed == 0 && r.bytes_written == 0 {
                break;
            }
        }
    }

    /// Walks `n` freshly inflated bytes row by row, checking each filter byte.
    fn rows(&mut self, n: usize) {
        let mut i = 0;
        while i < n {
            if self.row_left == 0 {
                let Some(&mut (len, ref mut left)) = self.passes.last_mut() else {
                    // More data than rows: libpng only warns.
                    return;
                };
                if self.out[i] > 4 {
                    self.error = Some("bad filter type in image data");
                    return;
                }
                *left -= 1;
                if *left == 0 {
                    self.passes.pop();
                }
                self.row_left = len - 1;
                i += 1;
            } else {
                let take = self.row_left.min((n - i) as u64);
                self.row_left -= take;
                i += take as usize;
            }
        }
    }

    /// The verdict once IEND is reached.
    pub(crate) fn finish(&self) -> Result<(), &'static str> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if !self.passes.is_empty() || self.row_left > 0 {
            return Err("not enough image data");
        }
        // libpng reads on to the end of the stream after the last row and stops with "Not
        // enough image data" if the IDAT chunks end first.
        if !self.ended {
            return Err("compressed image data does not end");
        }
        Ok(())
    }
}
