//! The stored form of a value: what `swan.setStorage` keeps and `swan.getStorage` gives back.
//!
//! Baidu's own API layer keeps `JSON.stringify(data)` and gives back `JSON.parse` of it; WeChat's
//! does the same but remembers when the value itself was a `Date` and gives a `Date` back. Ours
//! is that: a value is its JSON text, exactly as the engine's `JSON.stringify` wrote it (so
//! numbers come back bit for bit, object keys in their order), or a `Date` kept as a `Date`.
//! A `Date` *inside* an object is JSON's ISO string, as on both platforms.

use serde::de::IgnoredAny;
use serde_json::Value as Json;
use std::fmt;

/// One stored value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredValue {
    /// Any value JSON can hold: objects, arrays, numbers, strings, booleans, null.
    Json(JsonText),
    /// A `Date` given as the value itself: its time in milliseconds since the Unix epoch, or
    /// `None` for an invalid date (`new Date(NaN)`), which comes back invalid.
    Date(Option<i64>),
}

impl StoredValue {
    /// The kind as the database column holds it.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            StoredValue::Json(_) => "json",
            StoredValue::Date(_) => "date",
        }
    }

    /// The text the database column holds: the JSON text, or the date's milliseconds
    /// (`NaN` for an invalid date).
    pub(crate) fn text(&self) -> String {
        match self {
            StoredValue::Json(j) => j.0.clone(),
            StoredValue::Date(Some(ms)) => ms.to_string(),
            StoredValue::Date(None) => "NaN".into(),
        }
    }

    /// Reads back what [`kind`](Self::kind) and [`text`](Self::text) wrote.
    pub(crate) fn from_row(kind: &str, text: String) -> Result<StoredValue, String> {
        match kind {
            "json" => JsonText::new(text).map(StoredValue::Json),
            "date" if text == "NaN" => Ok(StoredValue::Date(None)),
            "date" => text
                .parse()
                .map(|ms| StoredValue::Date(Some(ms)))
                .map_err(|_| format!("{text:?} is not a date's milliseconds")),
            other => Err(format!("unknown kind {other:?}")),
        }
    }

    /// The bytes the value counts for against the quota (its stored text, UTF-8).
    pub fn size(&self) -> u64 {
        self.text().len() as u64
    }

    /// The value as JSON for a human or a tool (`swan-album storage show`): a `Date` is shown
    /// as `JSON.stringify` would show it, its ISO string (`null` when invalid).
    pub fn to_json(&self) -> Json {
        match self {
            StoredValue::Json(j) => j.to_json(),
            StoredValue::Date(Some(ms)) => iso_string(*ms).map_or(Json::Null, Json::String),
            StoredValue::Date(None) => Json::Null,
        }
    }
}

/// JSON text, checked to be one JSON value.
#[derive(Clone, PartialEq, Eq)]
pub struct JsonText(String);

impl JsonText {
    /// Checks `text` is one JSON value. Escaped lone surrogates (`"\ud800"`) are accepted:
    /// JavaScript strings may hold them and `JSON.stringify` writes them so. Any depth is
    /// accepted: the check scans without recursing, so a deeply nested value cannot overflow
    /// the stack.
    pub fn new(text: String) -> Result<JsonText, String> {
        serde_json::from_str::<IgnoredAny>(&text).map_err(|e| e.to_string())?;
        Ok(JsonText(text))
    }

    /// The text, as `JSON.parse` takes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The parsed value; text serde_json cannot hold (a lone surrogate, nesting deeper than
    /// 128) is shown as the JSON text itself, in a string.
    pub fn to_json(&self) -> Json {
        serde_json::from_str(&self.0).unwrap_or_else(|_| Json::String(self.0.clone()))
    }
}

impl fmt::Debug for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `Date.prototype.toISOString` for a time value (`YYYY-MM-DDTHH:MM:SS.mmmZ`, with a signed
/// six-digit year outside 0..=9999), or `None` outside a `Date`'s range (±8.64e15 ms).
pub fn iso_string(ms: i64) -> Option<String> {
    const MAX: i64 = 8_640_000_000_000_000;
    if !(-MAX..=MAX).contains(&ms) {
        return None;
    }
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else if y < 0 {
        format!("-{:06}", -y)
    } else {
        format!("+{y:06}")
    };
    Some(format!(
        "{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    ))
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_strings_match_javascript() {
        // Values checked against `new Date(ms).toISOString()` in QuickJS and V8.
        assert_eq!(iso_string(0).unwrap(), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_string(-1).unwrap(), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            iso_string(1_709_210_096_789).unwrap(),
            "2024-02-29T12:34:56.789Z"
        );
        assert_eq!(
            iso_string(-62_198_755_200_000).unwrap(),
            "-000001-01-01T00:00:00.000Z"
        );
        assert_eq!(
            iso_string(8_640_000_000_000_000).unwrap(),
            "+275760-09-13T00:00:00.000Z"
        );
        assert_eq!(iso_string(8_640_000_000_000_001), None);
    }

    #[test]
    fn json_text_is_checked_and_kept_verbatim() {
        let t = JsonText::new(r#"{"b":1,"a":[0.1,1e300,"x"]}"#.into()).unwrap();
        assert_eq!(t.as_str(), r#"{"b":1,"a":[0.1,1e300,"x"]}"#);
        assert!(JsonText::new("{".into()).is_err());
        assert!(JsonText::new("undefined".into()).is_err());
        assert!(JsonText::new("1 2".into()).is_err());
        let lone = JsonText::new(r#"["a\ud800b"]"#.into()).unwrap();
        assert_eq!(lone.to_json(), Json::String(r#"["a\ud800b"]"#.into()));
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let deep = JsonText::new(deep.clone()).unwrap();
        assert_eq!(deep.to_json(), Json::String(deep.as_str().into()));
        let deeper = "[".repeat(1_000_000);
        assert!(
            JsonText::new(deeper).is_err(),
            "no stack overflow on a hostile text"
        );
    }

    #[test]
    fn rows_round_trip_and_bad_rows_are_errors() {
        for v in [
            StoredValue::Json(JsonText::new("\"hi\"".into()).unwrap()),
            StoredValue::Date(Some(-5)),
            StoredValue::Date(None),
        ] {
            assert_eq!(StoredValue::from_row(v.kind(), v.text()).unwrap(), v);
        }
        assert!(StoredValue::from_row("date", "soon".into()).is_err());
        assert!(StoredValue::from_row("blob", "1".into()).is_err());
        assert!(StoredValue::from_row("json", "{".into()).is_err());
    }
}
