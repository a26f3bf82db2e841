use crate::SwanError;

/// One field of an options object, as far as the contract cares: absent, a string, or
/// something else. Runtimes map their own values to this so that the §1 argument rules live
/// here once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgValue<'a> {
    /// The field is absent (or `undefined`).
    Missing,
    /// A well-formed string.
    Str(&'a str),
    /// Present but not a string; the name of its type, for diagnostics.
    Other(&'a str),
    /// A string that no file name can hold: JavaScript strings may contain unpaired UTF-16
    /// surrogates, which have no UTF-8 form. Given with each one replaced by U+FFFD.
    IllFormed(&'a str),
}

impl<'a> ArgValue<'a> {
    /// The §1 check for a required string argument (904 "is required." / "type error").
    pub fn required_string(self, name: &str) -> Result<&'a str, SwanError> {
        match self {
            ArgValue::Str(s) | ArgValue::IllFormed(s) => Ok(s),
            ArgValue::Missing => Err(SwanError::ArgumentRequired { name: name.into() }),
            ArgValue::Other(_) => Err(SwanError::ArgumentType {
                name: name.into(),
                expected: "string",
            }),
        }
    }
}

/// An options field read once from page code, owned so it can travel to a worker thread.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Absent or `undefined`.
    Missing,
    /// A well-formed string.
    Str(String),
    /// A string with unpaired surrogates, made well-formed (see [`ArgValue::IllFormed`]).
    IllFormed(String),
    /// A number, with the engine's name for its type (for diagnostics, as [`Arg::Other`]).
    Number(f64, &'static str),
    /// A boolean, with the engine's name for its type.
    Bool(bool, &'static str),
    /// An object read as a map of strings (only for fields declared [`FieldKind::StringMap`]).
    Map(Vec<(String, String)>),
    /// Any value but `undefined`, as JSON (only for fields declared [`FieldKind::Json`]): lists
    /// (`itemList`, `urls`) and nested objects (`setPageInfo`'s `video`).
    Json(serde_json::Value),
    /// Anything else; the name of its type.
    Other(&'static str),
}

impl Arg {
    /// The borrowed view the §1 argument rules take.
    pub fn as_arg(&self) -> ArgValue<'_> {
        match self {
            Arg::Missing => ArgValue::Missing,
            Arg::Str(s) => ArgValue::Str(s),
            Arg::IllFormed(s) => ArgValue::IllFormed(s),
            Arg::Number(_, t) | Arg::Bool(_, t) => ArgValue::Other(t),
            Arg::Map(_) => ArgValue::Other("object"),
            Arg::Json(v) => ArgValue::Other(json_type(v)),
            Arg::Other(t) => ArgValue::Other(t),
        }
    }

    /// The string, when the field is a well-formed one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Arg::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// The JavaScript name of a JSON value's type, for diagnostics.
pub fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// How a runtime reads one field of an options object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// As a plain value: string, number, boolean, or the name of another type.
    Value,
    /// An object whose own enumerable properties become `(key, String(value))` pairs (headers);
    /// anything else is [`Arg::Missing`].
    StringMap,
    /// As JSON ([`Arg::Json`]), for lists and nested objects; `undefined` is [`Arg::Missing`].
    Json,
}

/// An API's options object, declared once with [`options!`](crate::options) and read by a
/// runtime in one step: the runtime reads each declared field, the contract judges them.
pub trait Options: Sized {
    /// Builds the options from `read(fieldName, kind)`, called once per field in declaration
    /// order (the order in which page code's getters run).
    fn read<E>(read: impl FnMut(&'static str, FieldKind) -> Result<Arg, E>) -> Result<Self, E>;
}

/// Declares an options type: `options! { pub struct SaveFileOptions { temp_file_path: "tempFilePath" } }`.
/// A field may add `as StringMap` to be read as a map of strings.
#[macro_export]
macro_rules! options {
    ($(#[$meta:meta])* pub struct $name:ident {
        $($(#[$fmeta:meta])* $field:ident : $key:literal $(as $kind:ident)?),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $($(#[$fmeta])* #[doc = concat!("`", $key, "`")] pub $field: $crate::Arg,)*
        }
        impl $crate::Options for $name {
            fn read<E>(
                mut read: impl FnMut(&'static str, $crate::FieldKind) -> Result<$crate::Arg, E>,
            ) -> Result<Self, E> {
                let _ = &mut read;
                Ok($name {
                    $($field: read($key, $crate::options!(@kind $($kind)?))?,)*
                })
            }
        }
    };
    (@kind) => { $crate::FieldKind::Value };
    (@kind $kind:ident) => { $crate::FieldKind::$kind };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_string_messages() {
        assert_eq!(
            ArgValue::Str("x").required_string("filePath").ok(),
            Some("x")
        );
        let e = ArgValue::Missing.required_string("filePath").unwrap_err();
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (904, "[jsNative Argument Error]filePath is required.")
        );
        let e = ArgValue::Other("int")
            .required_string("filePath")
            .unwrap_err();
        assert_eq!(
            e.err_msg(),
            "[jsNative Argument Error]filePath type error. must be \"string\""
        );
    }

    crate::options! {
        /// Two fields, one of them a map.
        pub struct Probe { a: "a", headers: "header" as StringMap }
    }

    #[test]
    fn options_read_each_field_once_in_order() {
        let mut seen = Vec::new();
        let probe = Probe::read::<()>(|name, kind| {
            seen.push((name, kind));
            Ok(Arg::Number(1.0, "int"))
        })
        .unwrap();
        assert_eq!(
            seen,
            [("a", FieldKind::Value), ("header", FieldKind::StringMap)]
        );
        assert_eq!(probe.a.as_arg(), ArgValue::Other("int"));
    }
}
