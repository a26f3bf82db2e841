//! The one save pipeline: the bytes are copied into the temp file one step at a time (by the
//! kernel when they come from a file: `std::io::copy` between files is `copy_file_range`), each
//! full step is handed to the disk at once (write-behind), and a second thread reads the temp
//! file back just behind the copy, from the page cache, validating and hashing it. What is
//! checked and hashed is therefore what the temp file really holds, whatever happens to the
//! source meanwhile. Measurements behind each choice: docs/benchmarks.md, "Design notes".

use crate::AlbumError;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::Thread;
use swan_image::{ImageInfo, Limits};

/// Where a save's bytes come from.
pub(crate) trait Source {
    /// Appends up to `want` bytes to `dest`; fewer means the source has ended.
    fn copy_to(&mut self, dest: &File, want: u64) -> io::Result<u64>;
    /// Up to the last [`TAIL`] bytes still to come, read before the copy: the check walks a
    /// JPEG's scans only when they hold no EOI (see `swan_image::check_stream_with_tail`). Should
    /// the source change meanwhile, the worst outcome is a walk that was not needed.
    fn tail(&self) -> io::Result<Vec<u8>>;
}

/// How much of a source's end is looked at for a JPEG's EOI.
const TAIL: u64 = 64 << 10;

/// A file, read from its current position: the kernel copies it.
impl Source for &File {
    fn copy_to(&mut self, dest: &File, want: u64) -> io::Result<u64> {
        let (mut from, mut to) = (*self, dest);
        io::copy(&mut Read::by_ref(&mut from).take(want), &mut to)
    }

    fn tail(&self) -> io::Result<Vec<u8>> {
        use std::io::Seek;
        if !self.metadata()?.is_file() {
            return Ok(Vec::new()); // a pipe has no end to read first: the check walks
        }
        let pos = (&**self).stream_position()?;
        let end = self.metadata()?.len().max(pos);
        let start = end.saturating_sub(TAIL).max(pos);
        let mut tail = vec![0; (end - start) as usize];
        let n = read_fully_at(self, &mut tail, start)?;
        tail.truncate(n);
        Ok(tail)
    }
}

/// `read_at` until `buf` is full or the file ends; returns the bytes read.
fn read_fully_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read_at(&mut buf[n..], offset + n as u64) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Bytes in memory (a picture drawn by the page, say).
impl Source for &[u8] {
    fn copy_to(&mut self, dest: &File, want: u64) -> io::Result<u64> {
        let n = (want as usize).min(self.len());
        let (step, rest) = self.split_at(n);
        (&mut &*dest).write_all(step)?;
        *self = rest;
        Ok(n as u64)
    }

    fn tail(&self) -> io::Result<Vec<u8>> {
        Ok(self[self.len().saturating_sub(TAIL as usize)..].to_vec())
    }
}

/// Bytes between two write-back requests while the picture is small (512 KiB: best on 4 MiB
/// pictures); also the first step, which most pictures fit in.
const SMALL_STEP: u64 = 512 << 10;

/// Bytes copied in the step that starts `copied` bytes into the file: each step is also one
/// write-back request and one wake-up of the checking thread. Past 4 MiB, 4 MiB steps (bigger
/// write requests, fewer wake-ups: faster on big pictures).
fn step_at(copied: u64) -> u64 {
    const SMALL_STEPS_UNTIL: u64 = 4 << 20;
    const LARGE_STEP: u64 = 4 << 20;
    if copied < SMALL_STEPS_UNTIL {
        SMALL_STEP
    } else {
        LARGE_STEP
    }
}

/// What the copy and the check tell each other.
#[derive(Default)]
struct Shared {
    /// Bytes of the temp file (from offset 0) that the copy has written.
    copied: AtomicU64,
    /// The copy has ended (source finished, limit reached or an error): `copied` is final.
    done: AtomicBool,
    /// The check has ended early (the picture is refused): the copy can stop.
    stop: AtomicBool,
}

/// Copies `source` (from its current position) into `dest` (empty, written from offset 0 by
/// nobody else), checks and hashes what `dest` holds, and runs `then` (the `fdatasync`) once
/// the copy is complete while the check finishes. Returns what the check found and the BLAKE3
/// hash, as lowercase hex.
///
/// Errors, in order: a failed copy (reading the source or writing the temp file: the check saw
/// a cut stream, so its verdict means nothing), then the check's refusal, then a failed `then`.
pub(crate) fn copy_checked(
    mut source: impl Source,
    dest: &File,
    limits: &Limits,
    then: impl FnOnce() -> io::Result<()>,
) -> Result<(ImageInfo, String), AlbumError> {
    // One byte past the limit is enough for the check to say "too large".
    let most = limits.max_bytes.saturating_add(1);
    let shared = Shared::default();
    let tail = source.tail()?;
    // A picture that fits in the first step (most pictures do) is copied, then checked on this
    // thread: starting a second thread would cost more than it saves.
    let first = step_at(0).min(most);
    let n = copy_step(&mut source, dest, 0, first)?;
    shared.copied.store(n, Ordering::Release);
    if n < first {
        shared.done.store(true, Ordering::Release);
        let checked = check_behind(dest, &shared, limits, &tail)?;
        then()?;
        return Ok(checked);
    }
    std::thread::scope(|scope| {
        let checker = std::thread::Builder::new()
            .name("swan-album-check".into())
            .spawn_scoped(scope, || check_behind(dest, &shared, limits, &tail))?;
        let copied = copy_in_steps(&mut source, dest, n, most, &shared, checker.thread());
        shared.done.store(true, Ordering::Release);
        checker.thread().unpark();
        let flushed = match copied {
            Ok(()) if !shared.stop.load(Ordering::Acquire) => then(),
            _ => Ok(()),
        };
        let checked = checker
            .join()
            .map_err(|_| io::Error::other("the checking thread stopped"))?;
        copied?;
        let (info, hash) = checked?;
        flushed?;
        Ok((info, hash))
    })
}

/// The rest of the copy, from `copied` bytes on, up to `most` bytes in all, one step at a
/// time, publishing each step to the checker. Stops early when the checker has refused.
fn copy_in_steps(
    source: &mut impl Source,
    dest: &File,
    mut copied: u64,
    most: u64,
    shared: &Shared,
    checker: &Thread,
) -> io::Result<()> {
    while copied < most && !shared.stop.load(Ordering::Acquire) {
        let want = step_at(copied).min(most - copied);
        let n = copy_step(source, dest, copied, want)?;
        if n > 0 {
            copied += n;
            shared.copied.store(copied, Ordering::Release);
            checker.unpark();
        }
        if n < want {
            break; // the end of the source
        }
    }
    Ok(())
}

/// Copies up to `want` bytes from the source's position to the end of `dest` (which holds
/// `offset` bytes). Fewer than `want` means the source has ended.
///
/// A full step asks the kernel to start writing it to disk, since more may follow; a short one
/// is the end of the picture, and the `fdatasync` right after it writes it anyway (so a picture
/// smaller than one step never asks).
fn copy_step(source: &mut impl Source, dest: &File, offset: u64, want: u64) -> io::Result<u64> {
    let n = source.copy_to(dest, want)?;
    if n == want && n > 0 {
        start_writeback(dest, offset, n);
    }
    Ok(n)
}

/// The checking thread: validates and hashes the temp file as the copy fills it. Tells the copy
/// to stop as soon as the picture is refused.
fn check_behind(
    dest: &File,
    shared: &Shared,
    limits: &Limits,
    tail: &[u8],
) -> Result<(ImageInfo, String), AlbumError> {
    let mut hasher = blake3::Hasher::new();
    let reader = ReadBehind {
        file: dest,
        pos: 0,
        shared,
    };
    match swan_image::check_stream_with_tail(reader, &mut hasher, limits, tail) {
        Ok(info) => Ok((info, hasher.finalize().to_hex().to_string())),
        Err(e) => {
            shared.stop.store(true, Ordering::Release);
            Err(e.into())
        }
    }
}

/// Reads the temp file from offset 0, never past what the copy has published, waiting for more
/// until the copy is done.
struct ReadBehind<'a> {
    file: &'a File,
    pos: u64,
    shared: &'a Shared,
}

impl Read for ReadBehind<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            // Read `done` before `copied`: once done is seen, `copied` is final.
            let done = self.shared.done.load(Ordering::Acquire);
            let copied = self.shared.copied.load(Ordering::Acquire);
            if copied > self.pos {
                let want = (copied - self.pos).min(buf.len() as u64) as usize;
                let n = self.file.read_at(&mut buf[..want], self.pos)?;
                if n == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the temp file is shorter than what was copied into it",
                    ));
                }
                self.pos += n as u64;
                return Ok(n);
            }
            if done {
                return Ok(0);
            }
            std::thread::park();
        }
    }
}

/// Asks the kernel to start writing `len` bytes at `offset` to disk now
/// (`sync_file_range(SYNC_FILE_RANGE_WRITE)`), so the disk works while the check runs and the
/// final `fdatasync` has little left to wait for. Only a hint: errors are ignored, and the
/// `fdatasync` is still what makes the bytes durable (and reports any write error).
#[cfg(target_os = "linux")]
fn start_writeback(file: &File, offset: u64, len: u64) {
    use std::os::fd::AsRawFd;
    // SAFETY: a plain syscall on a descriptor we own; the kernel only schedules I/O.
    unsafe {
        libc::sync_file_range(
            file.as_raw_fd(),
            offset as libc::off64_t,
            len as libc::off64_t,
            libc::SYNC_FILE_RANGE_WRITE,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &File, _offset: u64, _len: u64) {}
