//! Eight processes saving into one album at the same time: every acknowledged save is there
//! with its own name and its own bytes, nothing is lost, nothing needs repair.
//!
//! Short mode: 8 processes × 50 saves. `SWAN_STRESS=full`: 8 × 1,000 (the time is printed).

mod common;

use common::*;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;
use swan_store::{Album, AlbumOptions};
use swan_testkit::{assert_consistent, temp_files};

#[test]
fn eight_processes_saving_at_once_lose_nothing_and_share_no_name() {
    let processes = 8;
    let saves: usize = pick(50, 1000);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("album");
    let started = Instant::now();
    let children: Vec<_> = (0..processes)
        .map(|p| {
            Command::new(stress_bin())
                .arg("loop")
                .arg("--album")
                .arg(&root)
                .args(["--threads", "1", "--saves"])
                .arg(saves.to_string())
                .arg("--seed")
                .arg(p.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut acked = Vec::new();
    let readers: Vec<_> = children
        .into_iter()
        .map(|mut child| {
            let out = child.stdout.take().unwrap();
            std::thread::spawn(move || {
                let lines: Vec<String> =
                    BufReader::new(out).lines().map_while(Result::ok).collect();
                (child.wait().unwrap(), lines)
            })
        })
        .collect();
    for r in readers {
        let (status, lines) = r.join().unwrap();
        assert!(status.success(), "a worker failed: {status}");
        for l in lines {
            let mut parts = l.strip_prefix("saved ").expect("ack line").split(' ');
            acked.push((
                parts.next().unwrap().to_string(),
                parts.next().unwrap().to_string(),
            ));
        }
    }
    let took = started.elapsed();
    let total = processes * saves;
    eprintln!(
        "{processes} processes × {saves} saves: {total} saves in {:.2} s ({:.0} saves/s)",
        took.as_secs_f64(),
        total as f64 / took.as_secs_f64()
    );
    assert_eq!(acked.len(), total, "acknowledgements");
    let names: BTreeSet<_> = acked.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names.len(), total, "two saves were given the same name");

    let (album, report) = Album::open(&root, AlbumOptions::default()).unwrap();
    assert!(
        !report.changed_anything(),
        "a clean run needs no repair: {report}"
    );
    assert!(temp_files(&root).is_empty());
    assert_eq!(album.len().unwrap(), total as u64);
    let rows = assert_consistent(&album);
    for (name, hash) in &acked {
        assert_eq!(rows.get(name), Some(hash), "{name}");
    }
}
