//! The speed work in the save pipeline (`Album::save_file` and `Album::save_bytes`: copies in
//! 512 KiB steps and, past 4 MiB, 4 MiB steps, write-back started for each full step, the check
//! and hash reading the temp file behind the copy, the JPEG scan stepping over stuffed bytes
//! inside its buffer) must not change a single recorded byte: for sizes on both sides of every
//! threshold, through both entry points, and for a pipe that hands out odd-sized pieces, the
//! stored file is the source byte for byte and the recorded BLAKE3 is the source's.

use swan_bench::check::wide_limits;
use swan_bench::pictures;
use swan_store::{Album, AlbumOptions, Origin};
use swan_testkit::assert_consistent;

#[test]
fn stored_bytes_and_recorded_hash_match_the_source_at_every_threshold() {
    const MIB: u64 = 1 << 20;
    const KIB: u64 = 1024;
    let sizes = [
        1024,
        64 * KIB - 1,
        64 * KIB + 1,
        256 * KIB - 1,
        256 * KIB,
        256 * KIB + 1,
        512 * KIB - 1,
        512 * KIB,
        512 * KIB + 1,
        MIB - 1,
        MIB,
        MIB + 1,
        MIB + 256 * KIB - 1,
        MIB + 256 * KIB,
        MIB + 256 * KIB + 1,
        MIB + 512 * KIB,
        2 * MIB + 12_345,
        4 * MIB - 1,
        4 * MIB,
        4 * MIB + 1,
        5 * MIB + 17,
        8 * MIB - 1,
        8 * MIB,
        8 * MIB + 1,
        9 * MIB,
        12 * MIB + 3,
    ];
    let dir = tempfile::tempdir().unwrap();
    let options = AlbumOptions {
        limits: wide_limits(),
        ..AlbumOptions::default()
    };
    let (album, _) = Album::open(dir.path().join("album"), options).unwrap();
    let source = dir.path().join("source.jpg");
    for (i, &len) in sizes.iter().enumerate() {
        let bytes = pictures::jpeg(len, i as u64);
        std::fs::write(&source, &bytes).unwrap();
        let file = std::fs::File::open(&source).unwrap();
        for (how, saved) in [
            ("save_bytes", album.save_bytes(&bytes, &Origin::default())),
            ("save_file", album.save_file(&file, &Origin::default())),
        ] {
            let saved = saved.unwrap_or_else(|e| panic!("{how} of {len} bytes: {e}"));
            assert_eq!(saved.entry.byte_size, len, "{how}");
            assert_eq!(
                saved.entry.blake3,
                blake3::hash(&bytes).to_hex().as_str(),
                "{how}: hash of a {len}-byte picture"
            );
            let stored = std::fs::read(album.path_of(&saved.entry)).unwrap();
            assert!(stored == bytes, "{how}: {len} bytes stored differently");
        }
    }
    // A pipe that hands out odd-sized pieces (the kernel cannot copy from it file to file).
    let bytes = pictures::jpeg(3 * (1 << 20) + 5, 99);
    let (reader, mut writer) = std::io::pipe().unwrap();
    let saved = std::thread::scope(|s| {
        s.spawn(|| {
            use std::io::Write;
            let (mut rest, mut n) = (&bytes[..], 0usize);
            while !rest.is_empty() {
                n = n % 7919 + 1;
                let k = n.min(rest.len());
                writer.write_all(&rest[..k]).unwrap();
                rest = &rest[k..];
            }
            drop(writer);
        });
        let source = std::fs::File::from(std::os::fd::OwnedFd::from(reader));
        album.save_file(&source, &Origin::default()).unwrap()
    });
    assert_eq!(saved.entry.blake3, blake3::hash(&bytes).to_hex().as_str());
    assert_eq!(album.len().unwrap() as usize, 2 * sizes.len() + 1);
    assert_consistent(&album);
}
