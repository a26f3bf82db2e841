//! Real fixture files are accepted with the right facts, and streamed byte for byte.

mod common;

use common::{Dribble, IMAGES, fixture};
use swan_image::{Format, ImageError, Limits, check_bytes, check_stream, sniff};

#[test]
fn every_fixture_is_accepted_with_its_facts() {
    for (name, format, width, height, animated) in IMAGES {
        let bytes = fixture(name);
        let info = check_bytes(&bytes, &Limits::default())
            .unwrap_or_else(|e| panic!("{name} refused: {e}"));
        assert_eq!(info.format, format, "{name}");
        assert_eq!((info.width, info.height), (width, height), "{name}");
        assert_eq!(info.animated, animated, "{name}");
        assert_eq!(info.byte_size, bytes.len() as u64, "{name}");
        assert_eq!(sniff(&bytes), Some(format), "{name}");
    }
}

#[test]
fn sink_receives_exactly_the_source_bytes() {
    for (name, ..) in IMAGES {
        let bytes = fixture(name);
        let mut sink = Vec::new();
        check_stream(&bytes[..], &mut sink, &Limits::default()).unwrap();
        assert_eq!(sink, bytes, "{name}");
    }
}

#[test]
fn tiny_reads_and_interruptions_change_nothing() {
    for (name, format, width, height, _) in IMAGES {
        let bytes = fixture(name);
        for step in [1, 3, 7, 64] {
            let src = Dribble {
                data: &bytes,
                step,
                interrupt: false,
            };
            let mut sink = Vec::new();
            let info = check_stream(src, &mut sink, &Limits::default())
                .unwrap_or_else(|e| panic!("{name} step {step}: {e}"));
            assert_eq!(
                (info.format, info.width, info.height),
                (format, width, height)
            );
            assert_eq!(sink, bytes, "{name} step {step}");
        }
    }
}

#[test]
fn jpeg_exif_orientation_and_date() {
    let info = check_bytes(&fixture("jpeg-exif.jpg"), &Limits::default()).unwrap();
    assert_eq!(info.orientation, Some(6));
    assert_eq!(
        info.date_time_original.as_deref(),
        Some("2024:01:02 03:04:05")
    );
}

#[test]
fn heic_exif_from_item_after_meta() {
    let info = check_bytes(&fixture("image.heic"), &Limits::default()).unwrap();
    assert_eq!(info.orientation, Some(3));
    assert_eq!(
        info.date_time_original.as_deref(),
        Some("2023:05:06 07:08:09")
    );
}

#[test]
fn images_without_exif_have_no_metadata() {
    for name in [
        "png-alpha.png",
        "animated.gif",
        "still.webp",
        "image.bmp",
        "image.avif",
    ] {
        let info = check_bytes(&fixture(name), &Limits::default()).unwrap();
        assert_eq!(
            (info.orientation, info.date_time_original),
            (None, None),
            "{name}"
        );
    }
}

#[test]
fn jpeg_trailing_garbage_is_kept_whole() {
    let mut bytes = fixture("jpeg-exif.jpg");
    bytes.extend_from_slice(b"trailing junk \xFF\xD9 more junk");
    let mut sink = Vec::new();
    let info = check_stream(&bytes[..], &mut sink, &Limits::default()).unwrap();
    assert_eq!(info.byte_size, bytes.len() as u64);
    assert_eq!(sink, bytes);
}

#[test]
fn trailing_bytes_accepted_after_png_gif_webp_bmp() {
    for name in ["png-alpha.png", "animated.gif", "still.webp", "image.bmp"] {
        let mut bytes = fixture(name);
        bytes.extend_from_slice(&[0u8; 17]);
        let info =
            check_bytes(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(info.byte_size, bytes.len() as u64);
    }
}

#[test]
fn png_exif_chunk_is_read() {
    let mut png = fixture("png-alpha.png");
    let tiff = fixture_tiff();
    let chunk = common::png_chunk(b"eXIf", &tiff);
    png.splice(33..33, chunk); // right after IHDR
    let info = check_bytes(&png, &Limits::default()).unwrap();
    assert_eq!(info.orientation, Some(6));
    assert_eq!(
        info.date_time_original.as_deref(),
        Some("2024:01:02 03:04:05")
    );
}

#[test]
fn broken_exif_does_not_fail_the_image() {
    let mut png = fixture("png-alpha.png");
    png.splice(
        33..33,
        common::png_chunk(b"eXIf", b"MM\0*\xFF\xFF\xFF\xFFgarbage"),
    );
    let info = check_bytes(&png, &Limits::default()).unwrap();
    assert_eq!(info.orientation, None);
}

/// The TIFF part of the JPEG fixture's APP1 segment.
fn fixture_tiff() -> Vec<u8> {
    let jpeg = fixture("jpeg-exif.jpg");
    let at = jpeg.windows(6).position(|w| w == b"Exif\0\0").unwrap();
    let len = u16::from_be_bytes([jpeg[at - 2], jpeg[at - 1]]) as usize;
    jpeg[at + 6..at - 2 + len].to_vec()
}

#[test]
fn format_names_round_trip() {
    let all = [
        (Format::Jpeg, "jpeg", "jpg", "image/jpeg"),
        (Format::Png, "png", "png", "image/png"),
        (Format::Gif, "gif", "gif", "image/gif"),
        (Format::Webp, "webp", "webp", "image/webp"),
        (Format::Bmp, "bmp", "bmp", "image/bmp"),
        (Format::Heic, "heic", "heic", "image/heic"),
        (Format::Heif, "heif", "heif", "image/heif"),
        (Format::Avif, "avif", "avif", "image/avif"),
    ];
    for (f, name, ext, mime) in all {
        assert_eq!((f.name(), f.extension(), f.mime()), (name, ext, mime));
        assert_eq!(Format::from_name(name), Some(f));
    }
    assert_eq!(Format::from_name("tiff"), None);
    assert_eq!(Format::from_name("JPEG"), None);
}

#[test]
fn heif_brands_decide_the_format() {
    let ftyp = |major: &[u8; 4], compat: &[&[u8; 4]]| {
        let mut v = ((16 + 4 * compat.len()) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(b"ftyp");
        v.extend_from_slice(major);
        v.extend_from_slice(&[0; 4]);
        compat.iter().for_each(|b| v.extend_from_slice(*b));
        v
    };
    assert_eq!(
        sniff(&ftyp(b"mif1", &[b"mif1", b"heic"])),
        Some(Format::Heic)
    );
    assert_eq!(
        sniff(&ftyp(b"mif1", &[b"mif1", b"miaf"])),
        Some(Format::Heif)
    );
    assert_eq!(sniff(&ftyp(b"msf1", &[b"msf1"])), Some(Format::Heif));
    assert_eq!(
        sniff(&ftyp(b"avif", &[b"mif1", b"miaf"])),
        Some(Format::Avif)
    );
    assert_eq!(sniff(&ftyp(b"mif1", &[b"avis"])), Some(Format::Avif));
    assert_eq!(sniff(&ftyp(b"heix", &[])), Some(Format::Heic));
    assert_eq!(sniff(&ftyp(b"isom", &[b"mp41", b"avc1"])), None);
    // An MP4 video gets past no check.
    let err = check_bytes(&ftyp(b"mp42", &[b"isom"]), &Limits::default()).unwrap_err();
    assert!(matches!(err, ImageError::NotAnImage), "{err:?}");
}

#[test]
fn apng_is_animated() {
    let mut png = fixture("png-alpha.png");
    let actl = common::png_chunk(b"acTL", &[0, 0, 0, 2, 0, 0, 0, 0]);
    png.splice(33..33, actl);
    let info = check_bytes(&png, &Limits::default()).unwrap();
    assert!(info.animated);
}

#[test]
fn single_frame_gif_is_not_animated() {
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\
        ,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    let info = check_bytes(gif, &Limits::default()).unwrap();
    assert_eq!(
        (info.format, info.width, info.height, info.animated),
        (Format::Gif, 1, 1, false)
    );
}

#[test]
fn extended_webp_with_exif() {
    let still = fixture("still.webp");
    let riff_chunk = |kind: &[u8; 4], data: &[u8]| {
        let mut v = kind.to_vec();
        v.extend_from_slice(&(data.len() as u32).to_le_bytes());
        v.extend_from_slice(data);
        if data.len() % 2 == 1 {
            v.push(0);
        }
        v
    };
    let mut vp8x = vec![0x08, 0, 0, 0];
    vp8x.extend_from_slice(&[99, 0, 0, 74, 0, 0]); // canvas 100x75, stored minus one
    let mut body = b"WEBP".to_vec();
    body.extend(riff_chunk(b"VP8X", &vp8x));
    body.extend_from_slice(&still[12..]); // the VP8 chunk, as is
    let mut tiff = b"Exif\0\0".to_vec();
    tiff.extend(fixture_tiff());
    body.extend(riff_chunk(b"EXIF", &tiff));
    let mut webp = b"RIFF".to_vec();
    webp.extend_from_slice(&(body.len() as u32).to_le_bytes());
    webp.extend(body);
    let info = check_bytes(&webp, &Limits::default()).unwrap();
    assert_eq!(
        (info.format, info.width, info.height, info.animated),
        (Format::Webp, 100, 75, false)
    );
    assert_eq!(info.orientation, Some(6));
    assert_eq!(
        info.date_time_original.as_deref(),
        Some("2024:01:02 03:04:05")
    );
}
