//! Issue 14-B4: the app id a folder name gives is injective (`my.app`, `my app`, `my+app` and
//! `my_app` are four apps), always a valid app id, and readable where it can be.

mod common;

use common::Fixture;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt as _;
use swan_project::{AppIdOrigin, Project, default_app_id};
use swan_sandbox::{AppId, MAX_APP_ID_LEN};

fn id(name: &[u8]) -> String {
    default_app_id(OsStr::from_bytes(name))
}

/// The inverse of the short form, to show nothing is lost.
fn decode(id: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let bytes = id.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'_' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn look_alike_folder_names_are_different_apps() {
    let names = [
        "my.app", "my app", "my+app", "my_app", "my_2eapp", "my-app", "myapp",
    ];
    let ids: Vec<String> = names.iter().map(|n| id(n.as_bytes())).collect();
    assert_eq!(
        ids,
        [
            "my_2eapp",
            "my_20app",
            "my_2bapp",
            "my_5fapp",
            "my_5f2eapp",
            "my-app",
            "myapp"
        ]
    );
    let mut seen = ids.clone();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), names.len(), "{ids:?}");
}

#[test]
fn odd_names_map_to_valid_ids() {
    for name in [
        &b"."[..],
        b"..",
        b".hidden",
        b"-",
        b"_",
        "é".as_bytes(),
        b"\xff\xfe",
        b"a\nb",
    ] {
        let id = id(name);
        assert!(id.parse::<AppId>().is_ok(), "{name:?} -> {id:?}");
        assert_eq!(decode(&id), name, "{id}");
    }
    assert_eq!(id(b""), "_");
}

#[test]
fn long_names_keep_a_readable_prefix_and_a_hash() {
    let exactly = "a".repeat(MAX_APP_ID_LEN);
    assert_eq!(id(exactly.as_bytes()), exactly);
    let longer = format!("{exactly}b");
    let long_id = id(longer.as_bytes());
    assert_eq!(long_id.len(), MAX_APP_ID_LEN);
    assert!(long_id.starts_with(&"a".repeat(31)), "{long_id}");
    assert_eq!(long_id.matches('.').count(), 1, "{long_id}");
    assert_ne!(long_id, id(format!("{exactly}c").as_bytes()));
    // An escape is never cut in two.
    let dots = ".".repeat(40);
    let prefix = id(dots.as_bytes()).split('.').next().unwrap().to_string();
    assert_eq!(prefix, "_2e".repeat(10));
}

/// Many names, short and long, ASCII, UTF-8 and raw bytes: every id is valid, and no two names
/// share one.
#[test]
fn mapping_is_injective_over_many_names() {
    let alphabet: &[u8] = b"aZ09-_.+ /x\xc3\xa9\xff%";
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut seen: HashMap<String, Vec<u8>> = HashMap::new();
    for _ in 0..50_000 {
        let len = (next() % 90) as usize + 1;
        let name: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .filter(|&b| b != b'/')
            .collect();
        if name.is_empty() {
            continue;
        }
        let id = id(&name);
        assert!(id.parse::<AppId>().is_ok(), "{name:?} -> {id:?}");
        if !id.contains('.') {
            assert_eq!(decode(&id), name, "{id}");
        }
        if let Some(other) = seen.insert(id.clone(), name.clone()) {
            assert_eq!(other, name, "two names share the id {id}");
        }
    }
}

#[test]
fn loaded_project_without_app_id_uses_its_folder_name() {
    let f = Fixture::new();
    let folder = f.outside().join("my.app");
    std::fs::rename(f.root(), &folder).unwrap();
    let p = Project::load(&folder).unwrap();
    assert_eq!(p.app_id, "my_2eapp");
    assert_eq!(p.app_id_origin, AppIdOrigin::FolderName);
    // `.` and a symlink to the folder give the folder's own name.
    let link = f.outside().join("link");
    std::os::unix::fs::symlink(&folder, &link).unwrap();
    assert_eq!(Project::load(&link).unwrap().app_id, "my_2eapp");
    assert_eq!(Project::load(&folder.join(".")).unwrap().app_id, "my_2eapp");
}

#[test]
fn declared_app_id_is_used_as_is() {
    let f = Fixture::new();
    f.write("swan-album.json", r#"{"appId": "my_app.v2"}"#);
    let p = Project::load(&f.root()).unwrap();
    assert_eq!(p.app_id, "my_app.v2");
    assert_eq!(p.app_id_origin, AppIdOrigin::Declared);
}
