//! Shared fixtures: a data dir with two apps and a project root, in a tempdir.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use swan_sandbox::{AppId, PathError, Resolved, Sandbox};

/// Fields drop in order: the sandboxes go before the tempdir is deleted.
pub struct Fixture {
    pub app: Sandbox,
    pub other: Sandbox,
    pub data: PathBuf,
    pub project: PathBuf,
    pub _tmp: tempfile::TempDir,
}

pub fn app_id(s: &str) -> AppId {
    s.parse().expect("valid app id")
}

impl Fixture {
    pub fn create() -> Fixture {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = tmp.path().join("data");
        let project = tmp.path().join("project");
        fs::create_dir_all(project.join("images")).expect("mkdir");
        fs::write(project.join("images/a.png"), b"package-a").expect("write");
        fs::write(project.join("top.png"), b"package-top").expect("write");
        let app = Sandbox::open(
            &data,
            &app_id("app1"),
            swan_sandbox::Package::Project {
                root: &project,
                adopt: swan_sandbox::Adopt::No,
            },
        )
        .expect("open app1");
        let other =
            Sandbox::open(&data, &app_id("app2"), swan_sandbox::Package::None).expect("open app2");
        Fixture {
            app,
            other,
            data,
            project,
            _tmp: tmp,
        }
    }

    /// Host path of an app's area folder, for arranging files in tests.
    pub fn area(&self, app: &str, area: &str) -> PathBuf {
        self.data.join("apps").join(app).join(area)
    }

    pub fn put(&self, app: &str, area: &str, rel: &str, content: &[u8]) -> PathBuf {
        let p = self.area(app, area).join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(&p, content).expect("write");
        p
    }
}

pub fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// Reads the resolved file, panicking on anything but a file.
pub fn read(sb: &Sandbox, path: &str) -> Vec<u8> {
    use std::io::Read;
    match sb.open_file(path) {
        Ok(Resolved::File(mut f)) => {
            assert_eq!(f.file_path, path);
            let mut v = Vec::new();
            f.file.read_to_end(&mut v).expect("read");
            assert_eq!(v.len() as u64, f.len);
            v
        }
        Ok(Resolved::Network { url }) => panic!("{path:?}: unexpected network {url}"),
        Err(e) => panic!("{path:?}: unexpected error {e}"),
    }
}

pub fn is_illegal(sb: &Sandbox, path: &str) -> bool {
    matches!(sb.open_file(path), Err(PathError::Illegal))
}

pub fn is_not_found(sb: &Sandbox, path: &str) -> bool {
    matches!(sb.open_file(path), Err(PathError::NotFound))
}

pub fn is_network(sb: &Sandbox, path: &str) -> bool {
    matches!(sb.open_file(path), Ok(Resolved::Network { url }) if url == path)
}

/// Describes an outcome for assertion messages.
pub fn outcome(sb: &Sandbox, path: &str) -> String {
    match sb.open_file(path) {
        Ok(Resolved::File(_)) => "File".into(),
        Ok(Resolved::Network { .. }) => "Network".into(),
        Err(e) => format!("{e:?}"),
    }
}
