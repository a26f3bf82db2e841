//! The binary at its edges: a reader that has gone, page text that poses as the host, values
//! the command line must refuse, and where things live when no flag says.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::{BIN, stderr, swan};

use swan_testkit::fixture_path as fixture;

/// Runs `cmd` with stdout a pipe whose read end is already closed: every write to it fails
/// with EPIPE, as when `| head -1` has exited.
fn with_closed_stdout(mut cmd: Command) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    cmd.stdout(writer)
        .stderr(Stdio::piped())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn project(dir: &Path, page: &str) -> PathBuf {
    swan_testkit::project(dir, "project", None, page)
}

fn save(dir: &Path, n: usize) {
    for _ in 0..n {
        let out = swan(dir)
            .args(["save", "--app", "demo", "--auth", "allow"])
            .arg(fixture("png-alpha.png"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
}

#[test]
fn a_closed_stdout_ends_album_and_save_quietly() {
    let dir = tempfile::tempdir().unwrap();
    save(dir.path(), 3);
    for args in [
        &["album", "list"][..],
        &["--json", "album", "list"],
        &["album", "show", "1"],
        &["auth", "show"],
    ] {
        let mut cmd = swan(dir.path());
        cmd.args(args);
        let out = with_closed_stdout(cmd);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
    // The picture is saved all the same; only the report of it had nowhere to go.
    let mut cmd = swan(dir.path());
    cmd.args(["save", "--app", "demo", "--auth", "allow"])
        .arg(fixture("jpeg-exif.jpg"));
    let out = with_closed_stdout(cmd);
    assert_eq!((out.status.code(), stderr(&out)), (Some(0), String::new()));
    let list = swan(dir.path())
        .args(["--json", "album", "list"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list["entries"].as_array().unwrap().len(), 4);
    // An API failure keeps its exit status when its JSON answer cannot be written.
    let mut cmd = swan(dir.path());
    cmd.args(["--json", "save", "--app", "demo", "--auth", "allow"])
        .arg(dir.path().join("missing.png"));
    assert_eq!(with_closed_stdout(cmd).status.code(), Some(1));
    // clap's own output (help) too.
    let mut cmd = Command::new(BIN);
    cmd.arg("--help");
    let out = with_closed_stdout(cmd);
    assert_eq!((out.status.code(), stderr(&out)), (Some(0), String::new()));
}

#[test]
fn a_closed_stdout_ends_a_run_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(
        dir.path(),
        "Page({ chatty() { for (let i = 0; i < 2000; i++) console.log('line ' + i); \
         swan.showToast({ title: 'done' }); } });",
    );
    for json in [false, true] {
        let mut cmd = swan(dir.path());
        if json {
            cmd.arg("--json");
        }
        cmd.arg("run")
            .arg(&p)
            .args(["--page", "pages/index/index", "--call", "chatty"]);
        let out = with_closed_stdout(cmd);
        assert_eq!(
            (out.status.code(), stderr(&out)),
            (Some(0), String::new()),
            "json {json}"
        );
    }
}

/// The pipe a user writes: `swan-album run … | head -1`, in bash with pipefail so the status
/// seen is the binary's.
#[test]
fn a_closed_stdout_through_head() {
    if Command::new("bash").arg("-c").arg("true").output().is_err() {
        eprintln!("skipped: no bash");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = project(
        dir.path(),
        "Page({ chatty() { for (let i = 0; i < 20000; i++) console.log('line ' + i); } });",
    );
    // `head -1` exits after one line; 20000 lines overflow the pipe buffer, so the binary
    // meets the closed pipe whatever the scheduling.
    let script = "set -o pipefail; \"$0\" --album \"$1\" --data-dir \"$2\" run \"$3\" \
         --page pages/index/index --call chatty | head -1 >/dev/null";
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .arg(dir.path().join("album"))
        .arg(dir.path().join("data"))
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!((out.status.code(), stderr(&out)), (Some(0), String::new()));
}

/// What page code logs, toasts or throws cannot pass for the host's own lines in human output,
/// and comes back exactly as given with `--json`.
#[test]
fn page_text_cannot_pose_as_host_output() {
    let dir = tempfile::tempdir().unwrap();
    let forged = [
        "\nprompt: scope.writePhotosAlbum? allow",
        "\rswan.saveImageToPhotosAlbum: success {\"errMsg\":\"saveImageToPhotosAlbum:ok\"}",
        "\u{1b}[2K\u{1b}[1Gprompt: scope.writePhotosAlbum? allow",
        "\u{9b}31mC1 CSI\u{202e}reversed\u{2066}isolated",
    ];
    let page = format!(
        "const forged = {};\n\
         Page({{ pose() {{\n\
           forged.forEach(f => console.log(f));\n\
           console.warn('two', forged[0]);\n\
           swan.showToast({{ title: forged[0] }});\n\
           throw new Error(forged[2]);\n\
         }} }});",
        serde_json::to_string(&forged).unwrap()
    );
    let p = project(dir.path(), &page);
    let run = |json: bool| {
        let mut cmd = swan(dir.path());
        if json {
            cmd.arg("--json");
        }
        cmd.arg("run")
            .arg(&p)
            .args(["--page", "pages/index/index", "--call", "pose"])
            .output()
            .unwrap()
    };

    let out = run(false);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let stderr = stderr(&out);
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\t')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{name} carries a raw control or bidi character: {text:?}"
        );
    }
    // Every line is labelled by the host; the page's own lines say whose they are.
    for line in stdout.lines() {
        assert!(
            line.starts_with("console.log│ ")
                || line.starts_with("console.warn│ ")
                || line.starts_with("toast: \"")
                || line == "swan.showToast: success {\"errMsg\":\"showToast:ok\"}",
            "a stdout line the host did not label: {line:?}\n{stdout}"
        );
    }
    assert!(
        stdout.contains("console.log│ prompt: scope.writePhotosAlbum? allow\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("console.log│ \\u{1b}[2K\\u{1b}[1Gprompt:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\\u{9b}31mC1 CSI\\u{202e}reversed\\u{2066}isolated"),
        "{stdout}"
    );
    assert!(
        stdout.contains("toast: \"\\nprompt: scope.writePhotosAlbum? allow\""),
        "{stdout}"
    );
    for line in stderr.lines() {
        assert!(line.starts_with("uncaught│ "), "{line:?}\n{stderr}");
    }
    assert!(stderr.contains("\\u{1b}[2K"), "{stderr}");

    let out = run(true);
    assert_eq!(out.status.code(), Some(4));
    let events: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let logged: Vec<&str> = events
        .iter()
        .filter(|e| e["type"] == "console" && e["level"] == "log")
        .map(|e| e["args"][0].as_str().unwrap())
        .collect();
    assert_eq!(logged, forged);
    let toast = events.iter().find(|e| e["type"] == "toast").unwrap();
    assert_eq!(toast["title"], forged[0]);
}

#[test]
fn bad_values_are_usage_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path(), "Page({ ok() { console.log('fine'); } });");
    let p = p.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = swan(dir.path());
        cmd.args(["run", p, "--page", "pages/index/index", "--call", "ok"])
            .args(extra);
        cmd.output().unwrap()
    };
    for timeout in [
        "1e19", "1e300", "inf", "NaN", "0", "-1", "1e-300", "86401", "", "x", "30s",
    ] {
        let out = run(&[&format!("--timeout={timeout}")]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "--timeout {timeout:?}: {err}");
        assert!(
            err.contains("invalid value") && err.contains("--timeout"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
    assert_eq!(run(&["--timeout", "86400"]).status.code(), Some(0));
    assert_eq!(run(&["--timeout", "0.25"]).status.code(), Some(0));
    for event in ["{not json", "", "{\"a\":1}x", "[1,"] {
        let out = run(&[&format!("--event={event}")]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "--event {event:?}: {err}");
        assert!(err.contains("not JSON"), "{err}");
    }
    assert_eq!(
        run(&["--event", "{\"detail\":{\"x\":1}}"]).status.code(),
        Some(0)
    );
    for args in [
        &["save", "--app", "../x", "a.png"][..],
        &["save", "--app", "", "a.png"],
        &["auth", "reset", "--app", "a/b"],
        &["auth", "show", "--app", ".hidden"],
    ] {
        let out = swan(dir.path()).args(args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("invalid app id"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

/// `save --app x nosuchdir/a.png`: a folder that does not exist holds no such file, which the
/// API says (1001, exit 1) as for any missing file; the host itself is fine.
#[test]
fn a_missing_folder_is_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = swan(dir.path())
        .current_dir(dir.path())
        .args([
            "--json",
            "save",
            "--app",
            "x",
            "--auth",
            "allow",
            "nosuchdir/a.png",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (out.status.code(), v),
        (
            Some(1),
            serde_json::json!({"errCode": 1001, "errMsg": "can not find such file : a.png"})
        )
    );
    // A path through a file, and a bare name in the working folder, answer the same.
    std::fs::write(dir.path().join("plain"), "x").unwrap();
    for path in ["plain/a.png", "a.png"] {
        let out = swan(dir.path())
            .current_dir(dir.path())
            .args(["save", "--app", "x", "--auth", "allow", path])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{path}: {err}");
        assert!(err.contains("errCode 1001"), "{err}");
    }
    // `--project` naming no folder is the command line's mistake.
    let out = swan(dir.path())
        .args(["save", "--app", "x", "--project"])
        .arg(dir.path().join("nosuchdir"))
        .arg("a.png")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let album = dir.path().join("album");
    let pictures = std::fs::read_dir(&album)
        .map(|d| {
            d.filter(|e| {
                !e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count()
        })
        .unwrap_or(0);
    assert_eq!(pictures, 0);
}

/// Per-app state without `--data-dir`: `$SWAN_DATA_DIR`, else `$XDG_DATA_HOME/swan-album`.
#[test]
fn the_default_data_folder_follows_the_environment() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let deny = |envs: &[(&str, PathBuf)], flag: Option<PathBuf>| {
        let mut cmd = Command::new(BIN);
        cmd.arg("--album").arg(h.join("album"));
        if let Some(dir) = flag {
            cmd.arg("--data-dir").arg(dir);
        }
        cmd.args(["save", "--app", "demo", "--auth", "deny"])
            .arg(fixture("png-alpha.png"))
            .env_clear()
            .env("HOME", h)
            .env("XDG_DATA_HOME", h.join("xdg"));
        for (k, v) in envs {
            cmd.env(k, v);
        }
        assert_eq!(cmd.output().unwrap().status.code(), Some(1));
    };
    let decided = |data: PathBuf| data.join("auth.sqlite").is_file();
    deny(&[("SWAN_DATA_DIR", "".into())], None);
    assert!(decided(h.join("xdg/swan-album")), "empty counts as unset");
    deny(&[("SWAN_DATA_DIR", h.join("chosen"))], None);
    assert!(decided(h.join("chosen")));
    deny(&[("SWAN_DATA_DIR", h.join("chosen"))], Some(h.join("flag")));
    assert!(decided(h.join("flag")));
}

/// The album keeps the filePath the app gave; `album show` prints it escaped, so a name with a
/// bidi override cannot reorder what the user reads.
#[test]
fn album_show_escapes_the_source_path() {
    let dir = tempfile::tempdir().unwrap();
    let name = "photo\u{202e}gnp.exe";
    std::fs::copy(fixture("png-alpha.png"), dir.path().join(name)).unwrap();
    let out = swan(dir.path())
        .args(["save", "--app", "demo", "--auth", "allow"])
        .arg(dir.path().join(name))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = swan(dir.path())
        .args(["album", "show", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{202e}'), "{text}");
    assert!(
        text.contains("source             photo\\u{202e}gnp.exe\n"),
        "{text}"
    );
    let out = swan(dir.path())
        .args(["--json", "album", "show", "1"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sourcePath"], name);
}
