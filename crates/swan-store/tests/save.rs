use swan_store::{Album, AlbumError, AlbumOptions, Format, ImageError, Limits, Origin};
use swan_testkit::*;

#[test]
fn every_format_round_trips_byte_for_byte_with_its_sniffed_extension() {
    let dir = tempfile::tempdir().unwrap();
    let album = open(dir.path());
    for name in FIXTURES {
        let bytes = fixture(name);
        let saved = album.save_bytes(&bytes, &Origin::default()).unwrap();
        assert!(!saved.existing);
        let stored = std::fs::read(album.path_of(&saved.entry)).unwrap();
        assert_eq!(stored, bytes, "{name} was changed");
        let ext = saved.entry.name.rsplit('.').next().unwrap();
        assert_eq!(ext, saved.entry.format.extension(), "{name}");
        assert_eq!(saved.entry.byte_size, bytes.len() as u64);
        assert_eq!(
            saved.entry.blake3,
            blake3::hash(&bytes).to_hex().to_string()
        );
        assert!(saved.entry.width > 0 && saved.entry.height > 0);
    }
    assert_eq!(album.len().unwrap(), FIXTURES.len() as u64);
    assert_consistent(&album);
}

#[test]
fn the_index_records_origin_format_and_exif() {
    let dir = tempfile::tempdir().unwrap();
    let album = open(dir.path());
    let origin = Origin {
        app_id: Some("demo".into()),
        source_path: Some("bdfile://tmp_abc".into()),
    };
    let saved = album
        .save_bytes(&fixture("jpeg-exif.jpg"), &origin)
        .unwrap()
        .entry;
    let got = album.get(saved.id).unwrap().unwrap();
    assert_eq!(got, saved);
    assert_eq!(got.format, Format::Jpeg);
    assert_eq!(got.mime(), "image/jpeg");
    assert_eq!(got.app_id.as_deref(), Some("demo"));
    assert_eq!(got.source_path.as_deref(), Some("bdfile://tmp_abc"));
    assert_eq!(got.orientation, Some(6));
    assert!(got.date_time_original.is_some());
    assert!(album.get(saved.id + 1000).unwrap().is_none());
}

#[test]
fn list_is_newest_first_and_names_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    let album = open(dir.path());
    let bytes = fixture("png-alpha.png");
    let ids: Vec<i64> = (0..30)
        .map(|_| {
            album
                .save_bytes(&bytes, &Origin::default())
                .unwrap()
                .entry
                .id
        })
        .collect();
    let listed = album.list(None).unwrap();
    let listed_ids: Vec<i64> = listed.iter().map(|e| e.id).collect();
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(listed_ids, expected);
    assert_eq!(album.list(Some(5)).unwrap().len(), 5);
    let mut names: Vec<_> = listed.iter().map(|e| e.name.clone()).collect();
    names.sort();
    names.dedup();
    assert_eq!(
        names.len(),
        30,
        "same picture saved twice gives two entries with two names"
    );
}

#[test]
fn duplicate_policy_returns_the_existing_entry() {
    let dir = tempfile::tempdir().unwrap();
    let options = AlbumOptions {
        dedupe: true,
        ..AlbumOptions::default()
    };
    let album = Album::open(dir.path(), options).unwrap().0;
    let bytes = fixture("animated.gif");
    let first = album.save_bytes(&bytes, &Origin::default()).unwrap();
    let second = album.save_bytes(&bytes, &Origin::default()).unwrap();
    assert!(!first.existing);
    assert!(second.existing);
    assert_eq!(first.entry, second.entry);
    assert_eq!(album.len().unwrap(), 1);
    // A different picture is still stored.
    assert!(
        !album
            .save_bytes(&fixture("png-alpha.png"), &Origin::default())
            .unwrap()
            .existing
    );
    // If the first file was deleted by hand, the picture is stored again.
    std::fs::remove_file(album.path_of(&first.entry)).unwrap();
    assert!(
        !album
            .save_bytes(&bytes, &Origin::default())
            .unwrap()
            .existing
    );
    assert_consistent(&Album::open(dir.path(), AlbumOptions::default()).unwrap().0);
}

/// Saves `bytes` both ways, from memory (`Album::save_bytes`) and from a file
/// (`Album::save_file`), into an album that already holds one picture: each must fail, leave
/// the album exactly as it was, and fail the same way. Returns the error.
fn assert_refused_and_unchanged(bytes: &[u8], limits: Limits) -> AlbumError {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("album");
    open(&root)
        .save_bytes(&fixture("png-alpha.png"), &Origin::default())
        .unwrap();
    let album = Album::open(
        &root,
        AlbumOptions {
            limits,
            ..AlbumOptions::default()
        },
    )
    .unwrap()
    .0;
    let source = dir.path().join("source");
    std::fs::write(&source, bytes).unwrap();
    let before = snapshot(&root);
    let streamed = album.save_bytes(bytes, &Origin::default()).unwrap_err();
    assert_eq!(snapshot(&root), before, "album changed by a failed save");
    let file = std::fs::File::open(&source).unwrap();
    let copied = album.save_file(&file, &Origin::default()).unwrap_err();
    assert_eq!(
        snapshot(&root),
        before,
        "album changed by a failed save_file"
    );
    assert_eq!(
        streamed.to_string(),
        copied.to_string(),
        "save_bytes and save_file differ"
    );
    assert_eq!(album.len().unwrap(), 1);
    assert_consistent(&album);
    streamed
}

#[test]
fn refused_content_leaves_the_album_as_it_was() {
    let text = fixture("not-image.txt");
    assert!(matches!(
        assert_refused_and_unchanged(&text, Limits::default()),
        AlbumError::Image(ImageError::NotAnImage)
    ));
    assert!(assert_refused_and_unchanged(b"", Limits::default()).is_content_error());
    for name in FIXTURES {
        let bytes = fixture(name);
        for cut in [bytes.len() / 2, bytes.len() - 1] {
            if name.ends_with(".jpg") && cut + 2 >= bytes.len() {
                continue; // cut only in its EOI: a whole picture (tests/jpeg_without_eoi.rs)
            }
            let err = assert_refused_and_unchanged(&bytes[..cut], Limits::default());
            assert!(err.is_content_error(), "{name} cut at {cut}: {err}");
        }
    }
}

#[test]
fn limits_refuse_big_files_and_leave_nothing() {
    let bytes = fixture("jpeg-exif.jpg");
    let small = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let err = assert_refused_and_unchanged(&bytes, small);
    assert!(
        matches!(err, AlbumError::Image(ImageError::TooLarge { .. })),
        "{err}"
    );
    let few_pixels = Limits {
        max_pixels: 4,
        ..Limits::default()
    };
    let err = assert_refused_and_unchanged(&bytes, few_pixels);
    assert!(
        matches!(err, AlbumError::Image(ImageError::TooManyPixels { .. })),
        "{err}"
    );
}

#[test]
fn a_source_that_cannot_be_read_is_an_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let album = open(&dir.path().join("album"));
    let before = snapshot(album.root());
    // A folder opens as a file but every read fails (EISDIR).
    let folder = std::fs::File::open(dir.path()).unwrap();
    let err = album.save_file(&folder, &Origin::default()).unwrap_err();
    assert!(matches!(err, AlbumError::Io(_)), "{err}");
    assert_eq!(snapshot(album.root()), before);
    assert_consistent(&album);
}
