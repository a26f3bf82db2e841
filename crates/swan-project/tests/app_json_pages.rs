//! Issue 12: app.json `subPackages`/`subpackages`, `tabBar.list` and `window`, typed like every
//! other key (a wrong type names the key; unknown keys pass).

mod common;

use common::Fixture;
use swan_project::{Project, ProjectError};

fn load(app_json: &str) -> Result<Project, ProjectError> {
    let f = Fixture::new();
    f.write("app.json", app_json);
    f.write("pages/index/index.js", "Page({});");
    f.write("packageA/pages/detail/detail.js", "Page({ sub: 1 });");
    // The project reads through a handle on its folder: keep the folder for the test's life.
    let project = Project::load(&f.root());
    std::mem::forget(f);
    project
}

#[test]
fn subpackage_pages_are_routes_under_their_root_in_both_spellings() {
    for key in ["subPackages", "subpackages"] {
        let json = format!(
            r#"{{"pages": ["pages/index/index"], "{key}": [{{"root": "packageA/", "pages": ["pages/detail/detail"], "name": "a"}}],
               "tabBar": {{"list": [{{"pagePath": "/pages/index/index", "text": "Home"}}]}},
               "window": {{"navigationBarTitleText": "Demo"}}}}"#
        );
        let p = load(&json).unwrap();
        assert_eq!(
            p.pages,
            ["pages/index/index", "packageA/pages/detail/detail"]
        );
        assert_eq!(p.tab_pages, ["pages/index/index"]);
        assert_eq!(p.window["navigationBarTitleText"], "Demo");
        let script = p.page_script("/packageA/pages/detail/detail").unwrap();
        assert_eq!(script.name, "packageA/pages/detail/detail.js");
        assert!(matches!(
            p.page_script("packageA/pages/nope/nope"),
            Err(ProjectError::PageNotListed { .. })
        ));
    }
}

#[test]
fn wrong_types_name_the_key() {
    let cases = [
        (
            r#"{"subPackages": {}}"#,
            r#""subPackages" must be an array of {"root", "pages"} objects"#,
        ),
        (
            r#"{"subPackages": [{"pages": []}]}"#,
            r#""subPackages" must be an array of {"root", "pages"} objects"#,
        ),
        (
            r#"{"subPackages": [{"root": 1}]}"#,
            r#""subPackages.root" must be a string"#,
        ),
        (
            r#"{"subpackages": [{"root": "a", "pages": [1]}]}"#,
            r#""subpackages.pages" must be an array of strings"#,
        ),
        (r#"{"tabBar": []}"#, r#""tabBar" must be an object"#),
        (
            r#"{"tabBar": {"list": {}}}"#,
            r#""tabBar.list" must be an array of {"pagePath"} objects"#,
        ),
        (
            r#"{"tabBar": {"list": [{"pagePath": 3}]}}"#,
            r#""tabBar.list.pagePath" must be a string"#,
        ),
        (r#"{"window": "x"}"#, r#""window" must be an object"#),
    ];
    for (json, message) in cases {
        let e = load(json).unwrap_err();
        assert!(matches!(e, ProjectError::Config { .. }), "{json}: {e:?}");
        assert_eq!(e.to_string(), format!("app.json: {message}"), "{json}");
    }
}

#[test]
fn a_subpackage_page_that_climbs_out_is_refused() {
    let e = load(r#"{"pages": [], "subPackages": [{"root": "a", "pages": ["../../etc/x"]}]}"#)
        .unwrap_err();
    assert!(matches!(e, ProjectError::BadPageEntry { .. }), "{e:?}");
}
