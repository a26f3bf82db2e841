//! The speed work in `Album::save` (write-back started every megabyte, the JPEG scan stepping
//! over stuffed bytes inside its buffer) must not change a single recorded byte: for sizes on
//! both sides of every threshold (64 KiB read buffer, 1 MiB write-back step), and for a source
//! that hands out odd-sized pieces, the stored file is the source byte for byte and the
//! recorded BLAKE3 is the source's.

use swan_bench::check::{assert_consistent, wide_limits};
use swan_bench::pictures;
use swan_store::{Album, AlbumOptions, Origin};

#[test]
fn stored_bytes_and_recorded_hash_match_the_source_at_every_threshold() {
    const MIB: u64 = 1 << 20;
    let sizes = [
        1024,
        64 * 1024 - 1,
        64 * 1024 + 1,
        MIB - 1,
        MIB,
        MIB + 1,
        MIB + 256 * 1024 - 1,
        MIB + 256 * 1024,
        MIB + 256 * 1024 + 1,
        2 * MIB + 12_345,
        5 * MIB + 17,
        9 * MIB,
    ];
    let dir = tempfile::tempdir().unwrap();
    let options = AlbumOptions {
        limits: wide_limits(),
        ..AlbumOptions::default()
    };
    let (album, _) = Album::open(dir.path(), options).unwrap();
    for (i, &len) in sizes.iter().enumerate() {
        let bytes = pictures::jpeg(len, i as u64);
        let saved = album.save(&bytes[..], &Origin::default()).unwrap();
        assert_eq!(saved.entry.byte_size, len);
        assert_eq!(
            saved.entry.blake3,
            blake3::hash(&bytes).to_hex().as_str(),
            "hash of a {len}-byte picture"
        );
        assert_eq!(std::fs::read(album.path_of(&saved.entry)).unwrap(), bytes);
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
    assert_eq!(album.len().unwrap() as usize, sizes.len() + 1);
    assert_consistent(&album);
}
