//! The app id a project gets from its folder name when `swan-album.json` declares none.
//!
//! The mapping is injective, so two folders never share an id (and with it a grant and private
//! files): `my.app`, `my app`, `my+app` and `my_app` are four apps. The rule:
//!
//! - every byte of the name in `[A-Za-z0-9-]` is kept; every other byte (UTF-8 or not, and `_`
//!   itself) becomes `_` and two lowercase hex digits: `my.app` -> `my_2eapp`, `my_app` ->
//!   `my_5fapp`, `é` -> `_c3_a9`. Decoding is unambiguous, since `_` always starts an escape.
//! - if that is longer than 64 characters (the app-id limit), the id is a readable prefix of it
//!   (at most 31 characters, never cutting an escape), `.` and the first 32 hex digits of the
//!   BLAKE3 hash of the whole name. Short ids never contain `.`, so they cannot meet a long one;
//!   two long ones meet only on a 128-bit hash collision.
//! - the name of `/` (none) gives `_`, which no non-empty name encodes to.
//!
//! Every result is a valid app id: 1..=64 characters of `[A-Za-z0-9_.-]`, never starting with
//! `.`. A declared `appId` is used as is (and without one, a valid `appid` from the devtools'
//! `project.swan.json`); keeping another project from claiming an id already
//! bound to a project is the sandbox's job, not this mapping's.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt as _;
use swan_sandbox::MAX_APP_ID_LEN;

/// Where a project's app id came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppIdOrigin {
    /// `appId` in `swan-album.json`.
    Declared,
    /// `appid` in the devtools' `project.swan.json` (used when `swan-album.json` has none).
    ProjectSwanJson,
    /// The project folder's name, through [`default_app_id`].
    FolderName,
}

/// The longest readable prefix kept before the hash of a long name.
const LONG_PREFIX: usize = MAX_APP_ID_LEN - 1 - HASH_HEX;
/// Hex digits of the name's hash in a long id (128 bits).
const HASH_HEX: usize = 32;

/// The app id of a project whose folder is called `name` (see the module docs for the rule).
pub fn default_app_id(name: &OsStr) -> String {
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        return "_".into();
    }
    let units: Vec<String> = bytes.iter().map(|&b| unit(b)).collect();
    let full_len: usize = units.iter().map(String::len).sum();
    if full_len <= MAX_APP_ID_LEN {
        return units.concat();
    }
    let mut id = String::with_capacity(MAX_APP_ID_LEN);
    for u in &units {
        if id.len() + u.len() > LONG_PREFIX {
            break;
        }
        id.push_str(u);
    }
    id.push('.');
    id.push_str(&blake3::hash(bytes).to_hex()[..HASH_HEX]);
    id
}

/// One byte of the name as it appears in the id.
fn unit(b: u8) -> String {
    if b.is_ascii_alphanumeric() || b == b'-' {
        char::from(b).to_string()
    } else {
        format!("_{b:02x}")
    }
}
