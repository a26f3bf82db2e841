//! Issue 14-A3: a FIFO (or directory) named like a project file is refused at once, naming the
//! file, instead of blocking the load forever.

mod common;

use common::{Fixture, within_deadline};
use swan_project::{FileKind, Project, ProjectError};

fn assert_not_regular(e: &ProjectError, file: &str, kind: FileKind) {
    match e {
        ProjectError::NotRegularFile { file: f, kind: k } => {
            assert_eq!((f.as_str(), *k), (file, kind), "{e}")
        }
        other => panic!("expected NotRegularFile for {file}, got {other:?}"),
    }
    assert!(e.to_string().contains(file), "{e}");
    assert!(e.to_string().contains("regular file"), "{e}");
}

#[test]
fn fifo_app_json_is_refused_without_blocking() {
    let f = Fixture::new();
    f.fifo("app.json");
    let root = f.root();
    let e = within_deadline(move || Project::load(&root)).unwrap_err();
    assert_not_regular(&e, "app.json", FileKind::Fifo);
}

#[test]
fn fifo_swan_album_json_is_refused_without_blocking() {
    let f = Fixture::new();
    f.fifo("swan-album.json");
    let root = f.root();
    let e = within_deadline(move || Project::load(&root)).unwrap_err();
    assert_not_regular(&e, "swan-album.json", FileKind::Fifo);
}

#[test]
fn fifo_app_js_is_refused_without_blocking() {
    let f = Fixture::new();
    f.fifo("app.js");
    let project = Project::load(&f.root()).unwrap();
    let e = within_deadline(move || project.app_script()).unwrap_err();
    assert_not_regular(&e, "app.js", FileKind::Fifo);
}

#[test]
fn fifo_page_script_is_refused_without_blocking() {
    let f = Fixture::new();
    f.fifo("pages/index/index.js");
    let project = Project::load(&f.root()).unwrap();
    let e = within_deadline(move || project.page_script("pages/index/index")).unwrap_err();
    assert_not_regular(&e, "pages/index/index.js", FileKind::Fifo);
}

/// A symlink inside the package to a FIFO inside the package: followed, and still refused.
#[test]
fn symlink_to_a_fifo_is_refused_without_blocking() {
    let f = Fixture::new();
    f.fifo("pipe");
    std::fs::remove_file(f.root().join("app.js")).unwrap();
    std::os::unix::fs::symlink("pipe", f.root().join("app.js")).unwrap();
    let project = Project::load(&f.root()).unwrap();
    let e = within_deadline(move || project.app_script()).unwrap_err();
    assert_not_regular(&e, "app.js", FileKind::Fifo);
}

#[test]
fn directory_named_app_json_is_refused() {
    let f = Fixture::new();
    std::fs::remove_file(f.root().join("app.json")).unwrap();
    std::fs::create_dir(f.root().join("app.json")).unwrap();
    let e = Project::load(&f.root()).unwrap_err();
    assert_not_regular(&e, "app.json", FileKind::Directory);
}

#[test]
fn directory_named_like_a_page_script_is_refused() {
    let f = Fixture::new();
    std::fs::remove_file(f.root().join("pages/index/index.js")).unwrap();
    std::fs::create_dir(f.root().join("pages/index/index.js")).unwrap();
    let project = Project::load(&f.root()).unwrap();
    let e = project.page_script("pages/index/index").unwrap_err();
    assert_not_regular(&e, "pages/index/index.js", FileKind::Directory);
}

/// A character device reached through an absolute symlink is refused as an escape before it is
/// ever opened (devices cannot be made here without root; a FIFO covers the blocking case).
#[test]
fn symlink_to_a_device_is_refused() {
    let f = Fixture::new();
    std::fs::remove_file(f.root().join("app.js")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", f.root().join("app.js")).unwrap();
    let project = Project::load(&f.root()).unwrap();
    let e = within_deadline(move || project.app_script()).unwrap_err();
    assert!(matches!(e, ProjectError::Escapes { .. }), "{e:?}");
}
