//! Hostile inputs through the real `swan-album` binary.
//!
//! Every case runs the binary as page code would drive it (`save --project DIR -- PATH`, which
//! passes PATH verbatim as the swan `filePath`, or `run` for JavaScript values), asserts the
//! documented errCode and errMsg (spec §2 table, `--json` output), and asserts that the album
//! folder is byte for byte what it was before the case (every file under it, the hidden
//! `.swan-album/` included, except SQLite's own `index.sqlite*` files).
//!
//! Groups (each its own `#[test]`, its own album and data folder, so the harness runs them in
//! parallel; cases inside a group run one after another so a change is pinned to its case):
//! - `paths`: the table in `tests/hostile/paths.txt` (traversal in every area, encoded variants,
//!   control characters, backslashes, empty, absolute host paths, other apps' files, Unicode) plus
//!   computed ones (very long names and paths, absolute paths of real files on this machine);
//! - `symlinks`: links made by the test pointing outside, to another app's files, in loops;
//!   FIFOs, sockets and directories;
//! - `urls`: the table in `tests/hostile/urls.txt`, URLs of every scheme;
//! - `non_images`: text, HTML, PDF, TIFF, SVG, zip, ELF (the binary itself), empty, random…;
//! - `truncated` and `flipped`: every fixture cut at several offsets; every byte of the PNG
//!   flipped (its CRCs catch each one), structural bytes of the others;
//! - `huge_dimensions`: headers patched to declare gigantic (or zero) canvases;
//! - `js_types`: wrong JavaScript types (and strings no path can hold) through `swan-album run`;
//! - `command_line`: what never reaches the API (non-UTF-8 PATH, hostile `--app`): exit 2.
//!
//! The four tests after the groups pin bugs found while writing this file (all fixed).

use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_swan-album");
const APP: &str = "hostile";

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_dir().join(name)).unwrap()
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// Every picture in `fixtures/`, each accepted as it is.
const PICTURES: [&str; 9] = [
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

/// What a case must answer.
#[derive(Clone, Debug, PartialEq)]
enum Expect {
    /// 201 `Illegal file_path : <path>` (step 3).
    Illegal,
    /// 1001 `can not find such file : <path>` (step 2 or 4).
    NotFound,
    /// 1001 `can not save to album : <path>` (step 6).
    Refused,
    /// 904 `filePath type error. must be "string"` (step 1).
    TypeError,
    /// 904 `filePath is required.` (step 1).
    Required,
}

impl Expect {
    fn parse(word: &str) -> Expect {
        match word {
            "illegal" => Expect::Illegal,
            "notfound" => Expect::NotFound,
            "refused" => Expect::Refused,
            other => panic!("unknown expectation {other:?}"),
        }
    }

    fn answer(&self, path: &str) -> (u64, String) {
        match self {
            Expect::Illegal => (201, format!("Illegal file_path : {path}")),
            Expect::NotFound => (1001, format!("can not find such file : {path}")),
            Expect::Refused => (1001, format!("can not save to album : {path}")),
            Expect::TypeError => (
                904,
                "[jsNative Argument Error]filePath type error. must be \"string\"".into(),
            ),
            Expect::Required => (904, "[jsNative Argument Error]filePath is required.".into()),
        }
    }
}

/// `\\ \t \n \r \s \xHH \u{H…}` in the corpus tables.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('s') => out.push(' '),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).unwrap()));
            }
            Some('u') => {
                assert_eq!(chars.next(), Some('{'));
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            other => panic!("bad escape \\{other:?} in {s:?}"),
        }
    }
    out
}

/// `EXPECT PATH` lines of a corpus table.
fn table(name: &str) -> Vec<(String, Expect)> {
    let text = std::fs::read_to_string(corpus(name)).unwrap();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (word, path) = l.split_once(' ').unwrap_or((l, ""));
            (unescape(path), Expect::parse(word))
        })
        .collect()
}

/// One album, one data folder, one code package, and another app ("victim") whose files are all
/// valid pictures: if any of them leaked, the save would succeed and the album would change.
struct World {
    dir: tempfile::TempDir,
}

/// A file, a symlink or a directory under the album, for the before/after comparison.
#[derive(Debug, PartialEq)]
enum Node {
    File(Vec<u8>),
    Link(PathBuf),
    Dir,
}

impl World {
    fn new() -> World {
        let world = World {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(world.project().join("images")).unwrap();
        world.put("project/images/notes.txt", b"not a picture");
        world.put("project/images/ok.png", &fixture("png-alpha.png"));
        world.put("outside/real.png", &fixture("png-alpha.png"));
        for (path, fixture_name) in [
            ("tmp/tmp_secret.png", "png-alpha.png"),
            ("tmp/tmp_secret", "png-alpha.png"),
            ("store/store_secret.jpg", "jpeg-exif.jpg"),
            ("usr/secret.png", "png-alpha.png"),
            ("usr/victim/usr/secret.png", "png-alpha.png"),
        ] {
            world.put(&format!("data/apps/victim/{path}"), &fixture(fixture_name));
        }
        for name in [
            "notes.txt",
            "名前.txt",
            "😀.png",
            "caf\u{e9}.png",
            "dir/子目录/文件.png",
            "dir/inner.txt",
        ] {
            world.put(&format!("data/apps/{APP}/usr/{name}"), b"not a picture");
        }
        // A successful save first: it proves the setup works, creates the album and grants
        // the authorization, so every later case fails for its own reason, after the prompt.
        let (code, v) = world.save_json("images/ok.png");
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["errMsg"], "saveImageToPhotosAlbum:ok");
        world
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn project(&self) -> PathBuf {
        self.root().join("project")
    }

    fn album(&self) -> PathBuf {
        self.root().join("album")
    }

    fn app_dir(&self) -> PathBuf {
        self.root().join("data/apps").join(APP)
    }

    /// Writes `bytes` at `rel` (under the world's root), creating folders.
    fn put(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn link(&self, target: impl AsRef<Path>, at: &str) {
        let p = self.root().join(at);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        symlink(target, p).unwrap();
    }

    fn command(&self) -> Command {
        let mut c = Command::new(BIN);
        c.arg("--album")
            .arg(self.album())
            .arg("--data-dir")
            .arg(self.root().join("data"))
            .arg("--json")
            .env_remove("SWAN_ALBUM")
            .env_remove("SWAN_DATA_DIR")
            .stdin(std::process::Stdio::null());
        c
    }

    fn save_raw(&self, path: impl Into<OsString>) -> Output {
        self.command()
            .args(["save", "--app", APP, "--auth", "allow", "--project"])
            .arg(self.project())
            .arg("--")
            .arg(path.into())
            .output()
            .unwrap()
    }

    fn save_json(&self, path: &str) -> (i32, Value) {
        let out = self.save_raw(path);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let v = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "{path:?}: {e}: stdout {stdout:?}, stderr {:?}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap_or(-1), v)
    }

    /// Every file, link and folder under the album, SQLite's `index.sqlite*` excepted.
    fn snapshot(&self) -> BTreeMap<PathBuf, Node> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Node>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let e = e.unwrap();
                let p = e.path();
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                let t = e.file_type().unwrap();
                if t.is_dir() {
                    out.insert(rel, Node::Dir);
                    walk(root, &p, out);
                } else if t.is_symlink() {
                    out.insert(rel, Node::Link(std::fs::read_link(&p).unwrap()));
                } else if !e.file_name().to_string_lossy().starts_with("index.sqlite") {
                    out.insert(rel, Node::File(std::fs::read(&p).unwrap()));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.album(), &self.album(), &mut out);
        out
    }

    /// Runs `save` cases one by one; returns the failures (all of them, not just the first).
    fn check_saves(&self, cases: &[(String, Expect)]) -> Vec<String> {
        let before = self.snapshot();
        let mut failures = Vec::new();
        for (path, expect) in cases {
            let (code, v) = self.save_json(path);
            let (err_code, err_msg) = expect.answer(path);
            let want = serde_json::json!({"errCode": err_code, "errMsg": err_msg});
            if (code, &v) != (1, &want) {
                failures.push(format!(
                    "{}: expected exit 1 {want}, got exit {code} {v}",
                    shorten(path)
                ));
            }
            if self.snapshot() != before {
                failures.push(format!("{}: the album changed", shorten(path)));
                self.restore(&before);
            }
        }
        failures
    }

    /// Puts the album back after a case changed it, so one failure does not hide the next.
    fn restore(&self, before: &BTreeMap<PathBuf, Node>) {
        for (rel, node) in self.snapshot() {
            if !before.contains_key(&rel) {
                let p = self.album().join(rel);
                match node {
                    Node::Dir => drop(std::fs::remove_dir_all(p)),
                    _ => drop(std::fs::remove_file(p)),
                }
            }
        }
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 120 {
        let head: String = s.chars().take(100).collect();
        format!("{head:?}… ({} chars)", s.chars().count())
    } else {
        format!("{s:?}")
    }
}

fn assert_no_failures(group: &str, total: usize, failures: &[String]) {
    eprintln!("hostile: {group}: {total} cases");
    assert!(
        failures.is_empty(),
        "{group}: {} failure(s) in {total} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// paths

/// The `paths.txt` table, plus very long names and paths, and absolute paths of real files on
/// this machine (the project's own, the other app's, the album's, the binary): a leading `/` is
/// the code package root, so none of them is found.
#[test]
fn paths() {
    let w = World::new();
    let mut cases = table("paths.txt");
    let long = |n: usize| "a".repeat(n);
    cases.extend([
        // Very long names: 255 is a legal name that does not exist; beyond, ENAMETOOLONG.
        (format!("bdfile://usr/{}", long(255)), Expect::NotFound),
        (format!("bdfile://usr/{}", long(256)), Expect::NotFound),
        (
            format!("bdfile://usr/{}.png", long(10_000)),
            Expect::NotFound,
        ),
        (format!("bdfile://tmp_{}", long(300)), Expect::NotFound),
        (
            format!("bdfile://store_{}.jpg", long(5000)),
            Expect::NotFound,
        ),
        (long(100_000), Expect::NotFound),
        (
            format!("bdfile://tmp_a.{}", "p".repeat(11)),
            Expect::Illegal,
        ),
        // Very long paths: beyond PATH_MAX, and deep.
        (
            format!("bdfile://usr/{}x", "a/".repeat(3000)),
            Expect::NotFound,
        ),
        (format!("{}x", "d/".repeat(30_000)), Expect::NotFound),
        (
            format!("bdfile://usr/{}notes.txt", "./".repeat(20_000)),
            Expect::Refused,
        ),
        (
            format!("bdfile://usr/{}notes.txt", "dir/../".repeat(5000)),
            Expect::Refused,
        ),
        (
            format!("bdfile://usr/{}etc/passwd", "../".repeat(10_000)),
            Expect::Illegal,
        ),
        (
            format!("{}etc/passwd", "../".repeat(10_000)),
            Expect::Illegal,
        ),
        (
            format!("bdfile://usr/{}", "名".repeat(90)),
            Expect::NotFound,
        ),
        (
            format!("bdfile://usr/{}", "名".repeat(30_000)),
            Expect::NotFound,
        ),
    ]);
    let abs = |p: &Path| p.to_str().unwrap().to_string();
    for p in [
        w.project().join("images/ok.png"),
        w.project().join("images/notes.txt"),
        w.root().join("outside/real.png"),
        w.root().join("data/apps/victim/usr/secret.png"),
        w.app_dir().join("usr/notes.txt"),
        w.album(),
        w.root().join("data/auth.sqlite"),
        PathBuf::from(BIN),
        std::env::current_exe().unwrap(),
    ] {
        cases.push((abs(&p), Expect::NotFound));
    }
    for entry in std::fs::read_dir(w.album()).unwrap() {
        let p = entry.unwrap().path();
        cases.push((abs(&p), Expect::NotFound));
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        cases.push((format!("bdfile://usr/{name}"), Expect::NotFound));
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("paths", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// symlinks and special files

/// Links planted in every area of the app and in its code package. A link that leads out of
/// the area (absolute, relative, to another app, to the album, through `/proc`) is illegal (201)
/// whether or not its target exists; loops, dangling links inside, FIFOs, sockets and folders
/// are "no such file" (1001), and none of them may hang.
#[test]
fn symlinks() {
    let w = World::new();
    let usr = format!("data/apps/{APP}/usr");
    let victim_png = w.root().join("data/apps/victim/usr/secret.png");
    let outside_png = w.root().join("outside/real.png");
    let album_file = std::fs::read_dir(w.album())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .unwrap();
    let links: Vec<(String, PathBuf)> = vec![
        ("passwd".into(), "/etc/passwd".into()),
        ("outside_abs".into(), outside_png.clone()),
        ("outside_rel".into(), "../../../../outside/real.png".into()),
        ("victim_rel".into(), "../../victim/usr/secret.png".into()),
        ("victim_abs".into(), victim_png.clone()),
        ("etc".into(), "/etc".into()),
        ("root".into(), "/".into()),
        ("up".into(), "..".into()),
        ("up2".into(), "../..".into()),
        ("album_file".into(), album_file.clone()),
        ("album_dir".into(), w.album()),
        ("proc_root".into(), "/proc/self/root/etc/passwd".into()),
        ("proc_cwd".into(), "/proc/self/cwd".into()),
        ("dev_zero".into(), "/dev/zero".into()),
        ("dev_stdin".into(), "/dev/stdin".into()),
        ("dangling_abs".into(), "/nonexistent/x.png".into()),
        ("dangling_out".into(), "../../../nowhere.png".into()),
        ("chain1".into(), "chain2".into()),
        ("chain2".into(), "chain3".into()),
        ("chain3".into(), "/etc/passwd".into()),
        (
            "dir/deep_out".into(),
            "../../../victim/usr/secret.png".into(),
        ),
        ("loop".into(), "loop".into()),
        ("loop_a".into(), "loop_b".into()),
        ("loop_b".into(), "loop_a".into()),
        ("dir_loop".into(), "dir_loop/x".into()),
        ("dangling".into(), "missing.png".into()),
        ("to_dir".into(), "dir".into()),
        ("inside_notes".into(), "notes.txt".into()),
        ("dir/inside_up".into(), "../notes.txt".into()),
    ];
    for (name, target) in &links {
        w.link(target, &format!("{usr}/{name}"));
    }
    w.link(
        "../../victim/tmp/tmp_secret.png",
        &format!("data/apps/{APP}/tmp/tmp_victim.png"),
    );
    w.link("/etc/passwd", &format!("data/apps/{APP}/tmp/tmp_passwd"));
    w.link(
        &outside_png,
        &format!("data/apps/{APP}/tmp/tmp_outside.png"),
    );
    w.link(
        "../usr/notes.txt",
        &format!("data/apps/{APP}/tmp/tmp_sibling"),
    );
    w.link(
        "/etc/passwd",
        &format!("data/apps/{APP}/store/store_passwd.txt"),
    );
    w.link(
        "../../victim/store/store_secret.jpg",
        &format!("data/apps/{APP}/store/store_victim.jpg"),
    );
    w.link("/etc/passwd", "project/link_passwd");
    w.link("/etc", "project/link_etc");
    w.link("..", "project/link_up");
    w.link("../data", "project/link_data");
    w.link(&victim_png, "project/images/victim.png");
    w.link(&outside_png, "project/images/outside.png");
    w.link("../../outside/real.png", "project/images/outside_rel.png");
    w.link("loop", "project/loop");
    std::fs::create_dir_all(w.app_dir().join("store/store_dir")).unwrap();
    for fifo in [
        format!("{usr}/fifo"),
        format!("{usr}/fifo.png"),
        format!("data/apps/{APP}/tmp/tmp_fifo"),
        "project/images/fifo.png".into(),
    ] {
        let status = Command::new("mkfifo")
            .arg(w.root().join(fifo))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let _socket =
        std::os::unix::net::UnixListener::bind(w.app_dir().join("usr/socket.png")).unwrap();

    let mut cases: Vec<(String, Expect)> = Vec::new();
    let u = |s: &str| format!("bdfile://usr/{s}");
    for name in [
        "passwd",
        "outside_abs",
        "outside_rel",
        "victim_rel",
        "victim_abs",
        "etc/passwd",
        "etc/hostname",
        "root/etc/passwd",
        "up/tmp/tmp_x",
        "up/usr/notes.txt",
        "up2/victim/usr/secret.png",
        "album_file",
        "album_dir/.swan-album/index.sqlite",
        "proc_root",
        "proc_cwd/Cargo.toml",
        "dev_zero",
        "dev_stdin",
        "dangling_abs",
        "dangling_out",
        "chain1",
        "dir/deep_out",
        "to_dir/deep_out",
    ] {
        cases.push((u(name), Expect::Illegal));
    }
    for name in [
        "loop",
        "loop_a",
        "dir_loop",
        "dangling",
        "to_dir",
        "to_dir/",
        "fifo",
        "fifo.png",
        "socket.png",
        "dir",
        "dir/子目录",
    ] {
        cases.push((u(name), Expect::NotFound));
    }
    // Links that stay inside are followed: the target is found, then refused as not a picture.
    for name in ["inside_notes", "dir/inside_up", "to_dir/inner.txt"] {
        cases.push((u(name), Expect::Refused));
    }
    for (path, expect) in [
        ("bdfile://tmp_victim.png", Expect::Illegal),
        ("bdfile://tmp_passwd", Expect::Illegal),
        ("bdfile://tmp_outside.png", Expect::Illegal),
        ("bdfile://tmp_sibling", Expect::Illegal),
        ("bdfile://tmp_fifo", Expect::NotFound),
        ("bdfile://store_passwd.txt", Expect::Illegal),
        ("bdfile://store_victim.jpg", Expect::Illegal),
        ("bdfile://store_dir", Expect::NotFound),
        ("link_passwd", Expect::Illegal),
        ("/link_passwd", Expect::Illegal),
        ("link_etc/passwd", Expect::Illegal),
        ("link_up/outside/real.png", Expect::Illegal),
        ("link_data/apps/victim/usr/secret.png", Expect::Illegal),
        ("link_data/apps/hostile/usr/notes.txt", Expect::Illegal),
        ("images/victim.png", Expect::Illegal),
        ("images/outside.png", Expect::Illegal),
        ("images/outside_rel.png", Expect::Illegal),
        ("loop", Expect::NotFound),
        ("images/fifo.png", Expect::NotFound),
    ] {
        cases.push((path.to_string(), expect));
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("symlinks", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// urls

/// The `urls.txt` table, plus a very long URL and the data: URL of a real picture.
#[test]
fn urls() {
    let w = World::new();
    let mut cases = table("urls.txt");
    cases.push((
        format!("https://example.com/{}.png", "a".repeat(100_000)),
        Expect::NotFound,
    ));
    let png: String = fixture("png-alpha.png")
        .iter()
        .map(|b| format!("%{b:02X}"))
        .collect();
    cases.push((format!("data:image/png,{png}"), Expect::NotFound));
    let failures = w.check_saves(&cases);
    assert_no_failures("urls", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// non-images

/// A deterministic byte stream (xorshift64*), for "random" files that are the same every run.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    c.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    c
}

/// Files that are not pictures in an accepted format, whatever their names say, in every area
/// (user folder, temp, store, code package): refused after authorization, 1001
/// `can not save to album`.
#[test]
fn non_images() {
    let w = World::new();
    let png = fixture("png-alpha.png");
    let jpeg = fixture("jpeg-exif.jpg");
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("text.png", b"just some text\n".to_vec()),
        ("fixture-not-image.jpg", fixture("not-image.txt")),
        ("empty.png", Vec::new()),
        ("one-byte.jpg", vec![0xFF]),
        ("nul.png", vec![0; 4096]),
        ("ones.gif", vec![0xFF; 4096]),
        (
            "utf16.png",
            "\u{feff}text"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        ),
        (
            "tiff-le.tif",
            b"II*\0\x08\0\0\0\x01\0\x00\x01\x03\0\x01\0\0\0\x10\0\0\0".to_vec(),
        ),
        (
            "tiff-be.png",
            b"MM\0*\0\0\0\x08\0\x01\x01\x00\0\x03\0\0\0\x01\0\x10\0\0".to_vec(),
        ),
        (
            "zip.png",
            b"PK\x03\x04\x14\0\0\0\x08\0\0\0!\0"
                .iter()
                .copied()
                .chain(noise(7, 200))
                .collect(),
        ),
        (
            "gzip.jpg",
            b"\x1f\x8b\x08\0\0\0\0\0\0\x03"
                .iter()
                .copied()
                .chain(noise(8, 100))
                .collect(),
        ),
        (
            "ico.png",
            b"\0\0\x01\0\x01\0\x10\x10\0\0\x01\0\x20\0\x68\x04\0\0\x16\0\0\0".to_vec(),
        ),
        (
            "psd.png",
            b"8BPS\0\x01\0\0\0\0\0\0\0\x03\0\0\0\x10\0\0\0\x10\0\x08\0\x03".to_vec(),
        ),
        ("jxl.jpg", b"\xff\x0a\xfa\x7f\x01\x90\x08".to_vec()),
        (
            "jp2.jpg",
            b"\0\0\0\x0cjP  \r\n\x87\n\0\0\0\x14ftypjp2 ".to_vec(),
        ),
        ("qoi.png", b"qoif\0\0\0\x10\0\0\0\x10\x04\0".to_vec()),
        ("wav.webp", b"RIFF\x24\0\0\0WAVEfmt \x10\0\0\0".to_vec()),
        ("avi.webp", b"RIFF\x24\0\0\0AVI LIST".to_vec()),
        (
            "mp4.heic",
            b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2\0\0\0\x08free".to_vec(),
        ),
        (
            "mov.heic",
            b"\0\0\0\x14ftypqt  \0\0\x02\0qt  \0\0\0\x08wide".to_vec(),
        ),
        ("bm-text.bmp", b"BMW is a car, not a bitmap".to_vec()),
        ("gif-magic-only.gif", b"GIF89a".to_vec()),
        (
            "gif87-garbage.gif",
            b"GIF87a".iter().copied().chain(noise(9, 64)).collect(),
        ),
        ("png-signature-only.png", png[..8].to_vec()),
        ("png-no-iend.png", png[..png.len() - 12].to_vec()),
        ("jpeg-soi-only.jpg", b"\xff\xd8\xff".to_vec()),
        ("jpeg-soi-eoi.jpg", b"\xff\xd8\xff\xd9".to_vec()),
        ("riff-webp-empty.webp", b"RIFF\x04\0\0\0WEBP".to_vec()),
        (
            "ftyp-heic-only.heic",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(),
        ),
        (
            "ftyp-avif-only.avif",
            b"\0\0\0\x18ftypavif\0\0\0\0mif1avif".to_vec(),
        ),
        ("random-1.png", noise(1, 1000)),
        ("random-2.jpg", noise(2, 10_000)),
        ("random-3", noise(3, 100_000)),
        ("random-4.gif", noise(4, 17)),
        (
            "random-after-jpeg-magic.jpg",
            b"\xff\xd8\xff"
                .iter()
                .copied()
                .chain(noise(5, 4000))
                .collect(),
        ),
        (
            "random-after-png-signature.png",
            png[..8].iter().copied().chain(noise(6, 4000)).collect(),
        ),
        ("two-pngs-glued-bad.png", {
            let mut v = png[..png.len() - 4].to_vec();
            v.extend_from_slice(&png);
            v
        }),
        ("png-only-ihdr-iend.png", {
            let mut v = png[..33].to_vec();
            v.extend(png_chunk(b"IEND", b""));
            v
        }),
        (
            "jpeg-then-text-no-eoi.jpg",
            jpeg[..jpeg.len() - 2]
                .iter()
                .copied()
                .chain(*b"trailing")
                .collect(),
        ),
    ];
    for name in [
        "page.html",
        "vector.svg",
        "document.pdf",
        "script.sh",
        "options.json",
    ] {
        files.push((
            name,
            std::fs::read(corpus(&format!("nonimage/{name}"))).unwrap(),
        ));
    }
    let mut cases = Vec::new();
    for (name, bytes) in &files {
        w.put(&format!("data/apps/{APP}/usr/{name}"), bytes);
        cases.push((format!("bdfile://usr/{name}"), Expect::Refused));
    }
    // The ELF binary itself (several MB), in the code package.
    std::fs::copy(BIN, w.project().join("swan-album.png")).unwrap();
    cases.push(("swan-album.png".into(), Expect::Refused));
    // Same refusals from the other areas.
    w.put(&format!("data/apps/{APP}/tmp/tmp_text.png"), b"text");
    w.put(&format!("data/apps/{APP}/tmp/tmp_noext"), &noise(10, 500));
    w.put(&format!("data/apps/{APP}/store/store_text.jpg"), b"text");
    w.put(&format!("data/apps/{APP}/store/store_svg"), b"<svg/>");
    w.put("project/images/page.html", b"<html></html>");
    for p in [
        "bdfile://tmp_text.png",
        "bdfile://tmp_noext",
        "bdfile://store_text.jpg",
        "bdfile://store_svg",
        "images/page.html",
        "/images/notes.txt",
    ] {
        cases.push((p.into(), Expect::Refused));
    }
    // Over the 50 MB size limit: a JPEG whose entropy-coded data never ends (zeros are valid
    // scan data), so only the size limit can stop it. Sparse, so it costs no disk.
    let huge = w.app_dir().join("usr/huge.jpg");
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::File::create(&huge).unwrap();
        f.write_all(&jpeg[..jpeg.len() - 2]).unwrap();
        f.seek(SeekFrom::Start(51 * 1024 * 1024)).unwrap();
        f.write_all(b"\xff\xd9").unwrap();
    }
    cases.push(("bdfile://usr/huge.jpg".into(), Expect::Refused));
    let failures = w.check_saves(&cases);
    assert_no_failures("non_images", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// truncated and corrupt pictures

/// Every fixture cut at several offsets (inside the magic, inside the first header, at the
/// quarters, just before the end): each is refused (1001 `can not save to album`).
#[test]
fn truncated() {
    let w = World::new();
    let mut cases = Vec::new();
    for name in PICTURES {
        let bytes = fixture(name);
        let n = bytes.len();
        let mut cuts = vec![
            1,
            2,
            3,
            4,
            6,
            8,
            12,
            16,
            24,
            32,
            48,
            64,
            n / 4,
            n / 2,
            3 * n / 4,
        ];
        cuts.extend([n - 8, n - 4, n - 2, n - 1]);
        cuts.retain(|&c| c > 0 && c < n);
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts {
            let file = format!("cut-{cut}-{name}");
            w.put(&format!("data/apps/{APP}/usr/{file}"), &bytes[..cut]);
            cases.push((format!("bdfile://usr/{file}"), Expect::Refused));
        }
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("truncated", cases.len(), &failures);
}

/// Bytes written over a fixture: (offset, bytes).
type Patch<'a> = &'a [(usize, &'a [u8])];

/// Corrupt bytes. The PNG has CRCs over every chunk, so flipping *any one* of its bytes must be
/// refused: every byte is tried. For the other formats only structural bytes can be judged
/// without decoding pixels: the magic, the end markers, lengths and sizes.
#[test]
fn flipped() {
    let w = World::new();
    let mut cases = Vec::new();
    let add = |name: String, bytes: Vec<u8>, cases: &mut Vec<(String, Expect)>| {
        w.put(&format!("data/apps/{APP}/usr/{name}"), &bytes);
        cases.push((format!("bdfile://usr/{name}"), Expect::Refused));
    };
    let png = fixture("png-alpha.png");
    for i in 0..png.len() {
        let mut b = png.clone();
        b[i] ^= 0xFF;
        add(format!("flip-{i}.png"), b, &mut cases);
    }
    // The brief's "PNG with a bad CRC": IHDR's CRC off by one.
    let mut b = png.clone();
    b[32] = b[32].wrapping_add(1);
    add("bad-ihdr-crc.png".into(), b, &mut cases);
    // A chunk length pointing far past the end, with nothing else wrong.
    let mut b = png.clone();
    b[8..12].copy_from_slice(&0x7FFF_FFFFu32.to_be_bytes());
    add("ihdr-length-huge.png".into(), b, &mut cases);

    let patches: &[(&str, Patch)] = &[
        ("jpeg-exif.jpg", &[(0, b"\x00")]),
        ("jpeg-exif.jpg", &[(1, b"\x00")]),
        ("jpeg-exif.jpg", &[(2, b"\x00")]),
        ("animated.gif", &[(0, b"H")]),
        ("animated.gif", &[(4, b"0")]),
        ("animated.webp", &[(0, b"X")]),
        ("animated.webp", &[(8, b"X")]),
        ("animated.webp", &[(4, b"\xff\xff\xff\x7f")]),
        ("animated.webp", &[(4, b"\x00\x00\x00\x00")]),
        ("still.webp", &[(4, b"\xff\xff\xff\xff")]),
        ("still.webp", &[(12, b"VP9 ")]),
        ("still.webp", &[(16, b"\xff\xff\xff\x7f")]),
        ("still.webp", &[(23, b"\x00\x00\x00")]),
        ("lossless.webp", &[(16, b"\xff\xff\xff\x7f")]),
        ("lossless.webp", &[(20, b"\x00")]),
        ("image.bmp", &[(0, b"XM")]),
        ("image.bmp", &[(10, b"\xff\xff\xff\x7f")]),
        ("image.bmp", &[(14, b"\x07\x00\x00\x00")]),
        ("image.bmp", &[(28, b"\x07\x00")]),
        ("image.heic", &[(4, b"ftyq")]),
        ("image.heic", &[(0, b"\x00\x00\x10\x00")]),
        ("image.heic", &[(0, b"\x00\x00\x00\x01")]),
        ("image.avif", &[(4, b"xtyp")]),
    ];
    for (i, (name, edits)) in patches.iter().enumerate() {
        let mut b = fixture(name);
        for (at, bytes) in edits.iter() {
            b[*at..*at + bytes.len()].copy_from_slice(bytes);
        }
        add(format!("patch-{i}-{name}"), b, &mut cases);
    }
    // End markers: JPEG EOI, GIF trailer.
    for name in ["jpeg-exif.jpg", "animated.gif"] {
        let mut b = fixture(name);
        let last = b.len() - 1;
        b[last] ^= 0xFF;
        add(format!("flip-last-{name}"), b, &mut cases);
    }
    // Box and chunk sizes in the HEIF files: every top-level box size made one larger.
    for name in ["image.heic", "image.avif"] {
        let b = fixture(name);
        let mut at = 0;
        while at + 8 <= b.len() {
            let size = u32::from_be_bytes(b[at..at + 4].try_into().unwrap()) as usize;
            let mut patched = b.clone();
            patched[at..at + 4].copy_from_slice(&(size as u32 + 1).to_be_bytes());
            add(format!("box-{at}-{name}"), patched, &mut cases);
            if size < 8 {
                break;
            }
            at += size;
        }
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("flipped", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// huge declared dimensions

fn find(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    (0..hay.len().saturating_sub(needle.len() - 1))
        .filter(|&i| &hay[i..i + needle.len()] == needle)
        .collect()
}

/// Offset of the first SOFn marker, walking the JPEG's segments.
fn jpeg_sof(b: &[u8]) -> usize {
    let mut i = 2;
    loop {
        assert_eq!(b[i], 0xFF);
        let marker = b[i + 1];
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return i;
        }
        i += 2 + usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
    }
}

/// Offset of the first image descriptor (0x2C), walking the GIF's blocks.
fn gif_first_descriptor(b: &[u8]) -> usize {
    let packed = b[10];
    let mut i = 13;
    if packed & 0x80 != 0 {
        i += 3 << ((packed & 7) + 1);
    }
    while b[i] == 0x21 {
        i += 2;
        while b[i] != 0 {
            i += usize::from(b[i]) + 1;
        }
        i += 1;
    }
    assert_eq!(b[i], 0x2C);
    i
}

/// Headers patched to declare canvases beyond the 100-megapixel limit (or zero-sized, which no
/// format allows): refused before any pixel is looked at. The PNG's IHDR CRC is recomputed, so
/// the size is the only thing wrong.
#[test]
fn huge_dimensions() {
    let w = World::new();
    let mut cases = Vec::new();
    let mut add = |name: String, bytes: Vec<u8>| {
        w.put(&format!("data/apps/{APP}/usr/{name}"), &bytes);
        cases.push((format!("bdfile://usr/{name}"), Expect::Refused));
    };
    let png = fixture("png-alpha.png");
    for (wd, ht) in [
        (0x7FFF_FFFFu32, 0x7FFF_FFFFu32),
        (100_000, 100_000),
        (10_001, 10_000),
        (1, 100_000_001),
        (0xFFFF_FFFF, 1),
        (0, 48),
        (64, 0),
    ] {
        let mut b = png.clone();
        b[16..20].copy_from_slice(&wd.to_be_bytes());
        b[20..24].copy_from_slice(&ht.to_be_bytes());
        let crc = crc32(&b[12..29]);
        b[29..33].copy_from_slice(&crc.to_be_bytes());
        add(format!("png-{wd}x{ht}.png"), b);
    }
    let jpeg = fixture("jpeg-exif.jpg");
    let sof = jpeg_sof(&jpeg);
    for (wd, ht) in [(65_535u16, 65_535u16), (65_535, 2000), (0, 80)] {
        let mut b = jpeg.clone();
        b[sof + 5..sof + 7].copy_from_slice(&ht.to_be_bytes());
        b[sof + 7..sof + 9].copy_from_slice(&wd.to_be_bytes());
        add(format!("jpeg-{wd}x{ht}.jpg"), b);
    }
    let gif = fixture("animated.gif");
    let mut b = gif.clone();
    b[6..10].copy_from_slice(b"\xff\xff\xff\xff");
    add("gif-screen-65535x65535.gif".into(), b);
    // Logical screen as is, first frame's image descriptor enormous; then the same with the
    // screen at 0x0, where viewers (and the validator, on purpose) take the first frame's size.
    let desc = gif_first_descriptor(&gif);
    for screen in [&gif[6..10], b"\0\0\0\0"] {
        let mut b = gif.clone();
        b[6..10].copy_from_slice(screen);
        b[desc + 5..desc + 9].copy_from_slice(b"\xff\xff\xff\xff");
        add(format!("gif-frame-65535x65535-screen-{}.gif", b[6]), b);
    }
    let bmp = fixture("image.bmp");
    for (wd, ht) in [
        (0x7FFF_FFFFi32, 0x7FFF_FFFFi32),
        (100_000, -100_000),
        (33, i32::MIN + 1),
        (-33, 21),
        (0, 21),
    ] {
        let mut b = bmp.clone();
        b[18..22].copy_from_slice(&wd.to_le_bytes());
        b[22..26].copy_from_slice(&ht.to_le_bytes());
        add(format!("bmp-{wd}x{ht}.bmp"), b);
    }
    // Lossy WebP: 14-bit width and height after the VP8 start code.
    let mut b = fixture("still.webp");
    let start = find(&b, b"\x9d\x01\x2a")[0] + 3;
    b[start..start + 4].copy_from_slice(b"\xff\x3f\xff\x3f");
    add("webp-vp8-16383x16383.webp".into(), b);
    // Lossless WebP: 14-bit (width-1, height-1) after the 0x2f signature.
    let mut b = fixture("lossless.webp");
    b[21..25].copy_from_slice(b"\xff\xff\xff\x0f");
    add("webp-vp8l-16384x16384.webp".into(), b);
    // Animated WebP: VP8X canvas (24-bit width-1, height-1).
    let mut b = fixture("animated.webp");
    let vp8x = find(&b, b"VP8X")[0];
    b[vp8x + 12..vp8x + 18].copy_from_slice(b"\xff\xff\xff\xff\xff\xff");
    add("webp-vp8x-16777216x16777216.webp".into(), b);
    // HEIC and AVIF: every `ispe` (image spatial extents) property.
    for (name, (wd, ht)) in [
        ("image.heic", (0xFFFF_FFFFu32, 0xFFFF_FFFFu32)),
        ("image.heic", (100_000, 100_000)),
        ("image.avif", (0xFFFF_FFFF, 0xFFFF_FFFF)),
        ("image.avif", (20_000, 20_000)),
        ("image.avif", (0, 0)),
    ] {
        let mut b = fixture(name);
        for at in find(&b, b"ispe") {
            b[at + 8..at + 12].copy_from_slice(&wd.to_be_bytes());
            b[at + 12..at + 16].copy_from_slice(&ht.to_be_bytes());
        }
        add(format!("ispe-{wd}x{ht}-{name}"), b);
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("huge_dimensions", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// wrong JavaScript types

/// `swan.saveImageToPhotosAlbum` called from page code with a `filePath` of every JavaScript
/// type (and options objects of odd shapes). Each case is one page method; `run --json` prints
/// one event per line, and the `api` line carries exactly the object given to the callbacks.
/// Strings that cannot be file names (NUL, lone surrogates) are strings all the same: step 1
/// passes and step 3 refuses them (201).
#[test]
fn js_types() {
    let w = World::new();
    let project = w.root().join("js");
    std::fs::create_dir_all(project.join("pages/index")).unwrap();
    std::fs::write(
        project.join("app.json"),
        r#"{"pages":["pages/index/index"]}"#,
    )
    .unwrap();
    std::fs::write(project.join("swan-album.json"), r#"{"appId":"hostile"}"#).unwrap();
    std::fs::write(project.join("notes.txt"), "not a picture").unwrap();
    let log = "complete: r => console.log(JSON.stringify(r))";
    let value_cases: Vec<(&str, Expect)> = vec![
        ("42", Expect::TypeError),
        ("0", Expect::TypeError),
        ("-0", Expect::TypeError),
        ("NaN", Expect::TypeError),
        ("Infinity", Expect::TypeError),
        ("1e309", Expect::TypeError),
        ("null", Expect::TypeError),
        ("true", Expect::TypeError),
        ("false", Expect::TypeError),
        ("{}", Expect::TypeError),
        ("[]", Expect::TypeError),
        ("['bdfile://usr/notes.txt']", Expect::TypeError),
        ("[[]]", Expect::TypeError),
        ("Symbol()", Expect::TypeError),
        ("Symbol('bdfile://usr/notes.txt')", Expect::TypeError),
        ("Symbol.iterator", Expect::TypeError),
        ("function () { return 'notes.txt'; }", Expect::TypeError),
        ("() => 'notes.txt'", Expect::TypeError),
        ("async () => 'notes.txt'", Expect::TypeError),
        ("function* () { yield 'notes.txt'; }", Expect::TypeError),
        ("class A {}", Expect::TypeError),
        ("10n", Expect::TypeError),
        ("-(2n ** 70n)", Expect::TypeError),
        ("new String('notes.txt')", Expect::TypeError),
        ("new Number(1)", Expect::TypeError),
        ("new Boolean(false)", Expect::TypeError),
        ("Object('notes.txt')", Expect::TypeError),
        ("new Date(0)", Expect::TypeError),
        ("/notes.txt/", Expect::TypeError),
        ("new Error('notes.txt')", Expect::TypeError),
        ("Promise.resolve('notes.txt')", Expect::TypeError),
        ("new Proxy({}, {})", Expect::TypeError),
        (
            "({ toString() { return 'notes.txt'; } })",
            Expect::TypeError,
        ),
        ("({ valueOf() { return 'notes.txt'; } })", Expect::TypeError),
        (
            "({ [Symbol.toPrimitive]() { return 'notes.txt'; } })",
            Expect::TypeError,
        ),
        ("Object.create(null)", Expect::TypeError),
        ("new Uint8Array([110, 111])", Expect::TypeError),
        ("new ArrayBuffer(8)", Expect::TypeError),
        ("new Map([['filePath', 'notes.txt']])", Expect::TypeError),
        ("new Set(['notes.txt'])", Expect::TypeError),
        ("new WeakMap()", Expect::TypeError),
        ("globalThis", Expect::TypeError),
        ("swan", Expect::TypeError),
        ("Math", Expect::TypeError),
        ("undefined", Expect::Required),
        ("void 0", Expect::Required),
    ];
    // (method body, expected answer, the filePath string for 201/1001 messages)
    let mut cases: Vec<(String, Expect, String)> = value_cases
        .iter()
        .map(|(v, e)| {
            (
                format!("swan.saveImageToPhotosAlbum({{ filePath: {v}, {log} }});"),
                e.clone(),
                String::new(),
            )
        })
        .collect();
    let shaped: Vec<(String, Expect, &str)> = vec![
        (
            format!("swan.saveImageToPhotosAlbum({{ {log} }});"),
            Expect::Required,
            "",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum({{ filepath: 'notes.txt', FilePath: 'notes.txt', {log} }});"
            ),
            Expect::Required,
            "",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum(Object.assign(Object.create({{ filePath: 42 }}), {{ {log} }}));"
            ),
            Expect::TypeError,
            "",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ get filePath() {{ return 42; }}, {log} }});"),
            Expect::TypeError,
            "",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum(new Proxy({{ {log} }}, {{ get: (t, k) => k === 'filePath' ? 42 : t[k] }}));"
            ),
            Expect::TypeError,
            "",
        ),
        // Options that are not an object: no filePath at all (a Promise, since no callback).
        (
            "swan.saveImageToPhotosAlbum().catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        (
            "swan.saveImageToPhotosAlbum(null).catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        (
            "swan.saveImageToPhotosAlbum('notes.txt').catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        (
            "swan.saveImageToPhotosAlbum(42).catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        (
            "swan.saveImageToPhotosAlbum(['notes.txt']).catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        // Strings no path can hold: step 1 passes, step 3 refuses.
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: '\\u0000', {log} }});"),
            Expect::Illegal,
            "\0",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: 'notes.txt\\u0000.png', {log} }});"),
            Expect::Illegal,
            "notes.txt\0.png",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum({{ filePath: 'bdfile://usr/a\\u0000/../../x', {log} }});"
            ),
            Expect::Illegal,
            "bdfile://usr/a\0/../../x",
        ),
        // A NUL after a network scheme: still a URL first (step 2).
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: 'https://x/\\u0000', {log} }});"),
            Expect::NotFound,
            "https://x/\0",
        ),
        // The right type, reached in odd ways: the string is what counts.
        (
            format!(
                "swan.saveImageToPhotosAlbum({{ get filePath() {{ return 'notes.txt'; }}, {log} }});"
            ),
            Expect::Refused,
            "notes.txt",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum(Object.assign(Object.create({{ filePath: 'notes.txt' }}), {{ {log} }}));"
            ),
            Expect::Refused,
            "notes.txt",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: String(42), {log} }});"),
            Expect::NotFound,
            "42",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: `${{'notes'}}.txt`, {log} }});"),
            Expect::Refused,
            "notes.txt",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: '/etc/passwd', {log} }});"),
            Expect::NotFound,
            "/etc/passwd",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum({{ filePath: 'bdfile://usr/../../victim/usr/secret.png', {log} }});"
            ),
            Expect::Illegal,
            "bdfile://usr/../../victim/usr/secret.png",
        ),
    ];
    cases.extend(shaped.into_iter().map(|(m, e, p)| (m, e, p.to_string())));
    run_js_cases(&w, &project, &cases);
}

/// Writes one page with a method per case, runs each method, and checks the `api` event.
fn run_js_cases(w: &World, project: &Path, cases: &[(String, Expect, String)]) {
    let methods: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, (body, _, _))| format!("  m{i}() {{ {body} }},"))
        .collect();
    std::fs::write(
        project.join("pages/index/index.js"),
        format!("Page({{\n{}\n}});\n", methods.join("\n")),
    )
    .unwrap();
    let before = w.snapshot();
    let mut failures = Vec::new();
    for (i, (body, expect, path)) in cases.iter().enumerate() {
        let out = w
            .command()
            .arg("run")
            .arg(project)
            .args(["--page", "pages/index/index", "--call", &format!("m{i}")])
            .args(["--auth", "allow", "--timeout", "20"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let events: Vec<Value> = stdout
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let api: Vec<&Value> = events.iter().filter(|e| e["type"] == "api").collect();
        let (code, msg) = expect.answer(path);
        let want = serde_json::json!({"errCode": code, "errMsg": msg});
        let ok = out.status.code() == Some(0)
            && api.len() == 1
            && api[0]["name"] == "saveImageToPhotosAlbum"
            && api[0]["outcome"] == "fail"
            && api[0]["res"] == want;
        if !ok {
            failures.push(format!(
                "{body}\n    expected exit 0 and one api event {want}\n    got exit {:?}: {}{}",
                out.status.code(),
                stdout.trim(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        if w.snapshot() != before {
            failures.push(format!("{body}: the album changed"));
            w.restore(&before);
        }
    }
    assert_no_failures("js_types", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// command line

/// What never reaches the API: a PATH that is not UTF-8, an `--app` that could not be a folder
/// name. Usage errors (exit 2), nothing on stdout, the album untouched.
#[test]
fn command_line() {
    let w = World::new();
    let before = w.snapshot();
    let mut failures = Vec::new();
    let mut total = 0;
    for path in [
        OsString::from_vec(b"\xff\xfe".to_vec()),
        OsString::from_vec(b"bdfile://usr/\xc0\xaf".to_vec()),
        OsString::from_vec(b"images/ok.png\x80".to_vec()),
    ] {
        total += 1;
        let out = w.save_raw(path.clone());
        if out.status.code() != Some(2) || !out.stdout.is_empty() {
            failures.push(format!("{path:?}: exit {:?}", out.status.code()));
        }
    }
    for app in [
        "",
        "..",
        "../victim",
        "victim/../hostile",
        ".hidden",
        "a/b",
        "a\\b",
        "a b",
        "名前",
        "a\nb",
        &"a".repeat(65),
    ] {
        total += 1;
        let out = w
            .command()
            .args(["save", "--app", app, "--auth", "allow", "--project"])
            .arg(w.project())
            .args(["--", "images/ok.png"])
            .output()
            .unwrap();
        if out.status.code() != Some(2) || !out.stdout.is_empty() {
            failures.push(format!("--app {app:?}: exit {:?}", out.status.code()));
        }
    }
    if w.snapshot() != before {
        failures.push("the album changed".into());
    }
    assert!(
        !w.root().join("data/apps/victim/hostile").exists()
            && !w.root().join("data/victim").exists()
    );
    assert_no_failures("command_line", total, &failures);
}

// ---------------------------------------------------------------------------------------------
// known bugs

/// Found by the `image_check` fuzz target. `swan_image::check_stream` sniffs the format from
/// however many bytes its first reads happened to buffer (`ensure(SNIFF_LEN)` then
/// `sniff(input.buffered())`), and the `ftyp` rule in `sniff` reads compatible brands up to the
/// box size *or the end of the buffer*. So a HEIC whose `ftyp` box is longer than 256 bytes, with
/// its only HEIF brand past byte 256, is accepted when the source hands over everything in one
/// read and refused ("not an image") when it arrives in short reads (a pipe, a socket).
/// Expected: the verdict does not depend on read sizes.
#[test]
fn sniffing_does_not_depend_on_read_sizes() {
    use swan_core::swan_image::{Limits, check_bytes, check_stream};
    let heic = fixture("image.heic");
    let ftyp_len = u32::from_be_bytes(heic[..4].try_into().unwrap()) as usize;
    let mut ftyp = Vec::new();
    ftyp.extend_from_slice(b"ftypabcd\0\0\0\0");
    for _ in 0..70 {
        ftyp.extend_from_slice(b"abcd");
    }
    ftyp.extend_from_slice(b"heicmif1");
    let mut file = ((ftyp.len() + 4) as u32).to_be_bytes().to_vec();
    file.extend_from_slice(&ftyp);
    file.extend_from_slice(&heic[ftyp_len..]);

    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(7);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let whole = check_bytes(&file, &Limits::default()).map(|i| i.format);
    let trickled =
        check_stream(Trickle(&file), std::io::sink(), &Limits::default()).map(|i| i.format);
    assert_eq!(
        format!("{whole:?}"),
        format!("{trickled:?}"),
        "same bytes, different verdicts"
    );
}

/// Found writing `js_types`. A JavaScript string holding a lone surrogate (`"\uD800"`, which
/// page code can get from any `String.fromCharCode` or a cut emoji) is reported as
/// `904 filePath type error. must be "string"`, although `typeof filePath === "string"`:
/// `swan-runtime`'s `Arg::from_value` (crates/swan-runtime/src/args.rs) turns a failed UTF-16 →
/// UTF-8 conversion into `Arg::Other("string")`. Expected per spec §2: step 1 passes (it is a
/// string); no file name can hold it, so step 3: 201 `Illegal file_path : <filePath>`. Fixed:
/// 201, with each unpaired surrogate shown as U+FFFD in the message.
#[test]
fn a_lone_surrogate_is_an_illegal_path() {
    let w = World::new();
    let project = w.root().join("js");
    std::fs::create_dir_all(project.join("pages/index")).unwrap();
    std::fs::write(
        project.join("app.json"),
        r#"{"pages":["pages/index/index"]}"#,
    )
    .unwrap();
    std::fs::write(project.join("swan-album.json"), r#"{"appId":"hostile"}"#).unwrap();
    // The message carries the path with each unpaired surrogate replaced by U+FFFD: Rust
    // strings (and most hosts' logs) cannot hold the original.
    let cases = [
        ("'\\uD800'", "\u{FFFD}"),
        ("'bdfile://usr/\\uDC00.png'", "bdfile://usr/\u{FFFD}.png"),
        ("'😀'.slice(0, 1) + '.png'", "\u{FFFD}.png"),
    ];
    let methods: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, (v, _))| {
            format!(
                "  m{i}() {{ swan.saveImageToPhotosAlbum({{ filePath: {v}, \
                 complete: r => console.log(JSON.stringify(r)) }}); }},"
            )
        })
        .collect();
    std::fs::write(
        project.join("pages/index/index.js"),
        format!("Page({{\n{}\n}});\n", methods.join("\n")),
    )
    .unwrap();
    let mut failures = Vec::new();
    for (i, (v, escaped)) in cases.iter().enumerate() {
        let out = w
            .command()
            .arg("run")
            .arg(&project)
            .args(["--page", "pages/index/index", "--call", &format!("m{i}")])
            .args(["--auth", "allow"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        // JSON.stringify escapes the lone surrogate, so the console line is plain ASCII.
        let logged = stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find(|e| e["type"] == "console")
            .and_then(|e| e["args"][0].as_str().map(String::from))
            .unwrap_or_default();
        let want = format!(r#"{{"errCode":201,"errMsg":"Illegal file_path : {escaped}"}}"#);
        if logged != want {
            failures.push(format!(
                "filePath: {v}\n    expected {want}\n    got      {logged}"
            ));
        }
    }
    assert_no_failures("lone surrogates", cases.len(), &failures);
}

/// Found by `huge_dimensions`. The HEIC fixture's primary item is a `grid`; the canvas a decoder
/// allocates for it is the grid descriptor's output size (in `idat`: version, flags, rows-1,
/// columns-1, then 16-bit output width and height), which the validator never reads: it only
/// checks the primary item's `ispe`. Patched to 65535x65535 (4.3 gigapixels, ~17 GB as RGBA),
/// the file is saved and listed as 33x21. Expected per spec §2 step 6 and `Limits::max_pixels`
/// ("a tiny file can declare a gigantic canvas"): refused, 1001 `can not save to album`
/// (or at least refused when the grid's output size disagrees with the `ispe`).
#[test]
fn a_heic_grid_canvas_must_match_its_ispe() {
    let w = World::new();
    let mut b = fixture("image.heic");
    let idat = find(&b, b"idat")[0];
    assert_eq!(b[idat + 5], 0, "flags 0: 16-bit output size");
    b[idat + 8..idat + 12].copy_from_slice(b"\xff\xff\xff\xff");
    w.put(&format!("data/apps/{APP}/usr/grid.heic"), &b);
    let cases = [("bdfile://usr/grid.heic".to_string(), Expect::Refused)];
    let failures = w.check_saves(&cases);
    assert_no_failures("heic grid", cases.len(), &failures);
}

/// Found by `flipped`. A BMP (BITMAPINFOHEADER) whose compression field is not a defined method
/// (99), or is RLE8 on a 24-bit image, is accepted and stored: `bmp.rs` treats every compression
/// other than BI_RGB/BI_BITFIELDS as "compressed, trust biSizeImage" without checking the method
/// exists or fits the bit depth (RLE8 needs 8 bpp, RLE4 4 bpp). No decoder can read these files.
/// Expected (spec §2 step 6, "not an image we accept, or corrupt"): 1001 `can not save to album`.
#[test]
fn a_bmp_with_an_undefined_compression_is_refused() {
    let w = World::new();
    let mut cases = Vec::new();
    for (name, compression) in [("compression-99.bmp", 99u32), ("rle8-at-24bpp.bmp", 1)] {
        let mut b = fixture("image.bmp");
        b[30..34].copy_from_slice(&compression.to_le_bytes());
        w.put(&format!("data/apps/{APP}/usr/{name}"), &b);
        cases.push((format!("bdfile://usr/{name}"), Expect::Refused));
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("bmp compression", cases.len(), &failures);
}
