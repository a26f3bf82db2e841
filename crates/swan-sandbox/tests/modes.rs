//! The data folder is private to the user (issue 14, B8): 0700 whatever the umask.
//!
//! This binary sets the process umask to 0 (the loosest), so every test in it runs under it.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use common::*;
use swan_sandbox::{Adopt, PRIVATE_DIR_MODE, Package, Sandbox, ensure_data_dir};

/// The umask is per process: tests here take turns, each setting the one it runs under.
static UMASK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn loose_umask() -> std::sync::MutexGuard<'static, ()> {
    let turn = UMASK.lock().unwrap_or_else(|p| p.into_inner());
    // SAFETY: umask has no preconditions.
    unsafe { libc::umask(0) };
    turn
}

/// A umask that masks everything: the modes are still right (and the folders usable).
#[test]
fn a_umask_that_masks_everything_changes_nothing() {
    let _turn = loose_umask();
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("x/y/data");
    // SAFETY: umask has no preconditions; restored below, still in our turn.
    let old = unsafe { libc::umask(0o777) };
    let r = ensure_data_dir(&data);
    unsafe { libc::umask(old) };
    r.expect("ensure");
    for dir in [t.path().join("x"), t.path().join("x/y"), data] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).expect("stat").permissions().mode() & 0o777
}

const AREAS: [&str; 4] = ["tmp", "store", "usr", "runs"];

#[test]
fn everything_created_is_private_even_with_umask_0() {
    let _turn = loose_umask();
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("new/parents/data");
    let project = t.path().join("project");
    fs::create_dir(&project).expect("mkdir");
    let sb = Sandbox::open(
        &data,
        &app_id("app1"),
        Package::Project {
            root: &project,
            adopt: Adopt::No,
        },
    )
    .expect("open");
    for dir in [
        t.path().join("new"),
        t.path().join("new/parents"),
        data.clone(),
        data.join("apps"),
        data.join("apps/app1"),
    ] {
        assert_eq!(mode(&dir), PRIVATE_DIR_MODE, "{}", dir.display());
    }
    for area in AREAS {
        assert_eq!(mode(&data.join("apps/app1").join(area)), 0o700, "{area}");
    }
    // Files the sandbox makes for itself are the user's only too.
    assert_eq!(mode(&data.join("apps/app1/project")), 0o600);
    let mut t2 = sb.create_temp(None).expect("create");
    std::io::Write::write_all(&mut t2, b"x").expect("write");
    let path = t2.commit().expect("commit");
    let name = path.trim_start_matches("bdfile://");
    assert_eq!(mode(&data.join("apps/app1/tmp").join(name)), 0o600);
}

#[test]
fn loose_app_folders_from_before_are_tightened() {
    let _turn = loose_umask();
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("data");
    for dir in ["apps/app1/tmp", "apps/app1/store", "apps/app1/usr"] {
        fs::create_dir_all(data.join(dir)).expect("mkdir");
    }
    for dir in ["", "apps", "apps/app1", "apps/app1/tmp", "apps/app1/usr"] {
        let p = data.join(dir);
        let m = if dir.is_empty() { 0o755 } else { 0o777 };
        fs::set_permissions(&p, fs::Permissions::from_mode(m)).expect("chmod");
    }
    Sandbox::open(&data, &app_id("app1"), Package::None).expect("open");
    assert_eq!(mode(&data.join("apps")), 0o700);
    assert_eq!(mode(&data.join("apps/app1")), 0o700);
    for area in AREAS {
        assert_eq!(mode(&data.join("apps/app1").join(area)), 0o700, "{area}");
    }
    // The data folder itself was the user's choice and only readable by others: left alone.
    assert_eq!(mode(&data), 0o755);
}

#[test]
fn a_data_folder_others_can_write_to_is_refused() {
    let _turn = loose_umask();
    let t = tempfile::tempdir().expect("tempdir");
    for m in [0o777, 0o770, 0o703] {
        let data = t.path().join(format!("data{m:o}"));
        fs::create_dir(&data).expect("mkdir");
        fs::set_permissions(&data, fs::Permissions::from_mode(m)).expect("chmod");
        let err = ensure_data_dir(&data).expect_err("writable by others");
        assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied);
        assert!(err.to_string().contains("chmod 700"), "{err}");
        let err = Sandbox::open(&data, &app_id("app1"), Package::None).expect_err("refused");
        assert!(err.to_string().contains("writable by other users"), "{err}");
        assert!(
            !data.join("apps").exists(),
            "nothing is put in a refused folder"
        );
        assert_eq!(mode(&data), m, "and it is not changed");
    }
}

#[test]
fn a_data_folder_that_is_a_file_is_refused() {
    let _turn = loose_umask();
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("data");
    fs::write(&data, b"x").expect("write");
    assert!(ensure_data_dir(&data).is_err());
}
