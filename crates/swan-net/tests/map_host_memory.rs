//! `--map-host` serves files of any size in bounded memory: several 1 GiB
//! requests at once raise the process's peak RSS by a few MiB, not by the
//! file sizes, and every byte arrives intact.
//!
//! Alone in its test binary, so no other test's allocations move the peak.

mod common;

use std::io::{Seek, SeekFrom, Write};

use common::raw_get;
use swan_net::serve_dir;

const HOST: &str = "big.example.com";
const GIB: u64 = 1 << 30;
const CLIENTS: usize = 3;

/// `VmHWM` (peak resident set) of this process, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .expect("VmHWM value");
    kib * 1024
}

#[test]
fn gigabyte_files_stream_in_bounded_memory() {
    let site = tempfile::tempdir().unwrap();
    let path = site.path().join("big.bin");
    // Sparse, with marks at the start, in the middle and at the very end, so
    // a shifted, cut or zero-filled body would hash differently.
    let mut file = std::fs::File::create(&path).unwrap();
    file.set_len(GIB).unwrap();
    for (at, mark) in [
        (0, &b"start"[..]),
        (GIB / 2 + 12_345, b"middle"),
        (GIB - 3, b"end"),
    ] {
        file.seek(SeekFrom::Start(at)).unwrap();
        file.write_all(mark).unwrap();
    }
    drop(file);
    let want = blake3::Hasher::new()
        .update_reader(std::fs::File::open(&path).unwrap())
        .unwrap()
        .finalize();

    let mapped = serve_dir(HOST, site.path()).unwrap();
    let before = peak_rss();
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|_| {
                s.spawn(|| {
                    let mut hasher = blake3::Hasher::new();
                    let got = raw_get(
                        mapped.addr,
                        HOST,
                        &mapped.root_cert,
                        Some(&mapped.client_identity),
                        "/big.bin",
                        &mut |b| {
                            hasher.update(b);
                        },
                    );
                    (got.map_err(|e| e.to_string()), hasher.finalize())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let grown = peak_rss().saturating_sub(before);

    for (got, hash) in results {
        assert_eq!(got, Ok((200, GIB)));
        assert_eq!(hash, want, "body differs from the file");
    }
    // Reading whole files would add 3 GiB; streaming adds chunk buffers.
    assert!(
        grown < 64 << 20,
        "peak RSS grew by {} MiB serving {CLIENTS} x 1 GiB",
        grown >> 20
    );
}
