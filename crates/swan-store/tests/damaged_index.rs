//! A damaged index never costs a picture and is always repairable (issue 14, C9): opening it
//! for `list` or `save` is a typed error that names `swan-album album repair`; the repair keeps
//! the damaged file aside, rebuilds the index from the pictures (carrying over what the damaged
//! file still says), and afterwards every picture is listed, byte for byte unchanged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use swan_store::{Album, AlbumError, AlbumOptions, Origin, RepairReport};
use swan_testkit::*;

const PICTURES: usize = 40;

/// An album of 40 pictures saved by app `demo`, closed, with its index checkpointed into the
/// main file (as after a quiet period), so damage to that file is damage to the rows. Returns
/// the hashes of its pictures.
fn album_with_pictures(root: &Path) -> BTreeMap<String, String> {
    let album = open(root);
    let origin = Origin {
        app_id: Some("demo".into()),
        source_path: Some("bdfile://tmp_1.png".into()),
    };
    for i in 0..PICTURES {
        let bytes = match i % 3 {
            0 => fixture("png-alpha.png"),
            1 => fixture("jpeg-exif.jpg"),
            _ => big_bmp(8 + i as u32, 8, i as u8),
        };
        album.save_bytes(&bytes, &origin).unwrap();
    }
    drop(album);
    let conn = rusqlite::Connection::open(index(root)).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    let hashes = file_hashes(root);
    assert_eq!(hashes.len(), PICTURES);
    hashes
}

fn index(root: &Path) -> PathBuf {
    root.join(".swan-album/index.sqlite")
}

/// Removes the index and SQLite's companion files.
fn remove_index(root: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = index(root).into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

fn rebuilding() -> AlbumOptions {
    AlbumOptions {
        rebuild_damaged_index: true,
        ..AlbumOptions::default()
    }
}

/// Opening (what `list` and `save` do) fails with the typed error naming the repair, and
/// changes nothing; opening to repair rebuilds; afterwards every picture is listed, unchanged,
/// and a plain open has nothing left to repair. Returns the repair's report.
fn assert_refused_then_rebuilt(root: &Path, hashes: &BTreeMap<String, String>) -> RepairReport {
    let before = std::fs::symlink_metadata(index(root)).ok().map(|m| m.len());
    let err = match Album::open(root, AlbumOptions::default()) {
        Ok(_) => panic!("a damaged index opened"),
        Err(e) => e,
    };
    assert!(err.is_index_damaged(), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("swan-album album repair"), "{text}");
    assert!(text.contains("index.sqlite"), "{text}");
    assert_eq!(
        std::fs::symlink_metadata(index(root)).ok().map(|m| m.len()),
        before,
        "a refused open changed the damaged index"
    );
    assert_eq!(&file_hashes(root), hashes);

    let (album, report) = Album::open(root, rebuilding()).unwrap();
    let rebuilt = report.index_rebuilt.expect("the index was rebuilt");
    assert!(
        root.join(".swan-album").join(rebuilt.kept_as()).exists(),
        "the damaged index was not kept aside"
    );
    assert_eq!(report.files_indexed, PICTURES as u64, "{report}");
    assert!(report.to_string().contains("rebuilt"), "{report}");
    let rows = assert_consistent(&album);
    assert_eq!(
        &rows, hashes,
        "a picture is missing from the list or changed"
    );
    assert_eq!(&file_hashes(root), hashes, "a picture file changed");
    drop(album);

    let (album, again) = Album::open(root, AlbumOptions::default()).unwrap();
    assert!(!again.changed_anything(), "{again}");
    assert_eq!(album.list(None).unwrap().len(), PICTURES);
    // Saving works again.
    album
        .save_bytes(&fixture("animated.gif"), &Origin::default())
        .unwrap();
    report
}

#[test]
fn garbage_in_place_of_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let hashes = album_with_pictures(dir.path());
    let mut rng = XorShift(seed());
    let garbage: Vec<u8> = (0..64 << 10).map(|_| rng.next_u64() as u8).collect();
    std::fs::write(index(dir.path()), &garbage).unwrap();
    let report = assert_refused_then_rebuilt(dir.path(), &hashes);
    let kept = dir
        .path()
        .join(".swan-album")
        .join(report.index_rebuilt.unwrap().kept_as());
    assert_eq!(
        std::fs::read(kept).unwrap(),
        garbage,
        "the damaged file was altered"
    );
}

#[test]
fn an_index_truncated_half_way() {
    let dir = tempfile::tempdir().unwrap();
    let hashes = album_with_pictures(dir.path());
    let len = std::fs::metadata(index(dir.path())).unwrap().len();
    assert!(len > 8 << 10, "the index is too small to cut: {len}");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(index(dir.path()))
        .unwrap();
    file.set_len(len / 2).unwrap();
    drop(file);
    let report = assert_refused_then_rebuilt(dir.path(), &hashes);
    // Whatever rows were still readable kept their origin.
    let salvaged = report.index_rebuilt.unwrap().rows_salvaged;
    assert!(
        salvaged > 0 && salvaged < PICTURES as u64,
        "{salvaged} rows salvaged from half an index"
    );
    let album = open(dir.path());
    let with_origin = album
        .list(None)
        .unwrap()
        .iter()
        .filter(|e| e.app_id.as_deref() == Some("demo"))
        .count();
    assert_eq!(with_origin as u64, salvaged);
}

#[test]
fn another_programs_database_in_place_of_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let hashes = album_with_pictures(dir.path());
    remove_index(dir.path());
    let conn = rusqlite::Connection::open(index(dir.path())).unwrap();
    conn.execute_batch("CREATE TABLE photos (path TEXT); INSERT INTO photos VALUES ('x');")
        .unwrap();
    drop(conn);
    let report = assert_refused_then_rebuilt(dir.path(), &hashes);
    assert_eq!(report.index_rebuilt.unwrap().rows_salvaged, 0);
}

#[test]
fn an_index_whose_table_lacks_a_column_keeps_what_it_still_says() {
    let dir = tempfile::tempdir().unwrap();
    let hashes = album_with_pictures(dir.path());
    let conn = rusqlite::Connection::open(index(dir.path())).unwrap();
    conn.execute_batch("ALTER TABLE entries DROP COLUMN orientation")
        .unwrap();
    drop(conn);
    let report = assert_refused_then_rebuilt(dir.path(), &hashes);
    // Every row was readable by name: every picture keeps the app that saved it.
    assert_eq!(report.index_rebuilt.unwrap().rows_salvaged, PICTURES as u64);
    let album = open(dir.path());
    let entries = album.list(None).unwrap();
    let before: Vec<_> = entries
        .iter()
        .filter(|e| hashes.contains_key(&e.name))
        .collect();
    assert_eq!(before.len(), PICTURES);
    assert!(before.iter().all(|e| e.app_id.as_deref() == Some("demo")
        && e.source_path.as_deref() == Some("bdfile://tmp_1.png")));
}

#[test]
fn an_index_from_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let hashes = album_with_pictures(dir.path());
    let conn = rusqlite::Connection::open(index(dir.path())).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Album::open(dir.path(), AlbumOptions::default())
        .err()
        .expect("a newer index opened");
    assert!(err.to_string().contains("newer"), "{err}");
    assert_refused_then_rebuilt(dir.path(), &hashes);
}

#[test]
fn a_directory_in_place_of_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let hashes = album_with_pictures(dir.path());
    remove_index(dir.path());
    std::fs::create_dir(index(dir.path())).unwrap();
    std::fs::write(index(dir.path()).join("inside"), b"x").unwrap();
    let report = assert_refused_then_rebuilt(dir.path(), &hashes);
    let kept = dir
        .path()
        .join(".swan-album")
        .join(report.index_rebuilt.unwrap().kept_as());
    assert_eq!(std::fs::read(kept.join("inside")).unwrap(), b"x");
}

#[test]
fn a_row_with_an_unknown_format_never_breaks_the_list_and_repair_rereads_it() {
    let dir = tempfile::tempdir().unwrap();
    let hashes = album_with_pictures(dir.path());
    let album = open(dir.path());
    // Also a row a newer version might write for a picture this one cannot read.
    std::fs::write(dir.path().join("1700000000000.tiff"), b"II*\0not really").unwrap();
    let conn = rusqlite::Connection::open(index(dir.path())).unwrap();
    conn.execute_batch(
        "UPDATE entries SET format = 'tiff' WHERE id = 1;
         INSERT INTO entries (name, format, mime, byte_size, width, height, blake3, saved_at_ms)
         VALUES ('1700000000000.tiff', 'tiff', 'image/tiff', 15, 1, 1, 'x', 1700000000000);",
    )
    .unwrap();
    drop(conn);
    let listed = album.list(None).expect("one unknown row broke the list");
    assert_eq!(listed.len(), PICTURES - 1);
    assert!(listed.iter().all(|e| e.id != 1));
    assert!(album.get(1).unwrap().is_none());
    assert_eq!(album.list(Some(5)).unwrap().len(), 5);

    let report = album.repair().unwrap();
    assert_eq!(report.rows_refreshed, 1, "{report}");
    assert_eq!(report.rows_dropped, 0, "{report}");
    let listed = album.list(None).unwrap();
    assert_eq!(listed.len(), PICTURES);
    let fixed = album.get(1).unwrap().expect("row 1 is readable again");
    assert_eq!(fixed.app_id.as_deref(), Some("demo"), "the origin was kept");
    assert_eq!(hashes.get(&fixed.name), Some(&fixed.blake3));
    // The row this version cannot read stays, and so does its file.
    assert_eq!(album.len().unwrap(), PICTURES as u64 + 1);
    assert!(dir.path().join("1700000000000.tiff").exists());
    let mut pictures = file_hashes(dir.path());
    pictures.remove("1700000000000.tiff");
    assert_eq!(pictures, hashes);
}

#[test]
fn an_index_from_before_schema_versions_opens_and_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let hashes = album_with_pictures(dir.path());
    let conn = rusqlite::Connection::open(index(dir.path())).unwrap();
    conn.pragma_update(None, "user_version", 0).unwrap();
    drop(conn);
    let (album, report) = Album::open(dir.path(), AlbumOptions::default()).unwrap();
    assert!(!report.changed_anything(), "{report}");
    assert_eq!(assert_consistent(&album), hashes);
    drop(album);
    let conn = rusqlite::Connection::open(index(dir.path())).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

#[test]
fn a_damaged_index_is_an_error_on_a_live_album_too_and_repair_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    let hashes = album_with_pictures(dir.path());
    let album = open(dir.path());
    // Cut the table's pages away under the open album (another process, a bad disk).
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(index(dir.path()))
        .unwrap();
    file.set_len(2048).unwrap();
    drop(file);
    let err: AlbumError = match album.list(None) {
        Ok(l) => panic!("listed {} entries from a cut index", l.len()),
        Err(e) => e,
    };
    assert!(err.is_index_damaged(), "{err:?}");
    assert!(err.to_string().contains("album repair"), "{err}");
    // A save fails the same way and leaves no file behind.
    let err = album
        .save_bytes(&fixture("animated.gif"), &Origin::default())
        .unwrap_err();
    assert!(err.is_index_damaged(), "{err:?}");
    assert_eq!(file_hashes(dir.path()), hashes, "a failed save left a file");
    let report = album.repair().unwrap();
    assert!(report.index_rebuilt.is_some(), "{report}");
    assert_eq!(assert_consistent(&album), hashes);
}
