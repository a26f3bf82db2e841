use crate::{Album, AlbumError, AlbumOptions, META_DIR, RepairReport, index, temp};
use cap_std::fs::Dir;
use std::path::Path;
use std::sync::{Arc, Mutex};

impl Album {
    /// Opens (creating if needed) the album at `root`, and repairs whatever a crash left behind.
    /// The repair is returned, not hidden: a caller should tell its user when it did anything.
    ///
    /// A damaged index is [`AlbumError::IndexDamaged`], unless
    /// [`AlbumOptions::rebuild_damaged_index`] asks for it to be rebuilt.
    pub fn open(
        root: impl AsRef<Path>,
        options: AlbumOptions,
    ) -> Result<(Album, RepairReport), AlbumError> {
        let root = root.as_ref().to_path_buf();
        let meta = root.join(META_DIR);
        std::fs::create_dir_all(meta.join("tmp"))?;
        let open_dir = |p: &Path| Dir::open_ambient_dir(p, cap_std::ambient_authority());
        let root_dir = Arc::new(open_dir(&root)?);
        let tmp_dir = Arc::new(open_dir(&meta.join("tmp"))?);
        let index_path = meta.join(index::FILE);
        let (conn, damaged) = match index::open(&index_path) {
            Ok(conn) => (conn, false),
            // Rebuilt by the repair below; a placeholder until then.
            Err(e) if e.is_index_damaged() && options.rebuild_damaged_index => {
                (rusqlite::Connection::open_in_memory()?, true)
            }
            Err(e) => return Err(e.at(&index_path)),
        };
        let unnamed_temps = !options.named_temps && temp::probe_unnamed(&root_dir, &tmp_dir);
        let rebuild = options.rebuild_damaged_index;
        let album = Album {
            root,
            meta,
            root_dir,
            tmp_dir,
            index: Mutex::new(conn),
            options,
            unnamed_temps,
        };
        let report = album.located(album.repair_with(rebuild, damaged))?;
        Ok((album, report))
    }

    pub(crate) fn meta(&self) -> &Path {
        &self.meta
    }
}
