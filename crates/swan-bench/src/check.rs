//! What "the album is consistent" means, checked from the outside.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use swan_image::Limits;
use swan_store::{Album, META_DIR};

/// Limits wide enough for every picture the tests and benchmarks make.
pub fn wide_limits() -> Limits {
    Limits {
        max_bytes: 4 << 30,
        ..Limits::default()
    }
}

/// Visible regular files directly in the album folder (what a photo app would show).
pub fn visible_files(root: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let Ok(dir) = fs::read_dir(root) else {
        return names;
    };
    for item in dir.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && item.file_type().is_ok_and(|t| t.is_file()) {
            names.insert(name);
        }
    }
    names
}

/// Every visible file is a complete picture (checked byte for byte by the validator), before
/// anything repairs the album. Returns the names that are not.
pub fn partial_files(root: &Path) -> Vec<String> {
    visible_files(root)
        .into_iter()
        .filter(|name| {
            let ok = fs::File::open(root.join(name))
                .map_err(|_| ())
                .and_then(|f| {
                    swan_image::check_stream(f, std::io::sink(), &wide_limits()).map_err(|_| ())
                })
                .is_ok();
            !ok
        })
        .collect()
}

/// In-flight temporary files present in the album's meta folder.
pub fn temp_files(root: &Path) -> Vec<String> {
    fs::read_dir(root.join(META_DIR).join("tmp"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Index and files agree: one row per visible file and one file per row, with the row's size
/// and BLAKE3 equal to the file's. Returns name → blake3.
pub fn assert_consistent(album: &Album) -> BTreeMap<String, String> {
    let entries = album.list(None).expect("list");
    let files = visible_files(album.root());
    let mut rows = BTreeMap::new();
    for e in &entries {
        let bytes = fs::read(album.path_of(e))
            .unwrap_or_else(|err| panic!("row {} has no readable file: {err}", e.name));
        assert_eq!(bytes.len() as u64, e.byte_size, "size of {}", e.name);
        assert_eq!(
            blake3::hash(&bytes).to_hex().as_str(),
            e.blake3,
            "content of {} differs from its row",
            e.name
        );
        assert!(
            rows.insert(e.name.clone(), e.blake3.clone()).is_none(),
            "two rows named {}",
            e.name
        );
    }
    let named: BTreeSet<String> = rows.keys().cloned().collect();
    assert_eq!(named, files, "rows and files differ");
    rows
}
