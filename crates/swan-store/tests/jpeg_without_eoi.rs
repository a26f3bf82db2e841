//! A JPEG whose scans are complete but whose EOI is missing is shown by every decoder, so the
//! album keeps it, byte for byte; one cut inside its scan data is refused and leaves the album as
//! it was. Both entry points (a file, bytes in memory) read the source's end first to decide
//! whether the check must walk the scans.

use std::fs::File;
use std::path::PathBuf;
use swan_store::{AlbumError, Origin};
use swan_testkit::*;

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/corpus/crafted")
        .join(name)
}

/// (file, kept?) from fixtures/corpus/expectations.tsv.
const CASES: &[(&str, bool)] = &[
    ("jpeg-no-eoi-baseline-420.jpg", true),
    ("jpeg-no-eoi-444.jpg", true),
    ("jpeg-no-eoi-gray.jpg", true),
    ("jpeg-no-eoi-restart.jpg", true),
    ("jpeg-no-eoi-progressive.jpg", true),
    ("jpeg-no-eoi-baseline-420-cut90.jpg", false),
    ("jpeg-no-eoi-restart-cut50.jpg", false),
    ("jpeg-no-eoi-progressive-between-scans.jpg", false),
    ("jpeg-no-eoi-gray-cut10.jpg", false),
    // Progressive JPEGs ending in AC refinement scans: walked with one bit per coefficient.
    ("jpeg-no-eoi-progressive-refined.jpg", true),
    ("jpeg-no-eoi-refined-420.jpg", true),
    ("jpeg-no-eoi-refined-restart.jpg", true),
    ("jpeg-no-eoi-refined-420-cut-last-bytes.jpg", false),
    ("jpeg-no-eoi-refined-restart-cut50.jpg", false),
    // Arithmetic-coded JPEGs (the QM decoder walks their scans).
    ("jpeg-no-eoi-arith.jpg", true),
    ("jpeg-no-eoi-arith-progressive.jpg", true),
    ("jpeg-no-eoi-arith-restart.jpg", true),
    ("jpeg-no-eoi-arith-cut50.jpg", false),
    ("jpeg-no-eoi-arith-progressive-between-scans.jpg", false),
    // A progressive DC scan whose running sum leaves int: libjpeg-turbo's "DCT coefficient
    // out of range".
    ("jpeg-dc-overflow-no-eoi.jpg", false),
    ("jpeg-dc-overflow-restart-no-eoi.jpg", true),
];

#[test]
fn a_jpeg_missing_only_its_eoi_is_kept_and_a_cut_one_refused() {
    for (name, kept) in CASES {
        let bytes = std::fs::read(corpus(name)).unwrap();
        for from_file in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let album = open(&dir.path().join("album"));
            let before = snapshot(&dir.path().join("album"));
            let saved = if from_file {
                album.save_file(&File::open(corpus(name)).unwrap(), &Origin::default())
            } else {
                album.save_bytes(&bytes, &Origin::default())
            };
            match (kept, saved) {
                (true, Ok(saved)) => {
                    assert_eq!(std::fs::read(album.path_of(&saved.entry)).unwrap(), bytes);
                }
                (false, Err(AlbumError::Image(_))) => {
                    assert_eq!(snapshot(&dir.path().join("album")), before, "{name}");
                }
                (_, other) => panic!("{name} (from a file: {from_file}): {other:?}"),
            }
        }
    }
}
