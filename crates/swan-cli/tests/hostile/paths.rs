//! Paths, symlinks and URLs.

#![allow(unused_imports)]

use super::world::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `paths.txt` table, plus very long names and paths, and absolute paths of real files on
/// this machine (the project's own, the other app's, the album's, the binary): a leading `/` is
/// the code package root, so none of them is found.
#[test]
fn paths() {
    let w = World::new();
    let mut cases = table("paths.txt");
    let long = |n: usize| "a".repeat(n);
    cases.extend([
        // Very long names: 255 is a legal name that does not exist; beyond, ENAMETOOLONG.
        (format!("bdfile://usr/{}", long(255)), Expect::NotFound),
        (format!("bdfile://usr/{}", long(256)), Expect::NotFound),
        (
            format!("bdfile://usr/{}.png", long(10_000)),
            Expect::NotFound,
        ),
        (format!("bdfile://tmp_{}", long(300)), Expect::NotFound),
        (
            format!("bdfile://store_{}.jpg", long(5000)),
            Expect::NotFound,
        ),
        (long(100_000), Expect::NotFound),
        (
            format!("bdfile://tmp_a.{}", "p".repeat(11)),
            Expect::Illegal,
        ),
        // Very long paths: beyond PATH_MAX, and deep.
        (
            format!("bdfile://usr/{}x", "a/".repeat(3000)),
            Expect::NotFound,
        ),
        (format!("{}x", "d/".repeat(30_000)), Expect::NotFound),
        (
            format!("bdfile://usr/{}notes.txt", "./".repeat(20_000)),
            Expect::Refused,
        ),
        (
            format!("bdfile://usr/{}notes.txt", "dir/../".repeat(5000)),
            Expect::Refused,
        ),
        (
            format!("bdfile://usr/{}etc/passwd", "../".repeat(10_000)),
            Expect::Illegal,
        ),
        (
            format!("{}etc/passwd", "../".repeat(10_000)),
            Expect::Illegal,
        ),
        (
            format!("bdfile://usr/{}", "名".repeat(90)),
            Expect::NotFound,
        ),
        (
            format!("bdfile://usr/{}", "名".repeat(30_000)),
            Expect::NotFound,
        ),
    ]);
    let abs = |p: &Path| p.to_str().unwrap().to_string();
    for p in [
        w.project().join("images/ok.png"),
        w.project().join("images/notes.txt"),
        w.root().join("outside/real.png"),
        w.root().join("data/apps/victim/usr/secret.png"),
        w.app_dir().join("usr/notes.txt"),
        w.album(),
        w.root().join("data/auth.sqlite"),
        PathBuf::from(BIN),
        std::env::current_exe().unwrap(),
    ] {
        cases.push((abs(&p), Expect::NotFound));
    }
    for entry in std::fs::read_dir(w.album()).unwrap() {
        let p = entry.unwrap().path();
        cases.push((abs(&p), Expect::NotFound));
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        cases.push((format!("bdfile://usr/{name}"), Expect::NotFound));
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("paths", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// symlinks and special files

/// Links planted in every area of the app and in its code package. A link that leads out of
/// the area (absolute, relative, to another app, to the album, through `/proc`) is illegal (201)
/// whether or not its target exists; loops, dangling links inside, FIFOs, sockets and folders
/// are "no such file" (1001), and none of them may hang.
#[test]
fn symlinks() {
    let w = World::new();
    let usr = format!("data/apps/{APP}/usr");
    let victim_png = w.root().join("data/apps/victim/usr/secret.png");
    let outside_png = w.root().join("outside/real.png");
    let album_file = std::fs::read_dir(w.album())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .unwrap();
    let links: Vec<(String, PathBuf)> = vec![
        ("passwd".into(), "/etc/passwd".into()),
        ("outside_abs".into(), outside_png.clone()),
        ("outside_rel".into(), "../../../../outside/real.png".into()),
        ("victim_rel".into(), "../../victim/usr/secret.png".into()),
        ("victim_abs".into(), victim_png.clone()),
        ("etc".into(), "/etc".into()),
        ("root".into(), "/".into()),
        ("up".into(), "..".into()),
        ("up2".into(), "../..".into()),
        ("album_file".into(), album_file.clone()),
        ("album_dir".into(), w.album()),
        ("proc_root".into(), "/proc/self/root/etc/passwd".into()),
        ("proc_cwd".into(), "/proc/self/cwd".into()),
        ("dev_zero".into(), "/dev/zero".into()),
        ("dev_stdin".into(), "/dev/stdin".into()),
        ("dangling_abs".into(), "/nonexistent/x.png".into()),
        ("dangling_out".into(), "../../../nowhere.png".into()),
        ("chain1".into(), "chain2".into()),
        ("chain2".into(), "chain3".into()),
        ("chain3".into(), "/etc/passwd".into()),
        (
            "dir/deep_out".into(),
            "../../../victim/usr/secret.png".into(),
        ),
        ("loop".into(), "loop".into()),
        ("loop_a".into(), "loop_b".into()),
        ("loop_b".into(), "loop_a".into()),
        ("dir_loop".into(), "dir_loop/x".into()),
        ("dangling".into(), "missing.png".into()),
        ("to_dir".into(), "dir".into()),
        ("inside_notes".into(), "notes.txt".into()),
        ("dir/inside_up".into(), "../notes.txt".into()),
    ];
    for (name, target) in &links {
        w.link(target, &format!("{usr}/{name}"));
    }
    w.link(
        "../../victim/tmp/tmp_secret.png",
        &format!("data/apps/{APP}/tmp/tmp_victim.png"),
    );
    w.link("/etc/passwd", &format!("data/apps/{APP}/tmp/tmp_passwd"));
    w.link(
        &outside_png,
        &format!("data/apps/{APP}/tmp/tmp_outside.png"),
    );
    w.link(
        "../usr/notes.txt",
        &format!("data/apps/{APP}/tmp/tmp_sibling"),
    );
    w.link(
        "/etc/passwd",
        &format!("data/apps/{APP}/store/store_passwd.txt"),
    );
    w.link(
        "../../victim/store/store_secret.jpg",
        &format!("data/apps/{APP}/store/store_victim.jpg"),
    );
    w.link("/etc/passwd", "project/link_passwd");
    w.link("/etc", "project/link_etc");
    w.link("..", "project/link_up");
    w.link("../data", "project/link_data");
    w.link(&victim_png, "project/images/victim.png");
    w.link(&outside_png, "project/images/outside.png");
    w.link("../../outside/real.png", "project/images/outside_rel.png");
    w.link("loop", "project/loop");
    std::fs::create_dir_all(w.app_dir().join("store/store_dir")).unwrap();
    for fifo in [
        format!("{usr}/fifo"),
        format!("{usr}/fifo.png"),
        format!("data/apps/{APP}/tmp/tmp_fifo"),
        "project/images/fifo.png".into(),
    ] {
        let status = Command::new("mkfifo")
            .arg(w.root().join(fifo))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let _socket =
        std::os::unix::net::UnixListener::bind(w.app_dir().join("usr/socket.png")).unwrap();

    let mut cases: Vec<(String, Expect)> = Vec::new();
    let u = |s: &str| format!("bdfile://usr/{s}");
    for name in [
        "passwd",
        "outside_abs",
        "outside_rel",
        "victim_rel",
        "victim_abs",
        "etc/passwd",
        "etc/hostname",
        "root/etc/passwd",
        "up/tmp/tmp_x",
        "up/usr/notes.txt",
        "up2/victim/usr/secret.png",
        "album_file",
        "album_dir/.swan-album/index.sqlite",
        "proc_root",
        "proc_cwd/Cargo.toml",
        "dev_zero",
        "dev_stdin",
        "dangling_abs",
        "dangling_out",
        "chain1",
        "dir/deep_out",
        "to_dir/deep_out",
    ] {
        cases.push((u(name), Expect::Illegal));
    }
    for name in [
        "loop",
        "loop_a",
        "dir_loop",
        "dangling",
        "to_dir",
        "to_dir/",
        "fifo",
        "fifo.png",
        "socket.png",
        "dir",
        "dir/子目录",
    ] {
        cases.push((u(name), Expect::NotFound));
    }
    // Links that stay inside are followed: the target is found, then refused as not a picture.
    for name in ["inside_notes", "dir/inside_up", "to_dir/inner.txt"] {
        cases.push((u(name), Expect::Refused));
    }
    for (path, expect) in [
        ("bdfile://tmp_victim.png", Expect::Illegal),
        ("bdfile://tmp_passwd", Expect::Illegal),
        ("bdfile://tmp_outside.png", Expect::Illegal),
        ("bdfile://tmp_sibling", Expect::Illegal),
        ("bdfile://tmp_fifo", Expect::NotFound),
        ("bdfile://store_passwd.txt", Expect::Illegal),
        ("bdfile://store_victim.jpg", Expect::Illegal),
        ("bdfile://store_dir", Expect::NotFound),
        ("link_passwd", Expect::Illegal),
        ("/link_passwd", Expect::Illegal),
        ("link_etc/passwd", Expect::Illegal),
        ("link_up/outside/real.png", Expect::Illegal),
        ("link_data/apps/victim/usr/secret.png", Expect::Illegal),
        ("link_data/apps/hostile/usr/notes.txt", Expect::Illegal),
        ("images/victim.png", Expect::Illegal),
        ("images/outside.png", Expect::Illegal),
        ("images/outside_rel.png", Expect::Illegal),
        ("loop", Expect::NotFound),
        ("images/fifo.png", Expect::NotFound),
    ] {
        cases.push((path.to_string(), expect));
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("symlinks", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// urls

/// The `urls.txt` table, plus a very long URL and the data: URL of a real picture.
#[test]
fn urls() {
    let w = World::new();
    let mut cases = table("urls.txt");
    cases.push((
        format!("https://example.com/{}.png", "a".repeat(100_000)),
        Expect::NotFound,
    ));
    let png: String = fixture("png-alpha.png")
        .iter()
        .map(|b| format!("%{b:02X}"))
        .collect();
    cases.push((format!("data:image/png,{png}"), Expect::NotFound));
    let failures = w.check_saves(&cases);
    assert_no_failures("urls", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// non-images
