//! Resolution of swan paths against real files, directories and symlinks.

mod common;

use std::fs;
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::*;
use swan_sandbox::{PathError, Resolved, Sandbox};

#[test]
fn every_path_form_resolves() {
    let fx = Fixture::create();
    fx.put("app1", "tmp", "tmp_abc-1_Z.png", b"tmp");
    fx.put("app1", "tmp", "tmp_noext", b"tmp-noext");
    fx.put("app1", "store", "store_xyz.jpg", b"store");
    fx.put("app1", "usr", "a.png", b"usr-a");
    fx.put("app1", "usr", "sub/dir/b.png", b"usr-b");
    assert_eq!(read(&fx.app, "bdfile://tmp_abc-1_Z.png"), b"tmp");
    assert_eq!(read(&fx.app, "bdfile://tmp_noext"), b"tmp-noext");
    assert_eq!(read(&fx.app, "bdfile://store_xyz.jpg"), b"store");
    assert_eq!(read(&fx.app, "bdfile://usr/a.png"), b"usr-a");
    assert_eq!(read(&fx.app, "bdfile://usr/sub/dir/b.png"), b"usr-b");
    assert_eq!(read(&fx.app, "bdfile://usr//sub/./dir/b.png"), b"usr-b");
    assert_eq!(read(&fx.app, "/images/a.png"), b"package-a");
    assert_eq!(read(&fx.app, "images/a.png"), b"package-a");
    assert_eq!(read(&fx.app, "./images/a.png"), b"package-a");
    assert_eq!(read(&fx.app, "/top.png"), b"package-top");
}

#[test]
fn dot_dot_escapes_are_illegal() {
    let fx = Fixture::create();
    fx.put("app1", "usr", "a/x", b"x");
    for p in [
        "bdfile://usr/../../x",
        "bdfile://usr/a/../../x",
        "bdfile://usr/..",
        "bdfile://usr/../usr/a/x",
        "bdfile://usr/../app2/usr/x",
        "../x",
        "/../x",
        "images/../../x",
        "..",
        "/..",
        "./../project/top.png",
    ] {
        assert!(is_illegal(&fx.app, p), "{p:?} -> {}", outcome(&fx.app, p));
    }
}

#[test]
fn dot_dot_staying_inside_is_fine() {
    let fx = Fixture::create();
    fx.put("app1", "usr", "b.png", b"usr-b");
    assert_eq!(read(&fx.app, "bdfile://usr/a/../b.png"), b"usr-b");
    assert_eq!(read(&fx.app, "bdfile://usr/x/y/../../b.png"), b"usr-b");
    assert_eq!(read(&fx.app, "images/../top.png"), b"package-top");
    assert_eq!(read(&fx.app, "/images/x/../a.png"), b"package-a");
}

#[test]
fn symlinks_leaving_the_area_are_illegal() {
    let fx = Fixture::create();
    let usr = fx.area("app1", "usr");
    let secret = fx.put("app2", "usr", "secret.png", b"app2 secret");
    fx.put("app2", "tmp", "tmp_other.png", b"app2 tmp");
    symlink("/etc/passwd", usr.join("passwd"));
    symlink("/etc", usr.join("etc"));
    symlink(&secret, usr.join("abs_other.png"));
    symlink(fx.area("app2", "usr"), usr.join("other_dir"));
    symlink("../../", usr.join("up"));
    symlink("../../app2/usr/secret.png", usr.join("rel_other.png"));
    symlink("..", usr.join("parent"));
    symlink("../tmp/tmp_x", usr.join("to_own_tmp"));
    fx.put("app1", "tmp", "tmp_x", b"own tmp");
    for p in [
        "bdfile://usr/passwd",
        "bdfile://usr/etc/passwd",
        "bdfile://usr/abs_other.png",
        "bdfile://usr/other_dir/secret.png",
        "bdfile://usr/up/app2/usr/secret.png",
        "bdfile://usr/up",
        "bdfile://usr/rel_other.png",
        "bdfile://usr/parent/tmp/tmp_x",
        // Even the app's own other area is outside the usr area.
        "bdfile://usr/to_own_tmp",
    ] {
        assert!(is_illegal(&fx.app, p), "{p:?} -> {}", outcome(&fx.app, p));
    }

    // The same in the temp, store and package areas.
    symlink("/etc/passwd", fx.area("app1", "tmp").join("tmp_evil"));
    symlink(
        fx.area("app2", "tmp").join("tmp_other.png"),
        fx.area("app1", "store").join("store_evil.png"),
    );
    symlink("/etc/passwd", fx.project.join("images/passwd.png"));
    symlink("../../data", fx.project.join("images/data"));
    for p in [
        "bdfile://tmp_evil",
        "bdfile://store_evil.png",
        "/images/passwd.png",
        "images/data/apps/app2/usr/secret.png",
    ] {
        assert!(is_illegal(&fx.app, p), "{p:?} -> {}", outcome(&fx.app, p));
    }
}

#[test]
fn symlinks_staying_inside_resolve() {
    let fx = Fixture::create();
    let usr = fx.area("app1", "usr");
    fx.put("app1", "usr", "sub/real.png", b"real");
    symlink("sub/real.png", usr.join("link.png"));
    symlink("sub", usr.join("linkdir"));
    symlink("../link.png", usr.join("sub/up.png"));
    fs::create_dir_all(usr.join("deep/er")).expect("mkdir");
    symlink("../../sub/real.png", usr.join("deep/er/back.png"));
    assert_eq!(read(&fx.app, "bdfile://usr/link.png"), b"real");
    assert_eq!(read(&fx.app, "bdfile://usr/linkdir/real.png"), b"real");
    assert_eq!(read(&fx.app, "bdfile://usr/linkdir/up.png"), b"real");
    assert_eq!(read(&fx.app, "bdfile://usr/deep/er/back.png"), b"real");
    symlink("a.png", fx.project.join("images/alias.png"));
    assert_eq!(read(&fx.app, "/images/alias.png"), b"package-a");
}

#[test]
fn dangling_and_looping_symlinks_are_not_found() {
    let fx = Fixture::create();
    let usr = fx.area("app1", "usr");
    symlink("missing.png", usr.join("dangling.png"));
    symlink("loop2", usr.join("loop1"));
    symlink("loop1", usr.join("loop2"));
    symlink("sub", usr.join("to_dir"));
    fs::create_dir_all(usr.join("sub")).expect("mkdir");
    for p in [
        "bdfile://usr/dangling.png",
        "bdfile://usr/loop1",
        "bdfile://usr/to_dir",
    ] {
        assert!(is_not_found(&fx.app, p), "{p:?} -> {}", outcome(&fx.app, p));
    }
}

#[test]
fn absolute_host_paths_are_package_paths() {
    let fx = Fixture::create();
    for p in ["/etc/passwd", "/etc/hostname", "/proc/self/environ", "/"] {
        assert!(is_not_found(&fx.app, p), "{p:?} -> {}", outcome(&fx.app, p));
    }
    // Without a code package nothing is a package file.
    assert!(is_not_found(&fx.other, "/etc/passwd"));
    assert!(is_not_found(&fx.other, "/images/a.png"));
    // Even with a host path that exists under the same absolute name in the
    // project, it is the project's file that is opened.
    fs::create_dir_all(fx.project.join("etc")).expect("mkdir");
    fs::write(fx.project.join("etc/passwd"), b"project passwd").expect("write");
    assert_eq!(read(&fx.app, "/etc/passwd"), b"project passwd");
}

#[test]
fn other_apps_files_are_not_found() {
    let fx = Fixture::create();
    fx.put("app2", "tmp", "tmp_0123456789abcdef.png", b"app2");
    fx.put("app2", "store", "store_s1.png", b"app2");
    fx.put("app2", "usr", "mine.png", b"app2");
    assert_eq!(
        read(&fx.other, "bdfile://tmp_0123456789abcdef.png"),
        b"app2"
    );
    for p in [
        "bdfile://tmp_0123456789abcdef.png",
        "bdfile://store_s1.png",
        "bdfile://usr/mine.png",
    ] {
        assert!(is_not_found(&fx.app, p), "{p:?} -> {}", outcome(&fx.app, p));
    }
    // A temp file created through the API is private too.
    let mut t = fx.other.create_temp(Some("png")).expect("create");
    std::io::Write::write_all(&mut t, b"x").expect("write");
    let path = t.commit().expect("commit");
    assert!(is_not_found(&fx.app, &path));
    assert_eq!(read(&fx.other, &path), b"x");
}

#[test]
fn directories_are_not_found() {
    let fx = Fixture::create();
    fx.put("app1", "usr", "sub/x.png", b"x");
    fs::create_dir_all(fx.area("app1", "tmp").join("tmp_dir")).expect("mkdir");
    fs::create_dir_all(fx.area("app1", "store").join("store_dir.png")).expect("mkdir");
    for p in [
        "bdfile://usr",
        "bdfile://usr/",
        "bdfile://usr/sub",
        "bdfile://usr/sub/",
        "bdfile://usr/sub/x.png/",
        "bdfile://usr/sub/x.png/.",
        "bdfile://tmp_dir",
        "bdfile://store_dir.png",
        "/",
        "images",
        "/images/",
        "images/.",
    ] {
        assert!(is_not_found(&fx.app, p), "{p:?} -> {}", outcome(&fx.app, p));
    }
}

#[test]
fn fifo_is_not_found_without_hanging() {
    let fx = Fixture::create();
    let usr = fx.area("app1", "usr");
    let status = Command::new("mkfifo")
        .arg(usr.join("pipe.png"))
        .status()
        .expect("run mkfifo");
    assert!(status.success());
    symlink("pipe.png", usr.join("pipe_link.png"));
    let data = fx.data.clone();
    let project = fx.project.clone();
    let (tx, rx) = mpsc::channel();
    // Run in a thread so a regression shows up as a failure, not a hung suite.
    thread::spawn(move || {
        let sb = Sandbox::open(
            &data,
            &app_id("app1"),
            swan_sandbox::Package::Project {
                root: &project,
                adopt: swan_sandbox::Adopt::No,
            },
        )
        .expect("open");
        let a = matches!(
            sb.open_file("bdfile://usr/pipe.png"),
            Err(PathError::NotFound)
        );
        let b = matches!(
            sb.open_file("bdfile://usr/pipe_link.png"),
            Err(PathError::NotFound)
        );
        let _ = tx.send(a && b);
    });
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(ok) => assert!(ok, "FIFO must be NotFound"),
        Err(_) => panic!("opening a FIFO hung"),
    }
}

#[test]
fn device_files_are_not_found() {
    let fx = Fixture::create();
    let usr = fx.area("app1", "usr");
    // A symlink to a device leaves the area anyway; a device node cannot be
    // created unprivileged, so check the symlink case only.
    symlink("/dev/zero", usr.join("zero.png"));
    assert!(is_illegal(&fx.app, "bdfile://usr/zero.png"));
}

#[test]
fn unix_socket_is_not_found() {
    let fx = Fixture::create();
    let sock = fx.area("app1", "usr").join("sock.png");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
    assert!(is_not_found(&fx.app, "bdfile://usr/sock.png"));
}

#[test]
fn network_urls_of_any_scheme() {
    let fx = Fixture::create();
    for p in [
        "http://example.com/a.png",
        "https://example.com/a.png",
        "HTTPS://EXAMPLE.COM/A.PNG",
        "Http://x",
        "ftp://example.com/a.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        "file:/etc/passwd",
        "blob:https://x/y",
        "a+b.c-d:whatever",
        "x:",
        "http://a/\u{0}b",
        "https://a/..\\..\\b",
        "wss://a/b",
    ] {
        assert!(is_network(&fx.app, p), "{p:?} -> {}", outcome(&fx.app, p));
    }
}

#[test]
fn malformed_paths_are_illegal() {
    let fx = Fixture::create();
    fx.put("app1", "usr", "a.png", b"a");
    for p in [
        "",
        "a\0b",
        "bdfile://usr/a.png\0",
        "\\",
        "images\\a.png",
        "bdfile://usr\\a.png",
        "bdfile://usr/a\nb",
        "bdfile://usr/a\tb",
        "images/a\u{7f}.png",
        "images/a\u{85}.png",
        "bdfile://",
        "bdfile:",
        "bdfile:/usr/a.png",
        "bdfile:usr/a.png",
        "bdfile://tmp_",
        "bdfile://tmp_.png",
        "bdfile://tmp_a.",
        "bdfile://tmp_a.p-g",
        "bdfile://tmp_a.png.png",
        "bdfile://tmp_a.abcdefghijk",
        "bdfile://tmp_a/b",
        "bdfile://tmp_a b",
        "bdfile://tmp_é",
        "bdfile://store_",
        "bdfile://store_../x",
        "bdfile://foo/x",
        "bdfile://tmp",
        "bdfile://usrx/a.png",
        "bdfile://USR/a.png",
        "bdfile://tmp/x",
        "bdfile:///etc/passwd",
        "bdfile://../x",
        "BDFILE://foo",
    ] {
        assert!(is_illegal(&fx.app, p), "{p:?} -> {}", outcome(&fx.app, p));
    }
}

#[test]
fn unicode_names_in_usr() {
    let fx = Fixture::create();
    fx.put("app1", "usr", "相册/照片 1.png", b"unicode");
    fx.put("app1", "usr", "émoji-😀.jpg", b"emoji");
    assert_eq!(read(&fx.app, "bdfile://usr/相册/照片 1.png"), b"unicode");
    assert_eq!(read(&fx.app, "bdfile://usr/émoji-😀.jpg"), b"emoji");
    fs::create_dir_all(fx.project.join("图片")).expect("mkdir");
    fs::write(fx.project.join("图片/猫.png"), b"cat").expect("write");
    assert_eq!(read(&fx.app, "/图片/猫.png"), b"cat");
}

#[test]
fn very_long_paths_do_not_panic() {
    let fx = Fixture::create();
    let long = "a".repeat(100_000);
    let deep = "d/".repeat(20_000);
    let ups = "../".repeat(10_000);
    let down_up = format!("{}{}x", "d/".repeat(5_000), "../".repeat(5_000));
    let cases = [
        format!("bdfile://usr/{long}"),
        format!("bdfile://usr/{deep}x.png"),
        format!("bdfile://tmp_{long}"),
        format!("bdfile://store_{long}.png"),
        format!("/{long}"),
        format!("{deep}x"),
        format!("bdfile://usr/{ups}x"),
        format!("bdfile://usr/{down_up}"),
        format!("https://{long}"),
        format!("{long}:x"),
    ];
    for p in &cases {
        let r = fx.app.open_file(p);
        assert!(
            !matches!(r, Ok(Resolved::File(_))),
            "long path resolved to a file"
        );
    }
    assert!(is_illegal(&fx.app, &cases[6]));
    assert!(is_not_found(&fx.app, &cases[0]));
    assert!(is_not_found(&fx.app, &cases[2]));
    assert!(is_not_found(&fx.app, &cases[7]));
}

#[test]
fn data_dir_is_created_and_reopened() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("a/b/c");
    let app = app_id("com.example.app");
    let sb = Sandbox::open(&data, &app, swan_sandbox::Package::None).expect("open");
    assert_eq!(sb.app(), &app);
    for area in ["tmp", "store", "usr"] {
        assert!(data.join("apps/com.example.app").join(area).is_dir());
    }
    fs::write(data.join("apps/com.example.app/usr/k.png"), b"k").expect("write");
    drop(sb);
    let sb = Sandbox::open(&data, &app, swan_sandbox::Package::None).expect("reopen");
    assert_eq!(read(&sb, "bdfile://usr/k.png"), b"k");
}

#[test]
fn reset_deletes_all_app_files() {
    let fx = Fixture::create();
    fx.put("app1", "tmp", "tmp_a", b"a");
    fx.put("app1", "store", "store_b.png", b"b");
    fx.put("app1", "usr", "c/d/e.png", b"c");
    symlink("/etc", fx.area("app1", "usr").join("etc"));
    fx.put("app2", "usr", "keep.png", b"keep");
    fx.app.reset().expect("reset");
    for area in ["tmp", "store", "usr"] {
        let n = fs::read_dir(fx.area("app1", area))
            .expect("read_dir")
            .count();
        assert_eq!(n, 0, "{area} not empty");
    }
    // The symlink was removed, not followed.
    assert!(std::path::Path::new("/etc/passwd").exists());
    assert_eq!(read(&fx.other, "bdfile://usr/keep.png"), b"keep");
    assert_eq!(read(&fx.app, "/images/a.png"), b"package-a");
    assert_eq!(fx.app.temp_usage().expect("usage"), 0);
}
