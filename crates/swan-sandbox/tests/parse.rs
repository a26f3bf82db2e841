//! `SandboxPath::parse` and `AppId` validation, without touching the disk.

use swan_sandbox::{AppId, MAX_APP_ID_LEN, PathError, SandboxPath};

fn parse(s: &str) -> Result<SandboxPath, PathError> {
    SandboxPath::parse(s)
}

#[test]
fn parses_each_area() {
    assert_eq!(
        parse("bdfile://tmp_abc.png").ok(),
        Some(SandboxPath::Temp {
            name: "tmp_abc.png".into()
        })
    );
    assert_eq!(
        parse("bdfile://tmp_A-b_9").ok(),
        Some(SandboxPath::Temp {
            name: "tmp_A-b_9".into()
        })
    );
    assert_eq!(
        parse("bdfile://store_x.jpeg").ok(),
        Some(SandboxPath::Store {
            name: "store_x.jpeg".into()
        })
    );
    assert_eq!(
        parse("bdfile://usr/a/../b/./c.png").ok(),
        Some(SandboxPath::Usr {
            relative: "b/c.png".into()
        })
    );
    assert_eq!(
        parse("bdfile://usr").ok(),
        Some(SandboxPath::Usr {
            relative: String::new()
        })
    );
    assert_eq!(
        parse("/images/a.png").ok(),
        Some(SandboxPath::Package {
            relative: "images/a.png".into()
        })
    );
    assert_eq!(
        parse("images/a.png").ok(),
        Some(SandboxPath::Package {
            relative: "images/a.png".into()
        })
    );
    assert_eq!(
        parse("/etc/passwd").ok(),
        Some(SandboxPath::Package {
            relative: "etc/passwd".into()
        })
    );
    assert_eq!(
        parse("https://x/y.png").ok(),
        Some(SandboxPath::Network {
            url: "https://x/y.png".into()
        })
    );
    // The bdfile scheme is case-insensitive like every URL scheme.
    assert_eq!(
        parse("BdFile://usr/x").ok(),
        Some(SandboxPath::Usr {
            relative: "x".into()
        })
    );
}

#[test]
fn parse_rejects_escapes_and_junk() {
    for p in [
        "",
        "..",
        "../x",
        "/../x",
        "bdfile://usr/../x",
        "bdfile://tmp_a/b",
        "bdfile://tmp_",
        "bdfile://foo/x",
        "a\\b",
        "a\u{1}b",
    ] {
        assert!(matches!(parse(p), Err(PathError::Illegal)), "{p:?}");
    }
}

#[test]
fn app_ids() {
    for ok in [
        "a",
        "com.example.app",
        "A_b-9",
        "x.y..z",
        &"a".repeat(MAX_APP_ID_LEN),
    ] {
        let id: AppId = ok.parse().expect(ok);
        assert_eq!(id.as_str(), ok);
        assert_eq!(id.to_string(), ok);
    }
    for bad in [
        "",
        ".",
        "..",
        ".hidden",
        "a/b",
        "a\\b",
        "a b",
        "é",
        "a\0",
        &"a".repeat(MAX_APP_ID_LEN + 1),
    ] {
        assert!(bad.parse::<AppId>().is_err(), "{bad:?}");
    }
}

#[test]
fn errors_display() {
    assert!(!PathError::Illegal.to_string().is_empty());
    assert!(!PathError::NotFound.to_string().is_empty());
    let io = PathError::Io(std::io::Error::other("boom"));
    assert!(io.to_string().contains("boom"));
    assert!(std::error::Error::source(&io).is_some());
}
