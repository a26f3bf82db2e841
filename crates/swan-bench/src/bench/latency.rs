//! Save latency against the size of the album: 0, 10k, 100k and 1M entries already there.
//!
//! Setup, per album: `Album::open` once (creates the schema), then the rows are inserted with
//! SQL in one transaction, and for every row a real file of that name is created in the album
//! folder — an empty file, so a million of them cost inodes and directory entries but no data.
//! The rows therefore point to real files (the repair on open keeps them) and the folder really
//! holds a million names, which is what a save's exclusive link and folder fsync contend with.
//! Hashes are random, so the hash index has the shape of a real album's.
//!
//! Measurement: the same 50 KiB JPEG is saved into the four albums round-robin (one save in
//! each, then the next round), so every size sees the same machine conditions.

use super::{Ctx, Section, table, verdict};
use rusqlite::params;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use swan_bench::pictures::{self, Rng};
use swan_bench::stats::{fmt_dur, median, quantile, ratio};
use swan_store::{Album, AlbumOptions, META_DIR, Origin};

const BASE_MS: i64 = 1_500_000_000_000;
const READY: &str = "bench-ready";

/// Creates (or reuses, when a previous `--keep` run left it complete) an album holding `n`
/// entries, each with its own (empty) file.
pub fn prepared_album(ctx: &Ctx, n: u64) -> PathBuf {
    let root = ctx.dir.join("latency").join(format!("album-{n}"));
    let marker = root.join(META_DIR).join(READY);
    if marker.exists() {
        ctx.log(&format!("latency: reusing the {n}-entry album"));
        return root;
    }
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).expect("album folder");
    drop(Album::open(&root, AlbumOptions::default()).expect("open"));
    if n > 0 {
        let t = Instant::now();
        fill(&root, n).expect("fill the index");
        ctx.log(&format!(
            "latency: {n} rows and files made in {}",
            fmt_dur(t.elapsed())
        ));
    }
    File::create(&marker).expect("marker");
    root
}

fn fill(root: &Path, n: u64) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = rusqlite::Connection::open(root.join(META_DIR).join("index.sqlite"))?;
    let tx = conn.transaction()?;
    let mut rng = Rng(n);
    {
        let mut stmt = tx.prepare(
            "INSERT INTO entries (name, source_path, app_id, format, mime, byte_size, width, \
             height, orientation, date_time_original, blake3, saved_at_ms) \
             VALUES (?1, ?2, 'bench', 'jpeg', 'image/jpeg', 0, 640, 480, NULL, NULL, ?3, ?4)",
        )?;
        for i in 0..n as i64 {
            let name = format!("{}.jpg", BASE_MS + i);
            let hash: String = (0..4).map(|_| format!("{:016x}", rng.next_u64())).collect();
            stmt.execute(params![
                name,
                format!("bdfile://tmp_{i}.jpg"),
                hash,
                BASE_MS + i
            ])?;
        }
    }
    tx.commit()?;
    // The files, on two threads (creating a million inodes is the slow part).
    let threads = 2;
    std::thread::scope(|s| -> Result<(), std::io::Error> {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || -> Result<(), std::io::Error> {
                    let mut i = t;
                    while i < n as i64 {
                        File::create(root.join(format!("{}.jpg", BASE_MS + i)))?;
                        i += threads;
                    }
                    Ok(())
                })
            })
            .collect();
        for h in handles {
            h.join().expect("filler thread")?;
        }
        Ok(())
    })?;
    super::settle();
    Ok(())
}

pub fn run(ctx: &Ctx) -> Section {
    let sizes: &[u64] = if ctx.quick {
        &[0, 1_000, 10_000]
    } else {
        &[0, 10_000, 100_000, 1_000_000]
    };
    let saves = if ctx.quick { 50 } else { 1000 };
    // Saved from a file, as swan-core saves (`Album::save_file`).
    let picture = ctx.fresh("latency-src").join("picture.jpg");
    std::fs::write(&picture, pictures::jpeg(51_200, 77)).expect("source");
    let open = || std::fs::File::open(&picture).expect("source");
    let mut albums = Vec::new();
    let mut opens = Vec::new();
    for &n in sizes {
        let root = prepared_album(ctx, n);
        let t = Instant::now();
        let (album, report) = Album::open(&root, AlbumOptions::default()).expect("open");
        let open_time = t.elapsed();
        assert!(
            report.rows_dropped == 0,
            "setup rows were dropped by the repair: {report}"
        );
        ctx.log(&format!(
            "latency: album with {n} entries opened (repair) in {}",
            fmt_dur(open_time)
        ));
        opens.push(open_time);
        albums.push(album);
    }
    // A few untimed saves each, then round-robin.
    for a in &albums {
        for _ in 0..5 {
            a.save_file(&open(), &Origin::default())
                .expect("warm-up save");
        }
    }
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(saves); albums.len()];
    for round in 0..saves {
        for (i, a) in albums.iter().enumerate() {
            let t = Instant::now();
            a.save_file(&open(), &Origin::default()).expect("save");
            samples[i].push(t.elapsed());
        }
        if (round + 1) % 250 == 0 {
            ctx.log(&format!("latency: {} rounds", round + 1));
        }
    }
    let p50_empty = median(&samples[0]);
    let mut rows = Vec::new();
    for (i, &n) in sizes.iter().enumerate() {
        let p50 = median(&samples[i]);
        rows.push(vec![
            format!("{n}"),
            fmt_dur(p50),
            fmt_dur(quantile(&samples[i], 0.99).unwrap()),
            fmt_dur(*samples[i].iter().max().unwrap()),
            format!("{:.2}×", ratio(p50, p50_empty)),
            fmt_dur(opens[i]),
        ]);
    }
    let largest = *sizes.last().unwrap();
    let r = ratio(median(samples.last().unwrap()), p50_empty);
    let text = format!(
        "{saves} saves of the same 50 KiB JPEG into each album, round-robin across the albums \
         (one save each per round; 5 untimed saves each first). The albums were filled with SQL \
         in one transaction (`entries` rows with random BLAKE3 hashes) plus one empty file per \
         row, named as the row says, so `Album::open`'s repair keeps every row and the album \
         folder really holds that many names. The last column is `Album::open` with its \
         repair (read every row, list the folder), for information.\n\n{}",
        table(
            &[
                "entries already in the album",
                "p50",
                "p99",
                "max",
                "p50 / p50 at 0",
                "open + repair"
            ],
            &rows
        )
    );
    Section {
        title: "Save latency vs album size".into(),
        text,
        summary: vec![[
            format!("save p50 at {largest} entries vs empty"),
            "≤ 1.2×".into(),
            format!("{r:.2}×"),
            verdict(r <= 1.2),
        ]],
    }
}
