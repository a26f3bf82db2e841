use crate::cli::AlbumCommand;
use crate::{EXIT_API_FAILURE, EXIT_HOST_FAILURE, output};
use serde_json::json;
use std::process::ExitCode;
use swan_core::Host;

pub fn run(host: &Host, cmd: AlbumCommand, json: bool) -> ExitCode {
    let result = match cmd {
        AlbumCommand::List { limit } => host.album().list(limit).map(|entries| {
            if json {
                let items: Vec<_> = entries
                    .iter()
                    .map(|e| output::entry_json(host, e))
                    .collect();
                println!("{}", json!({"root": host.album().root(), "entries": items}));
            } else {
                println!(
                    "{} ({} shown)",
                    host.album().root().display(),
                    entries.len()
                );
                for e in &entries {
                    println!("{:<24} {}", e.name, output::summary(e));
                }
            }
            ExitCode::SUCCESS
        }),
        AlbumCommand::Show { id } => host.album().get(id).map(|entry| match entry {
            Some(e) if json => {
                println!("{}", output::entry_json(host, &e));
                ExitCode::SUCCESS
            }
            Some(e) => {
                show_human(host, &e);
                ExitCode::SUCCESS
            }
            None => {
                output::host_failure(&format!("no entry with id {id}"), json);
                ExitCode::from(EXIT_API_FAILURE)
            }
        }),
        AlbumCommand::Repair => host.album().repair().map(|again| {
            let first = host.repair_report();
            if json {
                println!(
                    "{}",
                    json!({"repaired": report_json(first), "recheck": report_json(again)})
                );
            } else {
                println!("repair: {first}");
            }
            ExitCode::SUCCESS
        }),
    };
    result.unwrap_or_else(|e| {
        output::host_failure(&e.to_string(), json);
        ExitCode::from(EXIT_HOST_FAILURE)
    })
}

fn report_json(r: swan_core::swan_store::RepairReport) -> serde_json::Value {
    json!({
        "tempsRemoved": r.temps_removed,
        "rowsDropped": r.rows_dropped,
        "filesIndexed": r.files_indexed,
        "filesIgnored": r.files_ignored,
    })
}

fn show_human(host: &Host, e: &swan_core::swan_store::AlbumEntry) {
    let none = || "-".to_string();
    println!("id                 {}", e.id);
    println!("file               {}", host.album().path_of(e).display());
    println!("format             {} ({})", e.format.name(), e.mime());
    println!(
        "size               {}x{}, {} bytes",
        e.width, e.height, e.byte_size
    );
    println!(
        "orientation        {}",
        e.orientation.map(|o| o.to_string()).unwrap_or_else(none)
    );
    println!(
        "date taken         {}",
        e.date_time_original.clone().unwrap_or_else(none)
    );
    println!("saved              {}", output::time(e.saved_at_ms));
    println!(
        "app                {}",
        e.app_id.clone().unwrap_or_else(none)
    );
    println!(
        "source             {}",
        e.source_path.clone().unwrap_or_else(none)
    );
    println!("blake3             {}", e.blake3);
}
