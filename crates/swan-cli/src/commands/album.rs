use crate::cli::AlbumCommand;
use crate::error::CliError;
use crate::escape::escape_line;
use crate::output;
use crate::stdout::outln;
use serde_json::json;
use std::process::ExitCode;
use swan_core::Host;
use swan_core::swan_store::AlbumEntry;

pub fn run(host: &Host, cmd: AlbumCommand, json: bool) -> Result<ExitCode, CliError> {
    let failed = |e: swan_core::swan_store::AlbumError| CliError::Host(e.to_string());
    match cmd {
        AlbumCommand::List { limit } => {
            let entries = host.album().list(limit).map_err(failed)?;
            if json {
                let items: Vec<_> = entries
                    .iter()
                    .map(|e| output::entry_json(host, e))
                    .collect();
                outln!("{}", json!({"root": host.album().root(), "entries": items}))?;
            } else {
                outln!(
                    "{} ({} shown)",
                    escape_line(&host.album().root().to_string_lossy()),
                    entries.len()
                )?;
                for e in &entries {
                    outln!("{:<24} {}", escape_line(&e.name), output::summary(e))?;
                }
            }
        }
        AlbumCommand::Show { id } => match host.album().get(id).map_err(failed)? {
            Some(e) if json => outln!("{}", output::entry_json(host, &e))?,
            Some(e) => show_human(host, &e)?,
            None => return Err(CliError::NoSuchEntry(id)),
        },
        AlbumCommand::Repair => {
            let again = host.album().repair().map_err(failed)?;
            let first = host.repair_report();
            if json {
                outln!(
                    "{}",
                    json!({"repaired": report_json(first), "recheck": report_json(again)})
                )?;
            } else {
                outln!("repair: {first}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn report_json(r: swan_core::swan_store::RepairReport) -> serde_json::Value {
    json!({
        "tempsRemoved": r.temps_removed,
        "rowsDropped": r.rows_dropped,
        "filesIndexed": r.files_indexed,
        "filesIgnored": r.files_ignored,
    })
}

/// The source path came from page code and the date from the picture's EXIF: both are escaped.
fn show_human(host: &Host, e: &AlbumEntry) -> Result<(), CliError> {
    let or_dash = |v: Option<&str>| v.map(|s| escape_line(s).into_owned()).unwrap_or("-".into());
    let path = host.album().path_of(e);
    outln!(
        "id                 {}\n\
         file               {}\n\
         format             {} ({})\n\
         size               {}x{}, {} bytes\n\
         orientation        {}\n\
         date taken         {}\n\
         saved              {}\n\
         app                {}\n\
         source             {}\n\
         blake3             {}",
        e.id,
        escape_line(&path.to_string_lossy()),
        e.format.name(),
        e.mime(),
        e.width,
        e.height,
        e.byte_size,
        e.orientation
            .map(|o| o.to_string())
            .unwrap_or_else(|| "-".into()),
        or_dash(e.date_time_original.as_deref()),
        output::time(e.saved_at_ms),
        or_dash(e.app_id.as_deref()),
        or_dash(e.source_path.as_deref()),
        e.blake3
    )
}
