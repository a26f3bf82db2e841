//! Wrong JavaScript types through `swan-album run`, and what never reaches the API.

#![allow(unused_imports)]

use super::world::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `swan.saveImageToPhotosAlbum` called from page code with a `filePath` of every JavaScript
/// type (and options objects of odd shapes). Each case is one page method; `run --json` prints
/// one event per line, and the `api` line carries exactly the object given to the callbacks.
/// Strings that cannot be file names (NUL, lone surrogates) are strings all the same: step 1
/// passes and step 3 refuses them (201).
#[test]
fn js_types() {
    let w = World::new();
    let project = w.js_project();
    std::fs::write(project.join("notes.txt"), "not a picture").unwrap();
    let log = "complete: r => console.log(JSON.stringify(r))";
    let value_cases: Vec<(&str, Expect)> = vec![
        ("42", Expect::TypeError),
        ("0", Expect::TypeError),
        ("-0", Expect::TypeError),
        ("NaN", Expect::TypeError),
        ("Infinity", Expect::TypeError),
        ("1e309", Expect::TypeError),
        ("null", Expect::TypeError),
        ("true", Expect::TypeError),
        ("false", Expect::TypeError),
        ("{}", Expect::TypeError),
        ("[]", Expect::TypeError),
        ("['bdfile://usr/notes.txt']", Expect::TypeError),
        ("[[]]", Expect::TypeError),
        ("Symbol()", Expect::TypeError),
        ("Symbol('bdfile://usr/notes.txt')", Expect::TypeError),
        ("Symbol.iterator", Expect::TypeError),
        ("function () { return 'notes.txt'; }", Expect::TypeError),
        ("() => 'notes.txt'", Expect::TypeError),
        ("async () => 'notes.txt'", Expect::TypeError),
        ("function* () { yield 'notes.txt'; }", Expect::TypeError),
        ("class A {}", Expect::TypeError),
        ("10n", Expect::TypeError),
        ("-(2n ** 70n)", Expect::TypeError),
        ("new String('notes.txt')", Expect::TypeError),
        ("new Number(1)", Expect::TypeError),
        ("new Boolean(false)", Expect::TypeError),
        ("Object('notes.txt')", Expect::TypeError),
        ("new Date(0)", Expect::TypeError),
        ("/notes.txt/", Expect::TypeError),
        ("new Error('notes.txt')", Expect::TypeError),
        ("Promise.resolve('notes.txt')", Expect::TypeError),
        ("new Proxy({}, {})", Expect::TypeError),
        (
            "({ toString() { return 'notes.txt'; } })",
            Expect::TypeError,
        ),
        ("({ valueOf() { return 'notes.txt'; } })", Expect::TypeError),
        (
            "({ [Symbol.toPrimitive]() { return 'notes.txt'; } })",
            Expect::TypeError,
        ),
        ("Object.create(null)", Expect::TypeError),
        ("new Uint8Array([110, 111])", Expect::TypeError),
        ("new ArrayBuffer(8)", Expect::TypeError),
        ("new Map([['filePath', 'notes.txt']])", Expect::TypeError),
        ("new Set(['notes.txt'])", Expect::TypeError),
        ("new WeakMap()", Expect::TypeError),
        ("globalThis", Expect::TypeError),
        ("swan", Expect::TypeError),
        ("Math", Expect::TypeError),
        ("undefined", Expect::Required),
        ("void 0", Expect::Required),
    ];
    // (method body, expected answer, the filePath string for 201/1001 messages)
    let mut cases: Vec<(String, Expect, String)> = value_cases
        .iter()
        .map(|(v, e)| {
            (
                format!("swan.saveImageToPhotosAlbum({{ filePath: {v}, {log} }});"),
                e.clone(),
                String::new(),
            )
        })
        .collect();
    let shaped: Vec<(String, Expect, &str)> = vec![
        (
            format!("swan.saveImageToPhotosAlbum({{ {log} }});"),
            Expect::Required,
            "",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum({{ filepath: 'notes.txt', FilePath: 'notes.txt', {log} }});"
            ),
            Expect::Required,
            "",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum(Object.assign(Object.create({{ filePath: 42 }}), {{ {log} }}));"
            ),
            Expect::TypeError,
            "",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ get filePath() {{ return 42; }}, {log} }});"),
            Expect::TypeError,
            "",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum(new Proxy({{ {log} }}, {{ get: (t, k) => k === 'filePath' ? 42 : t[k] }}));"
            ),
            Expect::TypeError,
            "",
        ),
        // Options that are not an object: no filePath at all (a Promise, since no callback).
        (
            "swan.saveImageToPhotosAlbum().catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        (
            "swan.saveImageToPhotosAlbum(null).catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        (
            "swan.saveImageToPhotosAlbum('notes.txt').catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        (
            "swan.saveImageToPhotosAlbum(42).catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        (
            "swan.saveImageToPhotosAlbum(['notes.txt']).catch(() => {});".into(),
            Expect::Required,
            "",
        ),
        // Strings no path can hold: step 1 passes, step 3 refuses.
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: '\\u0000', {log} }});"),
            Expect::Illegal,
            "\0",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: 'notes.txt\\u0000.png', {log} }});"),
            Expect::Illegal,
            "notes.txt\0.png",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum({{ filePath: 'bdfile://usr/a\\u0000/../../x', {log} }});"
            ),
            Expect::Illegal,
            "bdfile://usr/a\0/../../x",
        ),
        // A NUL after a network scheme: still a URL first (step 2).
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: 'https://x/\\u0000', {log} }});"),
            Expect::NotFound,
            "https://x/\0",
        ),
        // The right type, reached in odd ways: the string is what counts.
        (
            format!(
                "swan.saveImageToPhotosAlbum({{ get filePath() {{ return 'notes.txt'; }}, {log} }});"
            ),
            Expect::Refused,
            "notes.txt",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum(Object.assign(Object.create({{ filePath: 'notes.txt' }}), {{ {log} }}));"
            ),
            Expect::Refused,
            "notes.txt",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: String(42), {log} }});"),
            Expect::NotFound,
            "42",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: `${{'notes'}}.txt`, {log} }});"),
            Expect::Refused,
            "notes.txt",
        ),
        (
            format!("swan.saveImageToPhotosAlbum({{ filePath: '/etc/passwd', {log} }});"),
            Expect::NotFound,
            "/etc/passwd",
        ),
        (
            format!(
                "swan.saveImageToPhotosAlbum({{ filePath: 'bdfile://usr/../../victim/usr/secret.png', {log} }});"
            ),
            Expect::Illegal,
            "bdfile://usr/../../victim/usr/secret.png",
        ),
    ];
    cases.extend(shaped.into_iter().map(|(m, e, p)| (m, e, p.to_string())));
    run_js_cases(&w, &project, &cases);
}

/// Writes one page with a method per case, runs each method, and checks the `api` event.
fn run_js_cases(w: &World, project: &Path, cases: &[(String, Expect, String)]) {
    let methods: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, (body, _, _))| format!("  m{i}() {{ {body} }},"))
        .collect();
    std::fs::write(
        project.join("pages/index/index.js"),
        format!("Page({{\n{}\n}});\n", methods.join("\n")),
    )
    .unwrap();
    let before = w.snapshot();
    let mut failures = Vec::new();
    for (i, (body, expect, path)) in cases.iter().enumerate() {
        let out = w
            .command()
            .arg("run")
            .arg(project)
            .args(["--page", "pages/index/index", "--call", &format!("m{i}")])
            .args(["--auth", "allow", "--timeout", "20"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let events: Vec<Value> = stdout
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let api: Vec<&Value> = events.iter().filter(|e| e["type"] == "api").collect();
        let (code, msg) = expect.answer(path);
        let want = serde_json::json!({"errCode": code, "errMsg": msg});
        let ok = out.status.code() == Some(0)
            && api.len() == 1
            && api[0]["name"] == "saveImageToPhotosAlbum"
            && api[0]["outcome"] == "fail"
            && api[0]["res"] == want;
        if !ok {
            failures.push(format!(
                "{body}\n    expected exit 0 and one api event {want}\n    got exit {:?}: {}{}",
                out.status.code(),
                stdout.trim(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        if w.snapshot() != before {
            failures.push(format!("{body}: the album changed"));
            w.restore(&before);
        }
    }
    assert_no_failures("js_types", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// command line

/// What never reaches the API: a PATH that is not UTF-8, an `--app` that could not be a folder
/// name. Usage errors (exit 2), nothing on stdout, the album untouched.
#[test]
fn command_line() {
    let w = World::new();
    let before = w.snapshot();
    let mut failures = Vec::new();
    let mut total = 0;
    for path in [
        OsString::from_vec(b"\xff\xfe".to_vec()),
        OsString::from_vec(b"bdfile://usr/\xc0\xaf".to_vec()),
        OsString::from_vec(b"images/ok.png\x80".to_vec()),
    ] {
        total += 1;
        let out = w.save_raw(path.clone());
        if out.status.code() != Some(2) || !out.stdout.is_empty() {
            failures.push(format!("{path:?}: exit {:?}", out.status.code()));
        }
    }
    for app in [
        "",
        "..",
        "../victim",
        "victim/../hostile",
        ".hidden",
        "a/b",
        "a\\b",
        "a b",
        "名前",
        "a\nb",
        &"a".repeat(65),
    ] {
        total += 1;
        let out = w
            .command()
            .args(["save", "--app", app, "--auth", "allow", "--project"])
            .arg(w.project())
            .args(["--", "images/ok.png"])
            .output()
            .unwrap();
        if out.status.code() != Some(2) || !out.stdout.is_empty() {
            failures.push(format!("--app {app:?}: exit {:?}", out.status.code()));
        }
    }
    if w.snapshot() != before {
        failures.push("the album changed".into());
    }
    assert!(
        !w.root().join("data/apps/victim/hostile").exists()
            && !w.root().join("data/victim").exists()
    );
    assert_no_failures("command_line", total, &failures);
}

// ---------------------------------------------------------------------------------------------
// known bugs
