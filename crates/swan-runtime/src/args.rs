//! Reading an API's options object in one step into its `swan-core` options type: each
//! declared field once, in declaration order; the contract judges the values.

use rquickjs::{Ctx, Object, Value};
use swan_core::{Arg, FieldKind, Options};

/// Reads `O` from the options object (absent fields, or no object at all, are `Missing`).
pub(crate) fn read_options<'js, O: Options>(
    ctx: &Ctx<'js>,
    options: Option<&Object<'js>>,
) -> rquickjs::Result<O> {
    O::read(|name, kind| {
        let Some(options) = options else {
            return Ok(Arg::Missing);
        };
        let v: Value = options.get(name)?;
        match kind {
            FieldKind::Value => Ok(from_value(&v)),
            FieldKind::StringMap => string_map(ctx, v),
            FieldKind::Json if v.is_undefined() => Ok(Arg::Missing),
            FieldKind::Json => Ok(Arg::Json(crate::convert::to_json(ctx, &v))),
        }
    })
}

pub(crate) fn from_value(v: &Value<'_>) -> Arg {
    if v.is_undefined() {
        Arg::Missing
    } else if let Some(s) = v.as_string() {
        s.to_string()
            .map(Arg::Str)
            .unwrap_or_else(|_| Arg::IllFormed(well_formed(v)))
    } else if let Some(n) = v.as_number() {
        Arg::Number(n, v.type_name())
    } else if let Some(b) = v.as_bool() {
        Arg::Bool(b, v.type_name())
    } else {
        Arg::Other(v.type_name())
    }
}

/// An object's own enumerable keys with `String(value)`; anything else is `Missing`.
fn string_map<'js>(_: &Ctx<'js>, v: Value<'js>) -> rquickjs::Result<Arg> {
    let Some(map) = v.into_object() else {
        return Ok(Arg::Missing);
    };
    let mut pairs = Vec::new();
    for key in map.keys::<String>() {
        let key = key?;
        let value: Value = map.get(&key)?;
        pairs.push((key, crate::convert::display(&value)));
    }
    Ok(Arg::Map(pairs))
}

/// `s.toWellFormed()`: every unpaired surrogate becomes U+FFFD, so Rust can hold it.
fn well_formed(v: &Value<'_>) -> String {
    let f: rquickjs::Result<rquickjs::Function> =
        v.ctx().eval("(s) => String.prototype.toWellFormed.call(s)");
    f.and_then(|f| f.call::<_, String>((v.clone(),)))
        .unwrap_or_else(|_| String::from('\u{FFFD}'))
}

/// The options object, when the first argument is one.
pub(crate) fn options<'js>(first: Option<Value<'js>>) -> Option<Object<'js>> {
    first.and_then(|v| v.into_object())
}
