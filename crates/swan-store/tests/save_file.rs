//! `Album::save_file`: the kernel copies the file into the album and a second thread checks the
//! copy. Every format byte for byte through both kinds of temp file, the source's position, a
//! source on another filesystem, the size limit to the byte. (Every refusal is also checked
//! against `Album::save_bytes` on the same bytes, in tests/save.rs.)

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use swan_store::{Album, AlbumError, AlbumOptions, ImageError, Limits, Origin};
use swan_testkit::*;

fn album_with(root: &Path, limits: Limits, named_temps: bool) -> Album {
    let options = AlbumOptions {
        limits,
        named_temps,
        ..AlbumOptions::default()
    };
    Album::open(root, options).expect("open album").0
}

/// Writes `bytes` to a file of its own and opens it for reading.
fn source(dir: &Path, name: &str, bytes: &[u8]) -> File {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    File::open(path).unwrap()
}

#[test]
fn every_format_round_trips_from_a_file_with_either_kind_of_temp_file() {
    for named_temps in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let album = album_with(&dir.path().join("album"), Limits::default(), named_temps);
        for name in FIXTURES {
            let bytes = fixture(name);
            let saved = album
                .save_file(&File::open(fixture_path(name)).unwrap(), &Origin::default())
                .unwrap_or_else(|e| panic!("{name} (named temps: {named_temps}): {e}"));
            assert_eq!(std::fs::read(album.path_of(&saved.entry)).unwrap(), bytes);
            assert_eq!(saved.entry.byte_size, bytes.len() as u64);
            assert_eq!(saved.entry.blake3, blake3::hash(&bytes).to_hex().as_str());
            assert_eq!(
                saved.entry.name.rsplit('.').next(),
                Some(saved.entry.format.extension())
            );
        }
        assert_eq!(album.len().unwrap(), FIXTURES.len() as u64);
        assert_consistent(&album);
    }
}

// Refusals (not a picture, cut short, over a limit) are checked through both entry points by
// `assert_refused_and_unchanged` in tests/save.rs.

#[test]
fn a_big_non_image_is_refused_and_the_limit_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let album = open(&dir.path().join("album"));
    // 8 MiB that start like a picture and then break: refused after the first step.
    let mut broken = fixture("png-alpha.png");
    broken.truncate(40);
    broken.resize(8 << 20, 0xAB);
    let err = album
        .save_file(&source(dir.path(), "broken", &broken), &Origin::default())
        .unwrap_err();
    assert!(err.is_content_error(), "{err}");
    assert!(album.is_empty().unwrap());
    assert_consistent(&album);
    // Exactly at the limit is accepted, one byte over is not.
    let bytes = fixture("jpeg-exif.jpg");
    let exact = Limits {
        max_bytes: bytes.len() as u64,
        ..Limits::default()
    };
    let album = album_with(&dir.path().join("exact"), exact, false);
    album
        .save_file(&source(dir.path(), "src", &bytes), &Origin::default())
        .unwrap();
    let mut longer = bytes.clone();
    longer.push(0);
    let err = album
        .save_file(&source(dir.path(), "src2", &longer), &Origin::default())
        .unwrap_err();
    assert!(
        matches!(err, AlbumError::Image(ImageError::TooLarge { .. })),
        "{err}"
    );
    assert_eq!(album.len().unwrap(), 1);
}

#[test]
fn a_file_is_saved_from_its_current_position() {
    let dir = tempfile::tempdir().unwrap();
    let album = open(&dir.path().join("album"));
    let picture = fixture("animated.gif");
    let mut file = tempfile::tempfile_in(dir.path()).unwrap();
    file.write_all(b"ten bytes!").unwrap();
    file.write_all(&picture).unwrap();
    file.seek(SeekFrom::Start(10)).unwrap();
    let saved = album.save_file(&file, &Origin::default()).unwrap();
    assert_eq!(std::fs::read(album.path_of(&saved.entry)).unwrap(), picture);
}

/// `copy_file_range` between filesystems is refused by older kernels (std then copies through
/// user space) and allowed by newer ones: either way the bytes arrive. /dev/shm is a tmpfs
/// where it exists; the album is on the test's temp folder.
#[test]
fn a_file_on_another_filesystem_is_saved_too() {
    let Ok(shm) = tempfile::tempdir_in("/dev/shm") else {
        eprintln!("skipped: no /dev/shm here");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let album = open(&dir.path().join("album"));
    let bytes = big_bmp(700, 500, 3);
    let saved = album
        .save_file(&source(shm.path(), "big.bmp", &bytes), &Origin::default())
        .unwrap();
    assert_eq!(std::fs::read(album.path_of(&saved.entry)).unwrap(), bytes);
    assert_eq!(saved.entry.blake3, blake3::hash(&bytes).to_hex().as_str());
    assert_consistent(&album);
}
