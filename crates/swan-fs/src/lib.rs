//! Durable-file primitives shared by the album (`swan-store`) and the app sandbox
//! (`swan-sandbox`): a temporary file that is removed unless kept, a directory flush, random
//! names, the clock, and a lock that survives a panicking holder.
//!
//! Everything is relative to a `cap_std::fs::Dir`, so a caller that confines paths (the
//! sandbox) and one that does not (the album) share one implementation.
//!
//! ```
//! use std::io::Write;
//! use std::sync::Arc;
//! let dir = tempfile::tempdir()?;
//! let dir = Arc::new(cap_std::fs::Dir::open_ambient_dir(dir.path(), cap_std::ambient_authority())?);
//! let mut tmp = swan_fs::TempFile::create_named(&dir, "tmp_", ".part", 0o600)?;
//! tmp.write_all(b"hello")?;
//! tmp.sync_all()?;
//! tmp.link_as(&dir, "hello.txt")?; // never replaces an existing name
//! drop(tmp); // the temporary name goes; `hello.txt` stays
//! swan_fs::sync_dir(&dir)?;
//! assert_eq!(dir.read("hello.txt")?, b"hello");
//! # Ok::<(), std::io::Error>(())
//! ```

mod temp;

pub use temp::TempFile;

use cap_std::fs::Dir;
use std::io;
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

/// Flushes a directory, so the names created or removed in it survive a power cut. cap-std holds
/// directories as `O_PATH` handles, which cannot be flushed, so `.` is opened beneath it first.
pub fn sync_dir(dir: &Dir) -> io::Result<()> {
    use rustix::fs::{Mode, OFlags, openat};
    let fd = openat(
        dir,
        ".",
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    std::fs::File::from(fd).sync_all()
}

/// `bytes` random bytes as lowercase hex (`2 * bytes` characters), for names nobody can guess
/// or collide with.
pub fn random_hex(bytes: usize) -> io::Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(io::Error::other)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Milliseconds since the Unix epoch (0 if the clock is before it).
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Locks `m` even if a previous holder panicked. Only for data that every holder keeps
/// consistent at each step (one SQLite transaction, plain counters): a panic cannot leave it
/// half-changed, and the caller must never panic in turn.
pub fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_names_have_the_asked_length_and_differ() {
        let a = random_hex(12).unwrap();
        assert_eq!(a.len(), 24);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_ne!(a, random_hex(12).unwrap());
    }

    #[test]
    fn a_poisoned_lock_still_locks() {
        let m = std::sync::Arc::new(Mutex::new(1));
        let m2 = m.clone();
        let _ = std::thread::spawn(move || {
            let _g = m2.lock().unwrap();
            panic!("poison");
        })
        .join();
        assert!(m.is_poisoned());
        *lock(&m) += 1;
        assert_eq!(*lock(&m), 2);
    }

    #[test]
    fn sync_dir_works_on_cap_std_dirs_and_the_clock_is_past_2020() {
        let t = tempfile::tempdir().unwrap();
        let dir = Dir::open_ambient_dir(t.path(), cap_std::ambient_authority()).unwrap();
        sync_dir(&dir).unwrap();
        assert!(now_ms() > 1_577_836_800_000);
    }
}
