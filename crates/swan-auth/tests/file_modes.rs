//! The authorization store is private to the user whatever the umask: the database and the
//! files SQLite keeps beside it are 0600.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use swan_auth::AuthStore;

const CHILD_DB: &str = "SWAN_AUTH_MODES_CHILD_DB";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The store's file and every SQLite sibling that exists right now.
fn store_files(db: &Path) -> Vec<std::path::PathBuf> {
    let mut files = vec![db.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let p = std::path::PathBuf::from(name);
        if p.exists() {
            files.push(p);
        }
    }
    files
}

/// Runs in a child with umask 000 (the umask is process-wide, so not in the test threads):
/// opens the store, writes a decision and keeps the connection open while the parent looks.
#[test]
fn child_open_store_under_open_umask() {
    let Some(db) = std::env::var_os(CHILD_DB) else {
        return;
    };
    unsafe { libc_umask(0) };
    let store = AuthStore::open(Path::new(&db)).unwrap();
    store
        .decide("app.a", "scope.writePhotosAlbum", true)
        .unwrap();
    // Siblings exist while the connection is open (WAL) or during a write (journal).
    for f in store_files(Path::new(&db)) {
        println!("MODE {} {:o}", f.display(), mode(&f));
    }
}

unsafe extern "C" {
    #[link_name = "umask"]
    fn libc_umask(mask: u32) -> u32;
}

fn run_child(db: &Path) -> Vec<(String, u32)> {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_open_store_under_open_umask",
            "--nocapture",
        ])
        .env(CHILD_DB, db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("MODE "))
        .map(|l| {
            let (name, m) = l.rsplit_once(' ').unwrap();
            (name.to_owned(), u32::from_str_radix(m, 8).unwrap())
        })
        .collect()
}

#[test]
fn new_store_and_siblings_are_0600_under_umask_000() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/auth.sqlite");
    let seen = run_child(&db);
    // The database and at least one sibling (-wal/-shm, or the kept -journal).
    assert!(seen.len() >= 2, "{seen:?}");
    for (name, m) in &seen {
        assert_eq!(format!("{m:o}"), "600", "{name}");
    }
    // What is left on disk afterwards too.
    for f in store_files(&db) {
        assert_eq!(format!("{:o}", mode(&f)), "600", "{}", f.display());
    }
}

#[test]
fn a_world_readable_store_is_narrowed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("auth.sqlite");
    drop(AuthStore::open(&db).unwrap());
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let wal = std::path::PathBuf::from(wal);
    std::fs::write(&wal, b"").unwrap();
    for f in [&db, &wal] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let store = AuthStore::open(&db).unwrap();
    store
        .decide("app.a", "scope.writePhotosAlbum", false)
        .unwrap();
    for f in store_files(&db) {
        assert_eq!(format!("{:o}", mode(&f)), "600", "{}", f.display());
    }
}
