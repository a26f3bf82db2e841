//! The index's write-ahead log stays written and allocated for the album's whole life: a commit
//! into a WAL that must grow also allocates blocks and writes the file's size, and a fresh WAL
//! would grow through the first saves of every process (the CLI saves once per process).
//! Measurements: docs/benchmarks.md, "Design notes".
//!
//! So every connection asks SQLite to keep the file (`SQLITE_FCNTL_PERSIST_WAL`), and a WAL
//! shorter than [`WARM_BYTES`] is extended once with written zeros (SQLite ignores anything past
//! its last valid frame, as in a WAL it restarted from the beginning).

use rusqlite::{Connection, FileControl, TransactionBehavior};
use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// Room kept in the WAL: SQLite's checkpoint threshold is 1000 pages, 1 KiB each here (plus a
/// 24-byte header per frame), so a WAL this size is reused from its start and never grows.
pub(crate) const WARM_BYTES: u64 = 1100 << 10;

/// Makes `conn` keep the WAL at `wal` when it closes, and extends the WAL to [`WARM_BYTES`] if it
/// is shorter. Best effort: the album works the same without it (only slower), so a failure here
/// (a full disk) is not an error. The extension happens under the index's write lock, so no
/// other process can be appending frames to the part being written.
pub(crate) fn keep_warm(conn: &mut Connection, wal: &Path) {
    let mut persist = 1;
    let _ = conn.file_control(Some(c"main"), FileControl::PersistWal(&mut persist));
    if len(wal) >= WARM_BYTES || !in_wal_mode(conn) {
        return;
    }
    let Ok(tx) = conn.transaction_with_behavior(TransactionBehavior::Immediate) else {
        return;
    };
    let _ = extend_with_zeros(wal);
    let _ = tx.commit(); // nothing was written through SQLite: ends the lock
}

/// Called after a commit failed. SQLite writes a commit's frames before the flush that may fail
/// (an I/O error), so they can sit in the WAL looking valid, and in a WAL that outlives the
/// process the next opener's recovery would replay them: a save reported as failed would come
/// back as a row (which repair would then drop, its file having been removed). Two defences:
/// - a one-frame commit right away (`PRAGMA user_version` rewritten with its own value): SQLite
///   writes it where the failed frames start, and as WAL checksums chain from frame to frame,
///   recovery stops there — even if this commit's own flush fails too, all it could replay is
///   a no-op;
/// - this connection stops asking SQLite to keep the WAL, so when it is the last to close, SQLite
///   checkpoints what really committed and deletes the file (the next open warms a new one).
pub(crate) fn after_failed_commit(conn: &Connection) {
    let mut persist = 0;
    let _ = conn.file_control(Some(c"main"), FileControl::PersistWal(&mut persist));
    if let Ok(v) = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
        let _ = conn.execute_batch(&format!("PRAGMA user_version = {v}"));
    }
}

fn in_wal_mode(conn: &Connection) -> bool {
    conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
        .is_ok_and(|m| m.eq_ignore_ascii_case("wal"))
}

fn len(path: &Path) -> u64 {
    fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Writes zeros from the WAL's end (read again, now under the lock) to [`WARM_BYTES`] and
/// flushes them. Never touches a byte below the end; never creates the file.
fn extend_with_zeros(wal: &Path) -> io::Result<()> {
    let file = OpenOptions::new().write(true).open(wal)?;
    let zeros = vec![0u8; 64 << 10];
    let mut at = file.metadata()?.len();
    while at < WARM_BYTES {
        let n = (WARM_BYTES - at).min(zeros.len() as u64) as usize;
        file.write_all_at(&zeros[..n], at)?;
        at += n as u64;
    }
    file.sync_data()
}
