//! `swan-bench`: every benchmark of issue "Evidence" §1 in one command, written to
//! `docs/benchmarks.md`:
//!
//! ```sh
//! cargo run --release -p swan-bench -- --out docs/benchmarks.md
//! ```
//!
//! Each comparison runs both sides in the same run, on the same bytes, interleaved (the order
//! alternates every round), and reports medians and their ratio. `--quick` runs everything
//! small, to check the harness; its figures mean nothing.

mod bench;

use bench::{Ctx, Report};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "swan-bench")]
struct Cli {
    /// Write the Markdown report here (it is also printed)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Scratch folder for albums and sources (its filesystem is what is measured)
    #[arg(long, default_value = "target/swan-bench")]
    dir: PathBuf,
    /// Small sizes and few rounds: checks the harness, measures nothing
    #[arg(long)]
    quick: bool,
    /// Run only these benchmarks (comma-separated): save, latency, rss, download, seed, modules,
    /// canvas
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// The `swan-album` binary for the seed-page run [default: built with cargo next to this one]
    #[arg(long)]
    swan_album: Option<PathBuf>,
    /// Keep the scratch folder (the 1M-entry album takes a while to make)
    #[arg(long)]
    keep: bool,
    #[command(subcommand)]
    child: Option<Child>,
}

#[derive(Subcommand)]
enum Child {
    /// (internal) The peak-memory child: does only one save, or one copy, and exits
    #[command(hide = true, name = "rss-child")]
    Rss {
        #[arg(long)]
        album: PathBuf,
        #[arg(long)]
        file: PathBuf,
        /// Copy + fsync instead of Album::save_file (the baseline's footprint)
        #[arg(long)]
        copy: bool,
        /// Open the album and do nothing (the floor)
        #[arg(long)]
        noop: bool,
    },
    /// (internal) For profilers (perf, strace, callgrind): save COUNT generated JPEGs of LEN
    /// bytes into a fresh album in DIR (or copy them with --copy, or both, file by file, with
    /// --paired), and print the time
    #[command(hide = true)]
    Profile {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long)]
        count: usize,
        #[arg(long)]
        len: u64,
        #[arg(long, conflicts_with = "paired")]
        copy: bool,
        #[arg(long)]
        paired: bool,
    },
    /// (internal) The swan-canvas side of the canvas benchmark: draws the poster of JOB
    #[command(hide = true, name = "canvas-child")]
    Canvas {
        #[arg(long)]
        job: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Child::Rss {
        album,
        file,
        copy,
        noop,
    }) = &cli.child
    {
        let (album, file, copy, noop) = (album.clone(), file.clone(), *copy, *noop);
        return bench::rss::child(&album, &file, copy, noop);
    }
    if let Some(Child::Profile {
        dir,
        count,
        len,
        copy,
        paired,
    }) = cli.child
    {
        return bench::save::profile(&dir, count, len, copy, paired);
    }
    if let Some(Child::Canvas { job }) = &cli.child {
        return bench::canvas::child(job);
    }
    let all = [
        "save", "latency", "rss", "download", "seed", "modules", "canvas",
    ];
    for o in &cli.only {
        if !all.contains(&o.as_str()) {
            eprintln!("swan-bench: unknown benchmark {o:?} (one of {all:?})");
            return ExitCode::from(2);
        }
    }
    let wanted = |name: &str| cli.only.is_empty() || cli.only.iter().any(|o| o == name);
    let ctx = match Ctx::new(cli.dir.clone(), cli.quick, cli.swan_album.clone()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("swan-bench: {e}");
            return ExitCode::from(3);
        }
    };
    let seed_bin = (wanted("seed") || wanted("modules")).then(|| bench::seed::prepare(&ctx));
    let mut report = Report::new(&ctx);
    if wanted("save") {
        report.push(bench::save::run(&ctx));
    }
    if wanted("latency") {
        report.push(bench::latency::run(&ctx));
    }
    if wanted("rss") {
        report.push(bench::rss::run(&ctx));
    }
    if wanted("download") {
        report.push(bench::download::run(&ctx));
    }
    if let Some(bin) = seed_bin.as_ref().filter(|_| wanted("seed")) {
        report.push(bench::seed::run(&ctx, bin));
    }
    if let Some(bin) = seed_bin.as_ref().filter(|_| wanted("modules")) {
        report.push(bench::modules::run(&ctx, bin));
    }
    if wanted("canvas") {
        report.push(bench::canvas::run(&ctx));
    }
    let text = report.finish(&ctx);
    println!("{text}");
    if let Some(out) = &cli.out
        && let Err(e) = std::fs::write(out, &text)
    {
        eprintln!("swan-bench: cannot write {}: {e}", out.display());
        return ExitCode::from(3);
    }
    if !cli.keep {
        let _ = std::fs::remove_dir_all(&ctx.dir);
    }
    ExitCode::SUCCESS
}
