//! The seed page, end to end, as a user runs it: `swan-album run examples/seed --page
//! pages/index/index --call saveImageToPhotosAlbum --auth allow --map-host
//! b.bdstatic.com=examples/seed/mapped/b.bdstatic.com`, from process start to exit. The run
//! loads the page in QuickJS, downloads the picture over HTTPS from the local map-host server,
//! asks (answered `allow`, remembered after the first run), saves it durably and shows a toast.

use super::{Ctx, Section, table};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use swan_bench::stats::{fmt_dur, median, quantile};

/// The `swan-album` binary: the one given, else built by cargo in the same target folder and
/// profile as this binary (a no-op when it is up to date). Called before any measurement, so
/// a compile never runs beside one.
pub fn prepare(ctx: &Ctx) -> Result<PathBuf, String> {
    if let Some(p) = &ctx.swan_album {
        return Ok(p.clone());
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let profile_dir = exe.parent().ok_or("no folder")?;
    let target = profile_dir.parent().ok_or("no target folder")?;
    let release = profile_dir.file_name().is_some_and(|n| n == "release");
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["build", "-q", "-p", "swan-cli", "--bin", "swan-album"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(&ctx.workspace);
    if release {
        cmd.arg("--release");
    }
    ctx.log("seed: cargo build -p swan-cli (for the swan-album binary)");
    let st = cmd.status().map_err(|e| format!("cargo: {e}"))?;
    if !st.success() {
        return Err(format!("cargo build -p swan-cli failed: {st}"));
    }
    Ok(profile_dir.join("swan-album"))
}

pub fn one_run(bin: &Path, ctx: &Ctx, album: &Path, data: &Path) -> Result<Duration, String> {
    let seed = ctx.workspace.join("examples/seed");
    let mapped = seed.join("mapped/b.bdstatic.com");
    let t = Instant::now();
    let out = Command::new(bin)
        .arg("--album")
        .arg(album)
        .arg("--data-dir")
        .arg(data)
        .arg("run")
        .arg(&seed)
        .args([
            "--page",
            "pages/index/index",
            "--call",
            "saveImageToPhotosAlbum",
            "--auth",
            "allow",
            "--map-host",
        ])
        .arg(format!("b.bdstatic.com={}", mapped.display()))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let took = t.elapsed();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        return Err(format!(
            "the seed run failed ({}): {}",
            out.status,
            text.trim()
        ));
    }
    if !text.contains("saveImageToPhotosAlbum success") {
        return Err(format!("the seed run did not save: {}", text.trim()));
    }
    Ok(took)
}

pub fn run(ctx: &Ctx, bin: &Result<PathBuf, String>) -> Section {
    match bin.clone().and_then(|bin| measure(ctx, &bin)) {
        Ok(s) => s,
        Err(why) => Section {
            title: "The seed page, end to end".into(),
            text: format!("Not measured: {why}\n"),
            summary: vec![[
                "`swan-album run examples/seed …`, start to exit".into(),
                "(for information)".into(),
                format!("not measured: {}", why.lines().next().unwrap_or("")),
                "—".into(),
            ]],
        },
    }
}

fn measure(ctx: &Ctx, bin: &Path) -> Result<Section, String> {
    let root = ctx.fresh("seed");
    let (album, data) = (root.join("album"), root.join("data"));
    // First run: asks and remembers `allow`; untimed.
    let first = one_run(bin, ctx, &album, &data)?;
    let n = if ctx.quick { 5 } else { 30 };
    let mut times = Vec::with_capacity(n);
    let all = Instant::now();
    for _ in 0..n {
        times.push(one_run(bin, ctx, &album, &data)?);
    }
    let total = all.elapsed();
    let per_minute = n as f64 * 60.0 / total.as_secs_f64();
    let m = median(&times);
    ctx.log(&format!(
        "seed: median {} over {n} runs, {per_minute:.0} runs/min",
        fmt_dur(m)
    ));
    let _ = std::fs::remove_dir_all(&root);
    let rows = vec![vec![
        n.to_string(),
        fmt_dur(m),
        fmt_dur(quantile(&times, 0.9).unwrap()),
        fmt_dur(*times.iter().max().unwrap()),
        format!("{per_minute:.0}"),
        fmt_dur(first),
    ]];
    let text = format!(
        "`swan-album --album A --data-dir D run examples/seed --page pages/index/index --call \
         saveImageToPhotosAlbum --auth allow --map-host \
         b.bdstatic.com=examples/seed/mapped/b.bdstatic.com`, timed from spawn to exit by the \
         parent, {n} runs one after another into the same album (each run saves one more \
         picture). Every run starts the map-host HTTPS server (new certificate), opens the \
         album with its repair, runs the page in QuickJS, downloads over TLS, saves durably. \
         The first run (which asks and stores the `allow`) is untimed and shown apart. \
         Runs per minute = runs / total wall time of the sequential loop.\n\n{}",
        table(
            &[
                "runs",
                "median",
                "p90",
                "max",
                "page runs per minute (sequential)",
                "first run (asks)"
            ],
            &rows
        )
    );
    Ok(Section {
        title: "The seed page, end to end".into(),
        text,
        summary: vec![[
            "`swan-album run examples/seed …`, start to exit".into(),
            "(for information)".into(),
            format!("median {}, {per_minute:.0} runs/min", fmt_dur(m)),
            "—".into(),
        ]],
    })
}
