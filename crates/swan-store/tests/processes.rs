//! Real child processes: killed with SIGKILL mid-save, saving concurrently, and writing into a
//! file-size limit. The children are this same test binary, re-run on the ignored `worker`
//! test with its orders in environment variables.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use swan_store::{Album, AlbumOptions, Origin};
use swan_testkit::*;

const ALBUM: &str = "SWAN_WORKER_ALBUM";
const MODE: &str = "SWAN_WORKER_MODE";
const SAVES: &str = "SWAN_WORKER_SAVES";
const THREADS: &str = "SWAN_WORKER_THREADS";
const NAMED: &str = "SWAN_WORKER_NAMED_TEMPS";

fn spawn_worker(album: &Path, mode: &str, saves: u32, threads: u32) -> Child {
    spawn_worker_with(album, mode, saves, threads, false)
}

fn spawn_worker_with(album: &Path, mode: &str, saves: u32, threads: u32, named: bool) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "worker",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(ALBUM, album)
        .env(MODE, mode)
        .env(SAVES, saves.to_string())
        .env(THREADS, threads.to_string())
        .env(NAMED, if named { "1" } else { "0" })
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// Lines `saved <name> <blake3>` the worker printed: saves it was told had succeeded.
fn acknowledged(child: &mut Child) -> Vec<(String, String)> {
    let out = BufReader::new(child.stdout.take().unwrap());
    out.lines()
        .map_while(Result::ok)
        .filter_map(|l| parse_ack(&l))
        .collect()
}

fn parse_ack(line: &str) -> Option<(String, String)> {
    // libtest may print "test worker ... " on the same line before the first one.
    let mut parts = line[line.find("saved ")? + 6..].split(' ');
    Some((parts.next()?.to_string(), parts.next()?.to_string()))
}

#[test]
#[ignore = "run only as a child process by the tests below"]
fn worker() {
    let root = std::env::var(ALBUM).expect("worker runs only as a child of the process tests");
    let mode = std::env::var(MODE).unwrap();
    let saves: u32 = std::env::var(SAVES).unwrap().parse().unwrap();
    let threads: u32 = std::env::var(THREADS).unwrap().parse().unwrap();
    let options = AlbumOptions {
        named_temps: std::env::var(NAMED).is_ok_and(|v| v == "1"),
        ..AlbumOptions::default()
    };
    let album = Album::open(&root, options).unwrap().0;
    if mode == "fsize" {
        // Writes past 64 KiB now fail with EFBIG, as on a full disk.
        unsafe {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 64 * 1024,
                rlim_max: 64 * 1024,
            };
            assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
        }
        match album.save_bytes(&big_bmp(300, 300, 1), &Origin::default()) {
            Ok(s) => println!("unexpected success {}", s.entry.name),
            Err(e) => println!("refused {e}"),
        }
        return;
    }
    let pictures: Vec<Vec<u8>> = vec![
        big_bmp(800, 600, 7),
        fixture("png-alpha.png"),
        fixture("jpeg-exif.jpg"),
        big_bmp(64, 64, 3),
    ];
    std::thread::scope(|s| {
        for t in 0..threads {
            let (album, pictures) = (&album, &pictures);
            s.spawn(move || {
                for i in 0..saves {
                    let bytes = &pictures[((t + i) as usize) % pictures.len()];
                    let saved = album.save_bytes(bytes, &Origin::default()).unwrap();
                    println!("saved {} {}", saved.entry.name, saved.entry.blake3);
                }
            });
        }
    });
}

#[test]
fn sigkill_mid_save_never_leaves_a_partial_file_or_a_lost_acknowledgement() {
    let temps = kill_20_times(false);
    assert_eq!(temps, 0, "unnamed temp files left something to sweep");
}

/// The same with named, locked temp files: what filesystems without `O_TMPFILE` get.
#[test]
fn sigkill_mid_save_with_named_temp_files_leaves_only_what_the_sweep_removes() {
    kill_20_times(true);
}

/// Kills a two-thread saver 20 times at random points; returns how many temp files repair swept.
fn kill_20_times(named: bool) -> u64 {
    let seed = seed();
    eprintln!("seed {seed} (SWAN_TEST_SEED to replay)");
    let mut rng = XorShift(seed);
    let dir = tempfile::tempdir().unwrap();
    let mut acked = Vec::new();
    let mut repaired = Vec::new();
    for _ in 0..20 {
        let mut child = spawn_worker_with(dir.path(), "loop", 1_000_000, 2, named);
        // Kill only once the child is in its save loop, at a random point of a save.
        let out = child.stdout.take().unwrap();
        let (first_tx, first_rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if parse_ack(&line).is_some() {
                    let _ = first_tx.send(());
                }
                lines.push(line);
            }
            lines
        });
        first_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("worker never saved");
        std::thread::sleep(Duration::from_micros(rng.below(40_000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        acked.extend(reader.join().unwrap().iter().filter_map(|l| parse_ack(l)));
        let (album, report) = Album::open(dir.path(), AlbumOptions::default()).unwrap();
        assert_consistent(&album);
        assert_eq!(
            report.files_ignored, 0,
            "a partial picture was left under a real name"
        );
        let left = std::fs::read_dir(dir.path().join(".swan-album/tmp"))
            .unwrap()
            .count();
        assert_eq!(left, 0, "repair left temp files behind");
        repaired.push(report);
    }
    let temps: u64 = repaired.iter().map(|r| r.temps_removed).sum();
    let indexed: u64 = repaired.iter().map(|r| r.files_indexed).sum();
    eprintln!(
        "over 20 kills (named temps: {named}): {temps} dead temp files swept, {indexed} \
         unindexed pictures adopted"
    );
    let (album, report) = Album::open(dir.path(), AlbumOptions::default()).unwrap();
    eprintln!(
        "after 20 kills: {} acknowledged saves, repair: {report}",
        acked.len()
    );
    assert_consistent(&album);
    let entries = album.list(None).unwrap();
    for (name, hash) in &acked {
        let e = entries
            .iter()
            .find(|e| &e.name == name)
            .unwrap_or_else(|| panic!("acknowledged {name} lost"));
        assert_eq!(&e.blake3, hash);
    }
    assert_eq!(
        report.files_ignored, 0,
        "a partial picture was left under a real name"
    );
    temps
}

#[test]
fn four_processes_saving_at_once_lose_nothing_and_share_no_name() {
    let dir = tempfile::tempdir().unwrap();
    let (processes, threads, saves) = (4, 4, 50);
    let mut children: Vec<Child> = (0..processes)
        .map(|_| spawn_worker(dir.path(), "count", saves, threads))
        .collect();
    let mut acked = Vec::new();
    for child in &mut children {
        acked.extend(acknowledged(child));
        assert!(child.wait().unwrap().success());
    }
    let total = (processes * threads * saves) as usize;
    assert_eq!(acked.len(), total);
    let names: HashSet<_> = acked.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names.len(), total, "two saves were given the same name");
    let (album, report) = Album::open(dir.path(), AlbumOptions::default()).unwrap();
    assert!(
        !report.changed_anything(),
        "a clean run needs no repair: {report}"
    );
    assert_eq!(album.len().unwrap(), total as u64);
    assert_consistent(&album);
}

#[test]
fn a_write_failure_like_a_full_disk_leaves_the_album_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let album = Album::open(dir.path(), AlbumOptions::default()).unwrap().0;
    album
        .save_bytes(&fixture("png-alpha.png"), &Origin::default())
        .unwrap();
    drop(album);
    let before = snapshot(dir.path());
    let mut child = spawn_worker(dir.path(), "fsize", 1, 1);
    let out = std::io::read_to_string(child.stdout.take().unwrap()).unwrap();
    assert!(child.wait().unwrap().success());
    assert!(
        out.contains("refused album I/O error") || out.contains("refused image refused"),
        "{out}"
    );
    assert!(out.to_lowercase().contains("file too large"), "{out}");
    assert_eq!(snapshot(dir.path()), before);
    assert_consistent(&Album::open(dir.path(), AlbumOptions::default()).unwrap().0);
}
