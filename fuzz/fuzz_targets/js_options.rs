//! `swan.saveImageToPhotosAlbum` driven through the real QuickJS runtime, one page run per input.
//!
//! The input is decoded (`arbitrary`) into a small tree of JavaScript values and a call shape,
//! rendered as JavaScript source, and handed to a page method that evaluates it. Generated
//! source, not raw bytes, so inputs cannot loop forever or allocate gigabytes: what is fuzzed is
//! the options-object → contract mapping, not the JS engine.
//!
//! Properties, per run: the run completes (nothing uncaught, no time-out, no panic); exactly one
//! `api` event for saveImageToPhotosAlbum (none when the filePath getter throws, which must
//! surface as the exception the page catches); a failure is `{errCode, errMsg}` with a code from
//! the §2 table; and for the plain shapes the exact answer is predicted in Rust:
//! undefined → 904 required; any non-string → 904 type error; a string → whatever the same
//! sandbox says for it (network → 1001 not found, illegal → 201, missing → 1001, not a picture →
//! 1001 can not save, a planted picture → success).
//!
//! Slow (a QuickJS runtime and a tokio runtime per input): run it with a small budget.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use swan_core::swan_auth::{FixedAnswer, PromptAnswer};
use swan_core::swan_image::{Limits, check_bytes};
use swan_core::swan_sandbox::{Adopt, AppId, Package, PathError, Resolved, Sandbox};
use swan_core::swan_store::AlbumOptions;
use swan_core::{Host, HostConfig};
use swan_runtime::{Event, Outcome, Project, Recorder, RunOptions, RunStatus};

const PNG: &[u8] = include_bytes!("../../fixtures/png-alpha.png");
const JPEG: &[u8] = include_bytes!("../../fixtures/jpeg-exif.jpg");

const PAGE: &str = r#"Page({
  go(e) {
    try {
      (0, eval)(e.src);
    } catch (x) {
      console.log("threw: " + String(x));
    }
  }
});
"#;

struct World {
    host: Arc<Host>,
    project: Project,
    /// The same app's sandbox, for the oracle.
    sandbox: Sandbox,
    _dir: tempfile::TempDir,
}

fn write(p: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let project_dir: PathBuf = root.join("project");
    write(
        &project_dir.join("app.json"),
        br#"{"pages":["pages/index/index"]}"#,
    );
    write(
        &project_dir.join("swan-album.json"),
        br#"{"appId":"fuzzjs"}"#,
    );
    write(&project_dir.join("pages/index/index.js"), PAGE.as_bytes());
    write(&project_dir.join("images/a.png"), PNG);
    write(&project_dir.join("images/notes.txt"), b"not a picture");
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
    let app: AppId = "fuzzjs".parse().unwrap();
    let package = Package::Project {
        root: &project_dir,
        adopt: Adopt::No,
    };
    let sandbox = host.sandbox(&app, package).unwrap();
    let usr = data.join("apps/fuzzjs/usr");
    write(&usr.join("a.jpg"), JPEG);
    write(&usr.join("notes.png"), b"not a picture");
    std::os::unix::fs::symlink("/etc/hostname", usr.join("esc")).unwrap();
    let project = Project::load(&project_dir).unwrap();
    World {
        host: Arc::new(host),
        project,
        sandbox,
        _dir: dir,
    }
});

/// Strings the fuzzer can pick cheaply: paths that mean something in this sandbox.
const PATHS: [&str; 14] = [
    "bdfile://usr/a.jpg",
    "bdfile://usr/notes.png",
    "bdfile://usr/esc",
    "bdfile://usr/../x",
    "bdfile://usr",
    "bdfile://tmp_x",
    "bdfile://store_x.png",
    "images/a.png",
    "/images/notes.txt",
    "../images/a.png",
    "https://example.com/a.png",
    "data:image/png;base64,",
    "",
    "BDFILE://usr/a.jpg",
];

#[derive(Arbitrary, Debug)]
enum JsVal {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Int(i32),
    Str(String),
    Path(u8),
    PathWith(u8, String),
    BigInt(i64),
    Symbol(String),
    Function,
    Arrow,
    Array(Vec<JsVal>),
    Object(Vec<(String, JsVal)>),
    StringObject(String),
    Date,
    RegExp,
    ToStringObject(String),
    NullProto,
    TypedArray(u8),
    Map,
    Promise,
    ProxyOf(Box<JsVal>),
}

#[derive(Arbitrary, Debug)]
enum Shape {
    /// `{filePath: v, complete}`
    Plain,
    /// `{get filePath() { return v }, complete}`
    Getter,
    /// `{filePath: v}` with no callback: a Promise.
    Promise,
    /// `{complete}` without filePath.
    Missing,
    /// `Object.create({filePath: v})` plus complete.
    Inherited,
    /// A getter that throws.
    ThrowingGetter,
    /// `swan.saveImageToPhotosAlbum(v)`: v is the options.
    OptionsAre,
    /// `{filePath: "bdfile://usr/a.jpg", complete: v}`: callbacks of the wrong type.
    CompleteIs,
}

#[derive(Arbitrary, Debug)]
struct Call {
    shape: Shape,
    value: JsVal,
}

fn lit(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn render(v: &JsVal, depth: u32) -> String {
    if depth > 3 {
        return "0".into();
    }
    match v {
        JsVal::Undefined => "undefined".into(),
        JsVal::Null => "null".into(),
        JsVal::Bool(b) => b.to_string(),
        JsVal::Num(f) if f.is_nan() => "NaN".into(),
        JsVal::Num(f) if f.is_infinite() => {
            if *f > 0.0 { "Infinity" } else { "(-Infinity)" }.into()
        }
        JsVal::Num(f) => format!("({f:?})"),
        JsVal::Int(i) => format!("({i})"),
        JsVal::Str(s) => lit(s),
        JsVal::Path(i) => lit(PATHS[usize::from(*i) % PATHS.len()]),
        JsVal::PathWith(i, s) => lit(&format!("{}{s}", PATHS[usize::from(*i) % PATHS.len()])),
        JsVal::BigInt(i) => format!("({i}n)"),
        JsVal::Symbol(s) => format!("Symbol({})", lit(s)),
        JsVal::Function => "(function () { return 'images/a.png'; })".into(),
        JsVal::Arrow => "(() => 'images/a.png')".into(),
        JsVal::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .take(4)
                .map(|v| render(v, depth + 1))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        JsVal::Object(fields) => format!(
            "({{{}}})",
            fields
                .iter()
                .take(4)
                .map(|(k, v)| format!("{}: {}", lit(k), render(v, depth + 1)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        JsVal::StringObject(s) => format!("new String({})", lit(s)),
        JsVal::Date => "new Date(0)".into(),
        JsVal::RegExp => "/images\\/a.png/".into(),
        JsVal::ToStringObject(s) => format!("({{ toString() {{ return {}; }} }})", lit(s)),
        JsVal::NullProto => "Object.create(null)".into(),
        JsVal::TypedArray(n) => format!("new Uint8Array({})", n % 16),
        JsVal::Map => "new Map()".into(),
        JsVal::Promise => "Promise.resolve('images/a.png')".into(),
        JsVal::ProxyOf(v) => format!("new Proxy({{}}, {{ get: () => {} }})", render(v, depth + 1)),
    }
}

/// What a plain `{filePath: v}` must produce: (errCode, errMsg), or None for success.
fn predict(v: &JsVal) -> Option<(u64, String)> {
    let s = match v {
        JsVal::Undefined => {
            return Some((904, "[jsNative Argument Error]filePath is required.".into()));
        }
        JsVal::Str(s) => s.clone(),
        JsVal::Path(i) => PATHS[usize::from(*i) % PATHS.len()].to_string(),
        JsVal::PathWith(i, s) => format!("{}{s}", PATHS[usize::from(*i) % PATHS.len()]),
        _ => {
            return Some((
                904,
                "[jsNative Argument Error]filePath type error. must be \"string\"".into(),
            ));
        }
    };
    let world = &*WORLD;
    match world.sandbox.open_file(&s) {
        Ok(Resolved::Network { .. }) | Err(PathError::NotFound | PathError::Io(_)) => {
            Some((1001, format!("can not find such file : {s}")))
        }
        Err(PathError::Illegal) => Some((201, format!("Illegal file_path : {s}"))),
        Ok(Resolved::File(mut f)) => {
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut f.file, &mut content).unwrap();
            match check_bytes(&content, &Limits::default()) {
                Ok(_) => None,
                Err(_) => Some((1001, format!("can not save to album : {s}"))),
            }
        }
    }
}

fuzz_target!(|call: Call| {
    let world = &*WORLD;
    let v = render(&call.value, 0);
    let cb = "complete: function (r) {}";
    let src = match call.shape {
        Shape::Plain => format!("swan.saveImageToPhotosAlbum({{ filePath: {v}, {cb} }})"),
        Shape::Getter => {
            format!("swan.saveImageToPhotosAlbum({{ get filePath() {{ return {v}; }}, {cb} }})")
        }
        Shape::Promise => {
            format!("swan.saveImageToPhotosAlbum({{ filePath: {v} }}).then(() => {{}}, () => {{}})")
        }
        Shape::Missing => format!("swan.saveImageToPhotosAlbum({{ {cb} }})"),
        Shape::Inherited => format!(
            "swan.saveImageToPhotosAlbum(Object.assign(Object.create({{ filePath: {v} }}), {{ {cb} }}))"
        ),
        Shape::ThrowingGetter => format!(
            "swan.saveImageToPhotosAlbum({{ get filePath() {{ throw new Error('boom'); }}, {cb} }})"
        ),
        Shape::OptionsAre => {
            format!(
                "Promise.resolve(swan.saveImageToPhotosAlbum({v})).then(() => {{}}, () => {{}})"
            )
        }
        Shape::CompleteIs => {
            format!(
                "swan.saveImageToPhotosAlbum({{ filePath: 'bdfile://usr/a.jpg', complete: {v} }})"
            )
        }
    };
    let sink = Arc::new(Recorder::default());
    let options = RunOptions {
        event: json!({ "src": src }),
        timeout: Duration::from_secs(10),
        ..RunOptions::new("pages/index/index").call("go")
    };
    let status = swan_runtime::run(
        world.host.clone(),
        world.project.clone(),
        options,
        sink.clone(),
    )
    .expect("run");
    let events = sink.events();
    assert_eq!(status, RunStatus::Completed, "{src}\n{events:#?}");
    let apis: Vec<(&Outcome, &Value)> = events
        .iter()
        .filter_map(|e| match e {
            Event::Api { name, outcome, res } if name == "saveImageToPhotosAlbum" => {
                Some((outcome, res))
            }
            _ => None,
        })
        .collect();
    let threw = events.iter().any(|e| {
        matches!(e, Event::Console { args, .. }
            if args.first().and_then(Value::as_str).is_some_and(|s| s.starts_with("threw: ")))
    });
    if matches!(call.shape, Shape::ThrowingGetter) {
        assert!(apis.is_empty() && threw, "{src}\n{events:#?}");
        return;
    }
    assert!(!threw, "{src}\n{events:#?}");
    assert_eq!(apis.len(), 1, "{src}\n{events:#?}");
    let (outcome, res) = apis[0];
    match outcome {
        Outcome::Success => assert_eq!(res["errMsg"], "saveImageToPhotosAlbum:ok", "{src}"),
        Outcome::Fail => {
            let code = res["errCode"].as_u64().expect("numeric errCode");
            assert!([904, 201, 1001].contains(&code), "{src}: {res}");
            assert!(res["errMsg"].is_string(), "{src}: {res}");
        }
    }
    let predicted = match &call.shape {
        Shape::Plain | Shape::Getter | Shape::Promise | Shape::Inherited => {
            if contains_lone_surrogate(&call.value) {
                return;
            }
            predict(&call.value)
        }
        Shape::Missing => Some((904, "[jsNative Argument Error]filePath is required.".into())),
        _ => return,
    };
    match predicted {
        None => assert!(matches!(outcome, Outcome::Success), "{src}: {res}"),
        Some((code, msg)) => {
            assert!(matches!(outcome, Outcome::Fail), "{src}: {res}");
            assert_eq!(res, &json!({"errCode": code, "errMsg": msg}), "{src}");
        }
    }
});

/// Rust strings cannot hold lone surrogates, so the generator never makes one; kept as a hook
/// for the known bug (a lone surrogate is reported as a 904 type error, see
/// crates/swan-cli/tests/hostile.rs) should the generator learn to.
fn contains_lone_surrogate(_: &JsVal) -> bool {
    false
}
