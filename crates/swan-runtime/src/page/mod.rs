//! The page model's globals: `App()`, `getApp()`, `Page()`, `Component()`, `Behavior()`,
//! `getCurrentPages()`; page instances and their lifecycle (`stack.rs` moves pages). The
//! instance-level glue (setData, components, observers, triggerEvent) is `prelude.js`.

pub(crate) mod stack;

use crate::model::{Defined, Glue, Kind};
use crate::state::State;
use rquickjs::function::{Opt, Rest, This};
use rquickjs::{Array, Ctx, Exception, Function, Object, Persistent, Value};
use std::rc::Rc;

const PRELUDE: &str = include_str!("prelude.js");

pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let globals = ctx.globals();
    for (name, kind) in [("Page", Kind::Page), ("Component", Kind::Component)] {
        let st = state.clone();
        let define = Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, definition: Opt<Value<'js>>| {
                let def = object_arg(&ctx, name, definition)?;
                let def = Persistent::save(&ctx, def);
                st.model.defined.replace(Some(Defined { kind, def }));
                Ok::<_, rquickjs::Error>(())
            },
        )?;
        globals.set(name, define.with_name(name)?)?;
    }
    let st = state.clone();
    let app = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, definition: Opt<Value<'js>>| {
            let definition = object_arg(&ctx, "App", definition)?;
            st.model
                .app
                .replace(Some(Persistent::save(&ctx, definition)));
            Ok::<_, rquickjs::Error>(())
        },
    )?;
    globals.set("App", app.with_name("App")?)?;
    let st = state.clone();
    let get_app = Function::new(ctx.clone(), move |ctx: Ctx<'js>| {
        match st.model.app.borrow().clone() {
            Some(app) => app.restore(&ctx).map(|o| o.into_value()),
            None => Ok(Value::new_undefined(ctx)),
        }
    })?;
    globals.set("getApp", get_app.with_name("getApp")?)?;
    let st = state.clone();
    let current_pages = Function::new(ctx.clone(), move |ctx: Ctx<'js>| {
        let pages = Array::new(ctx.clone())?;
        for (i, page) in st.model.pages.borrow().iter().enumerate() {
            pages.set(i, page.instance.clone().restore(&ctx)?)?;
        }
        Ok::<_, rquickjs::Error>(pages)
    })?;
    globals.set(
        "getCurrentPages",
        current_pages.with_name("getCurrentPages")?,
    )?;
    install_glue(ctx, state)
}

/// Runs `prelude.js` with the one native function it needs (to report what a hook threw
/// without stopping the other hooks) and keeps what it returns.
fn install_glue<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let native = Object::new(ctx.clone())?;
    let st = state.clone();
    let report = Function::new(ctx.clone(), move |ctx: Ctx<'js>, error: Value<'js>| {
        if st.engine.stopped() {
            return; // the run's end says why; nothing may be left pending in the engine
        }
        let thrown = ctx.throw(error);
        crate::uncaught::report(&ctx, &st, thrown);
    })?;
    native.set("report", report)?;
    let make: Function = ctx.eval(PRELUDE)?;
    let glue: Object = make.call((native,))?;
    let behavior: Function = glue.get("Behavior")?;
    ctx.globals().set("Behavior", behavior)?;
    let create_page: Function = glue.get("createPage")?;
    let lifecycle: Function = glue.get("lifecycle")?;
    state.model.glue.replace(Some(Glue {
        create_page: Persistent::save(ctx, create_page),
        lifecycle: Persistent::save(ctx, lifecycle),
    }));
    Ok(())
}

fn object_arg<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    v: Opt<Value<'js>>,
) -> rquickjs::Result<Object<'js>> {
    v.0.and_then(|v| v.into_object())
        .ok_or_else(|| Exception::throw_type(ctx, &format!("{name}() expects an object")))
}

/// Whether `name` is one of the page's own methods: only those can be called from outside
/// (`--call constructor` must not reach `Object.prototype.constructor`).
pub(crate) fn has_own_method(instance: &Object<'_>, name: &str) -> bool {
    instance
        .props::<String, Value>()
        .filter_map(Result::ok)
        .any(|(key, value)| key == name && value.is_function())
}

/// Calls `target[name](args...)` with `this` = target if it is a function; absent is fine.
pub(crate) fn call_hook<'js>(
    target: &Object<'js>,
    name: &str,
    args: Vec<Value<'js>>,
) -> rquickjs::Result<bool> {
    let v: Value = target.get(name)?;
    let Some(f) = v.into_function() else {
        return Ok(false);
    };
    let rest = Rest(args);
    f.call::<_, ()>((This(target.clone()), rest))?;
    Ok(true)
}
