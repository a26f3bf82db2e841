//! Everything the CLI prints. Human text by default; with `--json`, exactly one JSON object on
//! stdout per command so scripts can parse it.

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

pub fn saved(host: &Host, saved: &Saved, json: bool) {
    if json {
        let v = json!({
            "errMsg": api::ok_msg("saveImageToPhotosAlbum"),
            "existing": saved.existing,
            "entry": entry_json(host, &saved.entry),
        });
        println!("{v}");
    } else {
        let verb = if saved.existing {
            "already in the album"
        } else {
            "saved"
        };
        println!("{verb}: {}", host.album().path_of(&saved.entry).display());
        println!("  {}", summary(&saved.entry));
    }
}

pub fn api_failure(e: &SwanError, json: bool) {
    if json {
        println!(
            "{}",
            json!({"errCode": e.err_code(), "errMsg": e.err_msg()})
        );
    } else {
        eprintln!("fail: errCode {} errMsg {:?}", e.err_code(), e.err_msg());
        let reason = match e {
            SwanError::CannotSaveToAlbum { source, .. } => Some(source.to_string()),
            SwanError::Auth(swan_core::swan_auth::AuthError::Internal(detail)) => {
                Some(detail.clone())
            }
            _ => None,
        };
        if let Some(reason) = reason {
            eprintln!("  because: {reason}");
        }
    }
}

pub fn host_failure(message: &str, json: bool) {
    if json {
        println!("{}", json!({"error": message}));
    }
    eprintln!("swan-album: {message}");
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
            .map(|a| format!(" by {a}"))
            .unwrap_or_default()
    )
}

pub fn time(ms: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    humantime::format_rfc3339_millis(t).to_string()
}
