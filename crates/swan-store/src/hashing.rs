//! The content hash (BLAKE3), computed while a picture streams into the album.
//!
//! Hashing is a third of the CPU a big save spends (BLAKE3, validation and the page-cache write
//! each run at a few GB/s on one core), and none of it has to be on the thread that validates
//! and writes. So once a picture written to a file has passed [`OFFLOAD_AFTER`] bytes, the hasher
//! moves to a second thread that reads the bytes back from the file (they are still in the page
//! cache) just behind the writer. Nothing is copied between the threads and nothing big is
//! allocated; the writer only publishes how far it has written. Small pictures, and sinks that
//! are not files, are hashed inline.

use std::fs::File;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::{Scope, ScopedJoinHandle};

/// Bytes hashed inline before the hasher moves to its own thread.
const OFFLOAD_AFTER: u64 = 256 << 10;
/// Bytes the hashing thread reads back and hashes per step; also how often the writer wakes it.
const STEP: u64 = 256 << 10;

/// How far the writer has got, shared with the hashing thread.
#[derive(Default)]
pub(crate) struct Progress {
    written: AtomicU64,
    done: AtomicBool,
}

/// A writer that passes everything to `inner` and hashes exactly what `inner` accepted. When
/// `file` is given, `inner` must write into it sequentially from offset 0 (and nobody else may
/// write to it), so the bytes at `[0, written)` in the file are the bytes written.
pub(crate) struct HashingWriter<'scope, 'env, W> {
    inner: W,
    written: u64,
    file: Option<&'env File>,
    progress: &'env Progress,
    scope: &'scope Scope<'scope, 'env>,
    state: State<'scope>,
}

enum State<'scope> {
    /// Boxed: a hasher is ~2 KB of state, the other variant a handle.
    Inline(Box<blake3::Hasher>),
    Behind(ScopedJoinHandle<'scope, io::Result<blake3::Hasher>>),
    /// Only while switching from one to the other.
    Switching,
}

impl<'scope, 'env, W: Write> HashingWriter<'scope, 'env, W> {
    pub(crate) fn new(
        inner: W,
        file: Option<&'env File>,
        progress: &'env Progress,
        scope: &'scope Scope<'scope, 'env>,
    ) -> Self {
        HashingWriter {
            inner,
            written: 0,
            file,
            progress,
            scope,
            state: State::Inline(Box::default()),
        }
    }

    /// Flushes `inner`, runs `meanwhile` (the caller's next step, e.g. the `fdatasync`) while
    /// the hashing thread catches up, and returns the hash of everything written, as lowercase
    /// hex. An error from `meanwhile` is returned as is.
    pub(crate) fn finish(
        mut self,
        meanwhile: impl FnOnce() -> io::Result<()>,
    ) -> io::Result<String> {
        self.inner.flush()?;
        let hasher = match std::mem::replace(&mut self.state, State::Switching) {
            State::Inline(hasher) => {
                meanwhile()?;
                *hasher
            }
            State::Behind(handle) => {
                self.progress.done.store(true, Ordering::Release);
                handle.thread().unpark();
                meanwhile()?;
                handle.join().map_err(|_| lost())??
            }
            State::Switching => return Err(lost()),
        };
        Ok(hasher.finalize().to_hex().to_string())
    }

    /// Moves the hasher to a thread of its own. If no thread can be started, hashing stays
    /// inline.
    fn offload(&mut self, file: &'env File) {
        let State::Inline(hasher) = std::mem::replace(&mut self.state, State::Switching) else {
            return;
        };
        // The hasher moves into the thread; keep a copy in case the spawn fails.
        let fallback = hasher.clone();
        let hasher = *hasher;
        let (progress, from) = (self.progress, self.written);
        let spawned = std::thread::Builder::new()
            .name("swan-album-hash".into())
            .spawn_scoped(self.scope, move || {
                hash_behind(hasher, file, from, progress)
            });
        self.state = match spawned {
            Ok(handle) => State::Behind(handle),
            Err(_) => State::Inline(fallback),
        };
    }
}

impl<W> Drop for HashingWriter<'_, '_, W> {
    /// A writer dropped without [`HashingWriter::finish`] (the stream failed) still lets the
    /// hashing thread end, so the scope around it can end too.
    fn drop(&mut self) {
        if let State::Behind(handle) = &self.state {
            self.progress.done.store(true, Ordering::Release);
            handle.thread().unpark();
        }
    }
}

impl<'env, W: Write> Write for HashingWriter<'_, 'env, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        let before = self.written;
        self.written += n as u64;
        match &mut self.state {
            State::Inline(hasher) => {
                hasher.update(&buf[..n]);
                if let Some(file) = self.file
                    && self.written >= OFFLOAD_AFTER
                {
                    self.offload(file);
                }
            }
            State::Behind(handle) => {
                self.progress.written.store(self.written, Ordering::Release);
                if before / STEP != self.written / STEP {
                    handle.thread().unpark();
                }
            }
            State::Switching => return Err(lost()),
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The hashing thread: reads `file` from `from` up to what the writer has published, hashing
/// as it goes, until the writer is done and everything is hashed. Sleeps when it has caught up.
fn hash_behind(
    mut hasher: blake3::Hasher,
    file: &File,
    from: u64,
    progress: &Progress,
) -> io::Result<blake3::Hasher> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; STEP as usize];
    let mut hashed = from;
    loop {
        // Read `done` before `written`: once done is seen, `written` is final.
        let done = progress.done.load(Ordering::Acquire);
        let written = progress.written.load(Ordering::Acquire);
        if written > hashed {
            let n = (written - hashed).min(STEP) as usize;
            file.read_exact_at(&mut buf[..n], hashed)?;
            hasher.update(&buf[..n]);
            hashed += n as u64;
        } else if done {
            return Ok(hasher);
        } else {
            std::thread::park();
        }
    }
}

/// The hashing thread is gone (it can only panic, which BLAKE3 does not): the save fails
/// rather than record a hash of part of the picture.
fn lost() -> io::Error {
    io::Error::other("the hashing thread stopped")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `data` in pieces of the given sizes into a real file through the writer, with
    /// read-back hashing allowed or not, and returns the file's bytes and the hash.
    fn write_and_hash(data: &[u8], sizes: &[usize], readback: bool) -> (Vec<u8>, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let file = File::create_new(&path).unwrap();
        let progress = Progress::default();
        let hex = std::thread::scope(|s| {
            let mut w = HashingWriter::new(&file, readback.then_some(&file), &progress, s);
            let (mut rest, mut i) = (data, 0);
            while !rest.is_empty() {
                let n = sizes[i % sizes.len()].min(rest.len());
                w.write_all(&rest[..n]).unwrap();
                rest = &rest[n..];
                i += 1;
            }
            w.finish(|| Ok(())).unwrap()
        });
        (std::fs::read(&path).unwrap(), hex)
    }

    #[test]
    fn the_hash_is_blake3_of_the_bytes_inline_read_back_and_across_every_boundary() {
        let data: Vec<u8> = (0..(3 * OFFLOAD_AFTER as usize + 12_345))
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        let step = STEP as usize;
        let off = OFFLOAD_AFTER as usize;
        for len in [
            0,
            1,
            step - 1,
            off - 1,
            off,
            off + 1,
            off + step,
            data.len(),
        ] {
            for sizes in [
                &[65_536][..],
                &[7, 100_000, 3, step + 1][..],
                &[3 << 20][..],
            ] {
                for readback in [true, false] {
                    let (written, hex) = write_and_hash(&data[..len], sizes, readback);
                    assert_eq!(written, &data[..len]);
                    let want = blake3::hash(&data[..len]);
                    assert_eq!(hex, want.to_hex().as_str(), "len {len} sizes {sizes:?}");
                }
            }
        }
    }

    /// A file writer that takes at most `n` bytes per call and fails once it holds `fail_at`.
    struct Stingy<'a> {
        file: &'a File,
        n: usize,
        fail_at: u64,
    }

    impl Write for Stingy<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.file.metadata()?.len() >= self.fail_at {
                return Err(io::Error::other("disk full"));
            }
            (&mut &*self.file).write(&buf[..buf.len().min(self.n)])
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn short_writes_are_hashed_as_accepted_and_a_failure_after_offloading_ends_cleanly() {
        let data: Vec<u8> = (0..3 << 20).map(|i| (i % 253) as u8).collect();
        let dir = tempfile::tempdir().unwrap();
        for (n, fail_at, ok) in [(1000, u64::MAX, true), (1 << 20, 2 << 20, false)] {
            let path = dir.path().join(format!("f{n}"));
            let file = File::create_new(&path).unwrap();
            let progress = Progress::default();
            std::thread::scope(|s| {
                let inner = Stingy {
                    file: &file,
                    n,
                    fail_at,
                };
                let mut w = HashingWriter::new(inner, Some(&file), &progress, s);
                match w.write_all(&data) {
                    Ok(()) => {
                        assert!(ok);
                        let hex = w.finish(|| Ok(())).unwrap();
                        assert_eq!(hex, blake3::hash(&data).to_hex().as_str());
                    }
                    // The writer is dropped without finish: the scope must still end, so the
                    // hashing thread may not wait for a `done` that never comes.
                    Err(e) => {
                        assert!(!ok);
                        assert_eq!(e.to_string(), "disk full");
                    }
                }
            });
        }
    }

    #[test]
    fn a_failing_next_step_is_returned_inline_and_while_the_thread_finishes() {
        let dir = tempfile::tempdir().unwrap();
        for len in [1000usize, 3 << 20] {
            let path = dir.path().join(format!("f{len}"));
            let file = File::create_new(&path).unwrap();
            let progress = Progress::default();
            let err = std::thread::scope(|s| {
                let mut w = HashingWriter::new(&file, Some(&file), &progress, s);
                w.write_all(&vec![9u8; len]).unwrap();
                w.finish(|| Err(io::Error::other("flush failed")))
                    .unwrap_err()
            });
            assert_eq!(err.to_string(), "flush failed", "len {len}");
        }
    }
}
