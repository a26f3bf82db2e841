use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    /// Look at the album
    #[command(subcommand)]
    Album(AlbumCommand),
    /// Look at or reset authorization decisions
    #[command(subcommand)]
    Auth(AuthCommand),
}

#[derive(Args, Debug)]
pub struct SaveArgs {
    /// The smart program's id
    #[arg(long, value_name = "ID")]
    pub app: String,
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
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuthAnswer {
    Allow,
    Deny,
    Dismiss,
    /// Ask on the terminal (dismissed when there is none)
    Ask,
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
        app: Option<String>,
    },
    /// Forget an app's decisions: it will be asked again
    Reset {
        #[arg(long, value_name = "ID")]
        app: String,
    },
}
