//! Saving from a file: the kernel copies, a second thread checks and hashes what was copied.
//!
//! Streamed through user space, a save copies every byte three times (read into our buffer,
//! written into the temp file, read back for the hash), and the thread that copies is also the
//! one that validates: on a 1 GiB picture that cost about twice the CPU of a plain durable copy,
//! most of it in the kernel. When the source is a file, the kernel copies it into the temp file
//! instead (`std::io::copy` between two files is `copy_file_range`, with std's own fallbacks
//! where that call is refused), one step at a time, and a second thread reads the temp file back
//! just behind the copy (from the page cache), validating and hashing it. What is checked and
//! hashed is therefore what the temp file really holds: the bytes stored, whatever happens to
//! the source meanwhile.

use crate::AlbumError;
use crate::writeback::{WRITE_BEHIND_STEP, start_writeback};
use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::Thread;
use swan_image::{ImageInfo, Limits};

/// Bytes the kernel copies in the step that starts `copied` bytes into the file: each step is
/// also one write-back request and one wake-up of the checking thread.
///
/// The first 4 MiB go in write-behind steps (512 KiB, measured best on 4 MiB pictures); after
/// that, in 4 MiB steps. Measured on a 1 GiB picture with a throw-away build that read the step
/// from the environment (`swan-bench profile --count 1 --len 1073741824`, one process per save,
/// variants and `--copy` alternating, 8 rounds, `sync` and 1.5 s before each): 512 KiB steps
/// took a median 2.82 s against 2.86 s for copy+fsync; 2, 4, 8 and 16 MiB steps 1.98–2.25 s
/// against 2.32 s. Bigger write requests (this disk takes up to 4 MiB per request), fewer
/// wake-ups of the checker.
fn step_at(copied: u64) -> u64 {
    const SMALL_STEPS_UNTIL: u64 = 4 << 20;
    const LARGE_STEP: u64 = 4 << 20;
    if copied < SMALL_STEPS_UNTIL {
        WRITE_BEHIND_STEP
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
    source: &File,
    dest: &File,
    limits: &Limits,
    then: impl FnOnce() -> io::Result<()>,
) -> Result<(ImageInfo, String), AlbumError> {
    // One byte past the limit is enough for the check to say "too large".
    let most = limits.max_bytes.saturating_add(1);
    let shared = Shared::default();
    // A picture that fits in the first step (most pictures do) is copied, then checked on this
    // thread: starting a second thread would cost more than it saves.
    let first = step_at(0).min(most);
    let n = copy_step(source, dest, 0, first)?;
    shared.copied.store(n, Ordering::Release);
    if n < first {
        shared.done.store(true, Ordering::Release);
        let checked = check_behind(dest, &shared, limits)?;
        then()?;
        return Ok(checked);
    }
    std::thread::scope(|scope| {
        let checker = std::thread::Builder::new()
            .name("swan-album-check".into())
            .spawn_scoped(scope, || check_behind(dest, &shared, limits))?;
        let copied = copy_in_steps(source, dest, n, most, &shared, checker.thread());
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
    source: &File,
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
/// smaller than one step never asks, as with `WriteBehind`).
fn copy_step(source: &File, dest: &File, offset: u64, want: u64) -> io::Result<u64> {
    let (mut from, mut to) = (source, dest);
    let n = io::copy(&mut Read::by_ref(&mut from).take(want), &mut to)?;
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
) -> Result<(ImageInfo, String), AlbumError> {
    let mut hasher = blake3::Hasher::new();
    let reader = ReadBehind {
        file: dest,
        pos: 0,
        shared,
    };
    match swan_image::check_stream(reader, &mut hasher, limits) {
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
