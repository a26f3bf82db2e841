//! SIGKILL in the middle of saves, round after round, into one album: never a partial picture
//! under a real name, never a lost acknowledgement, and index and files agree after reopening.
//!
//! Each round starts a `swan-stress loop` worker (2 threads saving generated JPEGs and a BMP of
//! 2 KB to 1.4 MB), waits for its first acknowledged save, lets it run for a random time and
//! kills it with SIGKILL. Before anything reopens the album, every new visible file is checked
//! byte for byte by the image validator and hashed; then the album is opened (which repairs)
//! and its rows must be exactly the files, with their hashes, and hold every acknowledged save.
//!
//! Odd rounds use named, locked temp files (what filesystems without `O_TMPFILE` get), even
//! rounds unnamed ones (the default on Linux).
//!
//! Short mode: 20 rounds, kills within 60 ms. `SWAN_STRESS=full`: 200 rounds, within 400 ms.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use swan_bench::check::wide_limits;
use swan_bench::pictures::Rng;
use swan_store::{Album, AlbumOptions};
use swan_testkit::{assert_consistent, seed, temp_files, visible_files};

fn parse_ack(line: &str) -> Option<(String, String)> {
    let mut parts = line.strip_prefix("saved ")?.split(' ');
    Some((parts.next()?.to_string(), parts.next()?.to_string()))
}

#[test]
fn sigkill_during_saves_leaves_no_partial_file_and_loses_no_acknowledged_save() {
    let (rounds, max_wait_us) = pick((20, 60_000), (200, 400_000));
    let seed = seed();
    eprintln!("seed {seed} (SWAN_TEST_SEED to replay), {rounds} rounds");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("album");
    let mut acked: BTreeMap<String, String> = BTreeMap::new();
    let mut known: BTreeMap<String, String> = BTreeMap::new();
    let (mut temps_swept, mut adopted, mut killed_mid_save) = (0, 0, 0);
    let started = Instant::now();
    for round in 0..rounds {
        let mut child = Command::new(stress_bin())
            .arg("loop")
            .arg("--album")
            .arg(&root)
            .args(["--threads", "2", "--saves", "1000000", "--seed"])
            .arg(round.to_string())
            .args((round % 2 == 1).then_some("--named-temps"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (first_tx, first_rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut acks = Vec::new();
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(a) = parse_ack(&line) {
                    let _ = first_tx.send(());
                    acks.push(a);
                }
            }
            acks
        });
        first_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the worker never saved");
        std::thread::sleep(Duration::from_micros(rng.below(max_wait_us)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        for (name, hash) in reader.join().unwrap() {
            acked.insert(name, hash);
        }

        // Before any repair: every name in the folder is a complete picture. Files under a
        // real name never change, so each is read (validated and hashed) once, when it appears.
        let visible = visible_files(&root);
        for name in visible.difference(&known.keys().cloned().collect()) {
            let path = root.join(name);
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                swan_image::check_bytes(&bytes, &wide_limits()).is_ok(),
                "round {round}: partial picture under a real name: {name}"
            );
            known.insert(name.clone(), blake3::hash(&bytes).to_hex().to_string());
        }
        assert_eq!(
            visible.len(),
            known.len(),
            "round {round}: a picture disappeared"
        );
        if !temp_files(&root).is_empty() {
            assert_eq!(
                round % 2,
                1,
                "round {round}: an unnamed save left a temp file"
            );
            killed_mid_save += 1;
        }
        let (album, report) = Album::open(&root, AlbumOptions::default()).unwrap();
        assert_eq!(report.files_ignored, 0, "round {round}: {report}");
        assert_eq!(
            report.rows_dropped, 0,
            "round {round}: a row lost its file: {report}"
        );
        temps_swept += report.temps_removed;
        adopted += report.files_indexed;
        assert!(
            temp_files(&root).is_empty(),
            "round {round}: temp files left"
        );
        // Index and files agree: one row per file, each with the file's hash.
        let rows: BTreeMap<String, String> = album
            .list(None)
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.blake3))
            .collect();
        assert_eq!(rows, known, "round {round}: index and files differ");
        for (name, hash) in &acked {
            assert_eq!(
                rows.get(name),
                Some(hash),
                "round {round}: acknowledged save {name} lost or changed"
            );
        }
    }
    let album = Album::open(&root, AlbumOptions::default()).unwrap().0;
    // Once at the end, the full check: every file read again against its row.
    assert_consistent(&album);
    let total = album.len().unwrap();
    eprintln!(
        "{rounds} kills in {:.1} s: {} acknowledged saves, {total} entries; {killed_mid_save} \
         kills left a temp file ({temps_swept} swept), {adopted} linked-but-unindexed pictures \
         adopted by repair",
        started.elapsed().as_secs_f64(),
        acked.len()
    );
    assert!(total as usize >= acked.len());
}
