//! The page model: `App()`, `Page()`, `getApp()`, `getCurrentPages()`, page instances and
//! their lifecycle calls.

use crate::convert::DefineOwn;
use crate::state::State;
use rquickjs::function::{Opt, Rest, This};
use rquickjs::{Array, Ctx, Exception, Function, Object, Persistent, Value};
use std::rc::Rc;

/// `setData` in JavaScript: it is page-model glue, and paths like `a.b[0]` are one line here.
const SET_DATA: &str = r#"(function setData(patch, callback) {
  var data = this.data || (this.data = {});
  Object.keys(patch || {}).forEach(function (key) {
    var path = key.replace(/\[(\d+)\]/g, '.$1').split('.');
    var o = data;
    for (var i = 0; i < path.length - 1; i++) {
      if (o[path[i]] === null || typeof o[path[i]] !== 'object') o[path[i]] = {};
      o = o[path[i]];
    }
    o[path[path.length - 1]] = patch[key];
  });
  if (typeof callback === 'function') setTimeout(callback.bind(this), 0);
})"#;

pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let globals = ctx.globals();
    let st = state.clone();
    let page = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, definition: Opt<Value<'js>>| {
            let definition = object_arg(&ctx, "Page", definition)?;
            st.model
                .page_definition
                .replace(Some(Persistent::save(&ctx, definition)));
            Ok::<_, rquickjs::Error>(())
        },
    )?;
    globals.set("Page", page.with_name("Page")?)?;
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
            pages.set(i, page.clone().restore(&ctx)?)?;
        }
        Ok::<_, rquickjs::Error>(pages)
    })?;
    globals.set(
        "getCurrentPages",
        current_pages.with_name("getCurrentPages")?,
    )?;
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

/// A page instance: the definition's members, its own deep copy of `data`, `route`, `options`
/// and `setData`.
pub(crate) fn instantiate<'js>(
    ctx: &Ctx<'js>,
    definition: &Object<'js>,
    route: &str,
    query: &Object<'js>,
) -> rquickjs::Result<Object<'js>> {
    let instance = Object::new(ctx.clone())?;
    for key in definition.keys::<String>() {
        let key = key?;
        let v: Value = definition.get(&key)?;
        instance.own(&key, v)?;
    }
    let data: Value = definition.get("data")?;
    let copy = match ctx.json_stringify(data)? {
        Some(json) => ctx.json_parse(json.to_string()?)?,
        None => Object::new(ctx.clone())?.into_value(),
    };
    instance.own("data", copy)?;
    instance.own("route", route)?;
    instance.own("options", query.clone())?;
    let set_data: Function = ctx.eval(SET_DATA)?;
    instance.own("setData", set_data)?;
    Ok(instance)
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
