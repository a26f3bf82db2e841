//! The real binary, run as a user would: real folders, real exit codes, real output.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

use swan_testkit::fixture_path as fixture;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn album(&self) -> PathBuf {
        self.dir.path().join("album")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_swan-album"))
            .arg("--album")
            .arg(self.album())
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env_remove("SWAN_ALBUM")
            .output()
            .unwrap()
    }

    fn json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let value =
            serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout:?}"));
        (out.status.code().unwrap(), value)
    }

    fn copy(&self, fixture_name: &str, as_name: &str) -> String {
        let to = self.dir.path().join(as_name);
        std::fs::copy(fixture(fixture_name), &to).unwrap();
        to.to_str().unwrap().to_string()
    }

    fn album_files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.album())
            .map(|d| {
                d.map(|e| e.unwrap().file_name().into_string().unwrap())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

#[test]
fn save_stores_the_bytes_under_the_sniffed_extension() {
    let env = Env::new();
    for (fixture_name, as_name, ext) in [
        ("jpeg-exif.jpg", "photo.jpg", "jpg"),
        ("jpeg-exif.jpg", "no-extension", "jpg"),
        ("png-alpha.png", "lies.gif", "png"),
        ("image.heic", "phone picture.heic", "heic"),
        ("animated.webp", "动图.webp", "webp"),
    ] {
        let path = env.copy(fixture_name, as_name);
        let (code, v) = env.json(&["save", "--app", "demo", "--auth", "allow", &path]);
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["errMsg"], "saveImageToPhotosAlbum:ok");
        let stored = PathBuf::from(v["entry"]["path"].as_str().unwrap());
        assert_eq!(stored.extension().unwrap(), ext, "{as_name}");
        assert_eq!(
            std::fs::read(stored).unwrap(),
            std::fs::read(fixture(fixture_name)).unwrap()
        );
    }
    assert_eq!(env.album_files().len(), 5);
}

#[test]
fn human_output_and_album_commands() {
    let env = Env::new();
    let path = env.copy("jpeg-exif.jpg", "a.jpg");
    let out = env.run(&["save", "--app", "demo", "--auth", "allow", &path]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("saved: "), "{text}");
    assert!(text.contains("jpeg"), "{text}");

    let (code, list) = env.json(&["album", "list"]);
    assert_eq!(code, 0);
    let entries = list["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    let id = entries[0]["id"].as_i64().unwrap();
    let (code, show) = env.json(&["album", "show", &id.to_string()]);
    assert_eq!(code, 0);
    assert_eq!(show["format"], "jpeg");
    assert_eq!(show["mime"], "image/jpeg");
    assert_eq!(show["appId"], "demo");
    assert_eq!(show["orientation"], 6);
    assert_eq!(
        show["byteSize"],
        std::fs::metadata(fixture("jpeg-exif.jpg")).unwrap().len()
    );
    let out = env.run(&["album", "show", &id.to_string()]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("image/jpeg")
    );
    let out = env.run(&["album", "show", "999"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_denial_is_remembered_until_reset() {
    let env = Env::new();
    let path = env.copy("png-alpha.png", "a.png");
    let (code, v) = env.json(&["save", "--app", "demo", "--auth", "deny", &path]);
    assert_eq!(
        (code, v),
        (
            1,
            serde_json::json!({"errCode": 10003, "errMsg": "user deny"})
        )
    );
    // The next run would allow, but is never asked.
    let (code, v) = env.json(&["save", "--app", "demo", "--auth", "allow", &path]);
    assert_eq!((code, v["errCode"].clone()), (1, 10003.into()));
    let (_, shown) = env.json(&["auth", "show"]);
    assert_eq!(
        shown["authSetting"]["demo"]["scope.writePhotosAlbum"],
        false
    );
    // Another app is not affected.
    assert_eq!(
        env.json(&["save", "--app", "other", "--auth", "allow", &path])
            .0,
        0
    );
    assert_eq!(env.json(&["auth", "reset", "--app", "demo"]).0, 0);
    assert_eq!(
        env.json(&["save", "--app", "demo", "--auth", "allow", &path])
            .0,
        0
    );
    assert_eq!(env.album_files().len(), 2);
}

#[test]
fn no_terminal_means_the_prompt_is_dismissed() {
    let env = Env::new();
    let path = env.copy("png-alpha.png", "a.png");
    let out = env.run(&["save", "--app", "demo", &path]); // --auth ask, stdin not a terminal
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no terminal"), "{err}");
    assert!(err.contains("errCode 10003"), "{err}");
}

#[test]
fn failures_print_the_spec_codes_and_leave_the_album_alone() {
    let env = Env::new();
    let text = env.copy("not-image.txt", "fake.png");
    let (code, v) = env.json(&["save", "--app", "demo", "--auth", "allow", &text]);
    assert_eq!(
        (code, v),
        (
            1,
            serde_json::json!({"errCode": 1001, "errMsg": "can not save to album : fake.png"})
        )
    );
    let missing = env.dir.path().join("missing.png");
    let (code, v) = env.json(&[
        "save",
        "--app",
        "demo",
        "--auth",
        "allow",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(
        (code, v["errCode"].clone(), v["errMsg"].clone()),
        (
            1,
            1001.into(),
            "can not find such file : missing.png".into()
        )
    );
    let project = env.dir.path().to_str().unwrap();
    for (path, code, msg) in [
        (
            "bdfile://usr/../../etc/passwd",
            201,
            "Illegal file_path : bdfile://usr/../../etc/passwd",
        ),
        ("/etc/passwd", 1001, "can not find such file : /etc/passwd"),
        (
            "https://b.bdstatic.com/a.png",
            1001,
            "can not find such file : https://b.bdstatic.com/a.png",
        ),
        (
            "bdfile://tmp_nothing",
            1001,
            "can not find such file : bdfile://tmp_nothing",
        ),
    ] {
        let (exit, v) = env.json(&[
            "save",
            "--app",
            "demo",
            "--auth",
            "allow",
            "--project",
            project,
            path,
        ]);
        assert_eq!(
            (exit, v["errCode"].clone(), v["errMsg"].clone()),
            (1, code.into(), msg.into()),
            "{path}"
        );
    }
    assert!(env.album_files().is_empty());
    let out = env.run(&["save", "--auth", "allow", &text]);
    assert_eq!(out.status.code(), Some(2), "missing --app is a usage error");
}

#[test]
fn the_album_location_comes_from_the_environment_and_repairs_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let album = dir.path().join("from-env");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_swan-album"))
            .args(["--data-dir", dir.path().join("data").to_str().unwrap()])
            .args(args)
            .env("SWAN_ALBUM", &album)
            .output()
            .unwrap()
    };
    let out = run(&[
        "save",
        "--app",
        "demo",
        "--auth",
        "allow",
        fixture("animated.gif").to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<_> = std::fs::read_dir(&album)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let picture = names
        .iter()
        .find(|n| n.to_string_lossy().ends_with(".gif"))
        .unwrap();
    std::fs::remove_file(album.join(picture)).unwrap();
    let out = run(&["album", "list"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("1 row(s) without a file dropped")
    );
}

#[test]
fn dedupe_returns_the_existing_entry() {
    let env = Env::new();
    let path = env.copy("png-alpha.png", "a.png");
    let (_, first) = env.json(&[
        "save", "--app", "demo", "--auth", "allow", "--dedupe", &path,
    ]);
    let (_, second) = env.json(&[
        "save", "--app", "demo", "--auth", "allow", "--dedupe", &path,
    ]);
    assert_eq!(first["existing"], false);
    assert_eq!(second["existing"], true);
    assert_eq!(first["entry"]["id"], second["entry"]["id"]);
    assert_eq!(env.album_files().len(), 1);
}

/// `--auth ask` on a real terminal: `script` gives the binary a pseudo-terminal, and the
/// answer is typed into it.
#[test]
fn ask_prompts_on_a_terminal_and_takes_the_answer() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    for (typed, expect_saved) in [("y\n", true), ("n\n", false)] {
        let env = Env::new();
        let path = env.copy("png-alpha.png", "a.png");
        let command = format!(
            "{} --album {} --data-dir {} save --app asker {}",
            env!("CARGO_BIN_EXE_swan-album"),
            env.album().display(),
            env.dir.path().join("data").display(),
            path
        );
        let mut child = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(typed.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let screen = String::from_utf8_lossy(&out.stdout);
        assert!(
            screen.contains("asks for scope.writePhotosAlbum. Allow?"),
            "{screen}"
        );
        assert_eq!(out.status.success(), expect_saved, "{screen}");
        assert_eq!(env.album_files().len(), usize::from(expect_saved));
    }
}

/// Where the album lives without `--album`: `$SWAN_ALBUM`, else the Pictures folder (the
/// `XDG_PICTURES_DIR` variable, else `user-dirs.dirs`) plus `Swan`, else
/// `$XDG_DATA_HOME/swan-album/album`.
#[test]
fn the_default_album_follows_the_user_folders() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let save = |extra: &[(&str, std::path::PathBuf)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_swan-album"));
        cmd.args([
            "--json",
            "save",
            "--app",
            "demo",
            "--auth",
            "allow",
            fixture("png-alpha.png").to_str().unwrap(),
        ])
        .env_clear()
        .env("HOME", h)
        .env("XDG_CONFIG_HOME", h.join("config"))
        .env("XDG_DATA_HOME", h.join("data"));
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        PathBuf::from(v["entry"]["path"].as_str().unwrap())
            .parent()
            .unwrap()
            .to_path_buf()
    };
    assert_eq!(
        save(&[]),
        h.join("data/swan-album/album"),
        "no Pictures folder on a headless box"
    );
    std::fs::create_dir_all(h.join("config")).unwrap();
    std::fs::write(
        h.join("config/user-dirs.dirs"),
        "XDG_PICTURES_DIR=\"$HOME/Bilder\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(h.join("Bilder")).unwrap();
    assert_eq!(save(&[]), h.join("Bilder/Swan"));
    assert_eq!(
        save(&[("XDG_PICTURES_DIR", h.join("Photos"))]),
        h.join("Photos/Swan")
    );
    assert_eq!(save(&[("SWAN_ALBUM", h.join("chosen"))]), h.join("chosen"));
}
