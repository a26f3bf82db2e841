//! `SandboxPath::parse` and `Sandbox::open_file` on arbitrary strings.
//!
//! One sandbox is built once, in a temp dir, with files in every area plus the usual traps:
//! symlinks that escape (absolute, relative, to another app, to a directory outside), symlink
//! loops, a FIFO, directories, and another app whose files have the same names as ours.
//!
//! Properties:
//! - `parse` is lexical and total: a network URL keeps the input verbatim; temp/store names are
//!   one plain component; usr/package paths are normalised (no `.`/`..`/empty segments, no
//!   leading `/`); nothing with a control character or a backslash is accepted as a file path.
//! - `open_file` agrees with `parse` (network ↔ network, illegal → illegal).
//! - Whatever `open_file` returns is a regular file whose (device, inode) is one of the files
//!   planted *inside* this app's areas — never `/etc/hostname`, a file outside the sandbox or
//!   another app's file — and it reports the path it was given.
//! - It never hangs (FIFO) and never reports an I/O error for this tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use swan_sandbox::{Adopt, AppId, Package, PathError, Resolved, Sandbox, SandboxPath};

struct World {
    sandbox: Sandbox,
    /// (dev, ino) of every regular file inside the app's own areas and its code package.
    inside: HashSet<(u64, u64)>,
    /// (dev, ino) of files the app must never get (for a clearer panic message).
    outside: HashSet<(u64, u64)>,
    _dir: tempfile::TempDir,
}

fn write(p: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn link(target: &str, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    symlink(target, at).unwrap();
}

fn id_of(p: &Path) -> (u64, u64) {
    let m = std::fs::metadata(p).unwrap();
    (m.dev(), m.ino())
}

/// Regular files (not following symlinks) under `dir`.
fn regular_files(dir: &Path, out: &mut HashSet<(u64, u64)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let m = std::fs::symlink_metadata(e.path()).unwrap();
        if m.is_dir() {
            regular_files(&e.path(), out);
        } else if m.is_file() {
            out.insert((m.dev(), m.ino()));
        }
    }
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let data = root.join("data");
    let project = root.join("project");
    let app: AppId = "fuzz".parse().unwrap();
    let other: AppId = "other".parse().unwrap();
    std::fs::create_dir_all(&project).unwrap();
    drop(Sandbox::open(&data, &other, Package::None).unwrap());
    let package = Package::Project {
        root: &project,
        adopt: Adopt::No,
    };
    let sandbox = Sandbox::open(&data, &app, package).unwrap();

    let me = data.join("apps/fuzz");
    let them = data.join("apps/other");
    let outside = root.join("outside");
    write(&outside.join("secret"), b"outside");
    write(&them.join("tmp/tmp_a.png"), b"other tmp");
    write(&them.join("tmp/tmp_x"), b"other tmp x");
    write(&them.join("store/store_a.jpg"), b"other store");
    write(&them.join("usr/a.png"), b"other usr");
    write(&them.join("usr/secret.png"), b"other secret");

    write(&me.join("tmp/tmp_a.png"), b"tmp a");
    write(&me.join("tmp/tmp_b"), b"tmp b");
    write(&me.join("store/store_a.jpg"), b"store a");
    write(&me.join("usr/a.png"), b"usr a");
    write(&me.join("usr/dir/b.txt"), b"usr b");
    write(&me.join("usr/dir/sub/c.bin"), b"usr c");
    write(&me.join("usr/..a"), b"dots");
    write(&me.join("usr/名前.png"), b"unicode");
    write(&project.join("app.json"), b"{}");
    write(&project.join("images/a.png"), b"package a");
    write(&project.join("pages/index/index.js"), b"Page({})");

    // Escapes: absolute, relative, to another app, to a directory outside, up and out.
    link("/etc/hostname", &me.join("usr/esc_abs"));
    link("/etc", &me.join("usr/esc_etc"));
    link("../../../../outside/secret", &me.join("usr/esc_rel"));
    link("../../other/usr/secret.png", &me.join("usr/esc_other"));
    link(
        them.join("usr/a.png").to_str().unwrap(),
        &me.join("usr/esc_other_abs"),
    );
    link("../../../other/tmp/tmp_x", &me.join("tmp/tmp_esc"));
    link("/etc/hostname", &me.join("store/store_esc.txt"));
    link("../..", &me.join("usr/dir/up2"));
    link("..", &project.join("up"));
    link("../data", &project.join("data"));
    link("/etc/hostname", &project.join("images/esc.png"));
    // Inside: legitimate links.
    link("a.png", &me.join("usr/in_link"));
    link("dir", &me.join("usr/dir_link"));
    link("../a.png", &me.join("usr/dir/parent_link"));
    link("images/a.png", &project.join("img_link"));
    // Loops and dangling.
    link("loop", &me.join("usr/loop"));
    link("l2", &me.join("usr/l1"));
    link("l1", &me.join("usr/l2"));
    link("missing", &me.join("usr/dangling"));
    // Not regular files.
    let fifo = std::ffi::CString::new(me.join("usr/fifo").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::fs::create_dir_all(me.join("usr/empty_dir")).unwrap();

    let mut inside = HashSet::new();
    for area in ["tmp", "store", "usr"] {
        regular_files(&me.join(area), &mut inside);
    }
    regular_files(&project, &mut inside);
    let mut outside_ids = HashSet::new();
    regular_files(&them, &mut outside_ids);
    regular_files(&outside, &mut outside_ids);
    for p in ["/etc/hostname", "/etc/passwd"] {
        if Path::new(p).exists() {
            outside_ids.insert(id_of(&PathBuf::from(p)));
        }
    }
    assert!(inside.is_disjoint(&outside_ids));
    World {
        sandbox,
        inside,
        outside: outside_ids,
        _dir: dir,
    }
});

fn check_relative(rel: &str) {
    let body = rel.strip_suffix('/').unwrap_or(rel);
    assert!(!rel.starts_with('/'), "{rel:?}");
    if !body.is_empty() {
        for seg in body.split('/') {
            assert!(
                !matches!(seg, "" | "." | ".."),
                "segment {seg:?} in {rel:?}"
            );
        }
    }
}

fn check_name(name: &str, prefix: &str) {
    assert!(name.starts_with(prefix), "{name:?}");
    assert!(!name.contains('/') && !name.contains("..") && name.len() > prefix.len());
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let s: &str = &s;
    let world = &*WORLD;

    let parsed = SandboxPath::parse(s);
    match &parsed {
        Ok(SandboxPath::Network { url }) => {
            assert_eq!(url, s);
            let scheme = &s[..s.find(':').expect("a URL has a colon")];
            assert!(!scheme.eq_ignore_ascii_case("bdfile"));
        }
        Ok(other) => {
            assert!(
                !s.chars().any(|c| c.is_control() || c == '\\'),
                "{s:?} accepted as {other:?}"
            );
            match other {
                SandboxPath::Temp { name } => check_name(name, "tmp_"),
                SandboxPath::Store { name } => check_name(name, "store_"),
                SandboxPath::Usr { relative } | SandboxPath::Package { relative } => {
                    check_relative(relative)
                }
                SandboxPath::Network { .. } => unreachable!(),
            }
        }
        Err(e) => assert!(matches!(e, PathError::Illegal), "parse gave {e:?}"),
    }

    match world.sandbox.open_file(s) {
        Ok(Resolved::Network { url }) => {
            assert_eq!(url, s);
            assert!(matches!(parsed, Ok(SandboxPath::Network { .. })));
        }
        Ok(Resolved::File(f)) => {
            assert!(parsed.is_ok() && !matches!(parsed, Ok(SandboxPath::Network { .. })));
            assert_eq!(f.file_path, s);
            let m = f.file.metadata().unwrap();
            assert!(m.is_file());
            assert_eq!(m.len(), f.len);
            let id = (m.dev(), m.ino());
            assert!(
                !world.outside.contains(&id),
                "{s:?} opened a file outside the sandbox"
            );
            assert!(
                world.inside.contains(&id),
                "{s:?} opened a file that is not one of the app's"
            );
        }
        Err(PathError::Illegal) => {}
        Err(PathError::NotFound) => assert!(parsed.is_ok(), "{s:?}: parse refused, open not found"),
        Err(PathError::Io(e)) => panic!("{s:?}: unexpected I/O error {e}"),
    }
});
