//! The harness: a world with an album, a data folder and a victim app; cases and what they expect.

#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_swan-album");
pub(crate) const APP: &str = "hostile";

/// The bytes of a file in `fixtures/`, and every picture there (each accepted as it is).
pub(crate) use swan_testkit::{FIXTURES as PICTURES, fixture};

pub(crate) fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// What a case must answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expect {
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
    pub(crate) fn parse(word: &str) -> Expect {
        match word {
            "illegal" => Expect::Illegal,
            "notfound" => Expect::NotFound,
            "refused" => Expect::Refused,
            other => panic!("unknown expectation {other:?}"),
        }
    }

    pub(crate) fn answer(&self, path: &str) -> (u64, String) {
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
pub(crate) fn unescape(s: &str) -> String {
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
pub(crate) fn table(name: &str) -> Vec<(String, Expect)> {
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
pub(crate) struct World {
    pub(crate) dir: tempfile::TempDir,
}

/// A file, a symlink or a directory under the album, for the before/after comparison.
#[derive(Debug, PartialEq)]
pub(crate) enum Node {
    File(Vec<u8>),
    Link(PathBuf),
    Dir,
}

impl World {
    /// A smart-program project (one page, app id `hostile`) for cases that go through
    /// `swan-album run`; the caller writes the page script. It is the save cases' `--project`
    /// folder: an app id belongs to one project (the grant made by `World::new` is its own).
    pub(crate) fn js_project(&self) -> PathBuf {
        let project = self.project();
        std::fs::create_dir_all(project.join("pages/index")).unwrap();
        std::fs::write(
            project.join("app.json"),
            r#"{"pages":["pages/index/index"]}"#,
        )
        .unwrap();
        std::fs::write(project.join("swan-album.json"), r#"{"appId":"hostile"}"#).unwrap();
        project
    }

    pub(crate) fn new() -> World {
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

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn project(&self) -> PathBuf {
        self.root().join("project")
    }

    pub(crate) fn album(&self) -> PathBuf {
        self.root().join("album")
    }

    pub(crate) fn app_dir(&self) -> PathBuf {
        self.root().join("data/apps").join(APP)
    }

    /// Writes `bytes` at `rel` (under the world's root), creating folders.
    pub(crate) fn put(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub(crate) fn link(&self, target: impl AsRef<Path>, at: &str) {
        let p = self.root().join(at);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        symlink(target, p).unwrap();
    }

    pub(crate) fn command(&self) -> Command {
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

    pub(crate) fn save_raw(&self, path: impl Into<OsString>) -> Output {
        self.command()
            .args(["save", "--app", APP, "--auth", "allow", "--project"])
            .arg(self.project())
            .arg("--")
            .arg(path.into())
            .output()
            .unwrap()
    }

    pub(crate) fn save_json(&self, path: &str) -> (i32, Value) {
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
    pub(crate) fn snapshot(&self) -> BTreeMap<PathBuf, Node> {
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
    pub(crate) fn check_saves(&self, cases: &[(String, Expect)]) -> Vec<String> {
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
    pub(crate) fn restore(&self, before: &BTreeMap<PathBuf, Node>) {
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

pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() > 120 {
        let head: String = s.chars().take(100).collect();
        format!("{head:?}… ({} chars)", s.chars().count())
    } else {
        format!("{s:?}")
    }
}

pub(crate) fn assert_no_failures(group: &str, total: usize, failures: &[String]) {
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
