use crate::cli::AuthCommand;
use crate::{EXIT_HOST_FAILURE, output};
use serde_json::json;
use std::process::ExitCode;
use swan_core::Host;

pub fn run(host: &Host, cmd: AuthCommand, json: bool) -> ExitCode {
    let auth = host.authorization();
    let result = match cmd {
        AuthCommand::Show { app } => {
            let apps = match app {
                Some(a) => Ok(vec![a]),
                None => auth.store().apps(),
            };
            apps.and_then(|apps| {
                let mut all = serde_json::Map::new();
                for app in apps {
                    let settings = auth.get_setting(&app)?;
                    if !json {
                        println!("{app}");
                        for (scope, granted) in &settings {
                            println!(
                                "  {scope:<28} {}",
                                if *granted { "allowed" } else { "denied" }
                            );
                        }
                    }
                    all.insert(app, json!(settings));
                }
                if json {
                    println!("{}", json!({ "authSetting": all }));
                }
                Ok(ExitCode::SUCCESS)
            })
        }
        AuthCommand::Reset { app } => auth.reset(&app).map(|()| {
            if json {
                println!("{}", json!({ "reset": app }));
            } else {
                println!("{app}: decisions forgotten; it will be asked again");
            }
            ExitCode::SUCCESS
        }),
    };
    result.unwrap_or_else(|e| {
        output::host_failure(&e.to_string(), json);
        ExitCode::from(EXIT_HOST_FAILURE)
    })
}
