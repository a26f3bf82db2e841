//! The seed's example end to end, offline: its page code unchanged, its URL served by a real
//! local HTTPS server for b.bdstatic.com, the picture landing in a real album.

mod common;

use common::*;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use swan_core::swan_auth::{Authorizer, PromptAnswer};
use swan_core::{Host, HostConfig};
use swan_runtime::{Event, Outcome, Project, PromptEvents, Recorder, RunOptions, RunStatus};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn picture() -> Vec<u8> {
    std::fs::read(repo().join("examples/seed/mapped/b.bdstatic.com/miniapp/image/getImageInfo.png"))
        .unwrap()
}

struct Seed {
    dir: tempfile::TempDir,
    _server: swan_net::MappedHost,
    client: swan_net::ClientConfig,
}

impl Seed {
    /// The example project as it is, plus a second page that opens the settings page.
    fn new() -> Seed {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("seed");
        copy_dir(&repo().join("examples/seed"), &project);
        std::fs::create_dir_all(project.join("pages/settings")).unwrap();
        std::fs::write(
            project.join("pages/settings/settings.js"),
            "Page({ open() { swan.openSetting({ success: r => console.log(r.authSetting) }); } });",
        )
        .unwrap();
        let app_json = project.join("app.json");
        let mut app: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&app_json).unwrap()).unwrap();
        app["pages"]
            .as_array_mut()
            .unwrap()
            .push(json!("pages/settings/settings"));
        std::fs::write(app_json, app.to_string()).unwrap();
        let server = swan_net::serve_dir(
            "b.bdstatic.com",
            &repo().join("examples/seed/mapped/b.bdstatic.com"),
        )
        .unwrap();
        let client = swan_net::ClientConfig::with_mapped_hosts(std::slice::from_ref(&server));
        Seed {
            dir,
            _server: server,
            client,
        }
    }

    fn run(
        &self,
        page: &str,
        method: &str,
        answer: PromptAnswer,
        settings: BTreeMap<String, bool>,
    ) -> Ran {
        let recorder = Arc::new(Recorder::default());
        let user: Arc<dyn Authorizer> = Arc::new(SlowUser(answer));
        let config = HostConfig::new(self.dir.path().join("album"), self.dir.path().join("data"));
        let host = Arc::new(
            Host::open(config, Arc::new(PromptEvents::new(user, recorder.clone()))).unwrap(),
        );
        let options = RunOptions {
            settings_changes: settings,
            client: self.client.clone(),
            ..RunOptions::new(page).call(method)
        };
        let project = Project::load(&self.dir.path().join("seed")).unwrap();
        let status = swan_runtime::run(host, project, options, recorder.clone()).unwrap();
        Ran {
            status,
            events: recorder.events(),
        }
    }

    fn save(&self, answer: PromptAnswer) -> Ran {
        self.run(
            "pages/index/index",
            "saveImageToPhotosAlbum",
            answer,
            BTreeMap::new(),
        )
    }

    fn album_pictures(&self) -> Vec<Vec<u8>> {
        let Ok(dir) = std::fs::read_dir(self.dir.path().join("album")) else {
            return vec![];
        };
        dir.map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| std::fs::read(p).unwrap())
            .collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn toasts(ran: &Ran) -> Vec<String> {
    ran.events
        .iter()
        .filter_map(|e| match e {
            Event::Toast { title, .. } => Some(title.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn allow_puts_the_downloaded_picture_in_the_album_byte_for_byte() {
    let seed = Seed::new();
    let ran = seed.save(PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let download = &ran.api("downloadFile")[0];
    assert_eq!(download.0, Outcome::Success);
    assert_eq!(download.1["statusCode"], 200);
    assert!(
        download.1["tempFilePath"]
            .as_str()
            .unwrap()
            .starts_with("bdfile://tmp_")
    );
    assert_eq!(
        ran.api("saveImageToPhotosAlbum"),
        vec![(
            Outcome::Success,
            json!({"errMsg": "saveImageToPhotosAlbum:ok"})
        )]
    );
    assert_eq!(toasts(&ran), vec!["已保存到本地相册".to_string()]);
    assert_eq!(ran.prompts(), 1);
    assert_eq!(seed.album_pictures(), vec![picture()]);
}

#[test]
fn deny_takes_the_fail_branch_and_is_remembered_until_open_setting_flips_it() {
    let seed = Seed::new();
    let ran = seed.save(PromptAnswer::Deny);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    let denied = json!({"errCode": 10003, "errMsg": "user deny"});
    assert_eq!(
        ran.api("saveImageToPhotosAlbum"),
        vec![(Outcome::Fail, denied.clone())]
    );
    assert_eq!(
        ran.logs(),
        vec![json!(["saveImageToPhotosAlbum fail", denied.clone()])]
    );
    assert!(
        toasts(&ran).is_empty(),
        "the fail branch's toast has an empty title, so none is shown"
    );
    assert_eq!(ran.api("showToast")[0].1["errCode"], 904);

    // A second run: no prompt at all, still denied.
    let ran = seed.save(PromptAnswer::Allow);
    assert_eq!(ran.prompts(), 0);
    assert_eq!(
        ran.api("saveImageToPhotosAlbum"),
        vec![(Outcome::Fail, denied)]
    );
    assert!(seed.album_pictures().is_empty());

    // The user turns it on in the settings page; the next save succeeds without a prompt.
    let settings = BTreeMap::from([("scope.writePhotosAlbum".to_string(), true)]);
    let ran = seed.run(
        "pages/settings/settings",
        "open",
        PromptAnswer::Deny,
        settings,
    );
    assert_eq!(ran.logs(), vec![json!({"scope.writePhotosAlbum": true})]);
    let ran = seed.save(PromptAnswer::Deny);
    assert_eq!(ran.prompts(), 0);
    assert_eq!(ran.api("saveImageToPhotosAlbum")[0].0, Outcome::Success);
    assert_eq!(seed.album_pictures(), vec![picture()]);
}
