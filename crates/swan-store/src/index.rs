//! The SQLite index: one row per stored file. `synchronous=FULL`, because a save is reported
//! only after its row is durable; WAL where that is safe (see [`swan_sqlite::journal_mode_for`]),
//! because several processes share the file and readers should never wait for a saver.
//!
//! The schema is versioned (`PRAGMA user_version`) and rows are read by column name, so a later
//! version can add columns. A file that is not such an index (garbage, cut short, another
//! program's database, a folder) is reported as [`AlbumError::IndexDamaged`]; repair keeps it
//! aside and rebuilds the index from the pictures (see `rebuild`).

use crate::{AlbumEntry, AlbumError};
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, TransactionBehavior, params};
use std::path::Path;
use std::time::{Duration, Instant};
use swan_image::Format;

/// The index file's name in the meta folder.
pub(crate) const FILE: &str = "index.sqlite";

const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Schema version in `PRAGMA user_version`. 0 is an index made before versioning (same
/// tables), migrated on open; a newer version is refused rather than misread.
pub(crate) const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    source_path TEXT,
    app_id TEXT,
    format TEXT NOT NULL,
    mime TEXT NOT NULL,
    byte_size INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    orientation INTEGER,
    date_time_original TEXT,
    blake3 TEXT NOT NULL,
    saved_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_by_hash ON entries(blake3);
CREATE INDEX IF NOT EXISTS entries_by_time ON entries(saved_at_ms DESC, id DESC);
";

/// The columns this version reads and writes; an index without one of them is not ours.
const COLUMN_NAMES: [&str; 13] = [
    "id",
    "name",
    "source_path",
    "app_id",
    "format",
    "mime",
    "byte_size",
    "width",
    "height",
    "orientation",
    "date_time_original",
    "blake3",
    "saved_at_ms",
];

const COLUMNS: &str = "id, name, source_path, app_id, format, byte_size, width, height, \
                       orientation, date_time_original, blake3, saved_at_ms";

/// Opens the index at `path`, creating or migrating it. A damaged one is
/// [`AlbumError::IndexDamaged`].
pub fn open(path: &Path) -> Result<Connection, AlbumError> {
    // A folder (or a device, a FIFO) in its place: SQLite would fail with "cannot open", which
    // also means a permission problem, so it is told apart here.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(AlbumError::damaged("it is not a regular file", None));
    }
    // SQLite does not call the busy handler while another process is switching a new database
    // file to WAL, so several processes opening a fresh album at once retry here instead.
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut conn = loop {
        match try_open(path) {
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => break other?,
        }
    };
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    crate::wal::keep_warm(&mut conn, Path::new(&wal));
    Ok(conn)
}

fn is_busy(e: &AlbumError) -> bool {
    matches!(e, AlbumError::Index(e) if swan_sqlite::is_busy(e))
}

/// Page size of a new index. A row is ~250 bytes and a save changes one leaf page in each of
/// five B-trees (the table, its AUTOINCREMENT counter, the name, hash and time indexes); a
/// commit writes and flushes every page it changed, so 1 KiB pages flush 5 KiB instead of 20
/// (measurements in docs/benchmarks.md, "Design notes"). Indexes made with another size keep it.
const PAGE_SIZE: u32 = 1024;

fn try_open(path: &Path) -> Result<Connection, AlbumError> {
    // Many savers in many processes: wait for the writer lock rather than fail.
    let mut conn = swan_sqlite::open_shared(path, BUSY_TIMEOUT, Some(PAGE_SIZE))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == SCHEMA_VERSION {
        check_columns(&conn)?;
        return Ok(conn);
    }
    if version > SCHEMA_VERSION {
        return Err(AlbumError::damaged(
            format!(
                "it was written by a newer swan-album (schema {version}, this one reads up to \
                 {SCHEMA_VERSION})"
            ),
            None,
        ));
    }
    // Version 0: a new file, or an index from before versioning. One process at a time decides.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == 0 {
        let tables: Vec<String> = tx
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let ours = |t: &String| t == "entries" || t == "sqlite_sequence";
        if !tables.iter().all(ours) {
            return Err(AlbumError::damaged(
                "it holds tables that are not an album index's",
                None,
            ));
        }
        if tables.iter().any(|t| t == "entries") {
            check_columns(&tx)?;
        }
        tx.execute_batch(SCHEMA)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    check_columns(&conn)?;
    Ok(conn)
}

/// The `entries` table has every column this version uses (others may be added later).
fn check_columns(conn: &Connection) -> Result<(), AlbumError> {
    let have: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('entries')")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if have.is_empty() {
        return Err(AlbumError::damaged("it has no entries table", None));
    }
    match COLUMN_NAMES.iter().find(|c| !have.iter().any(|h| h == *c)) {
        Some(missing) => Err(AlbumError::damaged(
            format!("its entries table has no column {missing:?}"),
            None,
        )),
        None => Ok(()),
    }
}

/// True for the SQLite errors that mean the file's content is broken, as opposed to the disk or
/// the lock failing.
pub(crate) fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// Inserts or, when repair indexed the file first (a save that had linked its file but not yet
/// committed), completes the row. Returns the row id.
pub fn upsert(conn: &Connection, e: &AlbumEntry) -> Result<i64, AlbumError> {
    let id = insert(
        conn,
        e,
        "ON CONFLICT(name) DO UPDATE SET source_path = excluded.source_path, \
         app_id = excluded.app_id, saved_at_ms = excluded.saved_at_ms",
    )?;
    id.ok_or(AlbumError::Index(rusqlite::Error::QueryReturnedNoRows))
}

/// Inserts a row unless one exists for that name (repair must never overwrite a save's row).
/// Returns whether a row was added.
pub fn insert_if_absent(conn: &Connection, e: &AlbumEntry) -> Result<bool, AlbumError> {
    Ok(insert(conn, e, "ON CONFLICT(name) DO NOTHING")?.is_some())
}

fn insert(conn: &Connection, e: &AlbumEntry, on_conflict: &str) -> Result<Option<i64>, AlbumError> {
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO entries (name, source_path, app_id, format, mime, byte_size, width, height,
                              orientation, date_time_original, blake3, saved_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) {on_conflict} RETURNING id"
    ))?;
    let id = stmt
        .query_row(
            params![
                e.name,
                e.source_path,
                e.app_id,
                e.format.name(),
                e.format.mime(),
                e.byte_size as i64,
                e.width,
                e.height,
                e.orientation,
                e.date_time_original,
                e.blake3,
                e.saved_at_ms
            ],
            |r| r.get(0),
        )
        .optional()?;
    Ok(id)
}

/// Rewrites what a row says about its picture (everything but its id, name, origin and time),
/// for a row this version could not read.
pub fn refresh(conn: &Connection, id: i64, e: &AlbumEntry) -> Result<(), AlbumError> {
    conn.execute(
        "UPDATE entries SET format = ?2, mime = ?3, byte_size = ?4, width = ?5, height = ?6,
                orientation = ?7, date_time_original = ?8, blake3 = ?9 WHERE id = ?1",
        params![
            id,
            e.format.name(),
            e.format.mime(),
            e.byte_size as i64,
            e.width,
            e.height,
            e.orientation,
            e.date_time_original,
            e.blake3
        ],
    )?;
    Ok(())
}

/// Entries, newest first. A row this version cannot read (a format it does not know) is left
/// out rather than failing the whole list; repair re-reads it from its picture.
pub fn list(conn: &Connection, limit: Option<usize>) -> Result<Vec<AlbumEntry>, AlbumError> {
    let limit = limit.map(|l| l.min(i64::MAX as usize) as i64).unwrap_or(-1);
    // The limit is applied to readable rows, so an unreadable one does not shorten the page.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM entries ORDER BY saved_at_ms DESC, id DESC"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while out.len() as i64 != limit {
        let Some(row) = rows.next()? else { break };
        if let Some(entry) = readable(row)? {
            out.push(entry);
        }
    }
    Ok(out)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<AlbumEntry>, AlbumError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM entries WHERE id = ?1"))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => readable(row),
        None => Ok(None),
    }
}

pub fn find_by_hash(conn: &Connection, blake3: &str) -> Result<Vec<AlbumEntry>, AlbumError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM entries WHERE blake3 = ?1 ORDER BY id"
    ))?;
    let mut rows = stmt.query([blake3])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.extend(readable(row)?);
    }
    Ok(out)
}

pub fn count(conn: &Connection) -> Result<u64, AlbumError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM entries", [], |r| r.get::<_, i64>(0))? as u64)
}

/// A row as repair sees it: its id and name, and whether this version can read it.
pub struct RowName {
    pub id: i64,
    pub name: String,
    pub readable: bool,
}

/// Every row's id and name, for repair.
pub fn names(conn: &Connection) -> Result<Vec<RowName>, AlbumError> {
    let mut stmt = conn.prepare("SELECT id, name, format FROM entries")?;
    let rows = stmt.query_map([], |r| {
        let format: Option<String> = r.get("format").ok();
        Ok(RowName {
            id: r.get("id")?,
            name: r.get("name")?,
            readable: format.as_deref().and_then(Format::from_name).is_some(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn delete(conn: &Connection, id: i64) -> Result<(), AlbumError> {
    conn.execute("DELETE FROM entries WHERE id = ?1", [id])?;
    Ok(())
}

/// The entry in `row`, or `None` when a value is not what this version expects (a format it
/// does not know, a text where a number belongs). Other errors are the database's.
fn readable(row: &Row<'_>) -> Result<Option<AlbumEntry>, AlbumError> {
    match from_row(row) {
        Ok(entry) => Ok(Some(entry)),
        Err(
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..),
        ) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<AlbumEntry> {
    let format: String = r.get("format")?;
    let format = Format::from_name(&format).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown format {format:?}").into(),
        )
    })?;
    Ok(AlbumEntry {
        id: r.get("id")?,
        name: r.get("name")?,
        source_path: r.get("source_path")?,
        app_id: r.get("app_id")?,
        format,
        byte_size: r.get::<_, i64>("byte_size")? as u64,
        width: r.get("width")?,
        height: r.get("height")?,
        orientation: r.get("orientation")?,
        date_time_original: r.get("date_time_original")?,
        blake3: r.get("blake3")?,
        saved_at_ms: r.get("saved_at_ms")?,
    })
}
