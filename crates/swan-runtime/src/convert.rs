//! JavaScript values to JSON and back, for events and for result objects.

use rquickjs::object::Property;
use rquickjs::{Ctx, Exception, IntoJs, Object, Value};
use serde_json::Value as Json;

/// The JSON form of a value as a developer would want to read it in an event: plain data as
/// JSON, errors as `Name: message`, functions and other unserialisable values as their string.
pub fn to_json<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> Json {
    if v.is_undefined() {
        return Json::String("undefined".into());
    }
    if let Some(e) = v
        .as_object()
        .and_then(|o| Exception::from_object(o.clone()))
    {
        return Json::String(error_text(&e));
    }
    if v.is_function() || v.is_symbol() {
        return Json::String(display(v));
    }
    match ctx.json_stringify(v.clone()) {
        Ok(Some(s)) => s
            .to_string()
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(Json::Null),
        _ => Json::String(display(v)),
    }
}

/// The result object of an API as JSON (for the `api` event), from its own properties only:
/// neither a getter nor `toJSON` on `Object.prototype` can change what the host logs.
pub fn object_to_json(o: &Object<'_>) -> Json {
    object_json(o, 0)
}

/// How deep a result is shown in events: deeper values (a page's own data can nest without
/// end) are shown as `"…"`, so that logging never exhausts the host's stack.
const MAX_EVENT_DEPTH: usize = 64;

fn object_json(o: &Object<'_>, depth: usize) -> Json {
    if depth >= MAX_EVENT_DEPTH {
        return Json::String("…".into());
    }
    if let Some(array) = o.as_array() {
        // Own elements by index, holes as null (as JSON.stringify shows them).
        return Json::Array(
            (0..array.len())
                .map(|i| {
                    array
                        .get::<Value>(i)
                        .map_or(Json::Null, |v| own_json(&v, depth + 1))
                })
                .collect(),
        );
    }
    let mut map = serde_json::Map::new();
    for (key, value) in o.props::<String, Value>().flatten() {
        map.insert(key, own_json(&value, depth + 1));
    }
    Json::Object(map)
}

fn own_json(v: &Value<'_>, depth: usize) -> Json {
    if let Some(s) = v.as_string() {
        return Json::String(s.to_string().unwrap_or_default());
    }
    if let Some(b) = v.as_bool() {
        return Json::Bool(b);
    }
    if let Some(n) = v.as_number() {
        if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
            return Json::from(n as i64);
        }
        return serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number);
    }
    match v.as_object() {
        Some(o) if !v.is_function() => object_json(o, depth),
        _ => Json::Null,
    }
}

/// Defines `key` as an own data property: unlike `Object::set`, no setter on
/// `Object.prototype` runs, and the value always lands on the object itself.
pub trait DefineOwn<'js> {
    fn own<V: IntoJs<'js>>(&self, key: &str, value: V) -> rquickjs::Result<()>;
}

impl<'js> DefineOwn<'js> for Object<'js> {
    fn own<V: IntoJs<'js>>(&self, key: &str, value: V) -> rquickjs::Result<()> {
        let value = value.into_js(self.ctx())?;
        let prop = Property::from(value).writable().enumerable().configurable();
        self.prop(key, prop)
    }
}

/// A JSON value as a fresh JavaScript value.
pub fn from_json<'js>(ctx: &Ctx<'js>, v: &Json) -> rquickjs::Result<Value<'js>> {
    ctx.json_parse(v.to_string())
}

/// `String(v)`, never failing.
pub fn display(v: &Value<'_>) -> String {
    if let Some(s) = v.as_string() {
        return s.to_string().unwrap_or_default();
    }
    let ctx = v.ctx();
    let string: rquickjs::Result<rquickjs::Function> = ctx.globals().get("String");
    string
        .and_then(|f| f.call::<_, String>((v.clone(),)))
        .unwrap_or_else(|_| format!("[{}]", v.type_name()))
}

pub fn error_text(e: &Exception<'_>) -> String {
    let name: String = e.as_object().get("name").unwrap_or_else(|_| "Error".into());
    format!("{name}: {}", e.message().unwrap_or_default())
}
