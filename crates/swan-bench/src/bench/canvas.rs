//! A 750×1334 poster drawn and exported to a PNG on disk by swan-canvas, against
//! `@napi-rs/canvas` (Skia, from npm) drawing the same JSON list of `Call`s in the same run
//! (issue 13 asks for at most 1.0× its time). The poster is what a sharing page draws: a
//! gradient background, one photo (a 1200×900 JPEG), an avatar clipped to a circle, a QR image
//! (a 330×330 PNG), 20 lines of mixed Chinese/Latin text and a few gradients, at pixel ratio 2.
//!
//! Each side runs in a child process of its own (`swan-bench canvas-child`, `node draw.js`)
//! that draws once untimed (fonts, caches, JIT), then `RUNS` times, each run timed from reading
//! the image files to the PNG written, and prints its per-run times and its peak resident set
//! (`VmHWM` from `/proc/self/status`, for the reason given in the peak-memory section). The
//! children alternate, the order flipping every round, so both see the same machine.

use super::{Ctx, Section, table};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use swan_bench::stats::{fmt_dur, median};
use swan_canvas::{Call, Canvas, ExportFormat, ImageSource, Limits, Rect};

const TITLE: &str = "A 750×1334 poster drawn and exported to PNG, against @napi-rs/canvas";
/// The npm package the comparison runs against, pinned so reports compare like with like.
const NAPI_CANVAS: &str = "@napi-rs/canvas@1.2.1";
const W: u32 = 750;
const H: u32 = 1334;

/// The job both children read (the Node side takes the same JSON).
fn job(calls: &[Call], base: &Path, out: &Path, runs: usize, fonts: &[PathBuf]) -> Value {
    json!({
        "width": W,
        "height": H,
        "calls": calls,
        "base": base,
        "out": out,
        "runs": runs,
        "fonts": fonts,
        "fallbacks": (0..fonts.len()).map(|i| format!("swan-fallback-{i}")).collect::<Vec<_>>(),
    })
}

fn call(method: &str, args: Value) -> Call {
    let args = match args {
        Value::Array(a) => a,
        other => vec![other],
    };
    Call::new(method, args)
}

fn call0(method: &str) -> Call {
    Call::new(method, Vec::new())
}

fn set(prop: &str, value: Value) -> Call {
    call("set", json!([prop, value]))
}

/// The poster, in CSS px (375×667) at pixel ratio 2.
fn poster() -> Vec<Call> {
    let (w, h) = (375.0, 667.0);
    let mut c = vec![
        call("scale", json!([2, 2])),
        set(
            "fillStyle",
            json!({"linearGradient": [0, 0, 0, h], "stops": [[0, "#fbe3c8"], [1, "#f2a66b"]]}),
        ),
        call("fillRect", json!([0, 0, w, h])),
        call("drawImage", json!(["photo.jpg", 0, 0, w, 280])),
        set(
            "fillStyle",
            json!({"linearGradient": [0, 200, 0, 280], "stops": [[0, "rgba(251,227,200,0)"], [1, "rgba(251,227,200,1)"]]}),
        ),
        call("fillRect", json!([0, 200, w, 80])),
        call0("save"),
        call0("beginPath"),
        call("arc", json!([60, 300, 36, 0, std::f64::consts::TAU])),
        call0("clip"),
        call(
            "drawImage",
            json!(["photo.jpg", 400, 200, 300, 300, 24, 264, 72, 72]),
        ),
        call0("restore"),
        call0("beginPath"),
        call("arc", json!([60, 300, 37, 0, std::f64::consts::TAU])),
        set("strokeStyle", json!("#fff")),
        set("lineWidth", json!(3)),
        call0("stroke"),
    ];
    let lines = [
        "夏日旅行相册 · Summer Trip 2026",
        "共 128 张照片，3 段视频",
        "拍摄于 杭州 西湖 West Lake",
        "最喜欢的一张：断桥残雪",
        "Share with friends & family",
        "长按保存海报到手机相册",
        "扫描右侧二维码查看原图",
        "有效期至 2026-12-31",
        "活动编号 No. A-20261205",
        "百度智能小程序 swan-album",
        "小天鹅 Swan 邀请你一起查看",
        "第二天：灵隐寺 Lingyin Temple",
        "第三天：龙井村 Longjing tea",
        "晚餐 ¥ 268 · 4 人",
        "天气 晴 28°C sunny",
        "相册密码 0000 (请勿外传)",
        "Photos © 2026 the Swan family",
        "点击右上角分享给好友",
        "更多精彩 more to come",
        "Made with swan-canvas",
    ];
    let mut y = 360.0;
    for (i, t) in lines.iter().enumerate() {
        let font = if i == 0 {
            "bold 18px sans-serif"
        } else {
            "14px sans-serif"
        };
        c.push(set("font", json!(font)));
        c.push(set(
            "fillStyle",
            json!(if i % 2 == 0 { "#3a2a1a" } else { "#6b4a2a" }),
        ));
        c.push(call("fillText", json!([t, 24, y, 220])));
        y += 14.0;
    }
    c.extend([
        set("fillStyle", json!("#ffffff")),
        call("fillRect", json!([247, 462, 116, 116])),
        call("drawImage", json!(["qr.png", 255, 470, 100, 100])),
        set(
            "fillStyle",
            json!({"radialGradient": [w / 2.0, h, 10, w / 2.0, h, 200], "stops": [[0, "rgba(255,255,255,0.5)"], [1, "rgba(255,255,255,0)"]]}),
        ),
        call("fillRect", json!([0, h - 200.0, w, 200])),
        set("fillStyle", json!("#c0392b")),
        set("textAlign", json!("center")),
        set("font", json!("bold 22px sans-serif")),
        call("fillText", json!(["立即查看 View now", w / 2.0, h - 24.0])),
    ]);
    c
}

/// Writes the photo (a 1200×900 JPEG of soft shapes) and the QR image (a 330×330 PNG of
/// 33×33 modules) into `dir`, drawn with swan-canvas itself.
fn make_images(dir: &Path) -> Result<(), String> {
    let mut rng = swan_bench::pictures::Rng(13);
    let mut photo = vec![
        set(
            "fillStyle",
            json!({"linearGradient": [0, 0, 1200, 900], "stops": [[0, "#2b5876"], [0.5, "#c9a66b"], [1, "#4e4376"]]}),
        ),
        call("fillRect", json!([0, 0, 1200, 900])),
    ];
    for _ in 0..300 {
        let (x, y, r) = (rng.below(1200), rng.below(900), 5 + rng.below(80));
        let colour = format!(
            "rgba({},{},{},0.{})",
            rng.below(256),
            rng.below(256),
            rng.below(256),
            1 + rng.below(6)
        );
        photo.extend([
            set("fillStyle", json!(colour)),
            call0("beginPath"),
            call("arc", json!([x, y, r, 0, std::f64::consts::TAU])),
            call0("fill"),
        ]);
    }
    let mut qr = vec![
        set("fillStyle", json!("#fff")),
        call("fillRect", json!([0, 0, 330, 330])),
        set("fillStyle", json!("#000")),
        call0("beginPath"),
    ];
    for r in 0..33u64 {
        for col in 0..33u64 {
            let finder =
                |r0: u64, c0: u64| (r0..r0 + 7).contains(&r) && (c0..c0 + 7).contains(&col);
            let on = if finder(0, 0) || finder(0, 26) || finder(26, 0) {
                let (rr, cc) = (r % 26 % 7, col % 26 % 7);
                rr == 0
                    || rr == 6
                    || cc == 0
                    || cc == 6
                    || ((2..=4).contains(&rr) && (2..=4).contains(&cc))
            } else {
                rng.below(2) == 0
            };
            if on {
                qr.push(call("rect", json!([col * 10, r * 10, 10, 10])));
            }
        }
    }
    qr.push(call0("fill"));
    for (name, w, h, calls, format) in [
        ("photo.jpg", 1200, 900, photo, ExportFormat::Jpeg),
        ("qr.png", 330, 330, qr, ExportFormat::Png),
    ] {
        let mut canvas = Canvas::new(w, h, &Limits::default()).map_err(|e| format!("{e:?}"))?;
        canvas
            .run(&calls, &Files(dir.to_path_buf()))
            .map_err(|e| format!("{e:?}"))?;
        let mut bytes = Vec::new();
        let rect = Rect::new(0.0, 0.0, w as f32, h as f32);
        canvas
            .export(rect, w, h, format, 0.9, &mut bytes)
            .map_err(|e| format!("{e:?}"))?;
        std::fs::write(dir.join(name), bytes).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

/// Image sources are file names in the job's folder.
struct Files(PathBuf);

impl ImageSource for Files {
    fn bytes(&self, src: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.0.join(src)).map_err(|e| format!("{src}: {e}"))
    }
}

/// The crate's bundled fonts (its CJK fallback), handed to Skia too so both draw the same glyphs.
fn crate_fonts(ctx: &Ctx) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(ctx.workspace.join("crates/swan-canvas/fonts"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| {
        p.extension()
            .is_some_and(|e| ["ttf", "otf", "ttc"].contains(&&*e.to_string_lossy()))
    });
    out.sort();
    out
}

/// `swan-bench canvas-child --job FILE`: the swan-canvas side (see the module doc).
pub fn child(job_file: &Path) -> ExitCode {
    match child_run(job_file) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("canvas-child: {e}");
            ExitCode::FAILURE
        }
    }
}

fn child_run(job_file: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(job_file).map_err(|e| e.to_string())?;
    let job: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let calls: Vec<Call> =
        serde_json::from_value(job["calls"].clone()).map_err(|e| e.to_string())?;
    let base = PathBuf::from(job["base"].as_str().ok_or("base")?);
    let out = PathBuf::from(job["out"].as_str().ok_or("out")?);
    let runs = job["runs"].as_u64().ok_or("runs")?;
    let once = || -> Result<(), String> {
        let mut canvas = Canvas::new(W, H, &Limits::default()).map_err(|e| format!("{e:?}"))?;
        canvas
            .run(&calls, &Files(base.clone()))
            .map_err(|e| format!("{e:?}"))?;
        let file = std::fs::File::create(&out).map_err(|e| e.to_string())?;
        let mut file = std::io::BufWriter::new(file);
        let rect = Rect::new(0.0, 0.0, W as f32, H as f32);
        canvas
            .export(rect, W, H, ExportFormat::Png, 1.0, &mut file)
            .map_err(|e| format!("{e:?}"))?;
        std::io::Write::flush(&mut file).map_err(|e| e.to_string())
    };
    once()?;
    let mut ms = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        once()?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(json!({"ms": ms, "vmhwm_kib": vmhwm_kib()}).to_string())
}

fn vmhwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

/// Installs `@napi-rs/canvas` under `target/canvas-node` (once; npm's prebuilt Skia binary).
fn install_napi_canvas(ctx: &Ctx) -> Result<PathBuf, String> {
    let dir = ctx.workspace.join("target/canvas-node");
    let pkg = dir.join("node_modules/@napi-rs/canvas/package.json");
    let pinned = NAPI_CANVAS.rsplit('@').next().unwrap_or_default();
    if std::fs::read_to_string(&pkg)
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{pinned}\"")))
    {
        return Ok(dir);
    }
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    ctx.log(&format!(
        "canvas: npm install {NAPI_CANVAS} into {}",
        dir.display()
    ));
    let out = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ])
        .arg(&dir)
        .arg(NAPI_CANVAS)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run npm (is Node.js installed?): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "npm install {NAPI_CANVAS} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(dir)
}

/// One child's answer: per-run times and its peak resident set.
fn side(cmd: &mut Command, what: &str) -> Result<(Vec<Duration>, u64), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start the {what} side: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the {what} side failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or_default();
    let v: Value = serde_json::from_str(line).map_err(|e| format!("{what}: {e}: {line}"))?;
    let ms = v["ms"]
        .as_array()
        .ok_or("no times")?
        .iter()
        .filter_map(Value::as_f64)
        .map(|m| Duration::from_secs_f64(m / 1000.0))
        .collect();
    Ok((ms, v["vmhwm_kib"].as_u64().unwrap_or(0)))
}

pub fn run(ctx: &Ctx) -> Section {
    match measure(ctx) {
        Ok(s) => s,
        Err(why) => Section {
            title: TITLE.into(),
            text: format!("Not measured: {why}\n"),
            summary: vec![[
                "750×1334 poster to PNG, swan-canvas / @napi-rs/canvas".into(),
                "≤ 1.0×".into(),
                format!("not measured: {}", why.lines().next().unwrap_or("")),
                "—".into(),
            ]],
        },
    }
}

fn measure(ctx: &Ctx) -> Result<Section, String> {
    let node_modules = install_napi_canvas(ctx)?;
    let root = ctx.fresh("canvas");
    make_images(&root)?;
    let calls = poster();
    let fonts = crate_fonts(ctx);
    let (rounds, runs) = if ctx.quick { (2, 2) } else { (6, 5) };
    let (ours_png, theirs_png) = (root.join("ours.png"), root.join("napi.png"));
    let write_job = |name: &str, out: &Path| -> Result<PathBuf, String> {
        let file = root.join(name);
        let text = job(&calls, &root, out, runs, &fonts).to_string();
        std::fs::write(&file, text).map_err(|e| e.to_string())?;
        Ok(file)
    };
    let (ours_job, theirs_job) = (
        write_job("ours.json", &ours_png)?,
        write_job("napi.json", &theirs_png)?,
    );
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let script = ctx.workspace.join("crates/swan-bench/canvas-node/draw.js");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let (mut ours_peak, mut theirs_peak) = (0u64, 0u64);
    for round in 0..rounds {
        for k in 0..2 {
            if (round + k) % 2 == 0 {
                let (t, peak) = side(
                    Command::new(&exe)
                        .arg("canvas-child")
                        .arg("--job")
                        .arg(&ours_job),
                    "swan-canvas",
                )?;
                ours.extend(t);
                ours_peak = ours_peak.max(peak);
            } else {
                let (t, peak) = side(
                    Command::new("node")
                        .arg(&script)
                        .arg(&node_modules)
                        .arg(&theirs_job),
                    "@napi-rs/canvas",
                )?;
                theirs.extend(t);
                theirs_peak = theirs_peak.max(peak);
            }
        }
    }
    let (o, t) = (median(&ours), median(&theirs));
    let ratio = o.as_secs_f64() / t.as_secs_f64();
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len() / 1024).unwrap_or(0);
    ctx.log(&format!(
        "canvas: swan-canvas {} vs @napi-rs/canvas {}: {ratio:.2}x",
        fmt_dur(o),
        fmt_dur(t)
    ));
    let mib = |kib: u64| format!("{:.1} MiB", kib as f64 / 1024.0);
    let rows = vec![
        vec![
            "swan-canvas (tiny-skia, rustybuzz, image)".into(),
            ours.len().to_string(),
            fmt_dur(o),
            mib(ours_peak),
            format!("{} KiB", size(&ours_png)),
        ],
        vec![
            format!("{NAPI_CANVAS} (Skia), Node {}", node_version()),
            theirs.len().to_string(),
            fmt_dur(t),
            mib(theirs_peak),
            format!("{} KiB", size(&theirs_png)),
        ],
    ];
    let text = format!(
        "One poster of 750×1334 pixels (375×667 CSS px at pixel ratio 2): a gradient \
         background, a 1200×900 JPEG photo, an avatar cut from it and clipped to a circle, a \
         330×330 PNG QR image, 20 lines of mixed Chinese/Latin text, three gradients. Both sides \
         replay the same JSON list of `Call`s (`crates/swan-bench/canvas-node/draw.js` for \
         Skia) and each run goes from the image files on disk to the PNG written to disk \
         (decoding included, process start excluded). Each side is a child process that draws \
         once untimed, then {runs} timed runs; {rounds} rounds alternate the two, the order \
         flipping every round. Peak memory is each child's `VmHWM` (Node's includes its own \
         runtime).\n\n{}\nRatio of medians: **{ratio:.2}×** (swan-canvas / @napi-rs/canvas).\n",
        table(
            &[
                "side",
                "runs",
                "median per poster",
                "peak resident set",
                "PNG size"
            ],
            &rows
        )
    );
    Ok(Section {
        title: TITLE.into(),
        text,
        summary: vec![[
            "750×1334 poster to PNG, swan-canvas / @napi-rs/canvas".into(),
            "≤ 1.0×".into(),
            format!(
                "{ratio:.2}× ({} vs {}; peak {} vs {})",
                fmt_dur(o),
                fmt_dur(t),
                mib(ours_peak),
                mib(theirs_peak)
            ),
            if ratio <= 1.0 { "met" } else { "not met" }.into(),
        ]],
    })
}

fn node_version() -> String {
    Command::new("node")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "?".into())
}
