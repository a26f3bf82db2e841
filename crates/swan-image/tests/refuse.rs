//! Truncated, corrupt, oversized and non-image inputs are refused, never accepted, never panic.

mod common;

use common::{IMAGES, XorShift, fixture, png_chunk};
use swan_image::{Format, ImageError, Limits, check_bytes};

fn refused_as_broken(bytes: &[u8], format: Format, what: &str) {
    match check_bytes(bytes, &Limits::default()) {
        Err(ImageError::Truncated(f)) | Err(ImageError::Corrupt(f, _)) => {
            assert_eq!(f, format, "{what}")
        }
        other => panic!("{what}: expected Truncated/Corrupt, got {other:?}"),
    }
}

#[test]
fn truncated_fixtures_are_refused() {
    for (name, format, ..) in IMAGES {
        let bytes = fixture(name);
        let len = bytes.len();
        for cut in [len / 10, len / 4, len / 2, len * 3 / 4, len - 2, len - 1] {
            if cut < 16 {
                // Too short to even sniff: any refusal will do.
                assert!(check_bytes(&bytes[..cut], &Limits::default()).is_err());
                continue;
            }
            if format == Format::Jpeg && cut >= len - 2 {
                // Only EOI is missing: the scan data is whole, libjpeg-turbo shows it all.
                assert!(
                    check_bytes(&bytes[..cut], &Limits::default()).is_ok(),
                    "{name} {cut}"
                );
                continue;
            }
            refused_as_broken(&bytes[..cut], format, &format!("{name} cut at {cut}/{len}"));
        }
    }
}

#[test]
fn every_truncation_point_is_refused() {
    // Past the sniffing prefix, no cut anywhere may yield Ok (or a panic).
    for (name, format, ..) in IMAGES {
        let bytes = fixture(name);
        // A JPEG that lacks only its EOI still holds the whole picture (accepted; see above).
        let end = bytes.len() - if format == Format::Jpeg { 2 } else { 0 };
        for cut in 20..end {
            refused_as_broken(&bytes[..cut], format, &format!("{name} cut at {cut}"));
        }
    }
}

#[test]
fn png_with_flipped_crc_is_corrupt() {
    let mut png = fixture("png-alpha.png");
    png[29] ^= 0x01; // last byte of the IHDR CRC
    let err = check_bytes(&png, &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ImageError::Corrupt(Format::Png, _)),
        "{err:?}"
    );
    // And a flipped byte inside the compressed data.
    let mut png = fixture("png-alpha.png");
    let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
    png[idat + 6] ^= 0x40;
    let err = check_bytes(&png, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("CRC"), "{err}");
}

#[test]
fn non_images_are_not_images() {
    let text = fixture("not-image.txt");
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let random: Vec<u8> = (0..4096).map(|_| rng.next() as u8).collect();
    let inputs: [&[u8]; 7] = [
        &text,
        &random,
        b"",
        b"\xFF",
        b"BMW makes cars, not bitmaps.",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"II*\0\x08\0\0\0 a TIFF header",
    ];
    for input in inputs {
        let err = check_bytes(input, &Limits::default()).unwrap_err();
        assert!(matches!(err, ImageError::NotAnImage), "{input:?}: {err:?}");
    }
}

#[test]
fn huge_png_dimensions_are_refused_from_the_header() {
    let mut png = fixture("png-alpha.png");
    let mut ihdr = png[16..29].to_vec();
    ihdr[0..4].copy_from_slice(&100_000u32.to_be_bytes());
    ihdr[4..8].copy_from_slice(&100_000u32.to_be_bytes());
    png.splice(8..33, png_chunk(b"IHDR", &ihdr));
    let err = check_bytes(&png, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            ImageError::TooManyPixels {
                width: 100_000,
                height: 100_000,
                limit: 100_000_000
            }
        ),
        "{err:?}"
    );
}

#[test]
fn huge_dimensions_in_other_formats_are_refused() {
    let tight = Limits {
        max_pixels: 100,
        ..Limits::default()
    };
    for (name, ..) in IMAGES {
        let err = check_bytes(&fixture(name), &tight).unwrap_err();
        assert!(
            matches!(err, ImageError::TooManyPixels { limit: 100, .. }),
            "{name}: {err:?}"
        );
    }
    // GIF logical screen patched to 65535x65535 (no checksum to fix).
    let mut gif = fixture("animated.gif");
    gif[6..10].copy_from_slice(&[0xFF; 4]);
    let err = check_bytes(
        &gif,
        &Limits {
            max_pixels: 1 << 30,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ImageError::TooManyPixels {
            width: 65535,
            height: 65535,
            ..
        }
    ));
    // BMP height patched to a huge negative (top-down) value.
    let mut bmp = fixture("image.bmp");
    bmp[22..26].copy_from_slice(&(-20_000_000i32).to_le_bytes());
    let err = check_bytes(&bmp, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            ImageError::TooManyPixels {
                height: 20_000_000,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn jpeg_structure_errors() {
    let jpeg = fixture("jpeg-exif.jpg");
    // Zero height in SOF0.
    let mut zero = jpeg.clone();
    let sof = zero.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    zero[sof + 5..sof + 7].copy_from_slice(&[0, 0]);
    refused_as_broken(&zero, Format::Jpeg, "zero height");
    // EOI right after the headers: no scan.
    let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let mut no_scan = jpeg[..sos].to_vec();
    no_scan.extend_from_slice(&[0xFF, 0xD9]);
    refused_as_broken(&no_scan, Format::Jpeg, "no scan");
    // A segment length below 2.
    let mut bad_len = jpeg.clone();
    bad_len[4..6].copy_from_slice(&[0, 1]);
    refused_as_broken(&bad_len, Format::Jpeg, "length 1");
}

#[test]
fn bmp_short_of_its_pixel_data_is_truncated() {
    let mut bmp = fixture("image.bmp");
    bmp[22..26].copy_from_slice(&22i32.to_le_bytes()); // one row more than present
    let err = check_bytes(&bmp, &Limits::default()).unwrap_err();
    assert!(matches!(err, ImageError::Truncated(Format::Bmp)), "{err:?}");
}

#[test]
fn webp_riff_size_larger_than_data_is_truncated() {
    let mut webp = fixture("still.webp");
    let size = u32::from_le_bytes(webp[4..8].try_into().unwrap()) + 2;
    webp[4..8].copy_from_slice(&size.to_le_bytes());
    let err = check_bytes(&webp, &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ImageError::Truncated(Format::Webp)),
        "{err:?}"
    );
}

#[test]
fn gif_without_trailer_is_truncated() {
    let gif = fixture("animated.gif");
    let err = check_bytes(&gif[..gif.len() - 1], &Limits::default()).unwrap_err();
    assert!(matches!(err, ImageError::Truncated(Format::Gif)), "{err:?}");
}

#[test]
fn heic_missing_item_data_is_truncated() {
    // Cutting the last byte leaves every box header intact but the mdat short.
    let heic = fixture("image.heic");
    let err = check_bytes(&heic[..heic.len() - 1], &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ImageError::Truncated(Format::Heic)),
        "{err:?}"
    );
}

#[test]
fn random_mutations_never_panic() {
    let mut rng = XorShift(0xDEAD_BEEF_CAFE_F00D);
    let limits = Limits::default();
    for (name, ..) in IMAGES {
        let original = fixture(name);
        for _ in 0..400 {
            let mut bytes = original.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(bytes.len());
                match rng.below(4) {
                    0 => bytes[at] = rng.next() as u8,
                    1 => bytes[at] ^= 1 << rng.below(8),
                    2 => bytes[at] = [0x00, 0xFF, 0x7F, 0x80][rng.below(4)],
                    _ => bytes.truncate(at.max(1)),
                }
            }
            let _ = check_bytes(&bytes, &limits);
        }
    }
}

#[test]
fn heic_item_extent_past_the_end_is_truncated() {
    // Shorten mdat and the file together: every box is whole, but iloc points past the end.
    let mut heic = fixture("image.heic");
    let at = heic.windows(4).position(|w| w == b"mdat").unwrap() - 4;
    let size = u32::from_be_bytes(heic[at..at + 4].try_into().unwrap());
    assert_eq!(at + size as usize, heic.len(), "mdat is the last box");
    heic[at..at + 4].copy_from_slice(&(size - 1).to_be_bytes());
    heic.pop();
    let err = check_bytes(&heic, &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ImageError::Truncated(Format::Heic)),
        "{err:?}"
    );
}

#[test]
fn heif_without_meta_is_corrupt() {
    let heic = fixture("image.heic");
    let ftyp_len = u32::from_be_bytes(heic[0..4].try_into().unwrap()) as usize;
    let mut no_meta = heic[..ftyp_len].to_vec();
    no_meta.extend_from_slice(&[0, 0, 0, 8, b'f', b'r', b'e', b'e']);
    let err = check_bytes(&no_meta, &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ImageError::Corrupt(Format::Heic, _)),
        "{err:?}"
    );
}

/// A progressive JPEG with AC refinement scans, and an arithmetic-coded one, each without EOI:
/// whole they are kept; cut anywhere in their scan data (every byte tried) they are refused,
/// never accepted, never a panic. djpeg shows every such cut with different pixels
/// (fixtures/corpus/make-crafted.py checks a few; crates/swan-image/README.md tells how all
/// were). An arithmetic-coded scan ends on made-up zero bytes even when whole, so a cut in its
/// last few bytes cannot be told apart: those are left out here.
#[test]
fn every_scan_cut_of_walked_jpegs_without_eoi_is_refused() {
    for (name, spared) in [
        ("corpus/crafted/jpeg-no-eoi-refined-420.jpg", 0),
        ("corpus/crafted/jpeg-no-eoi-arith-progressive.jpg", 6),
    ] {
        let bytes = fixture(name);
        assert!(check_bytes(&bytes, &Limits::default()).is_ok(), "{name}");
        let sos = bytes.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        for cut in sos..bytes.len() - 1 - spared {
            match check_bytes(&bytes[..cut], &Limits::default()) {
                Err(ImageError::Truncated(Format::Jpeg)) => {}
                other => panic!("{name} cut at {cut}: {other:?}"),
            }
        }
    }
}

/// Walking a JPEG without EOI costs time per block visited, and an AC scan can visit 32,767
/// empty blocks per two bytes: a file of many such scans is refused once its scans would visit
/// the picture's blocks more than 64 times over, instead of keeping the check busy.
#[test]
fn jpeg_without_eoi_whose_scans_visit_too_many_blocks_is_refused() {
    // One interleaved DC scan, then AC scans over the single component: 1 + n passes.
    let ok = common::progressive_no_eoi_scans(1000, 1000, 1, 63);
    assert!(check_bytes(&ok, &Limits::default()).is_ok());
    let over = common::progressive_no_eoi_scans(1000, 1000, 1, 64);
    match check_bytes(&over, &Limits::default()) {
        Err(ImageError::TooCostly(Format::Jpeg, why)) => assert!(why.contains("64"), "{why}"),
        other => panic!("{other:?}"),
    }
    // With EOI nothing is walked: accepted.
    let mut whole = over.clone();
    whole.extend_from_slice(&[0xFF, 0xD9]);
    assert!(check_bytes(&whole, &Limits::default()).is_ok());
}
