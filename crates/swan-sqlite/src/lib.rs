//! Opening the SQLite files that several swan-album processes share (the album's index, the
//! authorization store): durable commits (`synchronous=FULL`), a busy timeout so a writer waits
//! for another instead of failing, and a journal mode that cannot crash the process on the
//! filesystem the file lives on (see [`journal_mode_for`]).
//!
//! It exists so that `swan-store` and `swan-auth` open their files the same way: [`open_shared`]
//! is the one way in, and [`is_busy`] tells the caller that another process holds the lock.
//!
//! # Example
//!
//! ```
//! use std::time::Duration;
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("index.sqlite");
//! let conn = swan_sqlite::open_shared(&path, Duration::from_secs(5), None)?;
//! conn.execute_batch("CREATE TABLE t (x)")?;
//! let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
//! assert_eq!(sync, 2, "FULL: a commit is on disk when it returns");
//! // A second process (here, a second connection) opens the same file the same way.
//! let other = swan_sqlite::open_shared(&path, Duration::from_secs(5), None)?;
//! let mode: String = other.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
//! assert_eq!(mode, swan_sqlite::journal_mode_for(dir.path()).to_lowercase());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

use rusqlite::{Connection, ErrorCode};
use std::path::Path;
use std::time::{Duration, Instant};

/// Opens `path` for sharing between processes. Statements wait up to `busy` for another
/// process's lock; so does switching the file's journal mode, which SQLite does not always
/// cover with its busy handler. `new_page_size` is the page size of a database this call creates
/// (SQLite ignores it for an existing one; `None` keeps SQLite's 4 KiB).
pub fn open_shared(
    path: &Path,
    busy: Duration,
    new_page_size: Option<u32>,
) -> rusqlite::Result<Connection> {
    let mode = journal_mode_for(path.parent().unwrap_or(Path::new(".")));
    let conn = Connection::open(path)?;
    conn.busy_timeout(busy)?;
    if let Some(size) = new_page_size {
        // Before the journal mode: switching to WAL writes the header, which fixes the size.
        conn.pragma_update(None, "page_size", size)?;
    }
    let deadline = Instant::now() + busy;
    loop {
        // The mode SQLite answers may differ (a filesystem without shared memory refuses WAL);
        // the file still works, with readers and the writer taking turns.
        match conn.pragma_update_and_check(None, "journal_mode", mode, |r| r.get::<_, String>(0)) {
            Ok(_) => break,
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e),
        }
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

/// True for the errors that mean "another connection holds the lock, try again".
pub fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// The journal mode for a database kept in `dir`: `WAL`, unless the filesystem allocates in
/// blocks smaller than a memory page, where it is `TRUNCATE` (a rollback journal).
///
/// Why: in WAL mode every process maps SQLite's `-shm` file into memory, and SQLite allocates
/// that file by writing the last byte of each 4 KiB page. On 1 KiB blocks (what mkfs.ext4 picks
/// under 512 MiB) that allocates one block in four and leaves holes; when the disk is full,
/// filling a hole through the mapping is a SIGBUS that kills the process, where the contract
/// wants a clean error. A rollback journal maps nothing, so there a full disk is an ordinary
/// `SQLITE_FULL`. It costs more per commit, which matters little on such small filesystems.
/// Every process opening the file asks the same filesystem, so they all agree on the mode.
pub fn journal_mode_for(dir: &Path) -> &'static str {
    match fs_block_size(dir) {
        Some(block) if block < page_size().max(4096) => "TRUNCATE",
        _ => "WAL",
    }
}

fn fs_block_size(dir: &Path) -> Option<u64> {
    let st = rustix::fs::statvfs(dir).ok()?;
    // f_frsize is the unit the filesystem allocates in; some report only f_bsize.
    Some(if st.f_frsize > 0 {
        st.f_frsize
    } else {
        st.f_bsize
    })
}

fn page_size() -> u64 {
    rustix::param::page_size() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_sized_filesystem_gets_wal_and_the_file_really_uses_it() {
        // The test's temp folder is on the build machine's disk or a tmpfs, both with 4 KiB
        // blocks; the 1 KiB case is proven on a real loop-mounted ext4 in swan-bench's
        // disk_full tests (it needs root).
        let dir = tempfile::tempdir().unwrap();
        assert!(fs_block_size(dir.path()).unwrap() >= 4096);
        assert_eq!(journal_mode_for(dir.path()), "WAL");
        let path = dir.path().join("x.sqlite");
        let conn = open_shared(&path, Duration::from_secs(1), Some(1024)).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        drop(conn);
        // The page size was fixed when the file was made; asking again later changes nothing.
        let conn = open_shared(&path, Duration::from_secs(1), Some(4096)).unwrap();
        let size: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(size, 1024);
    }

    #[test]
    fn a_missing_folder_has_no_block_size_and_opening_there_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        assert_eq!(fs_block_size(&gone), None);
        assert!(open_shared(&gone.join("x.sqlite"), Duration::from_millis(10), None).is_err());
    }
}
