use swan_store::{Album, AlbumOptions, Origin, RepairReport};
use swan_testkit::*;

#[test]
fn a_clean_album_needs_no_repair() {
    let dir = tempfile::tempdir().unwrap();
    let album = open(dir.path());
    album
        .save_bytes(&fixture("png-alpha.png"), &Origin::default())
        .unwrap();
    drop(album);
    let (_, report) = Album::open(dir.path(), AlbumOptions::default()).unwrap();
    assert_eq!(report, RepairReport::default());
    assert!(!report.changed_anything());
}

#[test]
fn opening_repairs_what_a_crash_left_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let album = open(dir.path());
    let kept = album
        .save_bytes(&fixture("png-alpha.png"), &Origin::default())
        .unwrap()
        .entry;
    let lost = album
        .save_bytes(&fixture("animated.gif"), &Origin::default())
        .unwrap()
        .entry;
    drop(album);
    // A file whose row was never committed, a row whose file is gone, a dead save's temp file,
    // and something that is not a picture.
    std::fs::write(
        dir.path().join("1700000000000.jpg"),
        fixture("jpeg-exif.jpg"),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join(&lost.name)).unwrap();
    std::fs::write(
        dir.path().join(".swan-album/tmp/deadbeef.part"),
        b"half a picture",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"my notes").unwrap();

    let (album, report) = Album::open(dir.path(), AlbumOptions::default()).unwrap();
    assert_eq!(
        report,
        RepairReport {
            temps_removed: 1,
            rows_dropped: 1,
            files_indexed: 1,
            files_ignored: 1,
            ..RepairReport::default()
        }
    );
    assert!(report.to_string().contains("1 file(s) indexed"));
    let entries = album.list(None).unwrap();
    let names: Vec<_> = entries.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&kept.name.as_str()));
    assert!(names.contains(&"1700000000000.jpg"));
    assert!(!names.contains(&lost.name.as_str()));
    let adopted = entries
        .iter()
        .find(|e| e.name == "1700000000000.jpg")
        .unwrap();
    assert_eq!(adopted.saved_at_ms, 1_700_000_000_000);
    assert_eq!(adopted.orientation, Some(6));
    assert_eq!(
        std::fs::read(dir.path().join("notes.txt")).unwrap(),
        b"my notes",
        "user files are never touched"
    );
    // Idempotent: a second open has nothing left to do but count the non-picture again.
    drop(album);
    let (_, again) = Album::open(dir.path(), AlbumOptions::default()).unwrap();
    assert_eq!(
        again,
        RepairReport {
            files_ignored: 1,
            ..RepairReport::default()
        }
    );
}

#[test]
fn a_live_save_temp_file_is_not_swept() {
    // A temp file locked by a living owner (here: this process, through another handle) stays.
    let dir = tempfile::tempdir().unwrap();
    let album = open(dir.path());
    let tmp = dir.path().join(".swan-album/tmp/alive.part");
    let f = std::fs::File::create(&tmp).unwrap();
    f.lock().unwrap();
    let report = album.repair().unwrap();
    assert_eq!(report.temps_removed, 0);
    assert!(tmp.exists());
    drop(f);
    assert_eq!(album.repair().unwrap().temps_removed, 1);
    assert!(!tmp.exists());
}
