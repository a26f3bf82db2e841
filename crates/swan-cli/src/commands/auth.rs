use crate::cli::AuthCommand;
use crate::error::CliError;
use crate::escape::escape_line;
use crate::stdout::outln;
use serde_json::json;
use std::process::ExitCode;
use swan_core::Host;

pub fn run(host: &Host, cmd: AuthCommand, json: bool) -> Result<ExitCode, CliError> {
    let auth = host.authorization();
    let failed = |e: swan_core::swan_auth::AuthError| CliError::Host(e.to_string());
    match cmd {
        AuthCommand::Show { app } => {
            let apps = match app {
                Some(a) => vec![a.to_string()],
                None => auth.store().apps().map_err(failed)?,
            };
            let mut all = serde_json::Map::new();
            for app in apps {
                let settings = auth.get_setting(&app).map_err(failed)?;
                if !json {
                    outln!("{}", escape_line(&app))?;
                    for (scope, granted) in &settings {
                        outln!(
                            "  {:<28} {}",
                            escape_line(scope),
                            if *granted { "allowed" } else { "denied" }
                        )?;
                    }
                }
                all.insert(app, json!(settings));
            }
            if json {
                outln!("{}", json!({ "authSetting": all }))?;
            }
        }
        AuthCommand::Reset { app } => {
            auth.reset(app.as_str()).map_err(failed)?;
            if json {
                outln!("{}", json!({ "reset": app.as_str() }))?;
            } else {
                outln!("{app}: decisions forgotten; it will be asked again")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
