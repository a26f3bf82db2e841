//! `swan-album storage show|clear`: what apps kept with `swan.setStorage`, for a developer
//! to look at or reset between runs.

use crate::cli::StorageCommand;
use crate::error::CliError;
use crate::escape::escape_line;
use crate::stdout::outln;
use serde_json::{Value, json};
use std::process::ExitCode;
use swan_core::Host;
use swan_core::swan_storage::{Entry, StorageError, StoredValue};

/// How much of a value the human-readable listing shows; `--json` shows all of it.
const SHOWN_CHARS: usize = 120;

pub fn run(host: &Host, cmd: StorageCommand, json: bool) -> Result<ExitCode, CliError> {
    // A file that cannot be opened is the host's error, naming the file (exit 3).
    let storage = host.storage().map_err(|e| CliError::Host(e.to_string()))?;
    let failed = |e: StorageError| CliError::Host(e.to_string());
    match cmd {
        StorageCommand::Show { app } => {
            let apps = match app {
                Some(a) => vec![a.to_string()],
                None => storage.apps().map_err(failed)?,
            };
            let mut all = serde_json::Map::new();
            for app in apps {
                let entries = storage.entries(&app).map_err(failed)?;
                let bytes: u64 = entries.iter().map(|e| e.size).sum();
                if json {
                    all.insert(
                        app,
                        json!({
                            "keys": entries.iter().map(entry_json).collect::<Vec<_>>(),
                            "currentSize": bytes.div_ceil(1024),
                            "limitSize": storage.quota() / 1024,
                            "bytes": bytes,
                        }),
                    );
                    continue;
                }
                outln!(
                    "{}: {} {}, {} KB of {} KB",
                    escape_line(&app),
                    entries.len(),
                    if entries.len() == 1 { "key" } else { "keys" },
                    bytes.div_ceil(1024),
                    storage.quota() / 1024
                )?;
                for entry in &entries {
                    outln!(
                        "  {}  {} B  {}",
                        escape_line(&entry.key),
                        entry.size,
                        shown(&entry.value)
                    )?;
                }
            }
            if json {
                outln!("{}", json!({ "storage": all }))?;
            }
        }
        StorageCommand::Clear { app } => {
            let removed = storage.clear(app.as_str()).map_err(failed)?;
            if json {
                outln!("{}", json!({ "cleared": app.as_str(), "keys": removed }))?;
            } else {
                outln!("{app}: storage cleared ({removed} keys removed)")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One key for `--json`: the value as JSON (a `Date` as its ISO string, with `"date": true`).
fn entry_json(entry: &Entry) -> Value {
    let mut v = json!({ "key": entry.key, "size": entry.size, "value": entry.value.to_json() });
    if matches!(entry.value, StoredValue::Date(_)) {
        v["date"] = json!(true);
    }
    v
}

/// A value on one line, cut after [`SHOWN_CHARS`] characters.
fn shown(value: &StoredValue) -> String {
    let text = value.to_json().to_string();
    let mut out: String = text.chars().take(SHOWN_CHARS).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    if matches!(value, StoredValue::Date(_)) {
        out.push_str(" (Date)");
    }
    escape_line(&out).into_owned()
}
