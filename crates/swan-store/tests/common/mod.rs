#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use swan_store::{Album, AlbumOptions};

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
    std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

pub fn open(root: &Path) -> Album {
    Album::open(root, AlbumOptions::default())
        .expect("open album")
        .0
}

/// Every file under the album folder (meta folder included, except SQLite's own files, whose
/// size changes on checkpoints), with its bytes: what "the album is unchanged" compares.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("index.sqlite") {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            out.insert(
                path.strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(&path).unwrap(),
            );
        }
    }
}

/// Asserts that files and index agree exactly: every row has its file with the recorded size
/// and hash, every visible file has a row, and no temporary file is left.
pub fn assert_consistent(album: &Album) {
    let entries = album.list(None).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(album.root())
        .unwrap()
        .map(|i| i.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut rows: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
    rows.sort();
    assert_eq!(rows, names, "index rows and album files differ");
    for e in &entries {
        let bytes = std::fs::read(album.path_of(e)).unwrap();
        assert_eq!(bytes.len() as u64, e.byte_size, "{}", e.name);
        assert_eq!(
            blake3::hash(&bytes).to_hex().to_string(),
            e.blake3,
            "{}",
            e.name
        );
    }
    let temps = std::fs::read_dir(album.root().join(".swan-album/tmp"))
        .unwrap()
        .count();
    assert_eq!(temps, 0, "temporary files left behind");
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

/// A tiny deterministic generator, so a failing run can be replayed from its printed seed.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn seed() -> u64 {
    std::env::var("SWAN_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}
