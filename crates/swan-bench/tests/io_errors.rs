//! I/O errors while a save flushes, each a clean errCode 1001 that leaves the album as it was.
//!
//! - A real device write error: the album lives on ext4 in a loop device whose backing file sits
//!   on a small tmpfs. Once that tmpfs is full, ext4 still accepts the picture's bytes into the
//!   page cache, but the block layer fails their write-back, and the kernel reports the failure
//!   to the save's `fdatasync` (the loop driver passes the backing store's ENOSPC up as the
//!   request's status, so the error reads "No space left on device" although ext4 itself had
//!   room; the kernel logs "Buffer I/O error on device loopN"). Needs root to mount; skipped with
//!   a reason otherwise. (device-mapper `dm-error`/`dm-flakey` would give EIO proper, but this
//!   kernel has no device-mapper, and no fault-injection framework.)
//! - EIO exactly at `fdatasync` (the picture) and at `fsync` (the album folder): the worker
//!   installs a seccomp filter that answers that syscall with EIO, then saves. No privilege
//!   needed.
//! - A file-size limit (RLIMIT_FSIZE → EFBIG on write).

mod common;

use common::*;
use swan_bench::sys::LoopExt4;

#[test]
fn a_device_write_error_during_the_flush_is_a_clean_1001() {
    // ext4 believes it has 64 MiB; only 24 MiB really exist behind it.
    let Some(disk) = or_skip(LoopExt4::create(64 << 20, 24 << 20)) else {
        return;
    };
    let outside = tempfile::tempdir().unwrap();
    let data = outside.path().join("data");
    let small = picture(outside.path(), "small.jpg", 51_200, 11);
    let big = picture(outside.path(), "big.jpg", 4 << 20, 12);
    for (i, saver) in savers().into_iter().enumerate() {
        eprintln!("saver {saver:?}");
        let root = disk.mnt.join(format!("album-{i}"));
        let ok = saver.save(&root, &data, &small, &[]);
        assert!(ok.ok(), "{ok:?}");
        let before = check_album(&root);
        // Everything so far really on the device, then the device has no room behind it.
        unsafe { libc::sync() };
        disk.starve_backing().unwrap();
        assert_eq!(disk.backing_free(), 0);

        let out = saver.save(&root, &data, &big, &[]);
        eprintln!("device write error: {}", out.json);
        out.assert_cannot_save(&big);
        out.assert_reason(&["No space left on device", "Input/output error"]);
        assert!(disk.still_writable(), "ext4 went read-only");
        assert_eq!(check_album(&root), before, "the album changed");

        disk.feed_backing().unwrap();
        let out = saver.save(&root, &data, &big, &[]);
        assert!(out.ok(), "after the device recovered: {out:?}");
        assert_eq!(check_album(&root).rows.len(), before.rows.len() + 1);
    }
}

fn injected(faults: &[&str], expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (root, data) = (dir.path().join("album"), dir.path().join("data"));
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let small = picture(&src, "small.jpg", 51_200, 21);
    let pic = picture(&src, "pic.jpg", 300_000, 22);
    // A first save stores the `allow` decision, so the faulty run only reads it.
    let ok = Saver::Worker.save(&root, &data, &small, &[]);
    assert!(ok.ok(), "{ok:?}");
    let before = check_album(&root);
    let out = Saver::Worker.save(&root, &data, &pic, faults);
    eprintln!("{faults:?}: {}", out.json);
    out.assert_cannot_save(&pic);
    out.assert_reason(&[expect]);
    assert!(out.reason().is_some(), "the worker always says why");
    assert_eq!(check_album(&root), before, "the album changed");
    let out = Saver::Worker.save(&root, &data, &pic, &[]);
    assert!(out.ok(), "without the fault: {out:?}");
    assert_eq!(check_album(&root).rows.len(), before.rows.len() + 1);
}

#[test]
fn eio_from_fdatasync_of_the_picture_is_a_clean_1001() {
    injected(&["--fail-sync", "fdatasync"], "Input/output error");
}

#[test]
fn eio_from_fsync_of_the_album_folder_is_a_clean_1001() {
    injected(&["--fail-sync", "fsync"], "Input/output error");
}

#[test]
fn a_file_size_limit_is_a_clean_1001() {
    injected(&["--fsize", "65536"], "File too large");
}

#[test]
fn eio_from_the_index_commit_flush_is_a_clean_1001() {
    injected(&["--fail-sync", "wal"], "disk I/O error");
}
