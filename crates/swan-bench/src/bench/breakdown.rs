//! Where a save's time goes: each step a save takes, measured on its own on the same bytes,
//! next to the baseline's steps (a subsection of the save benchmark).

use super::save::durable_copy;
use super::{Ctx, table};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::time::{Duration, Instant};
use swan_bench::check::wide_limits;
use swan_bench::pictures;
use swan_bench::stats::{fmt_dur, median};
use swan_bench::sys::fsync_dir;

/// Where a save's time goes: each step a save takes, measured on its own on the same bytes
/// (median of `reps`), next to the baseline's steps.
pub fn run(ctx: &Ctx) -> String {
    let reps = if ctx.quick { 5 } else { 31 };
    let root = ctx.fresh("breakdown");
    let mut rows = Vec::new();
    for (label, len) in [("50 KiB", 51_200u64), ("4 MiB", 4 << 20)] {
        let src = root.join(format!("src-{len}.jpg"));
        pictures::jpeg_file(&src, len, 4242).expect("source");
        let bytes = fs::read(&src).expect("read source");
        // Median of what `f` says each repetition took (for a step that needs setting up).
        let timed = |f: &mut dyn FnMut(usize) -> Duration| -> Duration {
            median(&(0..reps).map(&mut *f).collect::<Vec<_>>())
        };
        let time = |f: &mut dyn FnMut(usize)| -> Duration {
            timed(&mut |i| {
                let t = Instant::now();
                f(i);
                t.elapsed()
            })
        };
        let read = time(&mut |_| {
            let mut f = File::open(&src).unwrap();
            let mut buf = vec![0u8; 64 << 10];
            while f.read(&mut buf).unwrap() > 0 {}
        });
        let validate = time(&mut |_| {
            swan_image::check_stream(File::open(&src).unwrap(), io::sink(), &wide_limits())
                .unwrap();
        });
        let hash = time(&mut |_| {
            std::hint::black_box(blake3::hash(&bytes));
        });
        let dir = root.join(format!("w-{len}"));
        fs::create_dir_all(&dir).unwrap();
        let write = time(&mut |i| {
            let mut f = File::create(dir.join(format!("w{i}"))).unwrap();
            f.write_all(&bytes).unwrap();
        });
        // Only the flush is timed (not "write + flush" minus the median write, which a noisy
        // disk can make negative).
        let fdatasync = timed(&mut |i| {
            let mut f = File::create(dir.join(format!("s{i}"))).unwrap();
            f.write_all(&bytes).unwrap();
            let t = Instant::now();
            f.sync_data().unwrap();
            t.elapsed()
        });
        let link_dirsync = time(&mut |i| {
            fs::hard_link(dir.join(format!("s{i}")), dir.join(format!("l{i}"))).unwrap();
            fsync_dir(&dir).unwrap();
        });
        let copy = time(&mut |i| {
            durable_copy(&src, &dir.join(format!("c{i}")), &dir).unwrap();
        });
        // The check's own share: validating costs reading plus checking.
        let check = validate.saturating_sub(read);
        let share = check.as_secs_f64() / copy.as_secs_f64().max(1e-9) * 100.0;
        rows.push(vec![
            label.to_string(),
            fmt_dur(read),
            fmt_dur(validate),
            format!("{} ({share:.0}% of baseline)", fmt_dur(check)),
            fmt_dur(hash),
            fmt_dur(write),
            fmt_dur(fdatasync),
            fmt_dur(link_dirsync),
            fmt_dur(copy),
        ]);
    }
    // One index row committed the way the album commits it (1 KiB pages, WAL,
    // synchronous=FULL).
    let db = root.join("index.sqlite");
    let conn = rusqlite::Connection::open(&db).expect("sqlite");
    conn.pragma_update(None, "page_size", 1024).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, \
         blake3 TEXT NOT NULL, at INTEGER NOT NULL); CREATE INDEX t_h ON t(blake3); \
         CREATE INDEX t_at ON t(at DESC, id DESC);",
    )
    .unwrap();
    let mut v = Vec::new();
    for i in 0..reps * 3 {
        let t = Instant::now();
        conn.execute(
            "INSERT INTO t (name, blake3, at) VALUES (?1, ?2, ?3)",
            rusqlite::params![
                format!("{i}.jpg"),
                blake3::hash(&i.to_le_bytes()).to_hex().as_str(),
                i as i64
            ],
        )
        .unwrap();
        v.push(t.elapsed());
    }
    let commit = median(&v);
    drop(conn);
    let _ = fs::remove_dir_all(&root);
    format!(
        "### Where the time goes\n\nEach step of a save measured on its own, on the same bytes \
         (median of {reps}): reading the source, validating it (`swan_image::check_stream` to a \
         null sink, which includes reading it; the check's own share is that minus the read, \
         shown against the baseline), hashing it (BLAKE3, in memory), writing it into \
         a new file (page cache only), then `fdatasync` of that file, then a hard link plus \
         `fsync` of the folder; the last column is the whole baseline (copy + fsync + folder \
         fsync). A save also commits one index row: {} per commit here (1 KiB pages, WAL, \
         `synchronous=FULL`, {} inserts). Sums do not add up to the save's time exactly: a save \
         asks the kernel to start writing each 512 KiB step as soon as it is copied, and past \
         the first step it validates and hashes on a second thread while the copy goes on.\n\n{}",
        fmt_dur(commit),
        reps * 3,
        table(
            &[
                "size",
                "read",
                "validate",
                "check alone (validate − read)",
                "BLAKE3",
                "write (no sync)",
                "fdatasync",
                "link + folder fsync",
                "baseline copy+fsync+fsync"
            ],
            &rows
        )
    )
}
