//! Module resolution on real folders: relative, rooted, extensionless, folders, JSON, npm
//! (miniprogram_npm and node_modules), and what is refused.

use std::path::Path;
use swan_project::{Project, ResolveError};

/// A project with the given files (path, content) beside a minimal app.json.
fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("app.json"), r#"{"pages": ["pages/index/index"]}"#).unwrap();
    for (path, text) in files {
        write(&root, path, text);
    }
    let project = Project::load(&root).unwrap();
    (dir, project)
}

fn write(root: &Path, path: &str, text: &str) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

const PAGE: &str = "pages/index/index.js";

#[test]
fn relative_rooted_extensionless_folders_and_json() {
    let (_dir, p) = project(&[
        (PAGE, ""),
        ("pages/index/helper.js", ""),
        ("utils/util.js", ""),
        ("utils/index.js", ""),
        ("lib/index.js", ""),
        ("data/config.json", "{}"),
        ("data/list/index.json", "[]"),
    ]);
    assert_eq!(
        p.resolve(PAGE, "./helper").unwrap(),
        "pages/index/helper.js"
    );
    assert_eq!(
        p.resolve(PAGE, "./helper.js").unwrap(),
        "pages/index/helper.js"
    );
    assert_eq!(
        p.resolve(PAGE, "../../utils/util").unwrap(),
        "utils/util.js"
    );
    assert_eq!(p.resolve(PAGE, "/utils/util.js").unwrap(), "utils/util.js");
    assert_eq!(p.resolve(PAGE, "/lib").unwrap(), "lib/index.js");
    assert_eq!(p.resolve(PAGE, "../../lib/").unwrap(), "lib/index.js");
    // `utils` is both a folder with an index and a sibling of util.js: the folder's index.
    assert_eq!(p.resolve("app.js", "./utils").unwrap(), "utils/index.js");
    assert_eq!(
        p.resolve("app.js", "./data/config.json").unwrap(),
        "data/config.json"
    );
    assert_eq!(
        p.resolve("app.js", "./data/config").unwrap(),
        "data/config.json"
    );
    assert_eq!(
        p.resolve("app.js", "./data/list").unwrap(),
        "data/list/index.json"
    );
    // Doubled slashes and `.` parts settle to the same file (one cache entry per file).
    assert_eq!(p.resolve(PAGE, "//utils/./util").unwrap(), "utils/util.js");
}

#[test]
fn missing_files_name_the_specifier_and_the_requirer() {
    let (_dir, p) = project(&[(PAGE, "")]);
    let e = p.resolve(PAGE, "./nope").unwrap_err();
    assert!(matches!(e, ResolveError::NotFound { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "Cannot find module './nope' from 'pages/index/index.js'"
    );
    assert!(matches!(
        p.resolve(PAGE, ""),
        Err(ResolveError::NotFound { .. })
    ));
}

#[test]
fn climbing_out_of_the_package_is_refused_by_name() {
    let (dir, p) = project(&[(PAGE, "")]);
    std::fs::write(dir.path().join("outside.js"), "secret").unwrap();
    let e = p.resolve(PAGE, "../../../outside").unwrap_err();
    assert!(matches!(e, ResolveError::Escapes { .. }), "{e:?}");
    assert!(e.to_string().contains("'../../../outside'"), "{e}");
    assert!(e.to_string().contains("outside the package"), "{e}");
    assert!(matches!(
        p.resolve("app.js", "/../outside"),
        Err(ResolveError::Escapes { .. })
    ));
}

#[test]
fn a_symlink_leading_out_is_refused() {
    let (dir, p) = project(&[(PAGE, "")]);
    std::fs::write(dir.path().join("outside.js"), "secret").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("outside.js"),
        dir.path().join("app/pages/index/link.js"),
    )
    .unwrap();
    let e = p.resolve(PAGE, "./link").unwrap_err();
    assert!(matches!(e, ResolveError::Escapes { .. }), "{e:?}");
    // A symlink that stays inside is followed.
    std::os::unix::fs::symlink("index.js", dir.path().join("app/pages/index/alias.js")).unwrap();
    assert_eq!(p.resolve(PAGE, "./alias").unwrap(), "pages/index/alias.js");
}

#[test]
fn npm_from_miniprogram_npm_searched_upward() {
    let (_dir, p) = project(&[
        (PAGE, ""),
        ("miniprogram_npm/dayjs/index.js", ""),
        ("miniprogram_npm/@vant/weapp/button/index.js", ""),
        ("pages/miniprogram_npm/dayjs/index.js", ""),
    ]);
    // The nearest miniprogram_npm wins, as in the devtools.
    assert_eq!(
        p.resolve(PAGE, "dayjs").unwrap(),
        "pages/miniprogram_npm/dayjs/index.js"
    );
    assert_eq!(
        p.resolve("app.js", "dayjs").unwrap(),
        "miniprogram_npm/dayjs/index.js"
    );
    assert_eq!(
        p.resolve(PAGE, "@vant/weapp/button/index").unwrap(),
        "miniprogram_npm/@vant/weapp/button/index.js"
    );
}

#[test]
fn npm_from_node_modules_through_miniprogram_main_or_index() {
    let (_dir, p) = project(&[
        (PAGE, ""),
        (
            "node_modules/mp-lib/package.json",
            r#"{"main": "lib/node.js", "miniprogram": "miniprogram_dist"}"#,
        ),
        ("node_modules/mp-lib/lib/node.js", ""),
        ("node_modules/mp-lib/miniprogram_dist/index.js", ""),
        ("node_modules/mp-lib/miniprogram_dist/extra.js", ""),
        (
            "node_modules/plain/package.json",
            r#"{"main": "./dist/plain"}"#,
        ),
        ("node_modules/plain/dist/plain.js", ""),
        ("node_modules/plain/util.js", ""),
        ("node_modules/bare/index.js", ""),
        ("node_modules/odd/package.json", r#"{"main": 5}"#),
        ("node_modules/odd/index.js", ""),
    ]);
    assert_eq!(
        p.resolve(PAGE, "mp-lib").unwrap(),
        "node_modules/mp-lib/miniprogram_dist/index.js"
    );
    assert_eq!(
        p.resolve(PAGE, "mp-lib/extra").unwrap(),
        "node_modules/mp-lib/miniprogram_dist/extra.js"
    );
    assert_eq!(
        p.resolve(PAGE, "plain").unwrap(),
        "node_modules/plain/dist/plain.js"
    );
    assert_eq!(
        p.resolve(PAGE, "plain/util").unwrap(),
        "node_modules/plain/util.js"
    );
    assert_eq!(
        p.resolve(PAGE, "bare").unwrap(),
        "node_modules/bare/index.js"
    );
    // A `main` that is not a string is ignored, as npm does.
    assert_eq!(p.resolve(PAGE, "odd").unwrap(), "node_modules/odd/index.js");
}

#[test]
fn a_built_package_is_preferred_to_node_modules() {
    let (_dir, p) = project(&[
        (PAGE, ""),
        ("miniprogram_npm/dayjs/index.js", ""),
        (
            "node_modules/dayjs/package.json",
            r#"{"main": "dayjs.min.js"}"#,
        ),
        ("node_modules/dayjs/dayjs.min.js", ""),
    ]);
    assert_eq!(
        p.resolve(PAGE, "dayjs").unwrap(),
        "miniprogram_npm/dayjs/index.js"
    );
}

#[test]
fn a_missing_package_says_npm_install() {
    let (_dir, p) = project(&[(PAGE, "")]);
    let e = p.resolve(PAGE, "lodash/debounce").unwrap_err();
    match &e {
        ResolveError::PackageMissing { name, .. } => assert_eq!(name, "lodash"),
        other => panic!("{other:?}"),
    }
    let text = e.to_string();
    assert!(text.contains("'lodash'"), "{text}");
    assert!(text.contains("npm install"), "{text}");
    assert!(text.contains("pages/index/index.js"), "{text}");
}

#[test]
fn a_package_without_entry_or_with_bad_manifest_says_so() {
    let (_dir, p) = project(&[
        (PAGE, ""),
        ("node_modules/empty/package.json", r#"{"main": "gone.js"}"#),
        ("node_modules/broken/package.json", "{not json"),
        (
            "node_modules/sneaky/package.json",
            r#"{"miniprogram": "../../.."}"#,
        ),
    ]);
    let e = p.resolve(PAGE, "empty").unwrap_err();
    assert!(matches!(e, ResolveError::PackageEntry { .. }), "{e:?}");
    assert!(e.to_string().contains("node_modules/empty"), "{e}");
    let e = p.resolve(PAGE, "broken").unwrap_err();
    assert!(
        e.to_string().contains("node_modules/broken/package.json"),
        "{e}"
    );
    let e = p.resolve(PAGE, "sneaky").unwrap_err();
    assert!(matches!(e, ResolveError::Escapes { .. }), "{e:?}");
    let e = p.resolve(PAGE, "empty/../../../../x").unwrap_err();
    assert!(matches!(e, ResolveError::Escapes { .. }), "{e:?}");
}

#[test]
fn a_bare_path_that_is_no_package_is_relative_to_the_requirer() {
    // WeChat-converted programs write `require('util.js')` for a sibling file.
    let (_dir, p) = project(&[(PAGE, ""), ("pages/index/util.js", "")]);
    assert_eq!(p.resolve(PAGE, "util.js").unwrap(), "pages/index/util.js");
    assert_eq!(p.resolve(PAGE, "util").unwrap(), "pages/index/util.js");
}

#[test]
fn a_fifo_module_is_refused_not_skipped() {
    let (dir, p) = project(&[(PAGE, "")]);
    let fifo = dir.path().join("app/pages/index/pipe.js");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let e = p.resolve(PAGE, "./pipe").unwrap_err();
    assert!(e.to_string().contains("FIFO"), "{e}");
}
