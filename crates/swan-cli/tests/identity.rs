//! An app id belongs to the first project that runs as it: another folder declaring the same id
//! is refused (exit 3, both folders named) and reaches neither the grants nor the files, until
//! it adopts the id with `--adopt`; then the first project is the one refused.

mod common;

use common::{run, stderr, stdout};
use std::path::{Path, PathBuf};

const APP: &str = "shared-id";
const PAGE: &str = "pages/index/index";

/// Grants the album scope when called (with `--auth allow`).
const GRANTING: &str = "Page({ ok() { swan.authorize({ scope: 'scope.writePhotosAlbum', \
     success() { console.log('GRANTED'); } }); } });";

/// Prints what the app holds: its grants and the size of its user file `note.txt`.
const LOOKING: &str = "Page({ ok() { \
     swan.getSetting({ success(r) { console.log('SETTING ' + JSON.stringify(r.authSetting)); } }); \
     swan.getFileInfo({ filePath: 'bdfile://usr/note.txt', \
       success(r) { console.log('SIZE ' + r.size); }, fail(e) { console.log('NOFILE ' + e.errCode); } }); \
   } });";

fn project(dir: &Path, name: &str, page: &str) -> PathBuf {
    swan_testkit::project(dir, name, Some(APP), page)
}

fn run_page(dir: &Path, project: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "run",
        project.to_str().unwrap(),
        "--page",
        PAGE,
        "--call",
        "ok",
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

fn usr(dir: &Path) -> PathBuf {
    dir.join("data/apps").join(APP).join("usr")
}

/// Exit 3 with a message that names both folders, and no page code run.
fn assert_refused(out: &std::process::Output, owner: &Path, claimant: &Path) {
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let err = stderr(out);
    for folder in [owner, claimant] {
        let folder = std::fs::canonicalize(folder).unwrap();
        assert!(
            err.contains(folder.to_str().unwrap()),
            "{} not named in {err:?}",
            folder.display()
        );
    }
    assert!(
        !stdout(out).contains("console.log"),
        "page code ran: {out:?}"
    );
}

/// Projects A and B in `d`, both declaring [`APP`]; A has run, so the id is bound to it and
/// holds the album grant.
fn a_owns_the_id(d: &Path) -> (PathBuf, PathBuf) {
    let a = project(d, "a", GRANTING);
    let b = project(d, "b", LOOKING);
    let out = run_page(d, &a, &["--auth", "allow"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout(&out).contains("GRANTED"), "{out:?}");
    (a, b)
}

#[test]
fn a_second_project_with_the_same_app_id_is_refused_until_it_adopts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (a, b) = a_owns_the_id(d);
    std::fs::write(usr(d).join("note.txt"), b"hello").unwrap();

    let out = run_page(d, &b, &[]);
    assert_refused(&out, &a, &b);
    assert!(!stdout(&out).contains("SETTING") && !stdout(&out).contains("SIZE"));
    assert_eq!(std::fs::read(usr(d).join("note.txt")).unwrap(), b"hello");

    // Adopting hands B the id with A's grant and files.
    let out = run_page(d, &b, &["--adopt"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let printed = stdout(&out);
    assert!(
        printed.contains(r#"SETTING {"scope.writePhotosAlbum":true}"#),
        "{printed}"
    );
    assert!(printed.contains("SIZE 5"), "{printed}");

    // Now A is the stranger.
    let out = run_page(d, &a, &["--auth", "allow"]);
    assert_refused(&out, &b, &a);
    assert!(!stdout(&out).contains("GRANTED"));
}

#[test]
fn save_with_a_project_follows_the_same_rule() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (a, b) = a_owns_the_id(d);
    std::fs::copy(
        swan_testkit::fixture_path("png-alpha.png"),
        usr(d).join("pic.png"),
    )
    .unwrap();
    let save = |project: &Path, extra: &[&str]| {
        let mut args = vec!["save", "--app", APP, "--project", project.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.push("bdfile://usr/pic.png");
        run(d, &args)
    };

    let out = save(&b, &[]);
    assert_refused(&out, &a, &b);
    assert!(
        swan_testkit::visible_files(&d.join("album")).is_empty(),
        "a refused save put a picture in the album"
    );

    // The grant came with the id: no prompt needed (the default answer would dismiss it).
    let out = save(&b, &["--adopt"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let saved = swan_testkit::visible_files(&d.join("album"));
    assert_eq!(saved.len(), 1, "{saved:?}");
    let name = saved.iter().next().unwrap();
    assert_eq!(
        std::fs::read(d.join("album").join(name)).unwrap(),
        swan_testkit::fixture("png-alpha.png")
    );

    let out = save(&a, &[]);
    assert_refused(&out, &b, &a);
    assert_eq!(swan_testkit::visible_files(&d.join("album")).len(), 1);
}
