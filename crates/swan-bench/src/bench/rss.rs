//! Peak resident memory while saving the 1 GiB picture, measured in a separate process that
//! does nothing else: this binary re-run as `swan-bench rss-child`. The child reports its own
//! `VmHWM`. Two more children give context: one that only opens the album (the floor: binary,
//! SQLite, allocator) and one that does the copy + fsync baseline.

use super::{Ctx, Section, save, table, verdict};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use swan_bench::check::wide_limits;
use swan_bench::sys::own_vm_hwm_kib;
use swan_store::{Album, AlbumOptions, Origin};

const TARGET_MIB: f64 = 32.0;

/// The child: one save (or copy, or nothing) and its own peak, printed as `vmhwm_kib <n>`.
pub fn child(album: &Path, file: &Path, copy: bool, noop: bool) -> ExitCode {
    if copy {
        std::fs::create_dir_all(album).expect("copy folder");
        save::durable_copy(file, &album.join("copy.jpg"), album).expect("copy");
    } else {
        let options = AlbumOptions {
            limits: wide_limits(),
            ..AlbumOptions::default()
        };
        let (a, _) = Album::open(album, options).expect("open");
        if !noop {
            let src = std::fs::File::open(file).expect("source");
            a.save_file(&src, &Origin::default()).expect("save");
        }
    }
    println!("vmhwm_kib {}", own_vm_hwm_kib().unwrap_or(0));
    ExitCode::SUCCESS
}

fn spawn(ctx: &Ctx, file: &Path, mode: &str) -> u64 {
    let album = ctx.fresh(&format!("rss-{}", mode.trim_start_matches('-')));
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.arg("rss-child")
        .arg("--album")
        .arg(&album)
        .arg("--file")
        .arg(file)
        .stdout(Stdio::piped());
    if !mode.is_empty() {
        cmd.arg(mode);
    }
    let out = cmd.output().expect("run rss child");
    assert!(
        out.status.success(),
        "rss child {mode:?} failed: {}",
        out.status
    );
    let vmhwm_kib = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("vmhwm_kib ").map(str::to_string))
        .and_then(|v| v.trim().parse().ok())
        .expect("the child reports its VmHWM");
    let _ = std::fs::remove_dir_all(&album);
    super::settle();
    vmhwm_kib
}

pub fn run(ctx: &Ctx) -> Section {
    let big = save::sets(ctx.quick).pop().expect("the big set");
    let file = save::sources(ctx, &big).pop().expect("the big file");
    let mut rows = Vec::new();
    let mut save_peak = 0.0f64;
    for (label, mode) in [
        ("open the album only (the floor)".to_string(), "--noop"),
        (format!("`Album::save_file` of {}", big.label), ""),
        (
            "copy + fsync of the same file (baseline)".to_string(),
            "--copy",
        ),
    ] {
        ctx.log(&format!("rss: {label}"));
        let mib = spawn(ctx, &file, mode) as f64 / 1024.0;
        if mode.is_empty() {
            save_peak = mib;
        }
        rows.push(vec![label, format!("{mib:.1} MiB")]);
    }
    let text = format!(
        "Each row is a separate child process (`swan-bench rss-child`) that does only that one \
         thing and exits; it prints its own peak resident set (`VmHWM` from \
         `/proc/self/status`) just before exiting. (`ru_maxrss` from `wait4` is not used: Linux \
         folds into it the resident set the process had before `exec`, i.e. the benchmark \
         parent's, which is far larger than the child's.)\n\n{}",
        table(&["child", "peak resident set (VmHWM)"], &rows)
    );
    Section {
        title: "Peak memory while saving the big file".into(),
        text,
        summary: vec![[
            format!("peak RSS while saving {}", big.label),
            format!("≤ {TARGET_MIB:.0} MiB"),
            format!("{save_peak:.1} MiB"),
            verdict(save_peak <= TARGET_MIB),
        ]],
    }
}
