//! Issue 14-A5: scripts and config come from inside the package only. `..`, absolute paths and
//! symlinks that leave the folder are refused with an error naming the file; symlinks that stay
//! inside are followed.

mod common;

use common::Fixture;
use std::os::unix::fs::symlink;
use swan_project::{Project, ProjectError};

/// `<tmp>/elsewhere/evil.js`, beside the project.
fn evil(f: &Fixture) -> std::path::PathBuf {
    let dir = f.outside().join("elsewhere");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("evil.js");
    std::fs::write(&path, "globalThis.pwned = true;").unwrap();
    path
}

fn assert_escape(e: &ProjectError, file: &str) {
    match e {
        ProjectError::Escapes { file: f } => assert_eq!(f, file),
        other => panic!("expected Escapes for {file}, got {other:?}"),
    }
    assert!(e.to_string().contains("outside the project"), "{e}");
}

#[test]
fn dot_dot_route_listed_in_app_json_is_refused() {
    let f = Fixture::new();
    evil(&f);
    f.write(
        "app.json",
        r#"{"pages": ["pages/index/index", "../elsewhere/evil"]}"#,
    );
    let e = Project::load(&f.root()).unwrap_err();
    assert!(matches!(e, ProjectError::BadPageEntry { .. }), "{e:?}");
    assert!(e.to_string().contains("\"../elsewhere/evil\""), "{e}");
    assert!(e.to_string().starts_with("app.json: \"pages\""), "{e}");
}

#[test]
fn dot_dot_route_asked_for_is_refused() {
    let f = Fixture::new();
    evil(&f);
    let project = Project::load(&f.root()).unwrap();
    for route in [
        "../elsewhere/evil",
        "pages/../../elsewhere/evil",
        "/../elsewhere/evil",
    ] {
        let e = project.page_script(route).unwrap_err();
        assert!(matches!(e, ProjectError::BadRoute { .. }), "{route}: {e:?}");
        assert!(e.to_string().contains(route), "{e}");
    }
}

#[test]
fn odd_routes_listed_in_app_json_are_refused() {
    for route in [
        "pages/../pages/index/index",
        "./pages/index/index",
        "pages//index",
        "",
    ] {
        let f = Fixture::new();
        f.write(
            "app.json",
            &serde_json::json!({"pages": [route]}).to_string(),
        );
        let e = Project::load(&f.root()).unwrap_err();
        assert!(
            matches!(e, ProjectError::BadPageEntry { .. }),
            "{route}: {e:?}"
        );
    }
}

/// An absolute route in app.json is refused at load: the file at that path is never read.
#[test]
fn absolute_route_listed_in_app_json_is_refused() {
    let f = Fixture::new();
    let evil = evil(&f);
    let route = evil.with_extension("");
    let route = route.to_str().unwrap();
    f.write(
        "app.json",
        &serde_json::json!({"pages": [route]}).to_string(),
    );
    let e = Project::load(&f.root()).unwrap_err();
    assert!(matches!(e, ProjectError::BadPageEntry { .. }), "{e:?}");
    assert!(e.to_string().contains(route), "{e}");
}

/// Asked for with a leading `/` (Baidu's form for the package root), a route is a package path:
/// `/pages/index/index` is the listed page, and an absolute host path is not listed.
#[test]
fn leading_slash_means_the_package_root() {
    let f = Fixture::new();
    let evil = evil(&f);
    let project = Project::load(&f.root()).unwrap();
    let script = project.page_script("/pages/index/index").unwrap();
    assert_eq!(script.name, "pages/index/index.js");
    let route = evil.with_extension("");
    let e = project.page_script(route.to_str().unwrap()).unwrap_err();
    assert!(matches!(e, ProjectError::PageNotListed { .. }), "{e:?}");
}

#[test]
fn app_js_symlink_out_of_the_package_is_refused() {
    let f = Fixture::new();
    let evil = evil(&f);
    std::fs::remove_file(f.root().join("app.js")).unwrap();
    symlink(&evil, f.root().join("app.js")).unwrap();
    let project = Project::load(&f.root()).unwrap();
    assert_escape(&project.app_script().unwrap_err(), "app.js");

    std::fs::remove_file(f.root().join("app.js")).unwrap();
    symlink("../elsewhere/evil.js", f.root().join("app.js")).unwrap();
    assert_escape(&project.app_script().unwrap_err(), "app.js");
}

#[test]
fn page_script_symlink_out_of_the_package_is_refused() {
    let f = Fixture::new();
    evil(&f);
    let script = f.root().join("pages/index/index.js");
    std::fs::remove_file(&script).unwrap();
    symlink("../../../elsewhere/evil.js", &script).unwrap();
    let project = Project::load(&f.root()).unwrap();
    assert_escape(
        &project.page_script("pages/index/index").unwrap_err(),
        "pages/index/index.js",
    );
}

#[test]
fn symlinked_pages_folder_out_of_the_package_is_refused() {
    let f = Fixture::new();
    let elsewhere = f.outside().join("elsewhere/index");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("index.js"), "Page({});").unwrap();
    std::fs::remove_dir_all(f.root().join("pages")).unwrap();
    symlink("../elsewhere", f.root().join("pages")).unwrap();
    let project = Project::load(&f.root()).unwrap();
    assert_escape(
        &project.page_script("pages/index/index").unwrap_err(),
        "pages/index/index.js",
    );
}

#[test]
fn config_files_symlinked_out_of_the_package_are_refused() {
    let f = Fixture::new();
    std::fs::write(f.outside().join("config.json"), r#"{"appId": "victim"}"#).unwrap();
    symlink("../config.json", f.root().join("swan-album.json")).unwrap();
    assert_escape(&Project::load(&f.root()).unwrap_err(), "swan-album.json");

    std::fs::remove_file(f.root().join("swan-album.json")).unwrap();
    std::fs::write(f.outside().join("app.json"), r#"{"pages": []}"#).unwrap();
    std::fs::remove_file(f.root().join("app.json")).unwrap();
    symlink("/proc/self/cwd/../app.json", f.root().join("app.json")).unwrap();
    assert_escape(&Project::load(&f.root()).unwrap_err(), "app.json");
}

/// Symlinks that stay inside the package are fine: shared code in a folder is common.
#[test]
fn symlinks_inside_the_package_are_followed() {
    let f = Fixture::new();
    f.write("lib/app.js", "App({shared: true});");
    std::fs::remove_file(f.root().join("app.js")).unwrap();
    symlink("lib/app.js", f.root().join("app.js")).unwrap();
    let project = Project::load(&f.root()).unwrap();
    let script = project.app_script().unwrap().unwrap();
    assert_eq!(script.name, "app.js");
    assert_eq!(script.source, "App({shared: true});");
}

/// The scripts are read beneath the handle opened at load: renaming the folder and putting
/// another project in its place does not change what is read.
#[test]
fn scripts_come_from_the_folder_that_was_loaded() {
    let f = Fixture::new();
    let project = Project::load(&f.root()).unwrap();
    std::fs::rename(f.root(), f.outside().join("moved")).unwrap();
    f.write("pages/index/index.js", "globalThis.pwned = true;");
    let script = project.page_script("pages/index/index").unwrap();
    assert_eq!(script.source, "Page({});");
}
