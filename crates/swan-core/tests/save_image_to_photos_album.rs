//! Every row of the spec's §2 table and the §3 transitions, through the real crates: real
//! files, real symlinks, real SQLite, a real album folder.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use swan_core::api::{authorize, get_setting, open_setting, save_image_to_photos_album};
use swan_core::swan_auth::{
    Authorizer, BoxFuture, HostPolicy, PromptAnswer, PromptRequest, WRITE_PHOTOS_ALBUM,
};
use swan_core::swan_sandbox::{Adopt, AppId, Package, Sandbox};
use swan_core::{ArgValue, Host, HostConfig, SwanError};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures")
            .join(name),
    )
    .unwrap()
}

/// A user who always gives the same answer, and a count of how often they were asked.
struct User {
    answer: PromptAnswer,
    asked: AtomicUsize,
}

impl Authorizer for User {
    fn ask<'a>(&'a self, _: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            self.answer
        })
    }
}

struct World {
    _dir: tempfile::TempDir,
    album: PathBuf,
    data: PathBuf,
    project: PathBuf,
    user: Arc<User>,
    host: Host,
    sandbox: Sandbox,
}

impl World {
    fn new(answer: PromptAnswer) -> World {
        World::with_policy(answer, HostPolicy::default())
    }

    fn with_policy(answer: PromptAnswer, policy: HostPolicy) -> World {
        let dir = tempfile::tempdir().unwrap();
        let (album, data, project) = (
            dir.path().join("album"),
            dir.path().join("data"),
            dir.path().join("project"),
        );
        std::fs::create_dir_all(project.join("images")).unwrap();
        std::fs::write(project.join("images/a.png"), fixture("png-alpha.png")).unwrap();
        std::fs::write(project.join("readme.txt"), b"not a picture").unwrap();
        let user = Arc::new(User {
            answer,
            asked: AtomicUsize::new(0),
        });
        let host = open_host(&album, &data, policy, user.clone());
        let sandbox = host
            .sandbox(
                &"demo".parse().unwrap(),
                Package::Project {
                    root: &project,
                    adopt: Adopt::No,
                },
            )
            .unwrap();
        World {
            _dir: dir,
            album,
            data,
            project,
            user,
            host,
            sandbox,
        }
    }

    /// The same folders, as a new process would see them.
    fn reopen(&self, answer: PromptAnswer) -> (Host, Sandbox, Arc<User>) {
        let user = Arc::new(User {
            answer,
            asked: AtomicUsize::new(0),
        });
        let host = open_host(&self.album, &self.data, HostPolicy::default(), user.clone());
        let sandbox = host
            .sandbox(
                &"demo".parse().unwrap(),
                Package::Project {
                    root: &self.project,
                    adopt: Adopt::No,
                },
            )
            .unwrap();
        (host, sandbox, user)
    }

    fn temp_file(&self, bytes: &[u8], ext: Option<&str>) -> String {
        let mut t = self.sandbox.create_temp(ext).unwrap();
        t.write_all(bytes).unwrap();
        t.commit().unwrap()
    }

    fn usr_file(&self, relative: &str, bytes: &[u8]) -> String {
        let path = self.data.join("apps/demo/usr").join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        format!("bdfile://usr/{relative}")
    }

    async fn save(&self, path: &str) -> Result<swan_core::swan_store::Saved, SwanError> {
        save_image_to_photos_album(&self.host, &self.sandbox, ArgValue::Str(path)).await
    }

    fn prompts(&self) -> usize {
        self.user.asked.load(Ordering::SeqCst)
    }

    fn album_files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.album)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| !n.starts_with('.'))
            .collect();
        v.sort();
        v
    }
}

fn open_host(album: &Path, data: &Path, policy: HostPolicy, user: Arc<User>) -> Host {
    let config = HostConfig {
        policy,
        ..HostConfig::new(album, data)
    };
    Host::open(config, user).unwrap()
}

fn code_msg(r: Result<impl std::fmt::Debug, SwanError>) -> (u32, String) {
    let e = r.unwrap_err();
    (e.err_code(), e.err_msg())
}

#[tokio::test]
async fn step1_file_path_missing_or_not_a_string_is_904_without_a_prompt() {
    let w = World::new(PromptAnswer::Allow);
    let r = save_image_to_photos_album(&w.host, &w.sandbox, ArgValue::Missing).await;
    assert_eq!(
        code_msg(r),
        (904, "[jsNative Argument Error]filePath is required.".into())
    );
    let r = save_image_to_photos_album(&w.host, &w.sandbox, ArgValue::Other("number")).await;
    assert_eq!(
        code_msg(r),
        (
            904,
            "[jsNative Argument Error]filePath type error. must be \"string\"".into()
        )
    );
    assert_eq!(w.prompts(), 0);
}

#[tokio::test]
async fn step2_network_urls_are_not_found_without_a_prompt() {
    let w = World::new(PromptAnswer::Allow);
    for url in [
        "https://b.bdstatic.com/miniapp/image/getImageInfo.png",
        "http://x/y.png",
        "ftp://x/y",
        "data:image/png;base64,AAAA",
    ] {
        assert_eq!(
            code_msg(w.save(url).await),
            (1001, format!("can not find such file : {url}"))
        );
    }
    assert_eq!(w.prompts(), 0);
}

#[tokio::test]
async fn step3_escapes_are_illegal_without_a_prompt() {
    let w = World::new(PromptAnswer::Allow);
    std::os::unix::fs::symlink("/etc/passwd", w.data.join("apps/demo/usr/passwd")).unwrap();
    std::os::unix::fs::symlink(
        w.project.join("images/a.png"),
        w.data.join("apps/demo/usr/outside.png"),
    )
    .unwrap();
    for p in [
        "bdfile://usr/../../../etc/passwd",
        "../images/a.png",
        "bdfile://usr/passwd",
        "bdfile://usr/outside.png",
        "bdfile://nowhere/x",
    ] {
        assert_eq!(
            code_msg(w.save(p).await),
            (201, format!("Illegal file_path : {p}")),
            "{p}"
        );
    }
    assert_eq!(w.prompts(), 0);
}

#[tokio::test]
async fn step4_missing_or_foreign_files_are_not_found_without_a_prompt() {
    let w = World::new(PromptAnswer::Allow);
    let other = w
        .host
        .sandbox(&"other-app".parse::<AppId>().unwrap(), Package::None)
        .unwrap();
    let mut t = other.create_temp(Some("png")).unwrap();
    t.write_all(&fixture("png-alpha.png")).unwrap();
    let foreign = t.commit().unwrap();
    std::fs::create_dir_all(w.data.join("apps/demo/usr/folder")).unwrap();
    for p in [
        "bdfile://tmp_missing.png",
        "bdfile://store_missing",
        "bdfile://usr/none.png",
        "/etc/passwd",
        "images",
        "bdfile://usr/folder",
        foreign.as_str(),
    ] {
        assert_eq!(
            code_msg(w.save(p).await),
            (1001, format!("can not find such file : {p}")),
            "{p}"
        );
    }
    assert_eq!(w.prompts(), 0);
}

#[tokio::test]
async fn step5_denied_dismissed_and_forbidden() {
    let w = World::new(PromptAnswer::Deny);
    let path = w.temp_file(&fixture("png-alpha.png"), Some("png"));
    assert_eq!(code_msg(w.save(&path).await), (10003, "user deny".into()));
    assert_eq!(w.prompts(), 1);
    assert_eq!(code_msg(w.save(&path).await), (10003, "user deny".into()));
    assert_eq!(w.prompts(), 1, "a denied scope is never asked again");

    let w = World::new(PromptAnswer::Dismiss);
    let path = w.temp_file(&fixture("png-alpha.png"), Some("png"));
    assert_eq!(code_msg(w.save(&path).await), (10003, "user deny".into()));

    let policy = HostPolicy {
        forbidden: [WRITE_PHOTOS_ALBUM.to_string()].into(),
    };
    let w = World::with_policy(PromptAnswer::Allow, policy);
    let path = w.temp_file(&fixture("png-alpha.png"), Some("png"));
    assert_eq!(code_msg(w.save(&path).await), (10005, "system deny".into()));
    assert_eq!(w.prompts(), 0);
    assert!(w.album_files().is_empty());
}

#[tokio::test]
async fn step6_content_is_judged_only_after_authorization() {
    let w = World::new(PromptAnswer::Allow);
    let text = w.usr_file("notes.png", b"plain text with a picture's name");
    assert_eq!(
        code_msg(w.save(&text).await),
        (1001, format!("can not save to album : {text}"))
    );
    assert_eq!(
        w.prompts(),
        1,
        "the user was asked before the content was looked at"
    );
    let png = fixture("png-alpha.png");
    let cut = w.usr_file("cut.png", &png[..png.len() - 10]);
    assert_eq!(
        code_msg(w.save(&cut).await),
        (1001, format!("can not save to album : {cut}"))
    );
    assert!(w.album_files().is_empty());

    // Denied beats not-an-image; missing beats denied.
    let w = World::new(PromptAnswer::Deny);
    let text = w.usr_file("notes.txt", b"text");
    assert_eq!(code_msg(w.save(&text).await), (10003, "user deny".into()));
    let w = World::new(PromptAnswer::Deny);
    assert_eq!(code_msg(w.save("bdfile://usr/missing.png").await).0, 1001);
    assert_eq!(w.prompts(), 0);
}

#[tokio::test]
async fn step7_an_album_that_cannot_be_written_fails_cleanly() {
    let w = World::new(PromptAnswer::Allow);
    let path = w.temp_file(&fixture("png-alpha.png"), Some("png"));
    std::fs::remove_dir_all(&w.album).unwrap();
    let (code, msg) = code_msg(w.save(&path).await);
    assert_eq!(
        (code, msg),
        (1001, format!("can not save to album : {path}"))
    );
    assert!(!w.album.exists(), "nothing was created");
}

#[tokio::test]
async fn ok_every_path_form_and_the_bytes_are_kept() {
    let w = World::new(PromptAnswer::Allow);
    let jpeg = fixture("jpeg-exif.jpg");
    let cases = [
        (w.temp_file(&jpeg, None), "jpg"),        // no extension
        (w.temp_file(&jpeg, Some("png")), "jpg"), // the wrong one
        (w.usr_file("deep/dir/pic", &fixture("animated.gif")), "gif"),
        ("images/a.png".to_string(), "png"),
        ("/images/a.png".to_string(), "png"),
        ("images/../images/a.png".to_string(), "png"),
    ];
    for (path, ext) in &cases {
        let saved = w.save(path).await.unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            saved.entry.name.ends_with(&format!(".{ext}")),
            "{path} -> {}",
            saved.entry.name
        );
        assert_eq!(saved.entry.app_id.as_deref(), Some("demo"));
        assert_eq!(saved.entry.source_path.as_deref(), Some(path.as_str()));
        let stored = std::fs::read(w.host.album().path_of(&saved.entry)).unwrap();
        let original = if path.contains("images") {
            fixture("png-alpha.png")
        } else if *ext == "gif" {
            fixture("animated.gif")
        } else {
            jpeg.clone()
        };
        assert_eq!(stored, original);
    }
    assert_eq!(w.prompts(), 1, "asked once, then remembered");
    assert_eq!(w.album_files().len(), cases.len());
}

#[tokio::test]
async fn decisions_persist_and_open_setting_flips_them() {
    let w = World::new(PromptAnswer::Deny);
    let path = w.temp_file(&fixture("png-alpha.png"), Some("png"));
    assert_eq!(code_msg(w.save(&path).await).0, 10003);
    assert_eq!(
        get_setting(&w.host, "demo").unwrap(),
        BTreeMap::from([(WRITE_PHOTOS_ALBUM.to_string(), false)])
    );

    // A new process: still denied, not asked.
    let (host, sandbox, user) = w.reopen(PromptAnswer::Allow);
    let r = save_image_to_photos_album(&host, &sandbox, ArgValue::Str(&path)).await;
    assert_eq!(code_msg(r).0, 10003);
    assert_eq!(user.asked.load(Ordering::SeqCst), 0);

    // The user turns it back on in the settings page: saved, still no prompt.
    let after = open_setting(
        &host,
        "demo",
        &BTreeMap::from([(WRITE_PHOTOS_ALBUM.to_string(), true)]),
    )
    .unwrap();
    assert_eq!(after.get(WRITE_PHOTOS_ALBUM), Some(&true));
    save_image_to_photos_album(&host, &sandbox, ArgValue::Str(&path))
        .await
        .unwrap();
    assert_eq!(user.asked.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn authorize_uses_the_same_machine() {
    let w = World::new(PromptAnswer::Allow);
    assert_eq!(
        get_setting(&w.host, "demo").unwrap(),
        BTreeMap::new(),
        "unasked scopes are absent"
    );
    authorize(&w.host, "demo", ArgValue::Str(WRITE_PHOTOS_ALBUM))
        .await
        .unwrap();
    let path = w.temp_file(&fixture("png-alpha.png"), None);
    w.save(&path).await.unwrap();
    assert_eq!(w.prompts(), 1);
    assert_eq!(
        code_msg(authorize(&w.host, "demo", ArgValue::Str("scope.nonsense")).await),
        (10005, "system deny".into())
    );
    assert_eq!(
        code_msg(authorize(&w.host, "demo", ArgValue::Missing).await).0,
        904
    );
}

#[tokio::test]
async fn two_saves_started_together_share_one_prompt() {
    let w = World::new(PromptAnswer::Allow);
    let a = w.temp_file(&fixture("png-alpha.png"), None);
    let b = w.temp_file(&fixture("jpeg-exif.jpg"), None);
    let (ra, rb) = tokio::join!(w.save(&a), w.save(&b));
    ra.unwrap();
    rb.unwrap();
    assert_eq!(w.prompts(), 1);
    assert_eq!(w.album_files().len(), 2);
}

/// Issue 14, B4: a grant and the files behind an app id are not for any project that declares
/// the id. Another project claiming "demo" gets no sandbox, so neither the grant nor the files.
#[tokio::test]
async fn another_project_cannot_borrow_the_apps_grant_or_files() {
    let w = World::new(PromptAnswer::Allow);
    let granted = w.usr_file("mine.png", &fixture("png-alpha.png"));
    w.save(&granted).await.expect("the owner is granted");
    assert_eq!(w.prompts(), 1);

    let impostor = w._dir.path().join("elsewhere/project");
    std::fs::create_dir_all(&impostor).unwrap();
    let claim = |adopt| {
        w.host.sandbox(
            &"demo".parse().unwrap(),
            Package::Project {
                root: &impostor,
                adopt,
            },
        )
    };
    match claim(Adopt::No) {
        Err(swan_core::swan_sandbox::OpenError::Identity(e)) => {
            assert!(e.to_string().contains("adopt"), "{e}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Adopting is the explicit way over; after it, the former owner is the stranger.
    let adopted = claim(Adopt::Yes).expect("adopt");
    assert_eq!(adopted.app().as_str(), "demo");
    let former = w.host.sandbox(
        &"demo".parse().unwrap(),
        Package::Project {
            root: &w.project,
            adopt: Adopt::No,
        },
    );
    assert!(former.is_err());
}

/// Issue 14, B8: a data folder other users can write to is refused, not used.
#[test]
fn a_data_folder_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
    let user = Arc::new(User {
        answer: PromptAnswer::Allow,
        asked: AtomicUsize::new(0),
    });
    let config = HostConfig::new(dir.path().join("album"), data.clone());
    let err = match Host::open(config, user) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a world-writable data folder was used"),
    };
    assert!(err.contains("writable by other users"), "{err}");
    assert!(!data.join("auth.sqlite").exists());
}
