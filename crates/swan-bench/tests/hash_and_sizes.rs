//! The speed work in `Album::save` and `Album::save_file` (write-back started every 512 KiB, the
//! hash moved to a second thread after 256 KiB, 512 KiB reads, the JPEG scan stepping over
//! stuffed bytes inside its buffer, the kernel copying a file in 512 KiB steps and, past 4 MiB,
//! 4 MiB steps, with the check reading behind it) must not change a single recorded byte: for
//! sizes on both sides of every threshold, through both entry points, and for a source that
//! hands out odd-sized pieces, the stored file is the source byte for byte and the recorded
//! BLAKE3 is the source's.

use swan_bench::check::{assert_consistent, wide_limits};
use swan_bench::pictures;
use swan_store::{Album, AlbumOptions, Origin};

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
            ("save", album.save(&bytes[..], &Origin::default())),
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
    // A source that hands out odd-sized pieces (as a pipe or socket does).
    struct Dribble<'a>(&'a [u8], usize);
    impl std::io::Read for Dribble<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.1 = self.1 % 7919 + 1;
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let bytes = pictures::jpeg(3 * (1 << 20) + 5, 99);
    let saved = album.save(Dribble(&bytes, 0), &Origin::default()).unwrap();
    assert_eq!(saved.entry.blake3, blake3::hash(&bytes).to_hex().as_str());
    assert_eq!(album.len().unwrap() as usize, 2 * sizes.len() + 1);
    assert_consistent(&album);
}
