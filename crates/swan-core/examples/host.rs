//! A host in a few dozen lines: it decides where the album and the apps' files live, answers
//! the permission prompt by its own policy, and saves a picture for an app exactly as page code's
//! `swan.saveImageToPhotosAlbum({filePath})` would.
//!
//! Run it with `cargo run -p swan-core --example host`. It works in a fresh temporary folder, so
//! it touches nothing of yours; `cargo test -p swan-core` runs it too (it is declared with
//! `test = true, harness = false`), so it checks what it shows and fails loudly if the library
//! stops doing it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use swan_core::api::save_image_to_photos_album;
use swan_core::swan_auth::{Authorizer, BoxFuture, PromptAnswer, PromptRequest};
use swan_core::swan_sandbox::{Adopt, AppId, Package};
use swan_core::{ArgValue, Host, HostConfig};

/// The host's user, here a policy: apps on a list may write to the album, others are refused.
/// A real host would show a dialog; either way it only sees the first request of each
/// (app, scope), as the library remembers the answer.
struct PolicyUser {
    trusted_apps: BTreeSet<String>,
    /// Every question asked, in order: a host logs them, and this example checks them.
    asked: Mutex<Vec<String>>,
}

impl Authorizer for PolicyUser {
    fn ask<'a>(&'a self, request: &'a PromptRequest) -> BoxFuture<'a, PromptAnswer> {
        let answer = if self.trusted_apps.contains(&request.app) {
            PromptAnswer::Allow
        } else {
            PromptAnswer::Deny
        };
        let line = format!(
            "asked: may {} use {}? {answer:?}",
            request.app, request.scope
        );
        println!("{line}");
        self.asked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(line);
        Box::pin(std::future::ready(answer))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let work = tempfile::tempdir()?;
    let picture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/png-alpha.png");

    // Two apps' projects: the picture ships in each code package, as `images/photo.png`.
    let project = project_with(&work.path().join("demo-project"), &picture)?;
    let other_project = project_with(&work.path().join("other-project"), &picture)?;

    let user = Arc::new(PolicyUser {
        trusted_apps: BTreeSet::from(["demo".to_string()]),
        asked: Mutex::default(),
    });
    // The host's own folders; the library reads no environment variable to find them.
    let config = HostConfig::new(work.path().join("Pictures"), work.path().join("swan-data"));
    let host = Host::open(config, user.clone())?;

    // The app's sandbox: its files and its identity. Opened for its project, the id `demo` is
    // bound to that folder; another project claiming `demo` is refused unless it adopts it.
    let demo: AppId = "demo".parse()?;
    let sandbox = host.sandbox(
        &demo,
        Package::Project {
            root: &project,
            adopt: Adopt::No,
        },
    )?;

    // The API is async because the prompt is; any executor will do.
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let file_path = ArgValue::Str("images/photo.png");
    let saved = runtime.block_on(save_image_to_photos_album(&host, &sandbox, file_path))?;
    let entry = &saved.entry;
    println!(
        "saved {} ({}, {}x{}, {} bytes) from {:?} for {:?}",
        host.album().path_of(entry).display(),
        entry.mime(),
        entry.width,
        entry.height,
        entry.byte_size,
        entry.source_path.as_deref().unwrap_or("?"),
        entry.app_id.as_deref().unwrap_or("?"),
    );
    // This example is also a test (`cargo test` runs it), so what it shows is checked.
    assert_eq!(
        std::fs::read(host.album().path_of(entry))?,
        std::fs::read(&picture)?
    );

    // Asked once: the second save goes through on the remembered answer.
    runtime.block_on(save_image_to_photos_album(&host, &sandbox, file_path))?;
    assert_eq!(host.album().len()?, 2);

    // An app the policy does not trust gets the contract's error, and the album is unchanged.
    let other = host.sandbox(
        &"other".parse()?,
        Package::Project {
            root: &other_project,
            adopt: Adopt::No,
        },
    )?;
    let refused = runtime.block_on(save_image_to_photos_album(&host, &other, file_path));
    let Err(refused) = refused else {
        return Err("an untrusted app saved a picture".into());
    };
    println!(
        "refused: errCode {} errMsg {:?}",
        refused.err_code(),
        refused.err_msg()
    );
    assert_eq!(
        (refused.err_code(), refused.err_msg()),
        (10003, "user deny".into())
    );
    assert_eq!(host.album().len()?, 2);

    let asked = user.asked.lock().unwrap_or_else(|p| p.into_inner());
    assert_eq!(
        *asked,
        [
            "asked: may demo use scope.writePhotosAlbum? Allow",
            "asked: may other use scope.writePhotosAlbum? Deny",
        ]
    );
    Ok(())
}

/// A project folder whose code package holds `picture` as `images/photo.png`.
fn project_with(root: &Path, picture: &Path) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(root.join("images"))?;
    std::fs::copy(picture, root.join("images/photo.png"))?;
    Ok(root.to_path_buf())
}
