//! Everything the CLI prints. Human text by default; with `--json`, exactly one JSON object on
//! stdout per command so scripts can parse it.

use crate::error::CliError;
use crate::escape::escape_line;
use crate::stdout::{errln, outln};
use serde_json::{Value, json};
use std::time::{Duration, UNIX_EPOCH};
use swan_core::swan_store::{AlbumEntry, Saved};
use swan_core::{Host, SwanError, api};

pub fn entry_json(host: &Host, e: &AlbumEntry) -> Value {
    json!({
        "id": e.id,
        "name": e.name,
        "path": host.album().path_of(e),
        "sourcePath": e.source_path,
        "appId": e.app_id,
        "format": e.format.name(),
        "mime": e.mime(),
        "byteSize": e.byte_size,
        "width": e.width,
        "height": e.height,
        "orientation": e.orientation,
        "dateTimeOriginal": e.date_time_original,
        "blake3": e.blake3,
        "savedAtMs": e.saved_at_ms,
    })
}

pub fn saved(host: &Host, saved: &Saved, json: bool) -> Result<(), CliError> {
    if json {
        let v = json!({
            "errMsg": api::ok_msg("saveImageToPhotosAlbum"),
            "existing": saved.existing,
            "entry": entry_json(host, &saved.entry),
        });
        outln!("{v}")
    } else {
        let verb = if saved.existing {
            "already in the album"
        } else {
            "saved"
        };
        let path = host.album().path_of(&saved.entry);
        outln!(
            "{verb}: {}\n  {}",
            escape_line(&path.to_string_lossy()),
            summary(&saved.entry)
        )
    }
}

/// The API's answer, as the callbacks got it. The message quotes the page's filePath, so it is
/// escaped for the terminal.
pub fn api_failure(e: &SwanError, json: bool) {
    if json {
        let _ = outln!(
            "{}",
            json!({"errCode": e.err_code(), "errMsg": e.err_msg()})
        );
    } else {
        errln!(
            "fail: errCode {} errMsg {}",
            e.err_code(),
            crate::escape::quoted(&e.err_msg())
        );
        let reason = match e {
            SwanError::CannotSaveToAlbum { source, .. } => Some(source.to_string()),
            SwanError::Auth(swan_core::swan_auth::AuthError::Internal(detail)) => {
                Some(detail.clone())
            }
            _ => None,
        };
        if let Some(reason) = reason {
            errln!("  because: {}", escape_line(&reason));
        }
    }
}

pub fn host_failure(error: &CliError, json: bool) {
    if json {
        let _ = outln!("{}", json!({"error": error.to_string()}));
    }
    errln!("swan-album: {}", escape_line(&error.to_string()));
}

/// One line: id, format, size, dimensions, when.
pub fn summary(e: &AlbumEntry) -> String {
    format!(
        "#{} {} {}x{} {} bytes, saved {}{}",
        e.id,
        e.format.name(),
        e.width,
        e.height,
        e.byte_size,
        time(e.saved_at_ms),
        e.app_id
            .as_deref()
            .map(|a| format!(" by {}", escape_line(a)))
            .unwrap_or_default()
    )
}

pub fn time(ms: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    humantime::format_rfc3339_millis(t).to_string()
}
