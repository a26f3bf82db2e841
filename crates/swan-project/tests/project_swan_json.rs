//! The devtools' `project.swan.json` (`appid`, `setting.urlCheck`), the request/upload
//! whitelists of `swan-album.json` and `networkTimeout.request`/`uploadFile` of app.json.

mod common;

use common::Fixture;
use std::time::Duration;
use swan_project::{AppIdOrigin, MAX_NETWORK_TIMEOUT, Project, ProjectError};

fn load(files: &[(&str, &str)]) -> Result<Project, ProjectError> {
    let f = Fixture::new();
    for (name, text) in files {
        f.write(name, text);
    }
    Project::load(&f.root())
}

#[test]
fn appid_is_used_when_swan_album_json_has_none() {
    let p = load(&[(
        "project.swan.json",
        r#"{"appid": "16180239", "setting": {}}"#,
    )])
    .unwrap();
    assert_eq!(
        (p.app_id.as_str(), p.app_id_origin),
        ("16180239", AppIdOrigin::ProjectSwanJson)
    );
    // A number, as some tools write it.
    let p = load(&[("project.swan.json", r#"{"appid": 42}"#)]).unwrap();
    assert_eq!(p.app_id, "42");
}

#[test]
fn swan_album_json_app_id_wins() {
    let p = load(&[
        ("project.swan.json", r#"{"appid": "16180239"}"#),
        ("swan-album.json", r#"{"appId": "mine"}"#),
    ])
    .unwrap();
    assert_eq!(
        (p.app_id.as_str(), p.app_id_origin),
        ("mine", AppIdOrigin::Declared)
    );
}

#[test]
fn empty_or_invalid_appid_falls_back_to_the_folder_name() {
    for appid in [
        r#""""#,
        r#""../x""#,
        "null",
        r#"{"a": 1}"#,
        r#""a/b""#,
        r#""testappid""#,
        r#""touristAppId""#,
    ] {
        let p = load(&[("project.swan.json", &format!(r#"{{"appid": {appid}}}"#))]).unwrap();
        assert_eq!(
            (p.app_id.as_str(), p.app_id_origin),
            ("app", AppIdOrigin::FolderName),
            "{appid}"
        );
    }
}

#[test]
fn url_check_false_turns_the_domain_check_off() {
    let off = load(&[("project.swan.json", r#"{"setting": {"urlCheck": false}}"#)]).unwrap();
    assert!(off.skip_domain_check);
    let on = load(&[("project.swan.json", r#"{"setting": {"urlCheck": true}}"#)]).unwrap();
    assert!(!on.skip_domain_check);
    let absent = load(&[("project.swan.json", r#"{"setting": {"compileType": "x"}}"#)]).unwrap();
    assert!(!absent.skip_domain_check);
    let none = load(&[]).unwrap();
    assert!(!none.skip_domain_check);
}

#[test]
fn wrong_types_name_the_file_and_key() {
    let e = load(&[("project.swan.json", r#"{"setting": {"urlCheck": "no"}}"#)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"project.swan.json: "setting.urlCheck" must be true or false"#
    );
    let e = load(&[("project.swan.json", r#"{"setting": []}"#)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"project.swan.json: "setting" must be an object"#
    );
    let e = load(&[("project.swan.json", "{")]).unwrap_err();
    assert!(matches!(e, ProjectError::NotJson { .. }), "{e:?}");
}

#[test]
fn request_and_upload_domains() {
    let p = load(&[(
        "swan-album.json",
        r#"{"requestDomains": ["api.a.com"], "uploadDomains": ["up.a.com"], "downloadDomains": ["cdn.a.com"]}"#,
    )])
    .unwrap();
    assert_eq!(p.request_domains, ["api.a.com"]);
    assert_eq!(p.upload_domains, ["up.a.com"]);
    assert_eq!(p.download_domains, ["cdn.a.com"]);
    for key in ["requestDomains", "uploadDomains"] {
        let e = load(&[("swan-album.json", &format!(r#"{{"{key}": "x"}}"#))]).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(r#"swan-album.json: "{key}" must be an array of strings"#)
        );
    }
}

#[test]
fn network_timeouts_default_and_clamp() {
    let p = load(&[]).unwrap();
    assert_eq!(p.request_timeout, MAX_NETWORK_TIMEOUT);
    assert_eq!(p.upload_timeout, MAX_NETWORK_TIMEOUT);
    let p = load(&[(
        "app.json",
        r#"{"pages": ["pages/index/index"], "networkTimeout": {"request": 1500, "uploadFile": 999999, "connectSocket": 10}}"#,
    )])
    .unwrap();
    assert_eq!(p.request_timeout, Duration::from_millis(1500));
    assert_eq!(p.upload_timeout, MAX_NETWORK_TIMEOUT);
    for key in ["request", "uploadFile", "connectSocket"] {
        let e = load(&[(
            "app.json",
            &format!(r#"{{"pages": ["pages/index/index"], "networkTimeout": {{"{key}": -1}}}}"#),
        )])
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                r#"app.json: "networkTimeout.{key}" must be a number of milliseconds (0 or more)"#
            )
        );
    }
}

#[test]
fn devtools_domains_fill_in_missing_whitelists() {
    let devtools = r#"{"appid": "14897971", "setting": {"urlCheck": true},
        "appInfo": {"app_name": "x", "domains": {"request": ["https://api.a.com"],
            "socket": ["wss://a.com"], "uploadFile": null, "downloadFile": ["https://cdn.a.com", 5]}}}"#;
    let p = load(&[("project.swan.json", devtools)]).unwrap();
    assert_eq!(p.request_domains, ["https://api.a.com"]);
    assert!(p.upload_domains.is_empty());
    assert_eq!(p.download_domains, ["https://cdn.a.com"]);
    assert!(!p.skip_domain_check);
    // swan-album.json's own list wins.
    let p = load(&[
        ("project.swan.json", devtools),
        ("swan-album.json", r#"{"requestDomains": ["mine.com"]}"#),
    ])
    .unwrap();
    assert_eq!(p.request_domains, ["mine.com"]);
    assert_eq!(p.download_domains, ["https://cdn.a.com"]);
    // An appInfo of another shape is ignored, not an error.
    let p = load(&[("project.swan.json", r#"{"appInfo": 3}"#)]).unwrap();
    assert!(p.request_domains.is_empty());
    // A template placeholder is not an app id.
    let p = load(&[("project.swan.json", r#"{"appid": "${appId}"}"#)]).unwrap();
    assert_eq!(p.app_id_origin, AppIdOrigin::FolderName);
}
