//! Raw speed of the check on a 4 MiB JPEG and a 4 MiB PNG, printed, not asserted (a debug build
//! or a busy machine says little). Run for numbers with:
//! `cargo test --release -p swan-image --test throughput -- --nocapture`

mod common;

use std::time::Instant;
use swan_image::{Limits, check_bytes, check_stream_with_tail};

/// A baseline JPEG of about `len` bytes: real headers declaring 8000×8000 pixels (more MCUs
/// than the data fills, so a walk decodes all of it), then entropy-coded bytes (random, with
/// 0xFF stuffed) up to EOI — the shape of the data the check walks.
fn jpeg(len: usize) -> Vec<u8> {
    let mut v = common::fixture("jpeg-exif.jpg");
    let sof = v.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    v[sof + 5..sof + 9].copy_from_slice(&[0x1F, 0x40, 0x1F, 0x40]);
    let sos = v.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let n = usize::from(u16::from_be_bytes([v[sos + 2], v[sos + 3]]));
    v.truncate(sos + 2 + n);
    let mut rng = common::XorShift(7);
    while v.len() < len - 2 {
        let b = rng.next() as u8;
        v.push(b);
        if b == 0xFF {
            v.push(0);
        }
    }
    v.extend_from_slice(&[0xFF, 0xD9]);
    v
}

/// An RGB PNG of about `len` bytes: a gradient with noise in the low bits, deflated, so the
/// inflate sees a photo-like mix of matches and literals.
fn png(len: usize) -> Vec<u8> {
    let width = 2000u32;
    let mut rng = common::XorShift(9);
    let mut raw = Vec::new();
    let mut data = Vec::new();
    let mut height = 0;
    while data.len() < len {
        for _ in 0..64 {
            raw.push(0);
            for x in 0..width {
                let g = ((x + height) & 0xFF) as u8;
                for _ in 0..3 {
                    raw.push(g ^ (rng.next() as u8 & 0x1F));
                }
            }
            height += 1;
        }
        data = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 1);
    }
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend(common::png_chunk(b"IHDR", &ihdr));
    for c in data.chunks(1 << 16) {
        v.extend(common::png_chunk(b"IDAT", c));
    }
    v.extend(common::png_chunk(b"IEND", &[]));
    v
}

#[test]
fn check_throughput_on_4_mib_jpeg_and_png() {
    for (name, bytes) in [("JPEG", jpeg(4 << 20)), ("PNG", png(4 << 20))] {
        check_bytes(&bytes, &Limits::default()).expect("generated picture is valid");
        let rounds = 5;
        let mut best = f64::MAX;
        for _ in 0..rounds {
            let t = Instant::now();
            check_bytes(&bytes, &Limits::default()).unwrap();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "check of a {:.2} MiB {name}: best of {rounds} {:.2} ms, {:.0} MB/s",
            bytes.len() as f64 / (1 << 20) as f64,
            best * 1e3,
            bytes.len() as f64 / best / 1e6
        );
    }
}

/// `check_bytes` sees the EOI in the JPEG's tail and only searches its scan for markers; told
/// of a tail without EOI, the check Huffman-walks the scan.
#[test]
fn jpeg_scan_walk_throughput() {
    let bytes = jpeg(4 << 20);
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        check_stream_with_tail(&bytes[..], std::io::sink(), &Limits::default(), &[]).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "walk of a {:.2} MiB JPEG scan: best of 5 {:.2} ms, {:.0} MB/s",
        bytes.len() as f64 / (1 << 20) as f64,
        best * 1e3,
        bytes.len() as f64 / best / 1e6
    );
}
