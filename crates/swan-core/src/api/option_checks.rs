//! The §1 checks for optional options shared by the scripted-user APIs: a field may be absent
//! (or `null`, which real pages pass for "nothing", e.g. `title: res.msg`), or it must have the
//! documented type, else 904 `[jsNative Argument Error]<name> type error. must be "<type>"`.

use crate::{Arg, SwanError};

fn type_error(name: &str, expected: &'static str) -> SwanError {
    SwanError::ArgumentType {
        name: name.into(),
        expected,
    }
}

fn is_absent(arg: &Arg) -> bool {
    matches!(
        arg,
        Arg::Missing | Arg::Other("null") | Arg::Json(serde_json::Value::Null)
    )
}

/// An optional string (ill-formed strings are shown with U+FFFD, as a phone would).
pub(crate) fn optional_string(arg: &Arg, name: &str) -> Result<Option<String>, SwanError> {
    match arg {
        _ if is_absent(arg) => Ok(None),
        Arg::Str(s) | Arg::IllFormed(s) => Ok(Some(s.clone())),
        Arg::Json(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        _ => Err(type_error(name, "string")),
    }
}

/// A required string: absent is 904 "is required.".
pub(crate) fn required_string(arg: &Arg, name: &str) -> Result<String, SwanError> {
    optional_string(arg, name)?.ok_or_else(|| SwanError::ArgumentRequired { name: name.into() })
}

/// An optional boolean.
pub(crate) fn optional_bool(arg: &Arg, name: &str) -> Result<Option<bool>, SwanError> {
    match arg {
        _ if is_absent(arg) => Ok(None),
        Arg::Bool(b, _) => Ok(Some(*b)),
        Arg::Json(serde_json::Value::Bool(b)) => Ok(Some(*b)),
        _ => Err(type_error(name, "boolean")),
    }
}

/// An optional finite number.
pub(crate) fn optional_number(arg: &Arg, name: &str) -> Result<Option<f64>, SwanError> {
    match arg {
        _ if is_absent(arg) => Ok(None),
        Arg::Number(n, _) if n.is_finite() => Ok(Some(*n)),
        Arg::Json(serde_json::Value::Number(n)) => Ok(n.as_f64()),
        _ => Err(type_error(name, "number")),
    }
}

/// An optional array of strings (read as [`crate::FieldKind::Json`]).
pub(crate) fn optional_string_list(
    arg: &Arg,
    name: &str,
) -> Result<Option<Vec<String>>, SwanError> {
    match arg {
        _ if is_absent(arg) => Ok(None),
        Arg::Json(serde_json::Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
            .map(Some)
            .ok_or_else(|| type_error(name, "Array<string>")),
        _ => Err(type_error(name, "Array<string>")),
    }
}

/// A required array of strings.
pub(crate) fn required_string_list(arg: &Arg, name: &str) -> Result<Vec<String>, SwanError> {
    optional_string_list(arg, name)?
        .ok_or_else(|| SwanError::ArgumentRequired { name: name.into() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_null_and_wrong_types() {
        assert_eq!(optional_string(&Arg::Other("null"), "t").unwrap(), None);
        let e = optional_string(&Arg::Number(1.0, "int"), "title").unwrap_err();
        assert_eq!(
            e.err_msg(),
            "[jsNative Argument Error]title type error. must be \"string\""
        );
        let e = required_string(&Arg::Missing, "title").unwrap_err();
        assert_eq!(e.err_msg(), "[jsNative Argument Error]title is required.");
        assert_eq!(
            optional_string_list(&Arg::Json(json!(["a", "b"])), "l").unwrap(),
            Some(vec!["a".to_string(), "b".to_string()])
        );
        let e = optional_string_list(&Arg::Json(json!(["a", 1])), "itemList").unwrap_err();
        assert_eq!(
            e.err_msg(),
            "[jsNative Argument Error]itemList type error. must be \"Array<string>\""
        );
        assert_eq!(
            optional_bool(&Arg::Bool(false, "bool"), "b").unwrap(),
            Some(false)
        );
        assert!(optional_bool(&Arg::Str("x".into()), "b").is_err());
        assert_eq!(
            optional_number(&Arg::Number(2.0, "int"), "n").unwrap(),
            Some(2.0)
        );
    }
}
