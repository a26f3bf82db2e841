use std::path::PathBuf;

/// Environment variable that overrides where the album lives.
pub const ALBUM_ENV: &str = "SWAN_ALBUM";

/// Where the album lives when the caller does not say: `$SWAN_ALBUM`, else the user's Pictures
/// folder plus `Swan`, else `$XDG_DATA_HOME/swan-album/album`.
///
/// `directories` reads only `user-dirs.dirs`, so a headless box has no Pictures folder through it
/// even when `XDG_PICTURES_DIR` is exported; that variable is honoured first for that reason.
pub fn default_root() -> PathBuf {
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

fn non_empty_env(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}
