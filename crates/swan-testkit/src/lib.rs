//! Test support shared by the workspace's tests (a dev-dependency only): the picture fixtures, a
//! one-page project on disk, a replayable random seed, and the checks of what "the album is
//! consistent" and "the album is unchanged" mean, made from the outside (files and `Album`'s
//! public API).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use swan_image::Limits;
use swan_store::{Album, AlbumOptions, META_DIR};

/// One picture of each format the album accepts, in the repository's `fixtures/`.
pub const FIXTURES: &[&str] = &[
    "jpeg-exif.jpg",
    "png-alpha.png",
    "animated.gif",
    "animated.webp",
    "still.webp",
    "lossless.webp",
    "image.bmp",
    "image.heic",
    "image.avif",
];

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

pub fn fixture(name: &str) -> Vec<u8> {
    fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// Writes a one-page project at `dir/name` (page `pages/index/index`, script `page_js`),
/// declaring `app_id` in `swan-album.json` when given, and returns its folder.
pub fn project(dir: &Path, name: &str, app_id: Option<&str>, page_js: &str) -> PathBuf {
    let p = dir.join(name);
    fs::create_dir_all(p.join("pages/index")).expect("project folder");
    fs::write(p.join("app.json"), r#"{"pages": ["pages/index/index"]}"#).expect("app.json");
    fs::write(p.join("pages/index/index.js"), page_js).expect("page script");
    if let Some(id) = app_id {
        let declared = format!(r#"{{"appId": "{id}"}}"#);
        fs::write(p.join("swan-album.json"), declared).expect("swan-album.json");
    }
    p
}

/// Opens the album at `root` with default options, panicking on failure.
pub fn open(root: &Path) -> Album {
    Album::open(root, AlbumOptions::default())
        .expect("open album")
        .0
}

/// Seed for random choices: `SWAN_TEST_SEED` to replay a failing run, else the clock.
pub fn seed() -> u64 {
    std::env::var("SWAN_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        })
}

/// A tiny deterministic generator, so a failing run can be replayed from its printed seed.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// A valid uncompressed 24-bit BMP of `width`×`height` with a recognisable pixel pattern: a
/// picture big enough that writing it takes a while, made without any tool.
pub fn big_bmp(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let stride = (width * 3).div_ceil(4) * 4;
    let pixels = stride * height;
    let mut out = Vec::with_capacity(54 + pixels as usize);
    out.extend_from_slice(b"BM");
    out.extend_from_slice(&(54 + pixels).to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&54u32.to_le_bytes());
    out.extend_from_slice(&40u32.to_le_bytes());
    out.extend_from_slice(&(width as i32).to_le_bytes());
    out.extend_from_slice(&(height as i32).to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&24u16.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // BI_RGB
    out.extend_from_slice(&pixels.to_le_bytes());
    out.extend_from_slice(&[0; 16]);
    out.extend((0..pixels).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    out
}

/// Every file under the album folder (meta folder included, except SQLite's own files, whose
/// size changes on checkpoints), with its bytes: what "the album is unchanged" compares.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for item in fs::read_dir(dir).expect("read album folder") {
            let path = item.expect("album entry").path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with("index.sqlite") {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.insert(
                    path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
                    bytes,
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
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

/// BLAKE3 of every visible file, by name: what "no picture was lost or changed" compares.
pub fn file_hashes(root: &Path) -> BTreeMap<String, String> {
    visible_files(root)
        .into_iter()
        .map(|name| {
            let bytes = fs::read(root.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, blake3::hash(&bytes).to_hex().to_string())
        })
        .collect()
}

/// Visible files that are not complete pictures (checked byte for byte by the validator).
pub fn partial_files(root: &Path) -> Vec<String> {
    let limits = Limits {
        max_bytes: 4 << 30,
        ..Limits::default()
    };
    visible_files(root)
        .into_iter()
        .filter(|name| {
            let ok = fs::File::open(root.join(name))
                .is_ok_and(|f| swan_image::check_stream(f, std::io::sink(), &limits).is_ok());
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
/// and BLAKE3 equal to the file's, and no temporary file left. Returns name → blake3.
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
    let temps = temp_files(album.root());
    assert!(temps.is_empty(), "temporary files left behind: {temps:?}");
    rows
}
