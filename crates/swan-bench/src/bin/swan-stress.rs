//! The worker process of the stress and fault tests (`crates/swan-bench/tests/`).
//!
//! - `swan-stress loop`: opens an album and saves generated pictures from several threads (every
//!   other one from memory, through `Album::save_bytes`; the others from a file, through
//!   `Album::save_file`),
//!   printing `saved <name> <blake3>` after each save is acknowledged (stdout is flushed per
//!   line, so a line printed is a save the caller was told had succeeded).
//! - `swan-stress save`: one `saveImageToPhotosAlbum` exactly as `swan-album save` runs it
//!   (host, sandbox path resolution, authorization answered `allow`, album save through
//!   `swan-core`), printing the CLI's `--json` line: `{"errCode":…,"errMsg":…}` on failure.
//!   Faults can be injected first: `--fail-sync fdatasync|fsync` (a seccomp filter answers that
//!   syscall with EIO) or `--fsize BYTES` (RLIMIT_FSIZE: writes past it fail with EFBIG).

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use swan_bench::pictures;
use swan_bench::seccomp::{self, FailSync};
use swan_core::swan_auth::{FixedAnswer, PromptAnswer};
use swan_core::swan_sandbox::{AppId, Package};
use swan_core::swan_store::{Album, AlbumOptions, Origin};
use swan_core::{ArgValue, Host, HostConfig};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Save generated pictures in a loop, acknowledging each on stdout
    Loop {
        #[arg(long)]
        album: PathBuf,
        #[arg(long, default_value_t = 1)]
        threads: u32,
        /// Saves per thread
        #[arg(long)]
        saves: u64,
        /// Makes the pictures of different workers differ
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Named, locked temp files instead of unnamed ones (`AlbumOptions::named_temps`)
        #[arg(long)]
        named_temps: bool,
    },
    /// One saveImageToPhotosAlbum as `swan-album --json save --auth allow` runs it
    Save {
        #[arg(long)]
        album: PathBuf,
        #[arg(long)]
        data_dir: PathBuf,
        #[arg(long, default_value = "stress-app")]
        app: String,
        /// A host file: its folder is the code package and its name the swan filePath
        file: PathBuf,
        #[arg(long)]
        fail_sync: Option<FailSync>,
        #[arg(long)]
        fsize: Option<u64>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().cmd {
        Cmd::Loop {
            album,
            threads,
            saves,
            seed,
            named_temps,
        } => save_loop(album, threads, saves, seed, named_temps),
        Cmd::Save {
            album,
            data_dir,
            app,
            file,
            fail_sync,
            fsize,
        } => save_once(album, data_dir, app, file, fail_sync, fsize),
    }
}

/// The pictures a loop worker cycles through: small to medium JPEGs and a BMP, so a kill lands
/// in every phase of a save (streaming, fsync, link, index).
fn picture_set(seed: u64) -> Vec<Vec<u8>> {
    vec![
        pictures::jpeg(2_000, seed),
        pictures::jpeg(51_200, seed + 1),
        pictures::bmp(800, 600, seed + 2),
        pictures::jpeg(300_000, seed + 3),
    ]
}

fn save_loop(root: PathBuf, threads: u32, saves: u64, seed: u64, named_temps: bool) -> ExitCode {
    let options = AlbumOptions {
        named_temps,
        ..AlbumOptions::default()
    };
    let album = match Album::open(&root, options) {
        Ok((album, _)) => album,
        Err(e) => {
            eprintln!("swan-stress: cannot open the album: {e}");
            return ExitCode::from(3);
        }
    };
    let pictures = picture_set(seed.wrapping_mul(16));
    let files = match write_sources(&root, &pictures) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("swan-stress: cannot write the source files: {e}");
            return ExitCode::from(3);
        }
    };
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        for t in 0..threads {
            let (album, pictures, files, failed) = (&album, &pictures, &files, &failed);
            s.spawn(move || {
                for i in 0..saves {
                    let k = ((u64::from(t) + i) as usize) % pictures.len();
                    // Every other save is from memory (`Album::save_bytes`); the others are
                    // from a file, as swan-core saves (`Album::save_file`).
                    let saved = if i % 2 == 0 {
                        album.save_bytes(&pictures[k], &Origin::default())
                    } else {
                        std::fs::File::open(&files[k])
                            .map_err(Into::into)
                            .and_then(|f| album.save_file(&f, &Origin::default()))
                    };
                    match saved {
                        Ok(saved) => {
                            let mut out = std::io::stdout().lock();
                            let _ =
                                writeln!(out, "saved {} {}", saved.entry.name, saved.entry.blake3);
                            let _ = out.flush();
                        }
                        Err(e) => {
                            eprintln!("swan-stress: save failed: {e}");
                            failed.store(true, std::sync::atomic::Ordering::Relaxed);
                            return;
                        }
                    }
                }
            });
        }
    });
    if failed.into_inner() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the pictures as files beside the album (in a folder of this process's own, so a
/// killed writer never leaves a half-written source for the next worker).
fn write_sources(root: &std::path::Path, pictures: &[Vec<u8>]) -> std::io::Result<Vec<PathBuf>> {
    let name = root.file_name().unwrap_or_default().to_string_lossy();
    let dir = root.with_file_name(format!("{name}-sources-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut paths = Vec::with_capacity(pictures.len());
    for (i, bytes) in pictures.iter().enumerate() {
        let path = dir.join(format!("{i}.pic"));
        std::fs::write(&path, bytes)?;
        paths.push(path);
    }
    Ok(paths)
}

fn save_once(
    album: PathBuf,
    data_dir: PathBuf,
    app: String,
    file: PathBuf,
    fail_sync: Option<FailSync>,
    fsize: Option<u64>,
) -> ExitCode {
    let app: AppId = match app.parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("swan-stress: bad app id: {e}");
            return ExitCode::from(2);
        }
    };
    let config = HostConfig::new(album, data_dir);
    let host = match Host::open(config, Arc::new(FixedAnswer(PromptAnswer::Allow))) {
        Ok(h) => h,
        Err(e) => {
            println!("{}", serde_json::json!({"error": e.to_string()}));
            return ExitCode::from(3);
        }
    };
    let folder = file.parent().map(PathBuf::from).unwrap_or_default();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sandbox = match host.sandbox(&app, Package::Host(&folder)) {
        Ok(s) => s,
        Err(e) => {
            println!("{}", serde_json::json!({"error": e.to_string()}));
            return ExitCode::from(3);
        }
    };
    // Faults start only now: opening the host (and its repair) ran normally.
    if let Some(limit) = fsize {
        // SAFETY: plain libc calls on this process.
        unsafe {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let l = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &l), 0);
        }
    }
    if let Some(which) = fail_sync
        && let Err(e) = seccomp::fail_with_eio(which)
    {
        let error = format!("cannot inject the fault: {e}");
        println!("{}", serde_json::json!({ "error": error }));
        return ExitCode::from(3);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime");
    let result = rt.block_on(swan_core::api::save_image_to_photos_album(
        &host,
        &sandbox,
        ArgValue::Str(&name),
    ));
    match result {
        Ok(saved) => {
            println!(
                "{}",
                serde_json::json!({"ok": true, "name": saved.entry.name})
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let reason = match &e {
                swan_core::SwanError::CannotSaveToAlbum { source, .. } => source.to_string(),
                _ => String::new(),
            };
            let line = serde_json::json!({
                "errCode": e.err_code(),
                "errMsg": e.err_msg(),
                "reason": reason,
            });
            println!("{line}");
            ExitCode::from(1)
        }
    }
}
