//! Baidu's "画布" family: `createCanvasContext` (the old CanvasContext, recorded in JavaScript
//! and drawn at `draw`), `createSelectorQuery` (canvas nodes and sizes from the template) with
//! the Canvas 2D node API, and `canvasToTempFilePath`. `prelude.js` records page code's calls
//! as `swan_canvas::Call`s; the natives below hand them to `swan-canvas` and hold the run's
//! canvases (`registry.rs`); images come from the app's sandbox (`images.rs`).

mod canvas_to_temp_file_path;
mod images;
mod registry;

use crate::state::State;
use registry::Canvases;
use rquickjs::{Ctx, Function, Object, Value};
use std::rc::Rc;

const PRELUDE: &str = include_str!("prelude.js");

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let canvases = Rc::new(Canvases::default());
    let native = natives(ctx, state, &canvases)?;
    native.set(
        "exportApi",
        canvas_to_temp_file_path::function(ctx, state, &canvases)?,
    )?;
    let make: Function = ctx.eval(PRELUDE)?;
    let set_timeout: Value = ctx.globals().get("setTimeout")?;
    let api: Object = make.call((native, set_timeout, swan.clone()))?;
    for name in [
        "createCanvasContext",
        "createSelectorQuery",
        "canvasToTempFilePath",
    ] {
        swan.set(name, api.get::<_, Value>(name)?)?;
    }
    Ok(())
}

/// The functions `prelude.js` calls; each takes what the prelude already made plain (strings,
/// numbers), so page code never reaches them with anything else.
fn natives<'js>(
    ctx: &Ctx<'js>,
    state: &Rc<State>,
    canvases: &Rc<Canvases>,
) -> rquickjs::Result<Object<'js>> {
    let native = Object::new(ctx.clone())?;
    let st = state.clone();
    native.set(
        "route",
        Function::new(ctx.clone(), move || {
            st.model.current_route().unwrap_or_default()
        })?,
    )?;
    let (st, cv) = (state.clone(), canvases.clone());
    native.set(
        "draw",
        Function::new(
            ctx.clone(),
            move |route: String, id: String, calls: String, reserve: bool| {
                cv.draw(&st, &route, &id, &calls, reserve)
            },
        )?,
    )?;
    let cv = canvases.clone();
    native.set(
        "measure",
        Function::new(ctx.clone(), move |font: String, text: String| {
            cv.measure(&font, &text)
        })?,
    )?;
    let (st, cv) = (state.clone(), canvases.clone());
    native.set(
        "nodeResize",
        Function::new(ctx.clone(), move |key: String, w: f64, h: f64| {
            cv.node_resize(&st, &key, w, h)
        })?,
    )?;
    let (st, cv) = (state.clone(), canvases.clone());
    native.set(
        "nodeRun",
        Function::new(ctx.clone(), move |key: String, calls: String| {
            cv.node_run(&st, &key, &calls)
        })?,
    )?;
    let (st, cv) = (state.clone(), canvases.clone());
    native.set(
        "element",
        Function::new(ctx.clone(), move |route: String, selector: String| {
            cv.element(&st, &route, &selector)
        })?,
    )?;
    let (st, cv) = (state.clone(), canvases.clone());
    native.set(
        "mayMatch",
        Function::new(ctx.clone(), move |route: String, selector: String| {
            cv.may_match(&st, &route, &selector)
        })?,
    )?;
    let st = state.clone();
    native.set(
        "viewport",
        Function::new(ctx.clone(), move || {
            let d = &st.options.device;
            vec![d.window_width, d.window_height]
        })?,
    )?;
    let (st, cv) = (state.clone(), canvases.clone());
    native.set(
        "imageInfo",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, src: String| -> rquickjs::Result<Value<'js>> {
                let route = st.model.current_route().unwrap_or_default();
                match cv.image_size(&st, &route, &src) {
                    Ok((w, h)) => rquickjs::IntoJs::into_js(vec![w, h], &ctx),
                    Err(why) => rquickjs::IntoJs::into_js(why, &ctx),
                }
            },
        )?,
    )?;
    Ok(native)
}
