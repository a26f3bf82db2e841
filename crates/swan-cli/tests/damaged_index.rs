//! A damaged album index stops `album list` and `save` with a pointer to `album repair`
//! (exit 3, nothing lost), and `album repair` rebuilds it from the pictures.

mod common;

use common::{run, stderr, stdout};

#[test]
fn a_garbage_index_is_refused_until_album_repair_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let album = d.join("album");
    for name in ["png-alpha.png", "jpeg-exif.jpg"] {
        let pic = swan_testkit::fixture_path(name);
        let out = run(
            d,
            &[
                "save",
                "--app",
                "demo",
                "--auth",
                "allow",
                pic.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    let pictures = swan_testkit::file_hashes(&album);
    assert_eq!(pictures.len(), 2);

    let meta = album.join(".swan-album");
    for extra in ["index.sqlite-wal", "index.sqlite-shm"] {
        let _ = std::fs::remove_file(meta.join(extra));
    }
    std::fs::write(
        meta.join("index.sqlite"),
        b"this is not a database at all, just text where the index was".repeat(100),
    )
    .unwrap();

    let gif = swan_testkit::fixture_path("animated.gif");
    for args in [
        &["album", "list"][..],
        &[
            "save",
            "--app",
            "demo",
            "--auth",
            "allow",
            gif.to_str().unwrap(),
        ][..],
    ] {
        let out = run(d, args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {out:?}");
        assert!(stderr(&out).contains("album repair"), "{args:?}: {out:?}");
    }
    assert_eq!(
        swan_testkit::file_hashes(&album),
        pictures,
        "a refused command changed the pictures"
    );

    let out = run(d, &["album", "repair"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    let out = run(d, &["--json", "album", "list"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let listed: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let mut names: Vec<&str> = listed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    names.sort();
    let want: Vec<&str> = pictures.keys().map(String::as_str).collect();
    assert_eq!(names, want);
    assert_eq!(swan_testkit::file_hashes(&album), pictures);
}
