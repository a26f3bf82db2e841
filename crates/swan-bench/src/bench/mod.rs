//! The benchmarks and the report they fill.

pub mod breakdown;
pub mod canvas;
pub mod download;
pub mod latency;
pub mod modules;
pub mod rss;
pub mod save;
pub mod seed;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use swan_bench::sys::{Machine, filesystem_of};

/// What every benchmark needs.
pub struct Ctx {
    /// Scratch folder (absolute).
    pub dir: PathBuf,
    pub quick: bool,
    /// The workspace root (where `examples/` is).
    pub workspace: PathBuf,
    pub swan_album: Option<PathBuf>,
    pub started: Instant,
}

impl Ctx {
    pub fn new(dir: PathBuf, quick: bool, swan_album: Option<PathBuf>) -> Result<Ctx, String> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .map(Path::to_path_buf)
            .ok_or("no workspace root")?;
        let dir = if dir.is_absolute() {
            dir
        } else {
            workspace.join(dir)
        };
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Ctx {
            dir,
            quick,
            workspace,
            swan_album,
            started: Instant::now(),
        })
    }

    /// A fresh, empty sub-folder of the scratch folder.
    pub fn fresh(&self, name: &str) -> PathBuf {
        let p = self.dir.join(name);
        let _ = fs::remove_dir_all(&p);
        fs::create_dir_all(&p).expect("scratch folder");
        p
    }

    pub fn log(&self, msg: &str) {
        eprintln!(
            "[{:7.1}s load {}] {msg}",
            self.started.elapsed().as_secs_f64(),
            loadavg()
        );
    }
}

/// `/proc/loadavg`'s 1, 5 and 15 minute figures.
pub fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// One benchmark's part of the report.
pub struct Section {
    pub title: String,
    pub text: String,
    /// Rows of the summary table: (what, target, measured, verdict).
    pub summary: Vec<[String; 4]>,
}

pub struct Report {
    sections: Vec<Section>,
    load_start: String,
}

impl Report {
    pub fn new(_ctx: &Ctx) -> Report {
        Report {
            sections: Vec::new(),
            load_start: loadavg(),
        }
    }

    pub fn push(&mut self, s: Section) {
        eprintln!("\n## {}\n{}", s.title, s.text);
        self.sections.push(s);
    }

    pub fn finish(self, ctx: &Ctx) -> String {
        let m = Machine::detect();
        let fs_line = match filesystem_of(&ctx.dir) {
            Some((t, dev, mnt, opts)) => {
                format!(
                    "{t}{} on {dev} mounted at {mnt} ({opts})",
                    journal_note(&t, &dev)
                )
            }
            None => "unknown".into(),
        };
        let args: Vec<String> = std::env::args().skip(1).collect();
        let mut out = String::new();
        out.push_str("# Benchmarks\n\n");
        out.push_str(
            "Written by `swan-bench` (crates/swan-bench); do not edit by hand, run it again.\n\n",
        );
        if ctx.quick {
            out.push_str(
                "**`--quick` run: sizes and rounds are cut down to check the harness; these \
                 figures are not the measurements.**\n\n",
            );
        }
        out.push_str(&format!(
            "- Command: `cargo run --release -p swan-bench -- {}` (from the workspace root)\n",
            args.join(" ")
        ));
        out.push_str(&format!("- Date: {} UTC\n", utc_now()));
        out.push_str(&format!(
            "- Machine: {} CPUs ({}), {} memory, {}, kernel {}\n",
            m.nproc, m.cpu, m.mem_total, m.os, m.kernel
        ));
        out.push_str(&format!(
            "- Bench folder: `{}` — filesystem {fs_line}\n",
            ctx.dir.display()
        ));
        out.push_str(&format!(
            "- Load average (1/5/15 min) at start: {}, at end: {}; total run time {:.0} s\n",
            self.load_start,
            loadavg(),
            ctx.started.elapsed().as_secs_f64()
        ));
        out.push_str(&format!(
            "- Build: {} profile\n\n",
            if cfg!(debug_assertions) {
                "debug (numbers are not meaningful)"
            } else {
                "release"
            }
        ));
        out.push_str("## Summary\n\n| what | target | measured | met? |\n|---|---|---|---|\n");
        for s in &self.sections {
            for [what, target, got, verdict] in &s.summary {
                out.push_str(&format!("| {what} | {target} | {got} | {verdict} |\n"));
            }
        }
        out.push('\n');
        for s in &self.sections {
            out.push_str(&format!("## {}\n\n{}\n", s.title, s.text.trim_end()));
            out.push('\n');
        }
        out.push_str(DESIGN_NOTES);
        out
    }
}

/// Why the save path is built as it is; the same in every report.
const DESIGN_NOTES: &str = include_str!("design-notes.md");

/// For ext4, whether it has a journal (it changes what an fsync costs): `/sys/fs/ext4/<dev>/
/// journal_task` names the journal thread, or says `<none>`.
fn journal_note(fstype: &str, dev: &str) -> String {
    if fstype != "ext4" {
        return String::new();
    }
    let name = dev.rsplit('/').next().unwrap_or(dev);
    match fs::read_to_string(format!("/sys/fs/ext4/{name}/journal_task")) {
        Ok(t) if t.trim() == "<none>" => " (no journal)".into(),
        Ok(t) => format!(" (journal: {})", t.trim()),
        Err(_) => String::new(),
    }
}

/// A Markdown table.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut t = format!("| {} |\n|", header.join(" | "));
    for _ in header {
        t.push_str("---|");
    }
    t.push('\n');
    for r in rows {
        t.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    t
}

pub fn verdict(met: bool) -> String {
    if met {
        "met".into()
    } else {
        "**missed**".into()
    }
}

/// `YYYY-MM-DD HH:MM:SS` in UTC, without a date crate.
pub fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Flushes everything dirty so one side's leftovers do not slow the other side down.
pub fn settle() {
    // SAFETY: sync(2) has no arguments and cannot fail.
    unsafe { libc::sync() };
}

pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
