//! Fidelity against a real Canvas 2D implementation: every drawing script in
//! `tests/fidelity/scripts/` is drawn by `swan_canvas::Canvas::run` and by headless Chromium
//! (Debian's `chromium`, replaying the same `Call` list through `tests/fidelity/replay.html`),
//! and the two pictures are compared pixel by pixel.
//!
//! Tolerance (see README, "Canvas fidelity and speed"): a pixel *matches* when every channel of
//! its premultiplied RGBA differs by at most [`CHANNEL_TOLERANCE`] (8 of 255, about 3 %): enough
//! for rounding in blending, gradient dithering and one step of anti-aliasing coverage, far
//! below anything a person sees, while a shape moved by one pixel or a wrong colour fails.
//! Premultiplied, because a nearly transparent pixel's unpremultiplied colour is noise (Chromium
//! itself stores premultiplied values and rounds when exporting). Shapes and images must have
//! ≥ 99 % matching pixels. Text rasterization legitimately differs (hinting, sub-pixel glyph
//! positions, the gamma of glyph coverage: about 7 % of a dense text picture's pixels), so text
//! scripts need ≥ 90 % matching pixels, and then must agree where it matters: the measureText
//! width of every string drawn within 0.25 px of Chromium's (layout: fonts, fallback, advances,
//! kerning), and the ink of each picture (pixels that differ from the first pixel) in bounding
//! boxes within 3 px on every side and areas within 10 % (placement, size, missing glyphs).
//!
//! On failure, `ours.png`, `chromium.png` and `diff.png` (red: pixels out of tolerance, over a
//! faded copy of ours) are written to `target/fidelity/<script>/` and the failure names that
//! folder. `SWAN_FIDELITY_KEEP=1` writes them for passing scripts too.
//!
//! Without Chromium the comparison is skipped with a line saying so, except under `CI`, where
//! it fails (`.ci/run` installs `chromium`). `SWAN_CHROMIUM=/path` picks another binary.

use base64::Engine as _;
use image::{Rgba, RgbaImage};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use swan_canvas::{Call, Canvas, ExportFormat, ImageSource, Limits, Rect};

/// Largest difference of any premultiplied channel (0..=255) for a pixel to match.
const CHANNEL_TOLERANCE: u8 = 8;
/// Share of matching pixels required for shapes, gradients, clips, alpha and images.
const SHAPES_MIN_MATCH: f64 = 0.99;
/// Share of matching pixels required for scripts with text.
const TEXT_MIN_MATCH: f64 = 0.90;
/// Text: each side of the ink bounding box may move this many pixels.
const TEXT_BOX_SLACK: u32 = 3;
/// Text layout: the measureText width of every string drawn may differ from Chromium's by
/// this many CSS px (float rounding; a space taken from the wrong font is 1.5 px at 28px).
const WIDTH_SLACK: f64 = 0.25;
/// Side of the blocks whose averages text must match (see [`block_matching`]).
const BLOCK: u32 = 4;
/// Text: the ink areas may differ by this share.
const TEXT_INK_SLACK: f64 = 0.10;

/// One drawing script: a canvas size, what kind of bound applies, and the calls.
#[derive(Deserialize)]
struct Script {
    about: String,
    width: u32,
    height: u32,
    kind: Kind,
    calls: Vec<Call>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Debug)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Shapes,
    Text,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("workspace root")
        .to_path_buf()
}

fn fidelity_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity")
}

/// Where failing pictures go: `target/fidelity/` (or under `CARGO_TARGET_DIR`).
fn out_dir(script: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                workspace().join(p)
            }
        })
        .unwrap_or_else(|| workspace().join("target"));
    target.join("fidelity").join(script)
}

fn scripts() -> Vec<(String, Script)> {
    let dir = fidelity_dir().join("scripts");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fidelity/scripts")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).expect("script");
            let script: Script =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, script)
        })
        .collect()
}

/// Image sources are paths relative to the workspace root (`fixtures/…`).
struct Files;

impl ImageSource for Files {
    fn bytes(&self, src: &str) -> Result<Vec<u8>, String> {
        std::fs::read(workspace().join(src)).map_err(|e| format!("{src}: {e}"))
    }
}

/// Every image source a script names (drawImage's first argument, patterns).
fn image_sources(calls: &[Call]) -> Vec<String> {
    let mut out = Vec::new();
    for c in calls {
        match c.method.as_str() {
            "drawImage" => {
                if let Some(s) = c.args.first().and_then(|v| v.as_str()) {
                    out.push(s.to_string());
                }
            }
            "set" => {
                if let Some(s) = c
                    .args
                    .get(1)
                    .and_then(|v| v.get("pattern"))
                    .and_then(|v| v.as_str())
                {
                    out.push(s.to_string());
                }
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Every string a script draws with fillText/strokeText, with the `font` in force then.
fn drawn_text(calls: &[Call]) -> Vec<(String, String)> {
    let mut font = "10px sans-serif".to_string();
    let mut stack = Vec::new();
    let mut out = Vec::new();
    for c in calls {
        match c.method.as_str() {
            "save" => stack.push(font.clone()),
            "restore" => {
                if let Some(f) = stack.pop() {
                    font = f;
                }
            }
            "set" if c.args.first().and_then(|v| v.as_str()) == Some("font") => {
                if let Some(f) = c.args.get(1).and_then(|v| v.as_str()) {
                    font = f.to_string();
                }
            }
            "fillText" | "strokeText" => {
                if let Some(t) = c.args.first().and_then(|v| v.as_str()) {
                    out.push((font.clone(), t.to_string()));
                }
            }
            _ => {}
        }
    }
    out
}

fn ours(script: &Script) -> RgbaImage {
    let mut canvas = Canvas::new(script.width, script.height, &Limits::default()).expect("canvas");
    let notices = canvas.run(&script.calls, &Files).expect("run");
    for n in &notices {
        eprintln!("  notice: {}: {}", n.what, n.message);
    }
    let mut png = Vec::new();
    let rect = Rect::new(0.0, 0.0, script.width as f32, script.height as f32);
    canvas
        .export(
            rect,
            script.width,
            script.height,
            ExportFormat::Png,
            1.0,
            &mut png,
        )
        .expect("export");
    image::load_from_memory(&png).expect("our PNG").to_rgba8()
}

/// The font files the crate draws with, handed to Chromium as `@font-face`s so that both sides
/// use the same outlines: the crate's bundled fonts (its CJK fallback), which the replay page
/// appends to every `font` as fallback families, as the crate falls back glyph by glyph.
fn crate_fonts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|e| {
                        ["ttf", "otf", "ttc", "woff", "woff2"].contains(&&*e.to_string_lossy())
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn mime_of(src: &str) -> &'static str {
    match src
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        _ => "application/octet-stream",
    }
}

/// The Chromium binary, if the machine has one.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SWAN_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Draws `script` in headless Chromium and returns its canvas and the measureText width of
/// every string it draws (in [`drawn_text`]'s order).
fn chromium_render(
    bin: &Path,
    name: &str,
    script: &Script,
) -> Result<(RgbaImage, Vec<f64>), String> {
    let dir = out_dir(name);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut images = BTreeMap::new();
    for src in image_sources(&script.calls) {
        let bytes = Files.bytes(&src)?;
        images.insert(src.clone(), data_url(mime_of(&src), &bytes));
    }
    let mut fonts = Vec::new();
    let mut fallbacks = Vec::new();
    for (i, f) in crate_fonts().iter().enumerate() {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let family = format!("swan-fallback-{i}");
        fonts.push(serde_json::json!({"family": family, "url": data_url("font/ttf", &bytes)}));
        fallbacks.push(family);
    }
    let job = serde_json::json!({
        "width": script.width,
        "height": script.height,
        "calls": script.calls,
        "images": images,
        "fonts": fonts,
        "fallbacks": fallbacks,
        "measure": drawn_text(&script.calls),
    });
    let template = std::fs::read_to_string(fidelity_dir().join("replay.html"))
        .map_err(|e| format!("replay.html: {e}"))?;
    // `</` cannot end the script element from inside a JSON string once escaped.
    let job = job.to_string().replace("</", "<\\/");
    let page = template.replace("/*JOB*/null", &job);
    let html = dir.join("replay.html");
    std::fs::write(&html, page).map_err(|e| e.to_string())?;
    // A profile of its own, so parallel runs never share one.
    let profile = dir.join("chromium-profile");
    let _ = std::fs::remove_dir_all(&profile);
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            "--force-color-profile=srgb",
            "--font-render-hinting=none",
            "--disable-lcd-text",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("chromium took more than 120 s".into());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(e.to_string()),
        }
    }
    let dom = reader.join().map_err(|_| "reader thread".to_string())?;
    let _ = std::fs::remove_dir_all(&profile);
    let between = |id: &str| {
        let open = format!("<pre id=\"{id}\">");
        let start = dom.find(&open)? + open.len();
        let end = dom[start..].find("</pre>")? + start;
        Some(dom[start..end].to_string())
    };
    if let Some(err) = between("err").filter(|e| !e.is_empty()) {
        return Err(format!("the replay page failed: {err}"));
    }
    let url = between("out")
        .filter(|u| !u.is_empty())
        .ok_or_else(|| format!("chromium gave no picture (see {})", html.display()))?;
    let b64 = url
        .strip_prefix("data:image/png;base64,")
        .ok_or("not a PNG data URL")?;
    let png = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|e| e.to_string())?;
    let widths: Vec<f64> = serde_json::from_str(&between("measure").unwrap_or_default())
        .map_err(|e| format!("measureText widths: {e}"))?;
    let img = image::load_from_memory(&png)
        .map_err(|e| e.to_string())?
        .to_rgba8();
    Ok((img, widths))
}

/// measureText widths that differ from Chromium's by more than [`WIDTH_SLACK`] px.
fn width_mismatches(script: &Script, theirs: &[f64]) -> Vec<String> {
    let mut canvas = Canvas::new(1, 1, &Limits::default()).expect("canvas");
    drawn_text(&script.calls)
        .iter()
        .zip(theirs)
        .filter_map(|((font, text), &want)| {
            let got = f64::from(canvas.measure_text(font, text));
            ((got - want).abs() > WIDTH_SLACK).then(|| {
                format!(
                    "measureText({text:?}) in {font:?}: ours {got:.2} px, chromium {want:.2} px"
                )
            })
        })
        .collect()
}

fn premultiplied(p: &Rgba<u8>) -> [u8; 4] {
    let a = u16::from(p[3]);
    let m = |c: u8| ((u16::from(c) * a + 127) / 255) as u8;
    [m(p[0]), m(p[1]), m(p[2]), p[3]]
}

fn max_channel_diff(a: &Rgba<u8>, b: &Rgba<u8>) -> u8 {
    let (a, b) = (premultiplied(a), premultiplied(b));
    (0..4).map(|i| a[i].abs_diff(b[i])).max().unwrap_or(0)
}

/// Ink: pixels that differ from the picture's first pixel (its background) by more than the
/// tolerance. Returns (bounding box x0, y0, x1, y1, count).
fn ink(img: &RgbaImage) -> Option<(u32, u32, u32, u32, u64)> {
    let bg = *img.get_pixel(0, 0);
    let mut bbox: Option<(u32, u32, u32, u32, u64)> = None;
    for (x, y, p) in img.enumerate_pixels() {
        if max_channel_diff(p, &bg) > CHANNEL_TOLERANCE {
            let b = bbox.get_or_insert((x, y, x, y, 0));
            b.0 = b.0.min(x);
            b.1 = b.1.min(y);
            b.2 = b.2.max(x);
            b.3 = b.3.max(y);
            b.4 += 1;
        }
    }
    bbox
}

/// Share of `BLOCK`×`BLOCK` blocks whose average premultiplied colours are within the
/// tolerance: what a person sees at arm's length, where a glyph edge rendered a quarter pixel
/// apart no longer counts but a misplaced, missing or wrongly sized glyph still does.
fn block_matching(ours: &RgbaImage, theirs: &RgbaImage) -> f64 {
    let (w, h) = ours.dimensions();
    let (bw, bh) = (w / BLOCK, h / BLOCK);
    let average = |img: &RgbaImage, bx: u32, by: u32| {
        let mut sum = [0u32; 4];
        for y in by * BLOCK..(by + 1) * BLOCK {
            for x in bx * BLOCK..(bx + 1) * BLOCK {
                let p = premultiplied(img.get_pixel(x, y));
                for i in 0..4 {
                    sum[i] += u32::from(p[i]);
                }
            }
        }
        sum.map(|v| v / (BLOCK * BLOCK))
    };
    let mut good = 0u64;
    for by in 0..bh {
        for bx in 0..bw {
            let (a, b) = (average(ours, bx, by), average(theirs, bx, by));
            if (0..4).all(|i| a[i].abs_diff(b[i]) <= u32::from(CHANNEL_TOLERANCE)) {
                good += 1;
            }
        }
    }
    good as f64 / (u64::from(bw) * u64::from(bh)).max(1) as f64
}

/// The outcome of comparing two pictures.
struct Comparison {
    matching: f64,
    /// The same over 4×4 blocks (see [`block_matching`]).
    blocks: f64,
    worst: u8,
    /// Why it fails the script's bound, if it does.
    failure: Option<String>,
    diff: RgbaImage,
}

fn compare(kind: Kind, ours: &RgbaImage, theirs: &RgbaImage) -> Comparison {
    let (w, h) = ours.dimensions();
    if theirs.dimensions() != (w, h) {
        return Comparison {
            matching: 0.0,
            blocks: 0.0,
            worst: 255,
            failure: Some(format!(
                "sizes differ: {:?} vs {:?}",
                (w, h),
                theirs.dimensions()
            )),
            diff: ours.clone(),
        };
    }
    let mut diff = RgbaImage::new(w, h);
    let (mut good, mut worst) = (0u64, 0u8);
    for (x, y, p) in ours.enumerate_pixels() {
        let d = max_channel_diff(p, theirs.get_pixel(x, y));
        worst = worst.max(d);
        let out = if d <= CHANNEL_TOLERANCE {
            good += 1;
            // A faded grey copy of ours, so the red stands out where it matters.
            let [r, g, b, a] = premultiplied(p);
            let grey = ((u16::from(r) + u16::from(g) + u16::from(b)) / 3) as u8;
            let v = 255 - (u16::from(255 - grey) * u16::from(a) / 255 / 3) as u8;
            Rgba([v, v, v, 255])
        } else {
            Rgba([255, 0, 0, 255])
        };
        diff.put_pixel(x, y, out);
    }
    let matching = good as f64 / (u64::from(w) * u64::from(h)).max(1) as f64;
    let blocks = block_matching(ours, theirs);
    let min = match kind {
        Kind::Shapes => SHAPES_MIN_MATCH,
        Kind::Text => TEXT_MIN_MATCH,
    };
    let mut failure = (matching < min).then(|| {
        format!(
            "{:.2} % of pixels within {CHANNEL_TOLERANCE}/255, needs ≥ {:.0} %",
            matching * 100.0,
            min * 100.0
        )
    });
    if kind == Kind::Text && failure.is_none() {
        failure = match (ink(ours), ink(theirs)) {
            (Some(a), Some(b)) => {
                let off = [
                    a.0.abs_diff(b.0),
                    a.1.abs_diff(b.1),
                    a.2.abs_diff(b.2),
                    a.3.abs_diff(b.3),
                ];
                let area = (a.4 as f64 - b.4 as f64).abs() / (b.4 as f64).max(1.0);
                if off.iter().any(|&o| o > TEXT_BOX_SLACK) {
                    Some(format!(
                        "ink boxes differ: ours {:?}, chromium {:?} (slack {TEXT_BOX_SLACK} px)",
                        (a.0, a.1, a.2, a.3),
                        (b.0, b.1, b.2, b.3)
                    ))
                } else if area > TEXT_INK_SLACK {
                    Some(format!(
                        "ink areas differ by {:.1} % ({} vs {} px, slack {:.0} %)",
                        area * 100.0,
                        a.4,
                        b.4,
                        TEXT_INK_SLACK * 100.0
                    ))
                } else {
                    None
                }
            }
            (None, None) => None,
            (a, b) => Some(format!("ink on one side only: ours {a:?}, chromium {b:?}")),
        };
    }
    Comparison {
        matching,
        blocks,
        worst,
        failure,
        diff,
    }
}

fn save_pictures(name: &str, ours: &RgbaImage, theirs: &RgbaImage, diff: &RgbaImage) -> PathBuf {
    let dir = out_dir(name);
    std::fs::create_dir_all(&dir).expect("target/fidelity");
    ours.save(dir.join("ours.png")).expect("ours.png");
    theirs.save(dir.join("chromium.png")).expect("chromium.png");
    diff.save(dir.join("diff.png")).expect("diff.png");
    dir
}

#[test]
fn every_script_matches_chromium() {
    let Some(bin) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "chromium is not installed: the canvas fidelity test needs it \
                 (apt-get install -y chromium; .ci/run does this)"
            );
        }
        eprintln!(
            "SKIPPED every_script_matches_chromium: no chromium on PATH \
             (apt-get install -y chromium to run the canvas fidelity comparison)"
        );
        return;
    };
    let keep = std::env::var_os("SWAN_FIDELITY_KEEP").is_some();
    let mut failures = Vec::new();
    for (name, script) in scripts() {
        let mine = ours(&script);
        let (theirs, widths) = match chromium_render(&bin, &name, &script) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{name}: chromium: {e}"));
                continue;
            }
        };
        let mut c = compare(script.kind, &mine, &theirs);
        let widths = width_mismatches(&script, &widths);
        if !widths.is_empty() && c.failure.is_none() {
            c.failure = Some(format!("text widths differ: {}", widths.join("; ")));
        }
        eprintln!(
            "fidelity {name:12} {:?}: {:6.2} % of pixels within {CHANNEL_TOLERANCE}/255, {:6.2} % of {BLOCK}×{BLOCK} blocks, worst {:3} — {}",
            script.kind,
            c.matching * 100.0,
            c.blocks * 100.0,
            c.worst,
            c.failure.as_deref().unwrap_or("ok"),
        );
        if c.failure.is_some() || keep {
            let dir = save_pictures(&name, &mine, &theirs, &c.diff);
            if let Some(why) = c.failure {
                failures.push(format!(
                    "{name} ({}): {why}; pictures in {}",
                    script.about,
                    dir.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the canvas fidelity scripts differ from Chromium:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The comparison is not a rubber stamp: the same script drawn one pixel to the right, or with
/// one colour changed, fails the shapes bound; the script against itself passes.
#[test]
fn the_comparison_catches_a_moved_shape_and_a_wrong_colour() {
    let base: Vec<Call> = serde_json::from_value(serde_json::json!([
        {"method": "set", "args": ["fillStyle", "white"]},
        {"method": "fillRect", "args": [0, 0, 100, 100]},
        {"method": "set", "args": ["fillStyle", "#c33"]},
        {"method": "fillRect", "args": [10, 10, 60, 60]},
    ]))
    .unwrap();
    let draw = |calls: &[Call]| {
        ours(&Script {
            about: String::new(),
            width: 100,
            height: 100,
            kind: Kind::Shapes,
            calls: calls.to_vec(),
        })
    };
    let a = draw(&base);
    assert!(compare(Kind::Shapes, &a, &a).failure.is_none());
    let mut moved = base.clone();
    moved.insert(
        2,
        serde_json::from_value(serde_json::json!({"method": "translate", "args": [1, 0]})).unwrap(),
    );
    let c = compare(Kind::Shapes, &a, &draw(&moved));
    assert!(
        c.failure.is_some(),
        "a 1 px move passed: {:.2} %",
        c.matching * 100.0
    );
    let mut recoloured = base.clone();
    recoloured[2] =
        serde_json::from_value(serde_json::json!({"method": "set", "args": ["fillStyle", "#c3c"]}))
            .unwrap();
    assert!(
        compare(Kind::Shapes, &a, &draw(&recoloured))
            .failure
            .is_some()
    );
    // Text: a line drawn 5 px lower fails the ink-box bound even when most pixels match.
    let text = |y: f64| {
        draw(
            &serde_json::from_value::<Vec<Call>>(serde_json::json!([
                {"method": "set", "args": ["font", "12px sans-serif"]},
                {"method": "fillText", "args": ["Swan 天鹅", 5, y]},
            ]))
            .unwrap(),
        )
    };
    let c = compare(Kind::Text, &text(50.0), &text(55.0));
    assert!(c.failure.is_some(), "text moved 5 px passed");
}

/// Every script is valid: it parses, names only files that exist, and draws without error.
#[test]
fn every_script_draws_without_error() {
    for (name, script) in scripts() {
        for src in image_sources(&script.calls) {
            assert!(workspace().join(&src).is_file(), "{name}: {src} is missing");
        }
        let img = ours(&script);
        assert_eq!(img.dimensions(), (script.width, script.height), "{name}");
        assert!(ink(&img).is_some(), "{name} drew nothing");
    }
}
