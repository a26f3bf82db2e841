//! A real project folder on disk, and a deadline around anything that could hang.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Longer than any load takes, far shorter than a hang.
pub const DEADLINE: Duration = Duration::from_secs(5);

pub struct Fixture {
    pub tmp: tempfile::TempDir,
}

impl Fixture {
    /// `<tmp>/app/` with an app.json listing `pages/index/index`, its script and an app.js.
    pub fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let f = Fixture { tmp };
        std::fs::create_dir_all(f.root().join("pages/index")).unwrap();
        f.write("app.json", r#"{"pages": ["pages/index/index"]}"#);
        f.write("app.js", "App({});");
        f.write("pages/index/index.js", "Page({});");
        f
    }

    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("app")
    }

    /// A path beside the project, outside it.
    pub fn outside(&self) -> PathBuf {
        self.tmp.path().to_path_buf()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }

    /// Replaces `rel` with a FIFO nobody writes to: opening it for reading blocks forever
    /// unless the open is non-blocking.
    pub fn fifo(&self, rel: &str) {
        let path = self.root().join(rel);
        let _ = std::fs::remove_file(&path);
        mkfifo(&path);
    }
}

pub fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt as _;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(rc, 0, "mkfifo {}", path.display());
}

/// Runs `f` on its own thread and returns its result, or panics if it has not finished by
/// [`DEADLINE`] (a hang is caught, not waited out).
pub fn within_deadline<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(DEADLINE)
        .expect("the call did not finish before the deadline: it hangs")
}
