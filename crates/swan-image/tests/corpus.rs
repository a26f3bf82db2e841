//! The public-corpus check: every file under `fixtures/corpus/` gets the verdict its row in
//! `fixtures/corpus/expectations.tsv` records (decided by the rules in fixtures/README.md and,
//! where one was at hand, by the reference decoder), whole or fed in small reads, quickly.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};
use swan_image::{ImageError, Limits, check_bytes, check_stream_with_tail};

/// Far above what any of these small files needs even in a debug build: a hang fails here.
const PER_FILE: Duration = Duration::from_secs(5);

struct Row {
    path: String,
    verdict: String,
    kind: String,
    width: String,
    height: String,
    orientation: String,
}

fn rows(corpus: &Path) -> Vec<Row> {
    let table = std::fs::read_to_string(corpus.join("expectations.tsv")).expect("expectations");
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "bad row {l:?}");
            Row {
                path: f[0].into(),
                verdict: f[1].into(),
                kind: f[2].into(),
                width: f[3].into(),
                height: f[4].into(),
                orientation: f[5].into(),
            }
        })
        .collect()
}

fn kind_of(e: &ImageError) -> &'static str {
    match e {
        ImageError::NotAnImage => "not-image",
        ImageError::Truncated(_) => "truncated",
        ImageError::Corrupt(..) => "corrupt",
        _ => "other",
    }
}

/// Every image file in the corpus folders, relative to the corpus root.
fn listed_files(corpus: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(corpus).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".txt") {
                continue;
            }
            let d = dir.file_name().unwrap().to_string_lossy().to_string();
            out.push(format!("{d}/{name}"));
        }
    }
    out.sort();
    out
}

#[test]
fn every_corpus_file_gets_its_recorded_verdict() {
    let corpus = common::fixture_path("corpus");
    let rows = rows(&corpus);
    let mut recorded: Vec<String> = rows.iter().map(|r| r.path.clone()).collect();
    recorded.sort();
    assert_eq!(
        recorded,
        listed_files(&corpus),
        "expectations.tsv and the files differ"
    );
    let mut wrong = Vec::new();
    for row in &rows {
        let bytes = std::fs::read(corpus.join(&row.path)).unwrap();
        let t = Instant::now();
        let whole = check_bytes(&bytes, &Limits::default());
        let dribbled = check_stream_with_tail(
            common::Dribble {
                data: &bytes,
                step: 7,
                interrupt: true,
            },
            std::io::sink(),
            &Limits::default(),
            &bytes[bytes.len().saturating_sub(64 << 10)..],
        );
        assert!(
            t.elapsed() < PER_FILE,
            "{}: took {:?}",
            row.path,
            t.elapsed()
        );
        assert_eq!(
            format!("{whole:?}"),
            format!("{dribbled:?}"),
            "{}: verdict depends on read sizes",
            row.path
        );
        let got = match &whole {
            Ok(i) => format!(
                "accept {} {} {} {}",
                i.format.name(),
                i.width,
                i.height,
                i.orientation.map_or("-".to_string(), |o| o.to_string())
            ),
            Err(e) => format!("refuse {} - - -", kind_of(e)),
        };
        let want = format!(
            "{} {} {} {} {}",
            row.verdict, row.kind, row.width, row.height, row.orientation
        );
        if got != want {
            wrong.push(format!("{}: want {want}, got {got} ({whole:?})", row.path));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
