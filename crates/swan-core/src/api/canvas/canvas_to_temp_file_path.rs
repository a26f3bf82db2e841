//! `swan.canvasToTempFilePath`: which part of which canvas becomes a picture of what size and
//! type, with Baidu's defaults, before any pixel is touched.

use crate::{Arg, ArgValue, SwanError};

crate::options! {
    /// `swan.canvasToTempFilePath`'s options (the `canvas` node of the Canvas 2D API is an
    /// object a runtime reads itself; see [`SourceCanvas`]).
    pub struct CanvasToTempFilePathOptions {
        canvas_id: "canvasId",
        x: "x",
        y: "y",
        width: "width",
        height: "height",
        dest_width: "destWidth",
        dest_height: "destHeight",
        file_type: "fileType",
        quality: "quality",
    }
}

const API: &str = "canvasToTempFilePath";

/// The most pixels an exported picture may have (`destWidth × destHeight`): 4096×4096×2, the
/// same bound as a canvas itself (`swan_canvas::Limits`'s default), so that a page asking for a
/// 100000×100000 picture is refused with a message instead of taking the machine's memory.
pub const MAX_EXPORT_PIXELS: u64 = 4096 * 4096 * 2;

/// What the export reads from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SourceCanvas {
    /// The canvas's size in the units `x`, `y`, `width`, `height` are given in: CSS px for a
    /// `canvas-id` canvas, canvas pixels for a Canvas 2D node.
    pub width: f64,
    /// See `width`.
    pub height: f64,
    /// Canvas pixels per unit: the device's pixel ratio for a `canvas-id` canvas (whose
    /// backing store is that much larger than its CSS size), 1 for a node.
    pub scale: f64,
    /// What `destWidth`/`destHeight` default to per unit of `width`/`height`: Baidu's
    /// "width × 屏幕像素密度" for a `canvas-id` canvas; 1 for a node, whose `width` and
    /// `height` are already device pixels (a page that sized it `cssWidth × dpr` gets a picture
    /// of that many pixels, not dpr² as many).
    pub dest_scale: f64,
}

/// The export's file type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportType {
    /// `png` (the default).
    Png,
    /// `jpg`.
    Jpeg,
}

impl ExportType {
    /// The temp file's extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportType::Png => "png",
            ExportType::Jpeg => "jpg",
        }
    }
}

/// An export, every option settled.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportPlan {
    /// The rectangle read, in canvas pixels.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// See `x`.
    pub width: f64,
    /// See `x`.
    pub height: f64,
    /// The picture's width in pixels.
    pub dest_width: u32,
    /// The picture's height in pixels.
    pub dest_height: u32,
    /// PNG or JPEG.
    pub file_type: ExportType,
    /// JPEG quality in (0, 1].
    pub quality: f32,
}

/// The canvas named by `canvasId`, as the §1 argument rules read it (904 when absent or not a
/// string); a runtime asks this only when no `canvas` node was given.
pub fn export_canvas_id(options: &CanvasToTempFilePathOptions) -> Result<&str, SwanError> {
    options.canvas_id.as_arg().required_string("canvasId")
}

fn parameter(message: String) -> SwanError {
    SwanError::Parameter { api: API, message }
}

/// A number option: `None` when absent (or not a number: Baidu's JS falls back on its default
/// for those too); an error when it is a number that cannot be a size.
fn number(arg: &Arg) -> Option<f64> {
    match arg {
        Arg::Number(n, _) => Some(*n),
        _ => None,
    }
}

/// Baidu's documented defaults and limits:
/// - `x`, `y`: 0; a value that is not a finite number counts as 0;
/// - `width`, `height`: the canvas's size less `x`/`y`; a given size must be above 0;
/// - `destWidth`, `destHeight`: `width`/`height` × the pixel ratio, rounded; a given size must
///   be above 0, and the picture at most [`MAX_EXPORT_PIXELS`] (a 904 that names the limit);
/// - `fileType`: `png` or `jpg` only (Baidu: "有效值只支持 'jpg' 或 'png'"), anything else is a
///   904, so that a typo (`jpeg`) is not silently a PNG;
/// - `quality`: in (0, 1], anything else counts as 1 (Baidu's words).
pub fn plan_export(
    options: &CanvasToTempFilePathOptions,
    canvas: SourceCanvas,
) -> Result<ExportPlan, SwanError> {
    let file_type = match options.file_type.as_arg() {
        ArgValue::Missing => ExportType::Png,
        ArgValue::Str("png") => ExportType::Png,
        ArgValue::Str("jpg") => ExportType::Jpeg,
        ArgValue::Str(other) | ArgValue::IllFormed(other) => {
            return Err(parameter(format!(
                "fileType must be \"png\" or \"jpg\", not \"{other}\""
            )));
        }
        ArgValue::Other(t) => {
            return Err(parameter(format!(
                "fileType must be \"png\" or \"jpg\", not a {t}"
            )));
        }
    };
    let origin = |a: &Arg| number(a).filter(|n| n.is_finite()).unwrap_or(0.0);
    let (x, y) = (origin(&options.x), origin(&options.y));
    let size = |a: &Arg, name: &str, default: f64| match number(a) {
        None => Ok(default),
        Some(n) if n.is_finite() && n > 0.0 => Ok(n),
        Some(n) => Err(parameter(format!("{name} must be above 0, not {n}"))),
    };
    let width = size(&options.width, "width", canvas.width - x)?;
    let height = size(&options.height, "height", canvas.height - y)?;
    if !(width > 0.0 && height > 0.0) {
        return Err(SwanError::CanvasExport {
            message: format!(
                "the area x={x} y={y} is outside the canvas ({}x{})",
                canvas.width, canvas.height
            ),
        });
    }
    let dest = |a: &Arg, name: &str, side: f64| -> Result<u32, SwanError> {
        let n = size(a, name, side * canvas.dest_scale)?.round();
        if n < 1.0 || n > MAX_EXPORT_PIXELS as f64 {
            return Err(too_large(n, n));
        }
        Ok(n as u32)
    };
    let dest_width = dest(&options.dest_width, "destWidth", width)?;
    let dest_height = dest(&options.dest_height, "destHeight", height)?;
    if u64::from(dest_width) * u64::from(dest_height) > MAX_EXPORT_PIXELS {
        return Err(too_large(dest_width as f64, dest_height as f64));
    }
    let quality = match number(&options.quality) {
        Some(q) if q > 0.0 && q <= 1.0 => q as f32,
        _ => 1.0,
    };
    Ok(ExportPlan {
        x: x * canvas.scale,
        y: y * canvas.scale,
        width: width * canvas.scale,
        height: height * canvas.scale,
        dest_width,
        dest_height,
        file_type,
        quality,
    })
}

fn too_large(w: f64, h: f64) -> SwanError {
    parameter(format!(
        "destWidth x destHeight ({w}x{h}) exceeds the limit of {MAX_EXPORT_PIXELS} pixels"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEGACY: SourceCanvas = SourceCanvas {
        width: 300.0,
        height: 225.0,
        scale: 2.0,
        dest_scale: 2.0,
    };

    fn options(f: impl FnOnce(&mut CanvasToTempFilePathOptions)) -> CanvasToTempFilePathOptions {
        let mut o = CanvasToTempFilePathOptions {
            canvas_id: Arg::Str("c".into()),
            x: Arg::Missing,
            y: Arg::Missing,
            width: Arg::Missing,
            height: Arg::Missing,
            dest_width: Arg::Missing,
            dest_height: Arg::Missing,
            file_type: Arg::Missing,
            quality: Arg::Missing,
        };
        f(&mut o);
        o
    }

    fn msg(e: SwanError) -> (u32, String) {
        (e.err_code(), e.err_msg())
    }

    #[test]
    fn defaults_are_baidus() {
        let p = plan_export(&options(|_| {}), LEGACY).unwrap();
        assert_eq!(
            p,
            ExportPlan {
                x: 0.0,
                y: 0.0,
                width: 600.0,
                height: 450.0,
                dest_width: 600,
                dest_height: 450,
                file_type: ExportType::Png,
                quality: 1.0
            }
        );
        let p = plan_export(
            &options(|o| {
                o.x = Arg::Number(100.0, "int");
                o.y = Arg::Number(f64::NAN, "float");
                o.file_type = Arg::Str("jpg".into());
                o.quality = Arg::Number(0.5, "float");
            }),
            LEGACY,
        )
        .unwrap();
        assert_eq!(
            (p.x, p.width, p.dest_width, p.dest_height),
            (200.0, 400.0, 400, 450)
        );
        assert_eq!((p.file_type, p.quality), (ExportType::Jpeg, 0.5));
        let q = |v| {
            plan_export(&options(|o| o.quality = v), LEGACY)
                .unwrap()
                .quality
        };
        assert_eq!(q(Arg::Number(0.0, "int")), 1.0);
        assert_eq!(q(Arg::Number(7.0, "int")), 1.0);
        // A node: units are canvas pixels and the picture is 1:1.
        let node = SourceCanvas {
            width: 750.0,
            height: 1334.0,
            scale: 1.0,
            dest_scale: 1.0,
        };
        let p = plan_export(&options(|_| {}), node).unwrap();
        assert_eq!((p.width, p.dest_width, p.dest_height), (750.0, 750, 1334));
    }

    #[test]
    fn bad_sizes_and_types_fail_with_a_message() {
        let fail = |f: fn(&mut CanvasToTempFilePathOptions)| {
            msg(plan_export(&options(f), LEGACY).unwrap_err())
        };
        assert_eq!(
            fail(|o| o.file_type = Arg::Str("jpeg".into())),
            (
                904,
                "canvasToTempFilePath:fail parameter error: fileType must be \"png\" or \"jpg\", not \"jpeg\"".into()
            )
        );
        assert_eq!(fail(|o| o.file_type = Arg::Number(1.0, "int")).0, 904);
        assert_eq!(
            fail(|o| o.dest_width = Arg::Number(0.0, "int")),
            (
                904,
                "canvasToTempFilePath:fail parameter error: destWidth must be above 0, not 0"
                    .into()
            )
        );
        assert_eq!(fail(|o| o.width = Arg::Number(-3.0, "int")).0, 904);
        let (code, m) = fail(|o| {
            o.dest_width = Arg::Number(100000.0, "int");
            o.dest_height = Arg::Number(100000.0, "int");
        });
        assert_eq!(code, 904);
        assert!(
            m.contains("(100000x100000) exceeds the limit of 33554432 pixels"),
            "{m}"
        );
        assert_eq!(fail(|o| o.dest_width = Arg::Number(1e300, "float")).0, 904);
        let (code, m) = fail(|o| o.x = Arg::Number(400.0, "int"));
        assert_eq!(code, 1001);
        assert!(m.starts_with("canvasToTempFilePath:fail the area"), "{m}");
    }

    #[test]
    fn canvas_id_is_required_without_a_node() {
        let o = options(|o| o.canvas_id = Arg::Missing);
        assert_eq!(msg(export_canvas_id(&o).unwrap_err()).0, 904);
        assert_eq!(export_canvas_id(&options(|_| {})).unwrap(), "c");
    }
}
