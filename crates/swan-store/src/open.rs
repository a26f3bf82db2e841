use crate::{Album, AlbumError, AlbumOptions, META_DIR, RepairReport, index, temp};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

impl Album {
    /// Opens (creating if needed) the album at `root`, and repairs whatever a crash left behind.
    /// The repair is returned, not hidden: a caller should tell its user when it did anything.
    pub fn open(
        root: impl AsRef<Path>,
        options: AlbumOptions,
    ) -> Result<(Album, RepairReport), AlbumError> {
        let root = root.as_ref().to_path_buf();
        let meta = root.join(META_DIR);
        std::fs::create_dir_all(meta.join("tmp"))?;
        let conn = index::open(&meta.join("index.sqlite"))?;
        let unnamed_temps = !options.named_temps && temp::probe_unnamed(&root, &meta.join("tmp"));
        let album = Album {
            root,
            meta,
            index: Mutex::new(conn),
            options,
            unnamed_temps,
        };
        let report = album.repair()?;
        Ok((album, report))
    }

    pub(crate) fn tmp_dir(&self) -> PathBuf {
        self.meta.join("tmp")
    }
}
