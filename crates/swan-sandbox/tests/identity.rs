//! Who may act as an app: the id belongs to the first project that used it (issue 14, B4).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::thread;

use common::*;
use swan_sandbox::{Adopt, IdentityError, OpenError, Package, Sandbox};

struct World {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    base: PathBuf,
}

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().expect("tempdir");
        let base = tmp.path().to_path_buf();
        World {
            data: base.join("data"),
            base,
            _tmp: tmp,
        }
    }

    fn project(&self, name: &str) -> PathBuf {
        let p = self.base.join(name);
        fs::create_dir_all(&p).expect("mkdir");
        p
    }

    fn open(&self, root: &Path, adopt: Adopt) -> Result<Sandbox, OpenError> {
        Sandbox::open(
            &self.data,
            &app_id("demo"),
            Package::Project { root, adopt },
        )
    }
}

fn claimed(r: Result<Sandbox, OpenError>) -> (PathBuf, PathBuf, bool) {
    match r {
        Err(OpenError::Identity(IdentityError::Claimed {
            owner,
            claimant,
            moved,
            ..
        })) => (owner, claimant, moved),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn another_project_cannot_take_over_the_id_or_its_files() {
    let w = World::new();
    let (a, b) = (w.project("one/demo"), w.project("two/demo"));
    let sa = w.open(&a, Adopt::No).expect("first use binds");
    fs::write(w.data.join("apps/demo/usr/secret.txt"), b"mine").expect("write");
    drop(sa);
    // The same project, again and again.
    let sa = w.open(&a, Adopt::No).expect("owner reopens");
    assert_eq!(read(&sa, "bdfile://usr/secret.txt"), b"mine");
    // Same id, same folder name, other place: refused, and the message says who owns it.
    let err = w.open(&b, Adopt::No).expect_err("other project");
    let text = err.to_string();
    assert!(
        text.contains("\"demo\"") && text.contains("adopt"),
        "{text}"
    );
    let (owner, claimant, moved) = claimed(Err(err));
    assert_eq!(owner, fs::canonicalize(&a).expect("canon"));
    assert_eq!(claimant, fs::canonicalize(&b).expect("canon"));
    assert!(!moved);
}

#[test]
fn adopting_hands_the_id_over_explicitly() {
    let w = World::new();
    let (a, b) = (w.project("a"), w.project("b"));
    drop(w.open(&a, Adopt::No).expect("bind to a"));
    let sb = w.open(&b, Adopt::Yes).expect("b adopts");
    drop(sb);
    // Now b owns it, without adopting again, and a is the stranger.
    drop(w.open(&b, Adopt::No).expect("b reopens"));
    let (owner, _, _) = claimed(w.open(&a, Adopt::No));
    assert_eq!(owner, fs::canonicalize(&b).expect("canon"));
    // Adopting what one owns already is harmless.
    drop(w.open(&b, Adopt::Yes).expect("b adopts again"));
}

#[test]
fn a_moved_project_is_refused_but_recognised() {
    let w = World::new();
    let a = w.project("before");
    drop(w.open(&a, Adopt::No).expect("bind"));
    let moved = w.base.join("after");
    fs::rename(&a, &moved).expect("move");
    let (_, _, was_moved) = claimed(w.open(&moved, Adopt::No));
    assert!(was_moved);
    let err = w.open(&moved, Adopt::No).expect_err("moved").to_string();
    assert!(err.contains("moved"), "{err}");
    drop(w.open(&moved, Adopt::Yes).expect("adopt after move"));
}

#[test]
fn the_same_folder_by_another_name_is_the_same_project() {
    let w = World::new();
    let a = w.project("real");
    drop(w.open(&a, Adopt::No).expect("bind"));
    let link = w.base.join("link");
    symlink(&a, &link);
    drop(w.open(&link, Adopt::No).expect("through a symlink"));
    drop(w.open(&a.join("."), Adopt::No).expect("with a dot"));
    // Replaced at the same path (re-cloned): the path is the identity.
    fs::remove_dir(&a).expect("rm");
    fs::create_dir(&a).expect("mkdir");
    drop(w.open(&a, Adopt::No).expect("replaced folder"));
}

#[test]
fn host_side_and_packageless_sandboxes_neither_bind_nor_are_refused() {
    let w = World::new();
    let pictures = w.project("pictures");
    fs::write(pictures.join("p.png"), b"picture").expect("write");
    let host = Sandbox::open(&w.data, &app_id("demo"), Package::Host(&pictures)).expect("host");
    assert_eq!(read(&host, "p.png"), b"picture");
    drop(host);
    Sandbox::open(&w.data, &app_id("demo"), Package::None).expect("none");
    // Nothing was bound: the first project still gets the id.
    let a = w.project("a");
    drop(w.open(&a, Adopt::No).expect("first project binds"));
    assert!(w.data.join("apps/demo/project").is_file());
    // And host-side use after binding is still allowed.
    drop(Sandbox::open(&w.data, &app_id("demo"), Package::Host(&pictures)).expect("host"));
    claimed(w.open(&pictures, Adopt::No));
}

#[test]
fn a_damaged_record_is_refused_until_adopted() {
    let w = World::new();
    let a = w.project("a");
    drop(w.open(&a, Adopt::No).expect("bind"));
    let record = w.data.join("apps/demo/project");
    fs::write(&record, b"not a record").expect("damage");
    assert!(matches!(
        w.open(&a, Adopt::No),
        Err(OpenError::Identity(IdentityError::Damaged { .. }))
    ));
    // A symlink in its place is no record either.
    fs::remove_file(&record).expect("rm");
    symlink(w.base.join("elsewhere"), &record);
    assert!(matches!(
        w.open(&a, Adopt::No),
        Err(OpenError::Identity(IdentityError::Damaged { .. }))
    ));
    drop(w.open(&a, Adopt::Yes).expect("adopt repairs"));
    drop(w.open(&a, Adopt::No).expect("bound again"));
    assert!(
        !fs::symlink_metadata(&record)
            .expect("record")
            .file_type()
            .is_symlink()
    );
}

#[test]
fn two_projects_racing_for_a_new_id_get_one_owner() {
    for _ in 0..20 {
        let w = Arc::new(World::new());
        let roots: Vec<PathBuf> = (0..4).map(|i| w.project(&format!("p{i}"))).collect();
        let barrier = Arc::new(Barrier::new(roots.len()));
        let handles: Vec<_> = roots
            .into_iter()
            .map(|root| {
                let (w, barrier) = (Arc::clone(&w), Arc::clone(&barrier));
                thread::spawn(move || {
                    barrier.wait();
                    w.open(&root, Adopt::No).is_ok()
                })
            })
            .collect();
        let winners = handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .filter(|ok| *ok)
            .count();
        assert_eq!(winners, 1);
        // No half-written record or temp file is left.
        let leftovers: Vec<_> = fs::read_dir(w.data.join("apps/demo"))
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .filter(|n| n.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn ids_of_other_apps_are_independent() {
    let w = World::new();
    let (a, b) = (w.project("a"), w.project("b"));
    drop(w.open(&a, Adopt::No).expect("a is demo"));
    let other = Sandbox::open(
        &w.data,
        &app_id("other"),
        Package::Project {
            root: &b,
            adopt: Adopt::No,
        },
    );
    drop(other.expect("b may be another app"));
}
