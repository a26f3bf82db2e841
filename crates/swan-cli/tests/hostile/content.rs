//! Contents: non-images, truncated and flipped pictures, huge dimensions.

#![allow(unused_imports)]

use super::world::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A deterministic byte stream (xorshift64*), for "random" files that are the same every run.
pub(crate) fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub(crate) fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    c.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    c
}

/// Files that are not pictures in an accepted format, whatever their names say, in every area
/// (user folder, temp, store, code package): refused after authorization, 1001
/// `can not save to album`.
#[test]
pub(crate) fn non_images() {
    let w = World::new();
    let png = fixture("png-alpha.png");
    let jpeg = fixture("jpeg-exif.jpg");
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("text.png", b"just some text\n".to_vec()),
        ("fixture-not-image.jpg", fixture("not-image.txt")),
        ("empty.png", Vec::new()),
        ("one-byte.jpg", vec![0xFF]),
        ("nul.png", vec![0; 4096]),
        ("ones.gif", vec![0xFF; 4096]),
        (
            "utf16.png",
            "\u{feff}text"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        ),
        (
            "tiff-le.tif",
            b"II*\0\x08\0\0\0\x01\0\x00\x01\x03\0\x01\0\0\0\x10\0\0\0".to_vec(),
        ),
        (
            "tiff-be.png",
            b"MM\0*\0\0\0\x08\0\x01\x01\x00\0\x03\0\0\0\x01\0\x10\0\0".to_vec(),
        ),
        (
            "zip.png",
            b"PK\x03\x04\x14\0\0\0\x08\0\0\0!\0"
                .iter()
                .copied()
                .chain(noise(7, 200))
                .collect(),
        ),
        (
            "gzip.jpg",
            b"\x1f\x8b\x08\0\0\0\0\0\0\x03"
                .iter()
                .copied()
                .chain(noise(8, 100))
                .collect(),
        ),
        (
            "ico.png",
            b"\0\0\x01\0\x01\0\x10\x10\0\0\x01\0\x20\0\x68\x04\0\0\x16\0\0\0".to_vec(),
        ),
        (
            "psd.png",
            b"8BPS\0\x01\0\0\0\0\0\0\0\x03\0\0\0\x10\0\0\0\x10\0\x08\0\x03".to_vec(),
        ),
        ("jxl.jpg", b"\xff\x0a\xfa\x7f\x01\x90\x08".to_vec()),
        (
            "jp2.jpg",
            b"\0\0\0\x0cjP  \r\n\x87\n\0\0\0\x14ftypjp2 ".to_vec(),
        ),
        ("qoi.png", b"qoif\0\0\0\x10\0\0\0\x10\x04\0".to_vec()),
        ("wav.webp", b"RIFF\x24\0\0\0WAVEfmt \x10\0\0\0".to_vec()),
        ("avi.webp", b"RIFF\x24\0\0\0AVI LIST".to_vec()),
        (
            "mp4.heic",
            b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2\0\0\0\x08free".to_vec(),
        ),
        (
            "mov.heic",
            b"\0\0\0\x14ftypqt  \0\0\x02\0qt  \0\0\0\x08wide".to_vec(),
        ),
        ("bm-text.bmp", b"BMW is a car, not a bitmap".to_vec()),
        ("gif-magic-only.gif", b"GIF89a".to_vec()),
        (
            "gif87-garbage.gif",
            b"GIF87a".iter().copied().chain(noise(9, 64)).collect(),
        ),
        ("png-signature-only.png", png[..8].to_vec()),
        ("png-no-iend.png", png[..png.len() - 12].to_vec()),
        ("jpeg-soi-only.jpg", b"\xff\xd8\xff".to_vec()),
        ("jpeg-soi-eoi.jpg", b"\xff\xd8\xff\xd9".to_vec()),
        ("riff-webp-empty.webp", b"RIFF\x04\0\0\0WEBP".to_vec()),
        (
            "ftyp-heic-only.heic",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(),
        ),
        (
            "ftyp-avif-only.avif",
            b"\0\0\0\x18ftypavif\0\0\0\0mif1avif".to_vec(),
        ),
        ("random-1.png", noise(1, 1000)),
        ("random-2.jpg", noise(2, 10_000)),
        ("random-3", noise(3, 100_000)),
        ("random-4.gif", noise(4, 17)),
        (
            "random-after-jpeg-magic.jpg",
            b"\xff\xd8\xff"
                .iter()
                .copied()
                .chain(noise(5, 4000))
                .collect(),
        ),
        (
            "random-after-png-signature.png",
            png[..8].iter().copied().chain(noise(6, 4000)).collect(),
        ),
        ("two-pngs-glued-bad.png", {
            let mut v = png[..png.len() - 4].to_vec();
            v.extend_from_slice(&png);
            v
        }),
        ("png-only-ihdr-iend.png", {
            let mut v = png[..33].to_vec();
            v.extend(png_chunk(b"IEND", b""));
            v
        }),
        // (A JPEG whose scans are complete and then end in text instead of EOI is shown by
        // every decoder, so it is kept: swan-image's corpus has the case.)
    ];
    for name in [
        "page.html",
        "vector.svg",
        "document.pdf",
        "script.sh",
        "options.json",
    ] {
        files.push((
            name,
            std::fs::read(corpus(&format!("nonimage/{name}"))).unwrap(),
        ));
    }
    let mut cases = Vec::new();
    for (name, bytes) in &files {
        w.put(&format!("data/apps/{APP}/usr/{name}"), bytes);
        cases.push((format!("bdfile://usr/{name}"), Expect::Refused));
    }
    // The ELF binary itself (several MB), in the code package.
    std::fs::copy(BIN, w.project().join("swan-album.png")).unwrap();
    cases.push(("swan-album.png".into(), Expect::Refused));
    // Same refusals from the other areas.
    w.put(&format!("data/apps/{APP}/tmp/tmp_text.png"), b"text");
    w.put(&format!("data/apps/{APP}/tmp/tmp_noext"), &noise(10, 500));
    w.put(&format!("data/apps/{APP}/store/store_text.jpg"), b"text");
    w.put(&format!("data/apps/{APP}/store/store_svg"), b"<svg/>");
    w.put("project/images/page.html", b"<html></html>");
    for p in [
        "bdfile://tmp_text.png",
        "bdfile://tmp_noext",
        "bdfile://store_text.jpg",
        "bdfile://store_svg",
        "images/page.html",
        "/images/notes.txt",
    ] {
        cases.push((p.into(), Expect::Refused));
    }
    // Over the 50 MB size limit: a JPEG whose entropy-coded data never ends (zeros are valid
    // scan data), so only the size limit can stop it. Sparse, so it costs no disk.
    let huge = w.app_dir().join("usr/huge.jpg");
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::File::create(&huge).unwrap();
        f.write_all(&jpeg[..jpeg.len() - 2]).unwrap();
        f.seek(SeekFrom::Start(51 * 1024 * 1024)).unwrap();
        f.write_all(b"\xff\xd9").unwrap();
    }
    cases.push(("bdfile://usr/huge.jpg".into(), Expect::Refused));
    let failures = w.check_saves(&cases);
    assert_no_failures("non_images", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// truncated and corrupt pictures

/// Every fixture cut at several offsets (inside the magic, inside the first header, at the
/// quarters, just before the end): each is refused (1001 `can not save to album`).
#[test]
pub(crate) fn truncated() {
    let w = World::new();
    let mut cases = Vec::new();
    for name in PICTURES {
        let bytes = fixture(name);
        let n = bytes.len();
        let mut cuts = vec![
            1,
            2,
            3,
            4,
            6,
            8,
            12,
            16,
            24,
            32,
            48,
            64,
            n / 4,
            n / 2,
            3 * n / 4,
        ];
        cuts.extend([n - 8, n - 4, n - 2, n - 1]);
        cuts.retain(|&c| c > 0 && c < n);
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts {
            if name.ends_with(".jpg") && cut + 2 >= n {
                continue; // cut only in its EOI: whole, kept (swan-store/tests/jpeg_without_eoi.rs)
            }
            let file = format!("cut-{cut}-{name}");
            w.put(&format!("data/apps/{APP}/usr/{file}"), &bytes[..cut]);
            cases.push((format!("bdfile://usr/{file}"), Expect::Refused));
        }
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("truncated", cases.len(), &failures);
}

/// Bytes written over a fixture: (offset, bytes).
type Patch<'a> = &'a [(usize, &'a [u8])];

/// Corrupt bytes. The PNG has CRCs over every chunk, so flipping *any one* of its bytes must be
/// refused: every byte is tried. For the other formats only structural bytes can be judged
/// without decoding pixels: the magic, the end markers, lengths and sizes.
#[test]
pub(crate) fn flipped() {
    let w = World::new();
    let mut cases = Vec::new();
    let add = |name: String, bytes: Vec<u8>, cases: &mut Vec<(String, Expect)>| {
        w.put(&format!("data/apps/{APP}/usr/{name}"), &bytes);
        cases.push((format!("bdfile://usr/{name}"), Expect::Refused));
    };
    let png = fixture("png-alpha.png");
    for i in 0..png.len() {
        let mut b = png.clone();
        b[i] ^= 0xFF;
        add(format!("flip-{i}.png"), b, &mut cases);
    }
    // The brief's "PNG with a bad CRC": IHDR's CRC off by one.
    let mut b = png.clone();
    b[32] = b[32].wrapping_add(1);
    add("bad-ihdr-crc.png".into(), b, &mut cases);
    // A chunk length pointing far past the end, with nothing else wrong.
    let mut b = png.clone();
    b[8..12].copy_from_slice(&0x7FFF_FFFFu32.to_be_bytes());
    add("ihdr-length-huge.png".into(), b, &mut cases);

    let patches: &[(&str, Patch)] = &[
        ("jpeg-exif.jpg", &[(0, b"\x00")]),
        ("jpeg-exif.jpg", &[(1, b"\x00")]),
        ("jpeg-exif.jpg", &[(2, b"\x00")]),
        ("animated.gif", &[(0, b"H")]),
        ("animated.gif", &[(4, b"0")]),
        ("animated.webp", &[(0, b"X")]),
        ("animated.webp", &[(8, b"X")]),
        ("animated.webp", &[(4, b"\xff\xff\xff\x7f")]),
        ("animated.webp", &[(4, b"\x00\x00\x00\x00")]),
        ("still.webp", &[(4, b"\xff\xff\xff\xff")]),
        ("still.webp", &[(12, b"VP9 ")]),
        ("still.webp", &[(16, b"\xff\xff\xff\x7f")]),
        ("still.webp", &[(23, b"\x00\x00\x00")]),
        ("lossless.webp", &[(16, b"\xff\xff\xff\x7f")]),
        ("lossless.webp", &[(20, b"\x00")]),
        ("image.bmp", &[(0, b"XM")]),
        ("image.bmp", &[(10, b"\xff\xff\xff\x7f")]),
        ("image.bmp", &[(14, b"\x07\x00\x00\x00")]),
        ("image.bmp", &[(28, b"\x07\x00")]),
        ("image.heic", &[(4, b"ftyq")]),
        ("image.heic", &[(0, b"\x00\x00\x10\x00")]),
        ("image.heic", &[(0, b"\x00\x00\x00\x01")]),
        ("image.avif", &[(4, b"xtyp")]),
    ];
    for (i, (name, edits)) in patches.iter().enumerate() {
        let mut b = fixture(name);
        for (at, bytes) in edits.iter() {
            b[*at..*at + bytes.len()].copy_from_slice(bytes);
        }
        add(format!("patch-{i}-{name}"), b, &mut cases);
    }
    // End markers: JPEG EOI, GIF trailer.
    for name in ["jpeg-exif.jpg", "animated.gif"] {
        let mut b = fixture(name);
        let last = b.len() - 1;
        b[last] ^= 0xFF;
        add(format!("flip-last-{name}"), b, &mut cases);
    }
    // Box and chunk sizes in the HEIF files: every top-level box size made one larger.
    for name in ["image.heic", "image.avif"] {
        let b = fixture(name);
        let mut at = 0;
        while at + 8 <= b.len() {
            let size = u32::from_be_bytes(b[at..at + 4].try_into().unwrap()) as usize;
            let mut patched = b.clone();
            patched[at..at + 4].copy_from_slice(&(size as u32 + 1).to_be_bytes());
            add(format!("box-{at}-{name}"), patched, &mut cases);
            if size < 8 {
                break;
            }
            at += size;
        }
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("flipped", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// huge declared dimensions

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    (0..hay.len().saturating_sub(needle.len() - 1))
        .filter(|&i| &hay[i..i + needle.len()] == needle)
        .collect()
}

/// Offset of the first SOFn marker, walking the JPEG's segments.
pub(crate) fn jpeg_sof(b: &[u8]) -> usize {
    let mut i = 2;
    loop {
        assert_eq!(b[i], 0xFF);
        let marker = b[i + 1];
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return i;
        }
        i += 2 + usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
    }
}

/// Offset of the first image descriptor (0x2C), walking the GIF's blocks.
pub(crate) fn gif_first_descriptor(b: &[u8]) -> usize {
    let packed = b[10];
    let mut i = 13;
    if packed & 0x80 != 0 {
        i += 3 << ((packed & 7) + 1);
    }
    while b[i] == 0x21 {
        i += 2;
        while b[i] != 0 {
            i += usize::from(b[i]) + 1;
        }
        i += 1;
    }
    assert_eq!(b[i], 0x2C);
    i
}

/// Headers patched to declare canvases beyond the 100-megapixel limit (or zero-sized, which no
/// format allows): refused before any pixel is looked at. The PNG's IHDR CRC is recomputed, so
/// the size is the only thing wrong.
#[test]
pub(crate) fn huge_dimensions() {
    let w = World::new();
    let mut cases = Vec::new();
    let mut add = |name: String, bytes: Vec<u8>| {
        w.put(&format!("data/apps/{APP}/usr/{name}"), &bytes);
        cases.push((format!("bdfile://usr/{name}"), Expect::Refused));
    };
    let png = fixture("png-alpha.png");
    for (wd, ht) in [
        (0x7FFF_FFFFu32, 0x7FFF_FFFFu32),
        (100_000, 100_000),
        (10_001, 10_000),
        (1, 100_000_001),
        (0xFFFF_FFFF, 1),
        (0, 48),
        (64, 0),
    ] {
        let mut b = png.clone();
        b[16..20].copy_from_slice(&wd.to_be_bytes());
        b[20..24].copy_from_slice(&ht.to_be_bytes());
        let crc = crc32(&b[12..29]);
        b[29..33].copy_from_slice(&crc.to_be_bytes());
        add(format!("png-{wd}x{ht}.png"), b);
    }
    let jpeg = fixture("jpeg-exif.jpg");
    let sof = jpeg_sof(&jpeg);
    for (wd, ht) in [(65_535u16, 65_535u16), (65_535, 2000), (0, 80)] {
        let mut b = jpeg.clone();
        b[sof + 5..sof + 7].copy_from_slice(&ht.to_be_bytes());
        b[sof + 7..sof + 9].copy_from_slice(&wd.to_be_bytes());
        add(format!("jpeg-{wd}x{ht}.jpg"), b);
    }
    let gif = fixture("animated.gif");
    let mut b = gif.clone();
    b[6..10].copy_from_slice(b"\xff\xff\xff\xff");
    add("gif-screen-65535x65535.gif".into(), b);
    // Logical screen as is, first frame's image descriptor enormous; then the same with the
    // screen at 0x0, where viewers (and the validator, on purpose) take the first frame's size.
    let desc = gif_first_descriptor(&gif);
    for screen in [&gif[6..10], b"\0\0\0\0"] {
        let mut b = gif.clone();
        b[6..10].copy_from_slice(screen);
        b[desc + 5..desc + 9].copy_from_slice(b"\xff\xff\xff\xff");
        add(format!("gif-frame-65535x65535-screen-{}.gif", b[6]), b);
    }
    let bmp = fixture("image.bmp");
    for (wd, ht) in [
        (0x7FFF_FFFFi32, 0x7FFF_FFFFi32),
        (100_000, -100_000),
        (33, i32::MIN + 1),
        (-33, 21),
        (0, 21),
    ] {
        let mut b = bmp.clone();
        b[18..22].copy_from_slice(&wd.to_le_bytes());
        b[22..26].copy_from_slice(&ht.to_le_bytes());
        add(format!("bmp-{wd}x{ht}.bmp"), b);
    }
    // Lossy WebP: 14-bit width and height after the VP8 start code.
    let mut b = fixture("still.webp");
    let start = find(&b, b"\x9d\x01\x2a")[0] + 3;
    b[start..start + 4].copy_from_slice(b"\xff\x3f\xff\x3f");
    add("webp-vp8-16383x16383.webp".into(), b);
    // Lossless WebP: 14-bit (width-1, height-1) after the 0x2f signature.
    let mut b = fixture("lossless.webp");
    b[21..25].copy_from_slice(b"\xff\xff\xff\x0f");
    add("webp-vp8l-16384x16384.webp".into(), b);
    // Animated WebP: VP8X canvas (24-bit width-1, height-1).
    let mut b = fixture("animated.webp");
    let vp8x = find(&b, b"VP8X")[0];
    b[vp8x + 12..vp8x + 18].copy_from_slice(b"\xff\xff\xff\xff\xff\xff");
    add("webp-vp8x-16777216x16777216.webp".into(), b);
    // HEIC and AVIF: every `ispe` (image spatial extents) property.
    for (name, (wd, ht)) in [
        ("image.heic", (0xFFFF_FFFFu32, 0xFFFF_FFFFu32)),
        ("image.heic", (100_000, 100_000)),
        ("image.avif", (0xFFFF_FFFF, 0xFFFF_FFFF)),
        ("image.avif", (20_000, 20_000)),
        ("image.avif", (0, 0)),
    ] {
        let mut b = fixture(name);
        for at in find(&b, b"ispe") {
            b[at + 8..at + 12].copy_from_slice(&wd.to_be_bytes());
            b[at + 12..at + 16].copy_from_slice(&ht.to_be_bytes());
        }
        add(format!("ispe-{wd}x{ht}-{name}"), b);
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("huge_dimensions", cases.len(), &failures);
}

// ---------------------------------------------------------------------------------------------
// wrong JavaScript types
