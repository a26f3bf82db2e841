//! What the engine gets: each script's text and its name relative to the project root.

mod common;

use common::Fixture;
use swan_project::{Project, ProjectError, Script};

#[test]
fn page_and_app_scripts_are_named_from_the_root() {
    let f = Fixture::new();
    let p = Project::load(&f.root()).unwrap();
    assert_eq!(
        p.page_script("pages/index/index").unwrap(),
        Script {
            name: "pages/index/index.js".into(),
            source: "Page({});".into()
        }
    );
    assert_eq!(
        p.app_script().unwrap(),
        Some(Script {
            name: "app.js".into(),
            source: "App({});".into()
        })
    );
}

#[test]
fn app_js_is_optional() {
    let f = Fixture::new();
    std::fs::remove_file(f.root().join("app.js")).unwrap();
    assert_eq!(
        Project::load(&f.root()).unwrap().app_script().unwrap(),
        None
    );
}

#[test]
fn unlisted_route_is_refused_even_if_its_file_exists() {
    let f = Fixture::new();
    f.write("pages/secret/secret.js", "Page({});");
    let p = Project::load(&f.root()).unwrap();
    let e = p.page_script("pages/secret/secret").unwrap_err();
    assert!(matches!(e, ProjectError::PageNotListed { .. }), "{e:?}");
    assert!(e.to_string().contains("not listed in app.json"), "{e}");
}

#[test]
fn listed_route_without_a_script() {
    let f = Fixture::new();
    f.write(
        "app.json",
        r#"{"pages": ["pages/index/index", "pages/gone/gone"]}"#,
    );
    let p = Project::load(&f.root()).unwrap();
    let e = p.page_script("pages/gone/gone").unwrap_err();
    assert!(matches!(e, ProjectError::ScriptMissing { .. }), "{e:?}");
    assert!(e.to_string().contains("pages/gone/gone.js"), "{e}");
}

#[test]
fn script_that_is_not_utf8_is_refused() {
    let f = Fixture::new();
    std::fs::write(f.root().join("app.js"), b"App({name: '\xff'});").unwrap();
    let e = Project::load(&f.root()).unwrap().app_script().unwrap_err();
    assert!(matches!(e, ProjectError::NotUtf8 { .. }), "{e:?}");
    assert_eq!(e.to_string(), "app.js is not UTF-8 text");
}

/// Any script of the package by its path, for module loading.
#[test]
fn any_package_script_by_path() {
    let f = Fixture::new();
    f.write("utils/util.js", "module.exports = 1;");
    let p = Project::load(&f.root()).unwrap();
    let s = p.script("utils/util.js").unwrap().unwrap();
    assert_eq!(s.name, "utils/util.js");
    assert_eq!(p.script("utils/none.js").unwrap(), None);
    assert!(matches!(
        p.script("../app/app.js").unwrap_err(),
        ProjectError::BadRoute { .. }
    ));
}
