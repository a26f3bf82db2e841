#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use swan_bench::sys::Skip;

/// `SWAN_STRESS=full` runs the long versions.
pub fn full() -> bool {
    std::env::var("SWAN_STRESS").is_ok_and(|v| v == "full")
}

pub fn pick<T>(short: T, long: T) -> T {
    if full() { long } else { short }
}

pub fn stress_bin() -> &'static str {
    env!("CARGO_BIN_EXE_swan-stress")
}

/// A test that needs a privilege prints `skipped: <reason>` and passes, unless
/// `SWAN_FAULTS_REQUIRED=1` or `CI=true` (CI runs as root, where every fault test can run)
/// makes a skip a failure.
pub fn or_skip<T>(r: Result<T, Skip>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(why) => {
            let required = std::env::var("SWAN_FAULTS_REQUIRED").is_ok_and(|v| v == "1")
                || std::env::var("CI").is_ok_and(|v| v == "true");
            if required {
                panic!("required fault test could not run: {why}");
            }
            eprintln!("skipped: {why}");
            None
        }
    }
}

/// The real `swan-album` binary, when there is one: `$SWAN_ALBUM_BIN`, else the one cargo built
/// next to this test (`cargo test --workspace` builds it; `-p swan-bench` alone may not).
pub fn swan_album_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SWAN_ALBUM_BIN") {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    let p = exe.parent()?.parent()?.join("swan-album");
    p.is_file().then_some(p)
}

/// How a save is run: the stress worker (swan-core's API, as the CLI calls it, with optional
/// fault injection) or the real CLI binary.
#[derive(Clone, Debug)]
pub enum Saver {
    Worker,
    Cli(PathBuf),
}

/// Every saver available here: the worker always, the CLI when built.
pub fn savers() -> Vec<Saver> {
    let mut v = vec![Saver::Worker];
    if let Some(bin) = swan_album_bin() {
        v.push(Saver::Cli(bin));
    } else {
        eprintln!("note: no swan-album binary built; checking through the worker only");
    }
    v
}

#[derive(Debug)]
pub struct Outcome {
    pub exit: i32,
    /// The JSON line printed (the CLI's `--json` shape).
    pub json: Value,
    pub stderr: String,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.exit == 0
    }

    pub fn err_code(&self) -> Option<i64> {
        self.json.get("errCode").and_then(Value::as_i64)
    }

    pub fn err_msg(&self) -> Option<&str> {
        self.json.get("errMsg").and_then(Value::as_str)
    }

    /// Asserts the clean album failure: errCode 1001 `can not save to album : <file name>`.
    pub fn assert_cannot_save(&self, file: &Path) {
        let name = file.file_name().unwrap().to_string_lossy();
        assert_eq!(self.exit, 1, "exit status; {self:?}");
        assert_eq!(self.err_code(), Some(1001), "{self:?}");
        assert_eq!(
            self.err_msg(),
            Some(format!("can not save to album : {name}").as_str()),
            "{self:?}"
        );
    }

    /// Why the save failed, when the saver says (the worker does; the CLI's `--json` line
    /// carries only errCode and errMsg).
    pub fn reason(&self) -> Option<String> {
        self.json
            .get("reason")
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// Asserts that the reason, when known, mentions one of `any`.
    pub fn assert_reason(&self, any: &[&str]) {
        if let Some(r) = self.reason() {
            assert!(
                any.iter().any(|a| r.contains(a)),
                "reason {r:?}, expected one of {any:?}"
            );
        }
    }
}

impl Saver {
    /// One `saveImageToPhotosAlbum` of host file `file`, authorization answered `allow`.
    /// `faults` are extra worker flags (`--fail-sync fdatasync`, `--fsize N`).
    pub fn save(&self, album: &Path, data: &Path, file: &Path, faults: &[&str]) -> Outcome {
        let mut cmd = match self {
            Saver::Worker => {
                let mut c = Command::new(stress_bin());
                c.arg("save")
                    .arg("--album")
                    .arg(album)
                    .arg("--data-dir")
                    .arg(data)
                    .args(faults)
                    .arg(file);
                c
            }
            Saver::Cli(bin) => {
                assert!(faults.is_empty(), "the CLI takes no fault flags");
                let mut c = Command::new(bin);
                c.arg("--album")
                    .arg(album)
                    .arg("--data-dir")
                    .arg(data)
                    .arg("--json")
                    .args(["save", "--app", "stress-app", "--auth", "allow"])
                    .arg(file);
                c
            }
        };
        let out = cmd.stdin(Stdio::null()).output().expect("spawn saver");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let json = stdout
            .lines()
            .rev()
            .find_map(|l| serde_json::from_str::<Value>(l.trim()).ok())
            .unwrap_or(Value::Null);
        use std::os::unix::process::ExitStatusExt;
        Outcome {
            // Killed by a signal: minus its number.
            exit: out
                .status
                .code()
                .unwrap_or_else(|| -out.status.signal().unwrap_or(0)),
            json,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The album as the user and the index see it: visible names and (name → blake3) rows.
#[derive(Debug, PartialEq, Eq)]
pub struct Seen {
    pub files: std::collections::BTreeSet<String>,
    pub rows: std::collections::BTreeMap<String, String>,
}

/// Checks everything a failed or successful save must leave true, and returns what is there:
/// no partial picture under a real name and no temp file (checked before reopening), then the
/// album reopened needs no repair and its index and files agree.
pub fn check_album(root: &Path) -> Seen {
    use swan_testkit::{assert_consistent, partial_files, temp_files, visible_files};
    let partial = partial_files(root);
    assert!(partial.is_empty(), "partial pictures: {partial:?}");
    let temps = temp_files(root);
    assert!(temps.is_empty(), "temp files left: {temps:?}");
    let files = visible_files(root);
    let (album, report) =
        swan_store::Album::open(root, swan_store::AlbumOptions::default()).expect("reopen");
    assert!(
        !report.changed_anything(),
        "the album needed repair: {report}"
    );
    let rows = assert_consistent(&album);
    Seen { files, rows }
}

/// Writes a generated JPEG of `len` bytes to `dir/name`.
pub fn picture(dir: &Path, name: &str, len: u64, seed: u64) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, swan_bench::pictures::jpeg(len, seed)).unwrap();
    p
}
