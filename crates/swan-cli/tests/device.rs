//! `swan-album run --device FILE`: the page sees that phone; a bad file is refused before
//! anything runs, naming the field.

mod common;
use common::{run, stderr, stdout};
use std::path::Path;

fn project(dir: &Path) -> String {
    let p = dir.join("project");
    std::fs::create_dir_all(p.join("pages/index")).unwrap();
    std::fs::write(p.join("app.json"), r#"{"pages": ["pages/index/index"]}"#).unwrap();
    std::fs::write(p.join("swan-album.json"), r#"{"appId": "device-test"}"#).unwrap();
    std::fs::write(
        p.join("pages/index/index.js"),
        "Page({ run() { const s = swan.getSystemInfoSync(); \
         console.log(s.model, s.screenWidth, s.windowWidth); } });",
    )
    .unwrap();
    p.to_string_lossy().into_owned()
}

fn run_with_device(dir: &Path, device: Option<&str>) -> std::process::Output {
    let project = project(dir);
    let file = dir.join("device.json");
    let mut args = vec![
        "--json",
        "run",
        &project,
        "--page",
        "pages/index/index",
        "--call",
        "run",
    ];
    let file_arg = file.to_string_lossy().into_owned();
    if let Some(text) = device {
        std::fs::write(&file, text).unwrap();
        args.extend(["--device", &file_arg]);
    }
    run(dir, &args)
}

#[test]
fn the_page_sees_the_device_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_with_device(
        dir.path(),
        Some(r#"{"model": "Pixel 7", "screenWidth": 412}"#),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(r#""args":["Pixel 7",412,412]"#),
        "{}",
        stdout(&out)
    );
    let out = run_with_device(dir.path(), None);
    assert!(
        stdout(&out).contains(r#""args":["iPhone 8",375,375]"#),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_bad_device_file_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_with_device(dir.path(), Some(r#"{"screenWidth": "wide"}"#));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("field \"screenWidth\" must be a whole number"),
        "{}",
        stderr(&out)
    );
    let out = run_with_device(dir.path(), Some(r#"{"screenwidth": 412}"#));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown field \"screenwidth\""),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}
