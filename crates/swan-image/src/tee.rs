//! The pull side of validation: a buffered reader that copies every byte it reads into the sink.
//!
//! Validators only ever see bytes that have already reached the sink, so the stored file is exactly
//! the source whatever the verdict, and nothing is held beyond one buffer. Errors are returned as
//! [`ImageError`] directly rather than through `io::Read`, so a failing source, a failing sink and
//! the size limit can never be confused with one another.

use crate::{Format, ImageError};
use std::cell::Cell;
use std::io::{ErrorKind, Read, Write};

/// Bigger reads and writes make a big save markedly cheaper: measured on 50 × 4 MiB against
/// copy+fsync (`scripts/save-ab.sh`), 64 KiB gave 1.12×, 256 KiB 1.08×, 512 KiB 1.06×, 1 MiB
/// 1.09×. A fresh buffer this size per stream made small saves slower (200 × 50 KiB: 1.21× →
/// 1.25×), so each thread keeps one between streams ([`SPARE`]).
const BUF_SIZE: usize = 512 * 1024;

thread_local! {
    /// The read buffer of the last stream that ended on this thread, for the next one. What it
    /// still holds is never shown: a stream only ever sees bytes it read itself.
    static SPARE: Cell<Option<Box<[u8]>>> = const { Cell::new(None) };
}

pub(crate) struct Input<'a> {
    src: &'a mut dyn Read,
    sink: &'a mut dyn Write,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// Bytes taken from the source (and written to the sink) so far.
    total: u64,
    max: u64,
    eof: bool,
    format: Format,
}

impl<'a> Input<'a> {
    pub(crate) fn new(src: &'a mut dyn Read, sink: &'a mut dyn Write, max: u64) -> Self {
        Input {
            src,
            sink,
            buf: SPARE
                .take()
                .unwrap_or_else(|| vec![0; BUF_SIZE].into_boxed_slice()),
            pos: 0,
            end: 0,
            total: 0,
            max,
            eof: false,
            // Replaced once sniffed; only used to label truncation errors.
            format: Format::Jpeg,
        }
    }

    pub(crate) fn set_format(&mut self, format: Format) {
        self.format = format;
    }

    /// Offset, from the start of the source, of the next byte a validator will see.
    pub(crate) fn pos(&self) -> u64 {
        self.total - (self.end - self.pos) as u64
    }

    /// Bytes read so far; after [`Input::drain`] the size of the whole source.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    pub(crate) fn truncated(&self) -> ImageError {
        ImageError::Truncated(self.format)
    }

    pub(crate) fn corrupt(&self, why: impl Into<String>) -> ImageError {
        ImageError::Corrupt(self.format, why.into())
    }

    /// Reads once more from the source; `Ok(0)` at its end.
    fn read_more(&mut self) -> Result<usize, ImageError> {
        if self.eof {
            return Ok(0);
        }
        if self.pos == self.end {
            self.pos = 0;
            self.end = 0;
        } else if self.end == self.buf.len() {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        // Ask for at most one byte past the limit: enough to notice it, no more.
        let allowed = self.max.saturating_sub(self.total).saturating_add(1);
        let room = (self.buf.len() - self.end).min(usize::try_from(allowed).unwrap_or(usize::MAX));
        let n = loop {
            match self.src.read(&mut self.buf[self.end..self.end + room]) {
                Ok(n) => break n.min(room),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(ImageError::Read(e)),
            }
        };
        if n == 0 {
            self.eof = true;
            return Ok(0);
        }
        if self.total + n as u64 > self.max {
            return Err(ImageError::TooLarge { limit: self.max });
        }
        self.sink
            .write_all(&self.buf[self.end..self.end + n])
            .map_err(ImageError::Write)?;
        self.total += n as u64;
        self.end += n;
        Ok(n)
    }

    /// Tries to have `n` bytes (at most the buffer size) buffered; false if the source ends first.
    pub(crate) fn ensure(&mut self, n: usize) -> Result<bool, ImageError> {
        let n = n.min(self.buf.len());
        while self.end - self.pos < n {
            if self.read_more()? == 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The most bytes that can be buffered at once.
    pub(crate) fn capacity(&self) -> usize {
        self.buf.len()
    }

    /// The source has ended: what is buffered is all that is left.
    pub(crate) fn source_ended(&self) -> bool {
        self.eof
    }

    pub(crate) fn buffered(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// Buffered bytes, reading more first if none are left; empty only at the end of the source.
    pub(crate) fn fill(&mut self) -> Result<&[u8], ImageError> {
        if self.pos == self.end {
            self.read_more()?;
        }
        Ok(self.buffered())
    }

    pub(crate) fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.end);
    }

    pub(crate) fn at_end(&mut self) -> Result<bool, ImageError> {
        Ok(self.fill()?.is_empty())
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], ImageError> {
        if !self.ensure(N)? {
            return Err(self.truncated());
        }
        let mut out = [0; N];
        out.copy_from_slice(&self.buf[self.pos..self.pos + N]);
        self.pos += N;
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, ImageError> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn peek_u8(&mut self) -> Result<u8, ImageError> {
        match self.fill()?.first() {
            Some(&b) => Ok(b),
            None => Err(self.truncated()),
        }
    }

    pub(crate) fn be16(&mut self) -> Result<u16, ImageError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub(crate) fn le16(&mut self) -> Result<u16, ImageError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    pub(crate) fn be32(&mut self) -> Result<u32, ImageError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    pub(crate) fn le32(&mut self) -> Result<u32, ImageError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// Passes the next `n` bytes to `visit` slice by slice (CRC, capture) without copying them.
    pub(crate) fn skip_with(
        &mut self,
        mut n: u64,
        mut visit: impl FnMut(&[u8]),
    ) -> Result<(), ImageError> {
        while n > 0 {
            let avail = self.fill()?;
            if avail.is_empty() {
                return Err(self.truncated());
            }
            let take = avail.len().min(usize::try_from(n).unwrap_or(usize::MAX));
            visit(&avail[..take]);
            self.pos += take;
            n -= take as u64;
        }
        Ok(())
    }

    pub(crate) fn skip(&mut self, n: u64) -> Result<(), ImageError> {
        self.skip_with(n, |_| {})
    }

    /// Reads `n` bytes into memory. Callers bound `n`; the vector still grows only as data really
    /// arrives, so a lying length in a short file costs nothing.
    pub(crate) fn read_vec(&mut self, n: u64) -> Result<Vec<u8>, ImageError> {
        let mut v = Vec::new();
        self.skip_with(n, |s| v.extend_from_slice(s))?;
        Ok(v)
    }

    /// Streams whatever follows the structure (trailing data is kept, not judged).
    pub(crate) fn drain(&mut self) -> Result<(), ImageError> {
        self.pos = self.end;
        while self.read_more()? > 0 {
            self.pos = self.end;
        }
        Ok(())
    }

    pub(crate) fn flush(&mut self) -> Result<(), ImageError> {
        self.sink.flush().map_err(ImageError::Write)
    }
}

impl Drop for Input<'_> {
    fn drop(&mut self) {
        SPARE.set(Some(std::mem::take(&mut self.buf)));
    }
}
