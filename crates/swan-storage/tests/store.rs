//! The storage database on real SQLite files in temp folders: values, quota, persistence,
//! concurrency between separate connections, and damaged files.

use std::path::Path;
use std::sync::{Arc, Barrier};
use swan_storage::{JsonText, QUOTA_BYTES, Storage, StorageError, StoredValue};

fn json(text: &str) -> StoredValue {
    StoredValue::Json(JsonText::new(text.into()).unwrap())
}

fn open(path: &Path) -> Storage {
    Storage::open(path).unwrap()
}

#[test]
fn values_round_trip_per_app_and_persist_across_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/storage.sqlite");
    let values = [
        ("obj", json(r#"{"z":1,"a":{"b":[1,"two",null,true]}}"#)),
        ("num", json("0.30000000000000004")),
        ("big", json("1.7976931348623157e308")),
        ("str", json(r#""中文 \ud83d\ude00 \"q\"""#)),
        ("empty", json(r#""""#)),
        ("f", json("false")),
        ("null", json("null")),
        ("when", StoredValue::Date(Some(1_709_210_096_789))),
        ("bad-date", StoredValue::Date(None)),
    ];
    {
        let s = open(&path);
        for (k, v) in &values {
            s.set("app-a", k, v).unwrap();
        }
        s.set("app-b", "obj", &json("2")).unwrap();
    }
    let s = open(&path);
    for (k, v) in &values {
        assert_eq!(s.get("app-a", k).unwrap().as_ref(), Some(v), "{k}");
    }
    assert_eq!(s.get("app-b", "obj").unwrap(), Some(json("2")));
    assert_eq!(s.get("app-b", "num").unwrap(), None);
    let info = s.info("app-a").unwrap();
    let keys: Vec<&str> = values.iter().map(|(k, _)| *k).collect();
    assert_eq!(info.keys, keys, "in the order first set");
    let expected: u64 = values.iter().map(|(k, v)| k.len() as u64 + v.size()).sum();
    assert_eq!(info.current_bytes, expected);
    assert_eq!(info.limit_bytes, QUOTA_BYTES);
    assert_eq!(s.apps().unwrap(), ["app-a", "app-b"]);
}

#[test]
fn overwrite_keeps_the_order_remove_and_clear_touch_one_app() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(&dir.path().join("s.sqlite"));
    s.set("a", "x", &json("1")).unwrap();
    s.set("a", "y", &json("2")).unwrap();
    s.set("a", "x", &json("\"longer\"")).unwrap();
    s.set("b", "x", &json("3")).unwrap();
    assert_eq!(s.info("a").unwrap().keys, ["x", "y"]);
    assert_eq!(s.info("a").unwrap().current_bytes, 1 + 8 + 1 + 1);
    assert!(s.remove("a", "x").unwrap());
    assert!(
        !s.remove("a", "x").unwrap(),
        "removing a missing key is no error"
    );
    assert_eq!(s.info("a").unwrap().keys, ["y"]);
    assert_eq!(s.clear("a").unwrap(), 1);
    assert_eq!(s.info("a").unwrap().keys, Vec::<String>::new());
    assert_eq!(
        s.get("b", "x").unwrap(),
        Some(json("3")),
        "other apps untouched"
    );
    let entries = s.entries("b").unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].key.as_str(), entries[0].size), ("x", 2));
}

#[test]
fn the_quota_refuses_a_write_and_keeps_the_old_value() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(&dir.path().join("s.sqlite")).with_quota(100);
    let fifty = json(&format!("\"{}\"", "a".repeat(47))); // 49 bytes + key "k" = 50
    s.set("a", "k", &fifty).unwrap();
    s.set("a", "l", &fifty).unwrap(); // exactly 100: allowed
    let over = json(&format!("\"{}\"", "b".repeat(48)));
    match s.set("a", "k", &over) {
        Err(StorageError::QuotaExceeded { limit, needed }) => {
            assert_eq!((limit, needed), (100, 101));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        s.get("a", "k").unwrap(),
        Some(fifty.clone()),
        "old value kept"
    );
    // Replacing a value counts the new size only, not old + new.
    s.set("a", "k", &json("1")).unwrap();
    assert_eq!(s.info("a").unwrap().current_bytes, 2 + 50);
    // Another app has its own quota.
    s.set("b", "k", &fifty).unwrap();
    s.set("b", "l", &fifty).unwrap();
}

#[test]
fn baidus_ten_megabytes_are_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(&dir.path().join("s.sqlite"));
    assert_eq!(s.quota(), 10 * 1024 * 1024);
    let nine = json(&format!("\"{}\"", "x".repeat(9 * 1024 * 1024)));
    s.set("a", "nine", &nine).unwrap();
    let two = json(&format!("\"{}\"", "y".repeat(2 * 1024 * 1024)));
    assert!(matches!(
        s.set("a", "two", &two),
        Err(StorageError::QuotaExceeded { .. })
    ));
    assert_eq!(s.get("a", "two").unwrap(), None);
}

#[test]
fn concurrent_writers_on_separate_connections_never_pass_the_quota() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    open(&path);
    const QUOTA: u64 = 2_000;
    // Each value is 100 bytes with its key; 4 writers try 15 distinct keys each (6000 bytes).
    let barrier = Arc::new(Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|w| {
            let path = path.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let s = Storage::open(&path).unwrap().with_quota(QUOTA);
                barrier.wait();
                let mut ok = 0u64;
                for i in 0..15 {
                    let key = format!("w{w}-{i:03}"); // 6 bytes
                    let value = json(&format!("\"{}\"", "v".repeat(92))); // 94 bytes
                    match s.set("app", &key, &value) {
                        Ok(()) => ok += 1,
                        Err(StorageError::QuotaExceeded { .. }) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
                ok
            })
        })
        .collect();
    let written: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let s = open(&path);
    let info = s.info("app").unwrap();
    assert_eq!(written, 20, "exactly the quota's worth got in");
    assert_eq!(info.current_bytes, written * 100);
    assert_eq!(info.keys.len() as u64, written);
}

#[test]
fn a_damaged_or_foreign_file_is_a_typed_error_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let junk = b"this is not a database, it is a note the user kept here".repeat(100);
    std::fs::write(&path, &junk).unwrap();
    match Storage::open(&path) {
        Err(e @ StorageError::Damaged(_)) => {
            assert!(e.to_string().contains("damaged"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), junk, "nothing overwritten");
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    open(&path);
    let conn = rusqlite_conn(&path);
    conn.execute_batch("PRAGMA user_version = 9").unwrap();
    drop(conn);
    assert!(matches!(
        Storage::open(&path),
        Err(StorageError::NewerSchema(9))
    ));
}

#[test]
fn a_hand_edited_value_is_reported_not_misread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let s = open(&path);
    s.set("a", "k", &json("1")).unwrap();
    rusqlite_conn(&path)
        .execute_batch("UPDATE storage SET value = '{' WHERE key = 'k'")
        .unwrap();
    match s.get("a", "k") {
        Err(StorageError::BadValue { key, .. }) => assert_eq!(key, "k"),
        other => panic!("{other:?}"),
    }
    assert!(s.entries("a").is_err());
    assert!(
        s.remove("a", "k").unwrap(),
        "a bad value can still be removed"
    );
}

#[test]
fn the_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    open(&path);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

fn rusqlite_conn(path: &Path) -> swan_storage_test_sqlite::Connection {
    swan_storage_test_sqlite::Connection::open(path).unwrap()
}

// The tests poke at the file with plain SQLite, as a user with the sqlite3 tool would.
use rusqlite as swan_storage_test_sqlite;
