//! The binary as the tests start it: album and data folder in a test's own folder, nothing from
//! the environment.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::Path;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_swan-album");

/// The binary with its album and data folder in `dir`, and no location from the environment.
pub fn swan(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--album")
        .arg(dir.join("album"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .env_remove("SWAN_ALBUM")
        .env_remove("SWAN_DATA_DIR");
    cmd
}

/// Runs the binary with `args` and waits for it.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    swan(dir).args(args).output().expect("start swan-album")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
