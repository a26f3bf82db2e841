//! Baidu's "画布" family: the old `CanvasContext` (`createCanvasContext`, `draw`), the Canvas 2D
//! node, and `canvasToTempFilePath`. The drawing itself is `swan-canvas`'s; what lives here is
//! what page code can observe without pixels: sizes, export options, defaults and errors.

mod canvas_size;
mod canvas_to_temp_file_path;

pub use canvas_size::{CanvasOverride, device_pixels, parse_canvas_override};
pub use canvas_to_temp_file_path::{
    CanvasToTempFilePathOptions, ExportPlan, ExportType, MAX_EXPORT_PIXELS, SourceCanvas,
    export_canvas_id, plan_export,
};
