//! Issue 14-D12: a key of the wrong type is a config error naming the file and the key, never
//! silently a default. Unknown keys stay allowed.

mod common;

use common::Fixture;
use std::time::Duration;
use swan_project::{AppIdOrigin, MAX_DOWNLOAD_TIMEOUT, Project, ProjectError};

fn load_error(app_json: &str, config: Option<&str>) -> ProjectError {
    let f = Fixture::new();
    f.write("app.json", app_json);
    if let Some(config) = config {
        f.write("swan-album.json", config);
    }
    Project::load(&f.root()).unwrap_err()
}

fn config_error(config: &str) -> ProjectError {
    load_error(r#"{"pages": ["pages/index/index"]}"#, Some(config))
}

fn assert_message(e: &ProjectError, message: &str) {
    assert!(matches!(e, ProjectError::Config { .. }), "{e:?}");
    assert_eq!(e.to_string(), message);
}

#[test]
fn app_id_of_the_wrong_type() {
    assert_message(
        &config_error(r#"{"appId": 5}"#),
        r#"swan-album.json: "appId" must be a string"#,
    );
}

#[test]
fn invalid_app_id() {
    for id in ["", ".hidden", "../x", "a/b", "é", &"x".repeat(65)] {
        let e = config_error(&serde_json::json!({ "appId": id }).to_string());
        assert!(
            e.to_string()
                .starts_with(r#"swan-album.json: "appId" must be a valid app id"#)
        );
    }
}

#[test]
fn download_domains_of_the_wrong_type() {
    let message = r#"swan-album.json: "downloadDomains" must be an array of strings"#;
    assert_message(&config_error(r#"{"downloadDomains": "a.com"}"#), message);
    assert_message(
        &config_error(r#"{"downloadDomains": ["a.com", 5]}"#),
        message,
    );
    assert_message(&config_error(r#"{"downloadDomains": null}"#), message);
}

#[test]
fn skip_domain_check_of_the_wrong_type() {
    assert_message(
        &config_error(r#"{"skipDomainCheck": "yes"}"#),
        r#"swan-album.json: "skipDomainCheck" must be true or false"#,
    );
}

#[test]
fn forbidden_scopes_of_the_wrong_type() {
    assert_message(
        &config_error(r#"{"forbiddenScopes": 3}"#),
        r#"swan-album.json: "forbiddenScopes" must be an array of strings"#,
    );
}

#[test]
fn config_that_is_not_an_object() {
    assert_message(
        &config_error(r#"["appId"]"#),
        "swan-album.json: must be a JSON object",
    );
}

#[test]
fn pages_of_the_wrong_type() {
    let message = r#"app.json: "pages" must be an array of strings"#;
    assert_message(&load_error(r#"{"pages": "x"}"#, None), message);
    assert_message(
        &load_error(r#"{"pages": ["a/a", {"x": 1}]}"#, None),
        message,
    );
}

#[test]
fn network_timeout_of_the_wrong_type() {
    let field =
        r#"app.json: "networkTimeout.downloadFile" must be a number of milliseconds (0 or more)"#;
    let pages = r#""pages": ["pages/index/index"]"#;
    for value in [r#""x""#, "-1", "true", "[]"] {
        let json = format!(r#"{{{pages}, "networkTimeout": {{"downloadFile": {value}}}}}"#);
        assert_message(&load_error(&json, None), field);
    }
    for value in ["5", "[5]", "null"] {
        let json = format!(r#"{{{pages}, "networkTimeout": {value}}}"#);
        assert_message(
            &load_error(&json, None),
            r#"app.json: "networkTimeout" must be an object"#,
        );
    }
}

#[test]
fn app_json_that_is_not_an_object() {
    assert_message(&load_error("[]", None), "app.json: must be a JSON object");
}

#[test]
fn broken_json_names_the_file() {
    let e = load_error(r#"{"pages": ["#, None);
    assert!(matches!(e, ProjectError::NotJson { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with("app.json is not valid JSON"),
        "{e}"
    );
    let e = config_error(r#"{"appId": "a"} trailing"#);
    assert!(matches!(e, ProjectError::NotJson { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("swan-album.json is not valid JSON"),
        "{e}"
    );
}

#[test]
fn missing_app_json_says_it_is_not_a_project() {
    let f = Fixture::new();
    std::fs::remove_file(f.root().join("app.json")).unwrap();
    let e = Project::load(&f.root()).unwrap_err();
    assert!(matches!(e, ProjectError::NotAProject(_)), "{e:?}");
    assert!(
        e.to_string().contains("is this a smart-program project"),
        "{e}"
    );
    let e = Project::load(&f.outside().join("nowhere")).unwrap_err();
    assert!(matches!(e, ProjectError::NotAProject(_)), "{e:?}");
}

/// Real app.json files carry many keys we do not read; they pass, whatever their types.
#[test]
fn unknown_keys_are_allowed() {
    let f = Fixture::new();
    f.write(
        "app.json",
        r#"{
            "pages": ["pages/index/index"],
            "window": {"navigationBarTitleText": "x", "enablePullDownRefresh": true},
            "tabBar": {"list": [{"pagePath": "pages/index/index", "text": 1}]},
            "subPackages": [], "prefetches": "x", "networkTimeout": {"custom": "odd", "downloadFile": 1500}
        }"#,
    );
    f.write(
        "swan-album.json",
        r#"{"appId": "real-app", "downloadDomains": ["a.com"], "comment": 7, "skipDomainCheck": true, "forbiddenScopes": ["scope.writePhotosAlbum"]}"#,
    );
    let p = Project::load(&f.root()).unwrap();
    assert_eq!(p.pages, ["pages/index/index"]);
    assert_eq!(p.download_timeout, Duration::from_millis(1500));
    assert_eq!(p.app_id, "real-app");
    assert_eq!(p.app_id_origin, AppIdOrigin::Declared);
    assert_eq!(p.download_domains, ["a.com"]);
    assert!(p.skip_domain_check);
    assert_eq!(p.forbidden_scopes, ["scope.writePhotosAlbum"]);
}

#[test]
fn defaults_without_swan_album_json() {
    let f = Fixture::new();
    let p = Project::load(&f.root()).unwrap();
    assert_eq!(p.app_id, "app");
    assert_eq!(p.app_id_origin, AppIdOrigin::FolderName);
    assert_eq!(p.download_timeout, MAX_DOWNLOAD_TIMEOUT);
    assert!(p.download_domains.is_empty());
    assert!(!p.skip_domain_check);
    assert!(p.forbidden_scopes.is_empty());
}

#[test]
fn download_timeout_is_clamped_to_sixty_seconds() {
    let f = Fixture::new();
    for (ms, expected) in [
        ("600000", MAX_DOWNLOAD_TIMEOUT),
        ("1e300", MAX_DOWNLOAD_TIMEOUT),
        ("2500.5", Duration::from_micros(2_500_500)),
        ("0", Duration::ZERO),
    ] {
        f.write(
            "app.json",
            &format!(r#"{{"pages": [], "networkTimeout": {{"downloadFile": {ms}}}}}"#),
        );
        assert_eq!(
            Project::load(&f.root()).unwrap().download_timeout,
            expected,
            "{ms}"
        );
    }
}
