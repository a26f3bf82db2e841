//! Reading fields of an options object into the contract's `ArgValue`.

use rquickjs::{Object, Value};
use swan_core::ArgValue;

/// An options field, owned so it can travel to a worker thread.
#[derive(Clone, Debug)]
pub(crate) enum Arg {
    Missing,
    Str(String),
    Other(&'static str),
    /// A string with unpaired surrogates, made well-formed (see `ArgValue::IllFormed`).
    IllFormed(String),
}

impl Arg {
    pub fn read(options: Option<&Object<'_>>, name: &str) -> rquickjs::Result<Arg> {
        let Some(options) = options else {
            return Ok(Arg::Missing);
        };
        let v: Value = options.get(name)?;
        Ok(Arg::from_value(&v))
    }

    pub fn from_value(v: &Value<'_>) -> Arg {
        if v.is_undefined() {
            Arg::Missing
        } else if let Some(s) = v.as_string() {
            s.to_string()
                .map(Arg::Str)
                .unwrap_or_else(|_| Arg::IllFormed(well_formed(v)))
        } else {
            Arg::Other(v.type_name())
        }
    }

    pub fn as_arg(&self) -> ArgValue<'_> {
        match self {
            Arg::Missing => ArgValue::Missing,
            Arg::Str(s) => ArgValue::Str(s),
            Arg::Other(t) => ArgValue::Other(t),
            Arg::IllFormed(s) => ArgValue::IllFormed(s),
        }
    }
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
