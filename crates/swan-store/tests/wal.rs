//! The index's WAL is kept allocated and written (see `src/wal.rs`): it survives closing the
//! album, never grows past its warm size while saving, and a zero-padded WAL loses nothing across
//! checkpoints, restarts and reopening.

use std::path::Path;
use swan_store::Origin;
use swan_testkit::*;

/// 1100 KiB: SQLite's 1000-page checkpoint threshold of 1 KiB pages, plus frame headers.
const WARM: u64 = 1100 << 10;

fn wal_len(root: &Path) -> u64 {
    std::fs::metadata(root.join(".swan-album/index.sqlite-wal"))
        .map(|m| m.len())
        .unwrap_or(0)
}

#[test]
fn the_wal_is_warm_from_the_first_open_and_stays_after_closing() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    assert_eq!(
        wal_len(dir.path()),
        WARM,
        "the WAL was deleted or not extended"
    );
    drop(open(dir.path()));
    assert_eq!(
        wal_len(dir.path()),
        WARM,
        "reopening changed the WAL's size"
    );
}

#[test]
fn saving_across_checkpoints_never_grows_the_wal_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let picture = fixture("png-alpha.png");
    let mut names = Vec::new();
    {
        let album = open(dir.path());
        // ~5 frames of 1 KiB per save: 450 saves pass SQLite's 1000-frame checkpoint twice.
        for _ in 0..450 {
            let saved = album.save_bytes(&picture, &Origin::default()).unwrap();
            names.push(saved.entry.name);
            assert_eq!(wal_len(dir.path()), WARM, "the WAL grew");
        }
    }
    let album = open(dir.path());
    assert_consistent(&album);
    let listed: Vec<String> = album
        .list(None)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(listed.len(), names.len());
    for n in &names {
        assert!(listed.contains(n), "{n} lost across a checkpoint");
    }
}
