//! Keeping temp files: saveFile (store) and downloadFile({filePath}) (usr), with the shared
//! 10 MB quota of store and user files.

use std::io::Write;
use swan_sandbox::{Keep, PersistError, Resolved, Sandbox};

fn sandbox(dir: &std::path::Path) -> Sandbox {
    Sandbox::open(dir, &"demo".parse().unwrap(), swan_sandbox::Package::None).unwrap()
}

fn temp(s: &Sandbox, bytes: &[u8], ext: Option<&str>) -> String {
    let mut t = s.create_temp(ext).unwrap();
    t.write_all(bytes).unwrap();
    t.commit().unwrap()
}

fn read(s: &Sandbox, path: &str) -> Vec<u8> {
    match s.open_file(path).unwrap() {
        Resolved::File(mut f) => {
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut f.file, &mut v).unwrap();
            v
        }
        Resolved::Network { .. } => panic!("network"),
    }
}

#[test]
fn a_temp_file_moves_to_the_store_with_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let s = sandbox(dir.path());
    let t = temp(&s, b"abc", Some("png"));
    let saved = s.persist_temp(&t, Keep::Store).unwrap();
    assert!(
        saved.starts_with("bdfile://store_") && saved.ends_with(".png"),
        "{saved}"
    );
    assert_eq!(read(&s, &saved), b"abc");
    assert!(s.open_file(&t).is_err(), "moved, not copied");
    assert!(matches!(
        s.persist_temp(&t, Keep::Store),
        Err(PersistError::NotFound)
    ));
    assert_eq!(s.persistent_usage().unwrap(), 3);
}

#[test]
fn a_temp_file_moves_to_a_user_path_creating_folders() {
    let dir = tempfile::tempdir().unwrap();
    let s = sandbox(dir.path());
    let t = temp(&s, b"xyz", None);
    assert_eq!(
        s.persist_temp(&t, Keep::Usr("bdfile://usr/a/b/c.txt"))
            .unwrap(),
        "bdfile://usr/a/b/c.txt"
    );
    assert_eq!(read(&s, "bdfile://usr/a/b/c.txt"), b"xyz");
}

#[test]
fn only_finished_temp_files_of_this_app_can_be_kept() {
    let dir = tempfile::tempdir().unwrap();
    let s = sandbox(dir.path());
    let other = Sandbox::open(
        dir.path(),
        &"other".parse().unwrap(),
        swan_sandbox::Package::None,
    )
    .unwrap();
    let foreign = temp(&other, b"theirs", None);
    for path in [
        "bdfile://tmp_missing",
        "bdfile://usr/x",
        "images/a.png",
        "https://x/y",
        foreign.as_str(),
        "bdfile://tmp_../x",
    ] {
        assert!(
            matches!(
                s.persist_temp(path, Keep::Store),
                Err(PersistError::NotFound)
            ),
            "{path}"
        );
    }
    let unfinished = s.create_temp(None).unwrap();
    assert!(matches!(
        s.persist_temp(unfinished.file_path(), Keep::Store),
        Err(PersistError::NotFound)
    ));
}

#[test]
fn user_destinations_cannot_escape() {
    let dir = tempfile::tempdir().unwrap();
    let s = sandbox(dir.path());
    let t = temp(&s, b"x", None);
    std::os::unix::fs::symlink("/tmp", dir.path().join("apps/demo/usr/out")).unwrap();
    for dest in [
        "bdfile://usr/../../x",
        "bdfile://store_x",
        "/etc/x",
        "bdfile://usr/",
        "bdfile://usr/out/x",
    ] {
        let r = s.persist_temp(&t, Keep::Usr(dest));
        assert!(matches!(r, Err(PersistError::Illegal)), "{dest}: {r:?}");
    }
    assert_eq!(
        read(&s, &t),
        b"x",
        "the temp file is still there after every refusal"
    );
}

#[test]
fn store_and_user_files_share_the_quota() {
    let dir = tempfile::tempdir().unwrap();
    let s = sandbox(dir.path());
    let six = vec![1u8; 6 * 1024 * 1024];
    let first = temp(&s, &six, None);
    s.persist_temp(&first, Keep::Usr("bdfile://usr/six"))
        .unwrap();
    let second = temp(&s, &six, None);
    assert!(matches!(
        s.persist_temp(&second, Keep::Store),
        Err(PersistError::OverLimit { quota: 10485760 })
    ));
    assert_eq!(
        read(&s, &second).len(),
        six.len(),
        "a refused temp file stays a temp file"
    );
}
