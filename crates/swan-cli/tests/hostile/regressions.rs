//! The bugs this corpus found, one test each (all fixed).

#![allow(unused_imports)]

use super::content::*;
use super::world::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Found by the `image_check` fuzz target. `swan_image::check_stream` sniffs the format from
/// however many bytes its first reads happened to buffer (`ensure(SNIFF_LEN)` then
/// `sniff(input.buffered())`), and the `ftyp` rule in `sniff` reads compatible brands up to the
/// box size *or the end of the buffer*. So a HEIC whose `ftyp` box is longer than 256 bytes, with
/// its only HEIF brand past byte 256, is accepted when the source hands over everything in one
/// read and refused ("not an image") when it arrives in short reads (a pipe, a socket).
/// Expected: the verdict does not depend on read sizes.
#[test]
fn sniffing_does_not_depend_on_read_sizes() {
    use swan_core::swan_image::{Limits, check_bytes, check_stream};
    let heic = fixture("image.heic");
    let ftyp_len = u32::from_be_bytes(heic[..4].try_into().unwrap()) as usize;
    let mut ftyp = Vec::new();
    ftyp.extend_from_slice(b"ftypabcd\0\0\0\0");
    for _ in 0..70 {
        ftyp.extend_from_slice(b"abcd");
    }
    ftyp.extend_from_slice(b"heicmif1");
    let mut file = ((ftyp.len() + 4) as u32).to_be_bytes().to_vec();
    file.extend_from_slice(&ftyp);
    file.extend_from_slice(&heic[ftyp_len..]);

    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(7);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let whole = check_bytes(&file, &Limits::default()).map(|i| i.format);
    let trickled =
        check_stream(Trickle(&file), std::io::sink(), &Limits::default()).map(|i| i.format);
    assert_eq!(
        format!("{whole:?}"),
        format!("{trickled:?}"),
        "same bytes, different verdicts"
    );
}

/// Found writing `js_types`. A JavaScript string holding a lone surrogate (`"\uD800"`, which
/// page code can get from any `String.fromCharCode` or a cut emoji) is reported as
/// `904 filePath type error. must be "string"`, although `typeof filePath === "string"`:
/// `swan-runtime`'s `Arg::from_value` (crates/swan-runtime/src/args.rs) turns a failed UTF-16 →
/// UTF-8 conversion into `Arg::Other("string")`. Expected per spec §2: step 1 passes (it is a
/// string); no file name can hold it, so step 3: 201 `Illegal file_path : <filePath>`. Fixed:
/// 201, with each unpaired surrogate shown as U+FFFD in the message.
#[test]
fn a_lone_surrogate_is_an_illegal_path() {
    let w = World::new();
    let project = w.js_project();
    // The message carries the path with each unpaired surrogate replaced by U+FFFD: Rust
    // strings (and most hosts' logs) cannot hold the original.
    let cases = [
        ("'\\uD800'", "\u{FFFD}"),
        ("'bdfile://usr/\\uDC00.png'", "bdfile://usr/\u{FFFD}.png"),
        ("'😀'.slice(0, 1) + '.png'", "\u{FFFD}.png"),
    ];
    let methods: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, (v, _))| {
            format!(
                "  m{i}() {{ swan.saveImageToPhotosAlbum({{ filePath: {v}, \
                 complete: r => console.log(JSON.stringify(r)) }}); }},"
            )
        })
        .collect();
    std::fs::write(
        project.join("pages/index/index.js"),
        format!("Page({{\n{}\n}});\n", methods.join("\n")),
    )
    .unwrap();
    let mut failures = Vec::new();
    for (i, (v, escaped)) in cases.iter().enumerate() {
        let out = w
            .command()
            .arg("run")
            .arg(&project)
            .args(["--page", "pages/index/index", "--call", &format!("m{i}")])
            .args(["--auth", "allow"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        // JSON.stringify escapes the lone surrogate, so the console line is plain ASCII.
        let logged = stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find(|e| e["type"] == "console")
            .and_then(|e| e["args"][0].as_str().map(String::from))
            .unwrap_or_default();
        let want = format!(r#"{{"errCode":201,"errMsg":"Illegal file_path : {escaped}"}}"#);
        if logged != want {
            failures.push(format!(
                "filePath: {v}\n    expected {want}\n    got      {logged}"
            ));
        }
    }
    assert_no_failures("lone surrogates", cases.len(), &failures);
}

/// Found by `huge_dimensions`. The HEIC fixture's primary item is a `grid`; the canvas a decoder
/// allocates for it is the grid descriptor's output size (in `idat`: version, flags, rows-1,
/// columns-1, then 16-bit output width and height), which the validator never reads: it only
/// checks the primary item's `ispe`. Patched to 65535x65535 (4.3 gigapixels, ~17 GB as RGBA),
/// the file is saved and listed as 33x21. Expected per spec §2 step 6 and `Limits::max_pixels`
/// ("a tiny file can declare a gigantic canvas"): refused, 1001 `can not save to album`
/// (or at least refused when the grid's output size disagrees with the `ispe`).
#[test]
fn a_heic_grid_canvas_must_match_its_ispe() {
    let w = World::new();
    let mut b = fixture("image.heic");
    let idat = find(&b, b"idat")[0];
    assert_eq!(b[idat + 5], 0, "flags 0: 16-bit output size");
    b[idat + 8..idat + 12].copy_from_slice(b"\xff\xff\xff\xff");
    w.put(&format!("data/apps/{APP}/usr/grid.heic"), &b);
    let cases = [("bdfile://usr/grid.heic".to_string(), Expect::Refused)];
    let failures = w.check_saves(&cases);
    assert_no_failures("heic grid", cases.len(), &failures);
}

/// Found by `flipped`. A BMP (BITMAPINFOHEADER) whose compression field is not a defined method
/// (99), or is RLE8 on a 24-bit image, is accepted and stored: `bmp.rs` treats every compression
/// other than BI_RGB/BI_BITFIELDS as "compressed, trust biSizeImage" without checking the method
/// exists or fits the bit depth (RLE8 needs 8 bpp, RLE4 4 bpp). No decoder can read these files.
/// Expected (spec §2 step 6, "not an image we accept, or corrupt"): 1001 `can not save to album`.
#[test]
fn a_bmp_with_an_undefined_compression_is_refused() {
    let w = World::new();
    let mut cases = Vec::new();
    for (name, compression) in [("compression-99.bmp", 99u32), ("rle8-at-24bpp.bmp", 1)] {
        let mut b = fixture("image.bmp");
        b[30..34].copy_from_slice(&compression.to_le_bytes());
        w.put(&format!("data/apps/{APP}/usr/{name}"), &b);
        cases.push((format!("bdfile://usr/{name}"), Expect::Refused));
    }
    let failures = w.check_saves(&cases);
    assert_no_failures("bmp compression", cases.len(), &failures);
}
