//! The options object → contract mapping of `saveImageToPhotosAlbum`, below JavaScript.
//!
//! One host (album + authorization store, user answers "allow", de-duplication on so the album
//! stops growing) and one app sandbox are built once. Each input is read as an options object:
//! if it parses as a JSON object, its `filePath` field is mapped to `ArgValue` the way the runtime
//! maps a JS value (absent → Missing, string → Str, anything else → Other(type)); otherwise the
//! whole input (lossy UTF-8) is the filePath string. Then
//! `swan_core::api::save_image_to_photos_album` runs and its answer is checked against the
//! spec's §2 table, step by step:
//! 1. Missing / Other → 904 with Baidu's exact texts;
//! 2. a network URL → 1001 `can not find such file : <filePath>`;
//! 3. malformed or escaping → 201 `Illegal file_path : <filePath>`;
//! 4. no regular file of this app → 1001 `can not find such file : <filePath>`;
//! 6. not an accepted image → 1001 `can not save to album : <filePath>`;
//!
//! ok: the stored bytes are exactly one of the pictures planted inside the sandbox.
//! No other code (10003/10005/...) may appear: the user allows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::{Arc, LazyLock};
use swan_core::api::save_image_to_photos_album;
use swan_core::swan_auth::{FixedAnswer, PromptAnswer};
use swan_core::swan_image::{Limits, check_bytes};
use swan_core::swan_sandbox::{Adopt, AppId, Package, PathError, Resolved, Sandbox};
use swan_core::swan_store::AlbumOptions;
use swan_core::{ArgValue, Host, HostConfig, SwanError};

const PNG: &[u8] = include_bytes!("../../fixtures/png-alpha.png");
const JPEG: &[u8] = include_bytes!("../../fixtures/jpeg-exif.jpg");
const GIF: &[u8] = include_bytes!("../../fixtures/animated.gif");

struct World {
    host: Host,
    sandbox: Sandbox,
    rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

fn write(p: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let project = root.join("project");
    let data = root.join("data");
    let config = HostConfig {
        album_root: root.join("album"),
        data_dir: data.clone(),
        album: AlbumOptions {
            dedupe: true,
            ..AlbumOptions::default()
        },
        policy: Default::default(),
    };
    let host = Host::open(config, Arc::new(FixedAnswer(PromptAnswer::Allow))).unwrap();
    std::fs::create_dir_all(&project).unwrap();
    let app: AppId = "fuzz".parse().unwrap();
    let other: AppId = "other".parse().unwrap();
    drop(host.sandbox(&other, Package::None).unwrap());
    let package = Package::Project {
        root: &project,
        adopt: Adopt::No,
    };
    let sandbox = host.sandbox(&app, package).unwrap();
    let me = data.join("apps/fuzz");
    let them = data.join("apps/other");
    write(&me.join("usr/a.png"), PNG);
    write(&me.join("usr/dir/b.jpg"), JPEG);
    write(&me.join("usr/notes.png"), b"not a picture");
    write(&me.join("usr/cut.gif"), &GIF[..GIF.len() - 1]);
    write(&me.join("tmp/tmp_a.gif"), GIF);
    write(&me.join("store/store_a"), JPEG);
    write(&them.join("usr/secret.png"), PNG);
    write(&project.join("images/a.png"), PNG);
    write(&project.join("images/empty.png"), b"");
    symlink("/etc/hostname", me.join("usr/esc")).unwrap();
    symlink("../../other/usr/secret.png", me.join("usr/other")).unwrap();
    symlink("a.png", me.join("usr/in_link")).unwrap();
    symlink("loop", me.join("usr/loop")).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    World {
        host,
        sandbox,
        rt,
        _dir: dir,
    }
});

/// The `filePath` field as the runtime would hand it over.
enum Field {
    Missing,
    Str(String),
    Other(&'static str),
}

impl Field {
    fn decode(data: &[u8]) -> Field {
        if let Ok(Value::Object(options)) = serde_json::from_slice::<Value>(data) {
            return match options.get("filePath") {
                None => Field::Missing,
                Some(Value::String(s)) => Field::Str(s.clone()),
                Some(Value::Null) => Field::Other("null"),
                Some(Value::Bool(_)) => Field::Other("boolean"),
                Some(Value::Number(_)) => Field::Other("number"),
                Some(Value::Array(_) | Value::Object(_)) => Field::Other("object"),
            };
        }
        Field::Str(String::from_utf8_lossy(data).into_owned())
    }

    fn arg(&self) -> ArgValue<'_> {
        match self {
            Field::Missing => ArgValue::Missing,
            Field::Str(s) => ArgValue::Str(s),
            Field::Other(t) => ArgValue::Other(t),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let world = &*WORLD;
    let field = Field::decode(data);
    let got = world.rt.block_on(save_image_to_photos_album(
        &world.host,
        &world.sandbox,
        field.arg(),
    ));
    let path = match &field {
        Field::Missing => {
            let e = got.expect_err("missing filePath");
            assert_eq!(e.err_code(), 904);
            assert_eq!(
                e.err_msg(),
                "[jsNative Argument Error]filePath is required."
            );
            return;
        }
        Field::Other(_) => {
            let e = got.expect_err("non-string filePath");
            assert_eq!(e.err_code(), 904);
            assert_eq!(
                e.err_msg(),
                "[jsNative Argument Error]filePath type error. must be \"string\""
            );
            return;
        }
        Field::Str(s) => s.as_str(),
    };
    let not_found = format!("can not find such file : {path}");
    let expect = |got: &Result<_, SwanError>, code: u32, msg: &str| {
        let e = got.as_ref().expect_err(msg);
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (code, msg),
            "{path:?}"
        );
    };
    match world.sandbox.open_file(path) {
        Ok(Resolved::Network { .. }) => expect(&got, 1001, &not_found),
        Err(PathError::Illegal) => expect(&got, 201, &format!("Illegal file_path : {path}")),
        Err(PathError::NotFound | PathError::Io(_)) => expect(&got, 1001, &not_found),
        Ok(Resolved::File(mut f)) => {
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut f.file, &mut content).unwrap();
            if check_bytes(&content, &Limits::default()).is_ok() {
                let saved = got.unwrap_or_else(|e| panic!("{path:?}: {e}"));
                if !saved.existing {
                    // (A de-duplicated save returns the first entry, with its own source path.)
                    assert_eq!(saved.entry.source_path.as_deref(), Some(path));
                }
                assert_eq!(saved.entry.app_id.as_deref(), Some("fuzz"));
                let stored = std::fs::read(world.host.album().path_of(&saved.entry)).unwrap();
                assert_eq!(stored, content);
                assert!(
                    [PNG, JPEG, GIF].contains(&stored.as_slice()),
                    "{path:?} stored something that was not planted in the sandbox"
                );
            } else {
                expect(&got, 1001, &format!("can not save to album : {path}"));
            }
        }
    }
});
