//! The command line. Every value is checked by its parser, so a bad one is clap's usage error
//! (exit 2) before anything runs.

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;
use swan_core::swan_sandbox::AppId;

/// The longest `--timeout`: a run that needs more than a day is not waiting on a page.
pub const MAX_TIMEOUT_SECS: f64 = 86_400.0;

/// Save pictures to a real photo album the way a Baidu smart program does, off the phone.
#[derive(Parser, Debug)]
#[command(name = "swan-album", version)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug)]
pub struct Common {
    /// Album folder [default: $SWAN_ALBUM, else Pictures/Swan, else $XDG_DATA_HOME/swan-album/album]
    #[arg(long, global = true, value_name = "DIR")]
    pub album: Option<PathBuf>,
    /// Per-app state: authorization decisions and temp/store/usr files [default: $SWAN_DATA_DIR, else $XDG_DATA_HOME/swan-album]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// One JSON object on stdout instead of human-readable text
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run saveImageToPhotosAlbum for an app on a picture
    Save(SaveArgs),
    /// Run a smart program headlessly: the page's lifecycle, then METHOD and the script's steps,
    /// until it settles (boxed: its flags are many, and the other variants stay small)
    Run(Box<RunArgs>),
    /// Look at the album
    #[command(subcommand)]
    Album(AlbumCommand),
    /// Look at or reset authorization decisions
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Look at or clear what apps kept with swan.setStorage
    #[command(subcommand)]
    Storage(StorageCommand),
}

#[derive(Subcommand, Debug)]
pub enum StorageCommand {
    /// Keys, sizes and values per app (every app with storage when --app is not given)
    Show {
        #[arg(long, value_name = "ID")]
        app: Option<AppId>,
    },
    /// Forget every key of an app
    Clear {
        #[arg(long, value_name = "ID")]
        app: AppId,
    },
}

#[derive(Args, Debug)]
pub struct SaveArgs {
    /// The smart program's id
    #[arg(long, value_name = "ID")]
    pub app: AppId,
    /// A host file; or, with --project or when it starts with `bdfile://` or another scheme, the
    /// swan filePath exactly as page code would pass it
    pub path: String,
    /// How the user answers the authorization prompt, if there is one
    #[arg(long, value_enum, default_value_t = AuthAnswer::Ask)]
    pub auth: AuthAnswer,
    /// The app's code package: PATH is then a swan filePath resolved in the app's sandbox
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Saving a picture already in the album returns the existing entry
    #[arg(long)]
    pub dedupe: bool,
    /// With --project: take over the app id from the project that used it first (its files and
    /// permissions go with it)
    #[arg(long, requires = "project")]
    pub adopt: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuthAnswer {
    Allow,
    Deny,
    Dismiss,
    /// Ask on the terminal (dismissed when there is none)
    Ask,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ClockArg {
    Real,
    Virtual,
}

#[derive(Subcommand, Debug)]
pub enum AlbumCommand {
    /// Entries, newest first
    List {
        #[arg(long)]
        limit: Option<usize>,
    },
    /// One entry with all its metadata
    Show { id: i64 },
    /// Check files against the index and fix what a crash left (also done on every open)
    Repair,
}

#[derive(Subcommand, Debug)]
pub enum AuthCommand {
    /// Decisions per app (only decided scopes are listed)
    Show {
        #[arg(long, value_name = "ID")]
        app: Option<AppId>,
    },
    /// Forget an app's decisions: it will be asked again
    Reset {
        #[arg(long, value_name = "ID")]
        app: AppId,
    },
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The smart-program project (the folder with app.json)
    pub project: PathBuf,
    /// Page route, as listed in app.json [default: the first of app.json "pages", as on a phone]
    #[arg(long, value_name = "ROUTE")]
    pub page: Option<String>,
    /// Page method to call after onLoad, onShow and onReady (without it: the lifecycle alone)
    #[arg(long = "call", value_name = "METHOD")]
    pub method: Option<String>,
    /// Steps to follow once the page settles: a JSON array (see the README)
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// Which clock timers follow: real, or virtual (timers fire without real waiting)
    #[arg(long, value_enum, default_value_t = ClockArg::Real)]
    pub clock: ClockArg,
    /// The event object passed to METHOD
    #[arg(long, value_name = "JSON", default_value = "{}", value_parser = parse_json)]
    pub event: Value,
    /// The page's query, given to onLoad
    #[arg(long, value_name = "K=V", value_parser = parse_pair)]
    pub query: Vec<(String, String)>,
    /// How the user answers the authorization prompt, if there is one
    #[arg(long, value_enum, default_value_t = AuthAnswer::Ask)]
    pub auth: AuthAnswer,
    /// What the user does on the settings page when the page calls openSetting
    #[arg(long, value_name = "SCOPE=true|false", value_parser = parse_setting)]
    pub settings: Vec<(String, bool)>,
    /// Serve HOST's https URLs from DIR through a local HTTPS server trusted for this run only
    #[arg(long, value_name = "HOST=DIR", value_parser = parse_pair)]
    pub map_host: Vec<(String, String)>,
    /// Stop with an error if the page is not idle after this many seconds (at most a day)
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_timeout)]
    pub timeout: Duration,
    /// Take over the app id from the project that used it first (its files and permissions go
    /// with it)
    #[arg(long)]
    pub adopt: bool,
    /// The phone to pretend to be: a JSON object of getSystemInfoSync fields (and
    /// networkType) over the default phone
    #[arg(long, value_name = "FILE", value_parser = parse_device)]
    pub device: Option<Box<swan_core::api::DeviceProfile>>,
    #[command(flatten)]
    pub canvas: CanvasFlags,
    /// Boxed: the flags are many and `Command`'s variants should stay of a size.
    #[command(flatten)]
    pub user: Box<UserFlags>,
}

/// `--canvas ID=WxH`, repeatable.
#[derive(Args, Debug)]
pub struct CanvasFlags {
    /// A canvas's CSS size (its canvas-id or id), over what the page's template and
    /// stylesheets say; repeatable
    #[arg(long = "canvas", value_name = "ID=WxH", value_parser = swan_core::api::parse_canvas_override)]
    pub sizes: Vec<swan_core::api::CanvasOverride>,
}

/// The scripted user's answers (README, "The scripted user"): one JSON file with every key,
/// and a flag for each common answer, which wins over the file.
#[derive(Args, Debug, Default)]
pub struct UserFlags {
    /// The scripted user's answers as one JSON object (keys: modal, actionSheet, chooseImage,
    /// location, login, userInfo, clipboard); the flags below override its keys
    #[arg(
        long = "user",
        value_name = "FILE.json",
        help_heading = "The scripted user"
    )]
    pub file: Option<PathBuf>,
    /// What the user taps in showModal [default: confirm]
    #[arg(long, value_name = "confirm|cancel", value_parser = ["confirm", "cancel"], help_heading = "The scripted user")]
    pub modal: Option<String>,
    /// What the user taps in showActionSheet: an item's index from 0, or cancel [default: cancel]
    #[arg(long, value_name = "N|cancel", value_parser = parse_sheet, help_heading = "The scripted user")]
    pub action_sheet: Option<Value>,
    /// A host picture the user picks in chooseImage (repeat for several), or cancel [default: cancel]
    #[arg(long, value_name = "FILE|cancel", help_heading = "The scripted user")]
    pub choose_image: Vec<String>,
    /// Where the phone is, in GPS (WGS-84) degrees [default: 39.9087,116.3975]
    #[arg(long, value_name = "LAT,LNG", value_parser = parse_location, help_heading = "The scripted user")]
    pub location: Option<(f64, f64)>,
    /// The code login hands out, or none for a host app with no logged-in user [default: a fixed code]
    #[arg(long, value_name = "CODE|none", help_heading = "The scripted user")]
    pub login: Option<String>,
}

impl UserFlags {
    /// The flags as one JSON object of answers (only the keys given).
    pub fn answers(&self) -> Value {
        let mut map = serde_json::Map::new();
        if let Some(m) = &self.modal {
            map.insert("modal".into(), Value::from(m.as_str()));
        }
        if let Some(a) = &self.action_sheet {
            map.insert("actionSheet".into(), a.clone());
        }
        match self.choose_image.as_slice() {
            [] => {}
            [one] if one == "cancel" => {
                map.insert("chooseImage".into(), Value::from("cancel"));
            }
            files => {
                map.insert("chooseImage".into(), Value::from(files.to_vec()));
            }
        }
        if let Some((latitude, longitude)) = self.location {
            map.insert(
                "location".into(),
                serde_json::json!({"latitude": latitude, "longitude": longitude}),
            );
        }
        match self.login.as_deref() {
            None => {}
            Some("none") => {
                map.insert("login".into(), serde_json::json!({"loggedIn": false}));
            }
            Some(code) => {
                map.insert("login".into(), serde_json::json!({"code": code}));
            }
        }
        Value::Object(map)
    }
}

fn parse_sheet(s: &str) -> Result<Value, String> {
    if s == "cancel" {
        return Ok(Value::from("cancel"));
    }
    s.parse::<u64>()
        .map(Value::from)
        .map_err(|_| format!("expected an item index (0, 1, ...) or cancel, got {s:?}"))
}

fn parse_location(s: &str) -> Result<(f64, f64), String> {
    let wrong = || format!("expected LAT,LNG in degrees (e.g. 31.2304,121.4737), got {s:?}");
    let (lat, lng) = s.split_once(',').ok_or_else(wrong)?;
    let lat: f64 = lat.trim().parse().map_err(|_| wrong())?;
    let lng: f64 = lng.trim().parse().map_err(|_| wrong())?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lng) {
        return Err(format!(
            "latitude must be within -90..90 and longitude within -180..180, got {s:?}"
        ));
    }
    Ok((lat, lng))
}

/// A device file: read and judged before anything runs, so a typo is an error that names the
/// field, not a silently different phone.
/// Boxed: a profile is large and clap keeps every command's arguments in one enum.
fn parse_device(path: &str) -> Result<Box<swan_core::api::DeviceProfile>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path:?}: {e}"))?;
    swan_core::api::DeviceProfile::from_json(&text)
        .map(Box::new)
        .map_err(|e| format!("{path}: {e}"))
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("expected K=V, got {s:?}"))
}

fn parse_setting(s: &str) -> Result<(String, bool), String> {
    let (scope, value) = parse_pair(s)?;
    match value.as_str() {
        "true" => Ok((scope, true)),
        "false" => Ok((scope, false)),
        _ => Err(format!("expected SCOPE=true or SCOPE=false, got {s:?}")),
    }
}

fn parse_json(s: &str) -> Result<Value, String> {
    serde_json::from_str(s).map_err(|e| format!("not JSON: {e}"))
}

/// A positive number of seconds, at most [`MAX_TIMEOUT_SECS`] (`1e19` would overflow a
/// `Duration`, `0` or `NaN` would never let the page run).
fn parse_timeout(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    let within = secs > 0.0 && secs <= MAX_TIMEOUT_SECS;
    match Duration::try_from_secs_f64(secs) {
        Ok(d) if within && !d.is_zero() => Ok(d),
        _ => Err(format!(
            "expected a number of seconds above 0 and at most {MAX_TIMEOUT_SECS} (a day)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_positive_and_at_most_a_day() {
        assert_eq!(parse_timeout("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_timeout("86400"), Ok(Duration::from_secs(86_400)));
        for bad in [
            "0", "-1", "1e19", "86400.5", "NaN", "inf", "-inf", "1e-300", "", "x", "30s",
        ] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
    }
}
