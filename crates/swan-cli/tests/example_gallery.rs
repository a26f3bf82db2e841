//! The README's multi-page example (`examples/gallery`) run as a developer runs it: modules, an
//! npm package, a component, storage, request through `--map-host`, navigation, a modal and the
//! save flow, driven by its script. Run twice: storage persists between runs.

mod common;

use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn gallery(dir: &Path, modal: &str) -> Vec<Value> {
    let example = repo().join("examples/gallery");
    let map = |host: &str| format!("{host}={}", example.join("mapped").join(host).display());
    let out = run(
        dir,
        &[
            "--json",
            "run",
            example.to_str().unwrap(),
            "--script",
            example.join("script.json").to_str().unwrap(),
            "--auth",
            "allow",
            "--modal",
            modal,
            "--map-host",
            &map("api.example.com"),
            "--map-host",
            &map("img.example.com"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn console(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e["type"] == "console")
        .map(|e| {
            e["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().map_or_else(|| a.to_string(), String::from))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn the_gallery_example_saves_a_downloaded_photo_and_remembers_it() {
    let dir = tempfile::tempdir().unwrap();
    let events = gallery(dir.path(), "confirm");
    let logs = console(&events);
    assert_eq!(logs[0], "launch 1");
    assert!(
        logs.contains(&"photos 湖边的早晨, Sunset over the bay".to_string()),
        "{logs:?}"
    );
    assert!(
        logs.contains(&"photo-card attached".to_string()),
        "{logs:?}"
    );
    // dayjs from node_modules, with its Chinese locale (an npm package requiring its parent).
    let saved = logs
        .iter()
        .find(|l| l.starts_with("saved "))
        .expect("the saved page showed");
    assert!(
        saved.starts_with("saved 湖边的早晨 (") && saved.contains('年') && saved.contains("星期"),
        "{saved}"
    );
    let navigations: Vec<_> = events
        .iter()
        .filter(|e| e["type"] == "navigate")
        .map(|e| (e["api"].as_str().unwrap(), e["to"].as_str().unwrap()))
        .collect();
    assert_eq!(
        navigations,
        [
            ("navigateTo", "pages/detail/detail"),
            ("switchTab", "pages/saved/saved")
        ]
    );
    let saved_call = events
        .iter()
        .find(|e| e["type"] == "api" && e["name"] == "saveImageToPhotosAlbum")
        .unwrap();
    assert_eq!(saved_call["outcome"], "success");
    // The picture in the album is the mapped file, byte for byte.
    let album: Vec<_> = std::fs::read_dir(dir.path().join("album"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "jpg"))
        .collect();
    assert_eq!(album.len(), 1);
    assert_eq!(
        std::fs::read(album[0].path()).unwrap(),
        std::fs::read(repo().join("examples/gallery/mapped/img.example.com/photos/lake.jpg"))
            .unwrap()
    );

    // A second run: the launch count and the saved list come from storage.
    let events = gallery(dir.path(), "cancel");
    let logs = console(&events);
    assert_eq!(logs[0], "launch 2");
    let modal = events.iter().find(|e| e["type"] == "modal").unwrap();
    assert_eq!(modal["answer"], json!("cancel"));
    assert!(
        !events.iter().any(|e| e["name"] == "downloadFile"),
        "cancelled: nothing downloaded"
    );
    let out = run(
        dir.path(),
        &["--json", "storage", "show", "--app", "example.gallery"],
    );
    let shown = stdout(&out);
    assert!(
        shown.contains("launches") && shown.contains("湖边的早晨"),
        "{shown}"
    );
}
