//! The run's canvases: one per `canvas-id` of a page (made at its first `draw`) and one per
//! Canvas 2D node, with the size each has, what was drawn, and the export.

use super::images::SandboxImages;
use crate::event::Event;
use crate::state::State;
use serde_json::json;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, Write};
use std::rc::Rc;
use swan_canvas::{Call, Canvas, ExportFormat, Limits, Rect};
use swan_core::SwanError;
use swan_core::api::{
    CanvasToTempFilePathOptions, ExportType, SourceCanvas, device_pixels, export_canvas_id,
    plan_export,
};
use swan_project::{CanvasDecl, DEFAULT_CANVAS_SIZE};

/// The most pixels the run's canvases may have together: two of the largest canvas
/// (`swan_canvas::Limits`' 4096×4096×2 each, 134 MB of RGBA), about 270 MB.
pub(crate) const MAX_LIVE_PIXELS: u64 = 2 * 4096 * 4096 * 2;

/// One canvas: its pixels (absent when they could not be made: the reason is `broken`), the
/// units its export options are in, and whether anything was drawn.
struct Entry {
    canvas: Option<Canvas>,
    source: SourceCanvas,
    drawn: bool,
    /// Saves earlier draws left open (see [`with_pixel_ratio`]).
    open: usize,
    broken: Option<String>,
}

#[derive(Default)]
pub(crate) struct Canvases {
    entries: RefCell<HashMap<String, Entry>>,
    /// Each page's `<canvas>` elements, read once per route.
    decls: RefCell<HashMap<String, Rc<Vec<CanvasDecl>>>>,
    /// Each page's `.swan` template, read once per route (`None`: none, or unreadable).
    templates: RefCell<HashMap<String, Option<Rc<str>>>>,
    /// `canvasSize` notices already given (once per canvas).
    told: RefCell<HashSet<String>>,
    /// measureText's canvas.
    scratch: RefCell<Option<Canvas>>,
}

/// The registry key of a page's `canvas-id` canvas.
fn legacy_key(route: &str, id: &str) -> String {
    format!("id\u{1}{route}\u{1}{id}")
}

/// The key JavaScript holds for a Canvas 2D node.
fn node_key(route: &str, id: &str) -> String {
    format!("node\u{1}{route}\u{1}{id}")
}

fn page_dir(route: &str) -> String {
    route
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .to_string()
}

/// The page's folder for a node key (`node\u{1}pages/index/index\u{1}c`).
fn route_of_key(key: &str) -> &str {
    key.split('\u{1}').nth(1).unwrap_or("")
}

impl Canvases {
    fn decls(&self, state: &State, route: &str) -> Rc<Vec<CanvasDecl>> {
        if let Some(d) = self.decls.borrow().get(route) {
            return d.clone();
        }
        let device = &state.options.device;
        let found = state.services.project.page_canvases(
            route,
            f64::from(device.screen_width),
            f64::from(device.screen_height),
        );
        let decls = Rc::new(found.unwrap_or_else(|e| {
            state.emit(Event::Notice {
                what: "canvasSize".into(),
                message: format!("the template or stylesheet of {route} could not be read: {e}"),
            });
            Vec::new()
        }));
        self.decls
            .borrow_mut()
            .insert(route.to_string(), decls.clone());
        decls
    }

    /// The CSS size of canvas `id` of `route` (its `canvas-id` or `id`): `--canvas`, else the
    /// template and stylesheets; `None` when the page declares no such canvas. A side only
    /// rendering could know is the default's, said once in a `canvasSize` notice.
    fn css_size(&self, state: &State, route: &str, id: &str) -> Option<(f64, f64)> {
        if let Some(o) = state.options.canvas_sizes.iter().rev().find(|o| o.id == id) {
            return Some((o.width, o.height));
        }
        let decls = self.decls(state, route);
        let decl = decls
            .iter()
            .find(|d| d.canvas_id.as_deref() == Some(id))
            .or_else(|| decls.iter().find(|d| d.is_named(id)))?;
        let size = decl.size();
        if !size.unknown.is_empty() {
            self.tell(
                state,
                route,
                id,
                &format!(
                    "{}; using {}x{} CSS px (give the size with --canvas {id}=WxH)",
                    size.unknown.join("; "),
                    size.width,
                    size.height
                ),
            );
        }
        Some((size.width, size.height))
    }

    fn tell(&self, state: &State, route: &str, id: &str, what: &str) {
        if self.told.borrow_mut().insert(legacy_key(route, id)) {
            state.emit(Event::Notice {
                what: "canvasSize".into(),
                message: format!("canvas {id:?} of {route}: {what}"),
            });
        }
    }

    /// `CanvasContext.draw`: the calls of canvas `id` of `route` run on its canvas, made at
    /// the first draw at its size × the pixel ratio; `reserve` false clears it and starts from
    /// the default state (see [`with_pixel_ratio`]).
    pub fn draw(&self, state: &State, route: &str, id: &str, calls: &str, reserve: bool) {
        let key = legacy_key(route, id);
        let pr = state.options.device.pixel_ratio;
        if !self.entries.borrow().contains_key(&key) {
            let (w, h) = self.css_size(state, route, id).unwrap_or_else(|| {
                let (w, h) = DEFAULT_CANVAS_SIZE;
                self.tell(state, route, id, &format!(
                    "the page's template has no <canvas canvas-id=\"{id}\">; using Baidu's default {w}x{h} CSS px (give the size with --canvas {id}=WxH)"
                ));
                (w, h)
            });
            let source = SourceCanvas {
                width: w,
                height: h,
                scale: pr,
                dest_scale: pr,
            };
            let size = (device_pixels(w, pr), device_pixels(h, pr));
            self.insert(state, key.clone(), id, source, size);
        }
        let Some(calls) = parse(state, id, calls) else {
            return;
        };
        let count = calls.len();
        let calls = match self.entries.borrow_mut().get_mut(&key) {
            Some(entry) => with_pixel_ratio(calls, pr, &mut entry.open, !reserve),
            None => return,
        };
        self.run(state, &key, id, route, &calls, !reserve);
        state.emit(Event::Shown {
            what: "canvasDraw".into(),
            detail: json!({"canvasId": id, "page": route, "calls": count, "reserve": reserve}),
        });
    }

    /// Makes canvas `key` at `width`×`height` device pixels (replacing what was there), within
    /// the run's budget: a canvas is refused, with a notice, when it and the run's other
    /// canvases together would pass [`MAX_LIVE_PIXELS`], so a page making canvas after canvas
    /// (or resizing nodes in a loop) cannot take the machine's memory.
    fn insert(&self, state: &State, key: String, id: &str, source: SourceCanvas, size: (u32, u32)) {
        let others: u64 = self
            .entries
            .borrow()
            .iter()
            .filter(|(k, _)| **k != key)
            .filter_map(|(_, e)| e.canvas.as_ref())
            .map(|c| u64::from(c.width()) * u64::from(c.height()))
            .sum();
        let wanted = u64::from(size.0) * u64::from(size.1);
        self.entries.borrow_mut().remove(&key); // its pixels are freed before new ones are made
        let limits = Limits::default();
        let made = if let Err(e) = limits.check(size.0, size.1) {
            Err(e.to_string())
        } else if others + wanted > MAX_LIVE_PIXELS {
            Err(format!(
                "{}x{} would take the run's canvases past {MAX_LIVE_PIXELS} pixels",
                size.0, size.1
            ))
        } else {
            Canvas::new(size.0, size.1, &limits).map_err(|e| e.to_string())
        };
        let (canvas, broken) = match made {
            Ok(c) => (Some(c), None),
            Err(e) => {
                state.emit(Event::Notice {
                    what: "canvasSize".into(),
                    message: format!("canvas {id:?} cannot be made: {e}; nothing is drawn on it"),
                });
                (None, Some(e))
            }
        };
        self.entries.borrow_mut().insert(
            key,
            Entry {
                canvas,
                source,
                drawn: false,
                open: 0,
                broken,
            },
        );
    }

    fn run(&self, state: &State, key: &str, id: &str, route: &str, calls: &[Call], clear: bool) {
        let mut entries = self.entries.borrow_mut();
        let Some(entry) = entries.get_mut(key) else {
            return;
        };
        entry.drawn = true;
        let Some(canvas) = entry.canvas.as_mut() else {
            return;
        };
        if clear {
            canvas.clear();
        }
        let images = SandboxImages {
            sandbox: &state.services.sandbox,
            page_dir: page_dir(route),
        };
        match canvas.run(calls, &images) {
            Ok(notices) => {
                for n in notices {
                    state.emit(Event::Notice {
                        what: n.what.into(),
                        message: format!("canvas {id:?}: {}", n.message),
                    });
                }
            }
            Err(e) => state.emit(Event::Notice {
                what: "canvasDraw".into(),
                message: format!("canvas {id:?}: drawing stopped: {e}"),
            }),
        }
    }

    /// A Canvas 2D node's bitmap at `width`×`height` device pixels (new, cleared), for the
    /// node of element `id` of `route`.
    pub fn node_resize(&self, state: &State, key: &str, width: f64, height: f64) {
        let id = key.rsplit('\u{1}').next().unwrap_or("");
        let (w, h) = (clamp_side(width), clamp_side(height));
        let source = SourceCanvas {
            width: f64::from(w),
            height: f64::from(h),
            scale: 1.0,
            dest_scale: 1.0,
        };
        self.insert(state, key.to_string(), id, source, (w, h));
    }

    /// The node's queued calls, as they are (the page sets its own transform).
    pub fn node_run(&self, state: &State, key: &str, calls: &str) {
        let id = key.rsplit('\u{1}').next().unwrap_or("");
        let Some(calls) = parse(state, id, calls) else {
            return;
        };
        self.run(state, key, id, route_of_key(key), &calls, false);
    }

    /// measureText: the width in CSS px of `text` in `font`.
    pub fn measure(&self, font: &str, text: &str) -> f64 {
        let mut scratch = self.scratch.borrow_mut();
        if scratch.is_none() {
            *scratch = Canvas::new(1, 1, &Limits::default()).ok();
        }
        scratch
            .as_mut()
            .map_or(0.0, |c| f64::from(c.measure_text(font, text)))
    }

    /// What createSelectorQuery learns of `#id` or `.class` on `route`: the first canvas of the
    /// template it names, as JSON
    /// `{id, width, height, node}` (`node` the key of a `type="2d"` canvas, else null).
    pub fn element(&self, state: &State, route: &str, selector: &str) -> Option<String> {
        let selector = selector.trim();
        let decls = self.decls(state, route);
        let decl = match (selector.strip_prefix('#'), selector.strip_prefix('.')) {
            (Some(id), _) => decls.iter().find(|d| d.id.as_deref() == Some(id)),
            (_, Some(class)) => decls.iter().find(|d| d.classes.iter().any(|c| c == class)),
            _ => None,
        }?
        .clone();
        let id = decl
            .id
            .clone()
            .or(decl.canvas_id.clone())
            .unwrap_or_default();
        let id = id.as_str();
        let (width, height) = match self.css_size(state, route, id) {
            Some(size) if !id.is_empty() => size,
            _ => {
                let size = decl.size();
                (size.width, size.height)
            }
        };
        let node = decl.is_2d.then(|| node_key(route, id));
        Some(json!({"id": id, "width": width, "height": height, "node": node}).to_string())
    }

    /// Whether `selector` may name an element of `route`'s template (see
    /// [`swan_project::template_may_match`]); a page without a readable template may have
    /// anything. The template is read once per route, not once per query.
    pub fn may_match(&self, state: &State, route: &str, selector: &str) -> bool {
        let template = self
            .templates
            .borrow_mut()
            .entry(route.to_string())
            .or_insert_with(|| {
                let text = state.services.project.text(&format!("{route}.swan"));
                text.ok().flatten().map(Rc::from)
            })
            .clone();
        template.is_none_or(|t| swan_project::template_may_match(&t, selector))
    }

    /// `canvasToTempFilePath`: the node `key`, or canvas `canvasId` of `route`, exported into
    /// a new temp file of the app; its `bdfile://tmp_…` path.
    pub fn export(
        &self,
        state: &State,
        route: &str,
        key: Option<&str>,
        options: &CanvasToTempFilePathOptions,
    ) -> Result<String, SwanError> {
        let fail = |message: String| SwanError::CanvasExport { message };
        let key = match key {
            Some(k) => k.to_string(),
            None => {
                let id = export_canvas_id(options)?;
                let key = legacy_key(route, id);
                if !self.entries.borrow().contains_key(&key) {
                    return Err(fail(match self.css_size(state, route, id) {
                        Some(_) => format!(
                            "canvas \"{id}\" is empty: nothing has been drawn on it yet (export in draw()'s callback)"
                        ),
                        None => format!("no canvas with canvas-id \"{id}\" on {route}"),
                    }));
                }
                key
            }
        };
        let entries = self.entries.borrow();
        let entry = entries
            .get(&key)
            .ok_or_else(|| fail("the canvas node is no longer there".into()))?;
        let Some(canvas) = entry.canvas.as_ref() else {
            return Err(fail(format!(
                "the canvas could not be made: {}",
                entry.broken.clone().unwrap_or_default()
            )));
        };
        if !entry.drawn && key.starts_with("id\u{1}") {
            return Err(fail(
                "canvas is empty: nothing has been drawn on it yet".into(),
            ));
        }
        let plan = plan_export(options, entry.source)?;
        let format = match plan.file_type {
            ExportType::Png => ExportFormat::Png,
            ExportType::Jpeg => ExportFormat::Jpeg,
        };
        let temp = state
            .services
            .sandbox
            .create_temp(Some(plan.file_type.extension()))
            .map_err(|e| fail(format!("cannot write the picture: {e}")))?;
        let mut out = BufWriter::with_capacity(1 << 20, temp);
        let rect = Rect::new(
            plan.x as f32,
            plan.y as f32,
            plan.width as f32,
            plan.height as f32,
        );
        canvas
            .export(
                rect,
                plan.dest_width,
                plan.dest_height,
                format,
                plan.quality,
                &mut out,
            )
            .map_err(|e| fail(e.to_string()))?;
        out.flush()
            .map_err(|e| fail(format!("cannot write the picture: {e}")))?;
        let temp = out
            .into_inner()
            .map_err(|e| fail(format!("cannot write the picture: {}", e.error())))?;
        temp.commit()
            .map_err(|e| fail(format!("cannot write the picture: {e}")))
    }

    /// A picture's size as an `<img>` would report it (EXIF rotation applied), or why not.
    pub fn image_size(&self, state: &State, route: &str, src: &str) -> Result<(u32, u32), String> {
        let images = SandboxImages {
            sandbox: &state.services.sandbox,
            page_dir: page_dir(route),
        };
        let path = images.path(src);
        let file = match state.services.sandbox.open_file(&path) {
            Ok(swan_core::swan_sandbox::Resolved::File(f)) => f,
            Ok(_) => {
                return Err(format!(
                    "{src} is a network image: download it first (swan.downloadFile) and use its tempFilePath"
                ));
            }
            Err(_) => return Err(format!("can not find such file : {src}")),
        };
        let info = swan_core::api::image_info(file).map_err(|e| e.err_msg())?;
        let turned = matches!(
            info.orientation,
            "left" | "right" | "left-mirrored" | "right-mirrored"
        );
        Ok(if turned {
            (info.height, info.width)
        } else {
            (info.width, info.height)
        })
    }
}

/// A side a page sets on a node: whole, 0 to u32::MAX (the canvas refuses what it cannot make).
fn clamp_side(v: f64) -> u32 {
    if v.is_finite() && v > 0.0 {
        v.min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}

fn parse(state: &State, id: &str, calls: &str) -> Option<Vec<Call>> {
    match serde_json::from_str(calls) {
        Ok(c) => Some(c),
        Err(e) => {
            state.emit(Event::Notice {
                what: "canvasDraw".into(),
                message: format!("canvas {id:?}: the calls could not be read: {e}"),
            });
            None
        }
    }
}

/// One draw of a `canvas-id` canvas, in canvas pixels. `open` counts the saves earlier draws
/// left on the canvas's stack (the base one below, and any the page did not restore).
///
/// A draw that resets (`reserve` false, or the first) restores all of them, back to the
/// default state, then saves once and sets the pixel ratio as the base transform: the page
/// draws in CSS px, as on a phone. A `reserve` true draw goes on from the state the last one
/// left (fill, font, transform, clip), as uni-app's and the devtools' canvases do. The page's
/// own `setTransform`/`resetTransform` stay on top of the pixel ratio, and a `restore` that
/// would pop the base save is ignored.
fn with_pixel_ratio(calls: Vec<Call>, pr: f64, open: &mut usize, reset: bool) -> Vec<Call> {
    let base = || {
        Call::new(
            "setTransform",
            [pr, 0.0, 0.0, pr, 0.0, 0.0].map(|n| json!(n)).to_vec(),
        )
    };
    let mut out = Vec::with_capacity(calls.len() + *open + 2);
    if reset || *open == 0 {
        out.extend((0..*open).map(|_| Call::new("restore", vec![])));
        out.push(Call::new("save", vec![]));
        out.push(base());
        *open = 1;
    }
    for mut call in calls {
        match call.method.as_str() {
            "save" => *open += 1,
            "restore" if *open <= 1 => continue,
            "restore" => *open -= 1,
            "resetTransform" => call = base(),
            "setTransform" => {
                for a in call.args.iter_mut() {
                    if let Some(n) = a.as_f64() {
                        *a = json!(n * pr);
                    }
                }
            }
            _ => {}
        }
        out.push(call);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixel_ratio_wraps_each_draw() {
        let c = |m: &str, a: Vec<serde_json::Value>| Call::new(m, a);
        let mut open = 0;
        let page = vec![
            c("restore", vec![]),
            c("save", vec![]),
            c(
                "setTransform",
                vec![json!(1), json!(0), json!(0), json!(1), json!(5), json!(6)],
            ),
            c("resetTransform", vec![]),
        ];
        let out = with_pixel_ratio(page.clone(), 2.0, &mut open, false);
        let methods: Vec<_> = out.iter().map(|c| c.method.as_str()).collect();
        assert_eq!(
            methods,
            [
                "save",
                "setTransform",
                "save",
                "setTransform",
                "setTransform"
            ]
        );
        assert_eq!(
            out[3].args,
            vec![
                json!(2.0),
                json!(0.0),
                json!(0.0),
                json!(2.0),
                json!(10.0),
                json!(12.0)
            ]
        );
        assert_eq!(out[4].args, out[1].args);
        assert_eq!(open, 2);
        // reserve: goes on; the page's restore pops its own save only.
        let out = with_pixel_ratio(
            vec![c("restore", vec![]), c("restore", vec![])],
            2.0,
            &mut open,
            false,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(open, 1);
        // A reset restores everything, then starts again.
        open = 3;
        let out = with_pixel_ratio(vec![], 2.0, &mut open, true);
        let methods: Vec<_> = out.iter().map(|c| c.method.as_str()).collect();
        assert_eq!(
            methods,
            ["restore", "restore", "restore", "save", "setTransform"]
        );
        assert_eq!(open, 1);
    }
}
