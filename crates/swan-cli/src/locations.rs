//! Where the album and the per-app state live when the command line does not say. This is the
//! only place that reads the environment: the libraries are given explicit paths.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Environment variable that chooses the album folder.
pub const ALBUM_ENV: &str = "SWAN_ALBUM";
/// Environment variable that chooses the per-app state folder.
pub const DATA_DIR_ENV: &str = "SWAN_DATA_DIR";

/// The album: `--album`, else `$SWAN_ALBUM`, else the user's Pictures folder plus `Swan`, else
/// `$XDG_DATA_HOME/swan-album/album`.
///
/// `directories` reads only `user-dirs.dirs`, so a headless box has no Pictures folder through it
/// even when `XDG_PICTURES_DIR` is exported; that variable is honoured first for that reason.
pub fn album_root(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    if let Some(dir) = non_empty_env(ALBUM_ENV) {
        return PathBuf::from(dir);
    }
    if let Some(pictures) = non_empty_env("XDG_PICTURES_DIR") {
        return PathBuf::from(pictures).join("Swan");
    }
    if let Some(pictures) =
        directories::UserDirs::new().and_then(|u| u.picture_dir().map(PathBuf::from))
    {
        return pictures.join("Swan");
    }
    let data = directories::BaseDirs::new()
        .map(|b| b.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".local/share"));
    data.join("swan-album").join("album")
}

/// Per-app state (authorization decisions, temp/store/usr files): `--data-dir`, else
/// `$SWAN_DATA_DIR`, else `$XDG_DATA_HOME/swan-album`.
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    if let Some(dir) = non_empty_env(DATA_DIR_ENV) {
        return PathBuf::from(dir);
    }
    directories::BaseDirs::new()
        .map(|b| b.data_dir().join("swan-album"))
        .unwrap_or_else(|| PathBuf::from(".swan-album-data"))
}

/// An empty variable counts as unset, as an exported-but-blank `SWAN_ALBUM=` usually means.
fn non_empty_env(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}
