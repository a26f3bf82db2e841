//! `swan-album run --canvas ID=WxH`: a poster drawn by page code is exported at the size given
//! and saved to the album as a real PNG; a malformed flag is refused before anything runs.

mod common;
use common::{run, stderr, stdout};
use std::path::Path;

fn project(dir: &Path) -> String {
    let p = dir.join("project");
    std::fs::create_dir_all(p.join("pages/index")).unwrap();
    std::fs::write(p.join("app.json"), r#"{"pages": ["pages/index/index"]}"#).unwrap();
    std::fs::write(p.join("swan-album.json"), r#"{"appId": "canvas-test"}"#).unwrap();
    std::fs::write(
        p.join("pages/index/index.swan"),
        r#"<canvas canvas-id="poster" style="width: {{w}}px; height: 100%"></canvas>"#,
    )
    .unwrap();
    std::fs::write(
        p.join("pages/index/index.js"),
        "Page({ run() { const ctx = this.createCanvasContext('poster'); \
         ctx.setFillStyle('#336699'); ctx.fillRect(0, 0, 1000, 1000); \
         ctx.draw(false, () => swan.canvasToTempFilePath({ canvasId: 'poster', \
           success: r => swan.saveImageToPhotosAlbum({ filePath: r.tempFilePath }) })); } });",
    )
    .unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn the_flag_sizes_the_poster_that_lands_in_the_album() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let base = [
        "--json", "run", &project, "--call", "run", "--auth", "allow",
    ];
    let mut args = base.to_vec();
    args.extend(["--canvas", "poster=120x80"]);
    let out = run(dir.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("saveImageToPhotosAlbum:ok"), "{text}");
    assert!(!text.contains("canvasSize"), "{text}");
    let album = dir.path().join("album");
    let files: Vec<_> = std::fs::read_dir(&album)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
    // IHDR: 120x80 CSS px at pixel ratio 2.
    assert_eq!(&bytes[16..24], &[0, 0, 0, 240, 0, 0, 0, 160]);

    // Without the flag the size cannot be known: a notice, and Baidu's default.
    let out = run(dir.path(), &base);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(r#""what":"canvasSize""#),
        "{}",
        stdout(&out)
    );

    for bad in ["poster", "poster=0x5", "=1x1", "poster=axb"] {
        let mut args = base.to_vec();
        args.extend(["--canvas", bad]);
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("--canvas"), "{}", stderr(&out));
    }
}
