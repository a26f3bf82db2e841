//! JavaScript values ⇄ the stored form ([`StoredValue`]), as the devtools keep them.
//!
//! - A `Date` given as the value itself comes back a `Date` with the same time (WeChat's
//!   devtools and phones do this; Baidu's API layer keeps `JSON.stringify`'s ISO string, which
//!   `new Date(value)` reads just the same, so code written for either platform works).
//! - Everything else is kept as the engine's own `JSON.stringify` writes it and given back as
//!   its `JSON.parse` reads it — what Baidu's layer does. So objects, arrays, strings, booleans
//!   and null round-trip exactly (numbers bit for bit, keys in their order); inside them a
//!   `Date` becomes its ISO string, `undefined`, functions and symbols are left out of objects
//!   and become `null` in arrays, `NaN` and `±Infinity` become `null`, and `-0` becomes `0`
//!   (`JSON.stringify(-0)` is `"0"`), `toJSON` is honoured.
//! - `undefined` (or no `data` at all) is Baidu's "data is required". A value with no JSON
//!   form at the top (a function, a symbol) or that `JSON.stringify` throws on (a cycle, a
//!   BigInt) fails with 904 saying why, and nothing is written. (Baidu's layer would store the
//!   text `"undefined"` for a function; failing tells the developer instead.)
//!
//! Both directions use the engine's own JSON functions, not the global `JSON` (which page code
//! or a polyfill may replace), and a `Date` is recognised by its internal class, not by
//! `instanceof` (which another realm's or a faked `Date` would fool).

use rquickjs::function::This;
use rquickjs::{Ctx, Function, Object, Value};
use swan_core::api::StorageData;
use swan_core::swan_storage::{JsonText, StoredValue};

/// The stored form of `data`.
pub(super) fn to_stored<'js>(ctx: &Ctx<'js>, data: Value<'js>) -> rquickjs::Result<StorageData> {
    if data.is_undefined() {
        return Ok(StorageData::Missing);
    }
    if is_date(&data) {
        return Ok(date_time(ctx, data)
            .map(|ms| StorageData::Value(StoredValue::Date(ms)))
            .unwrap_or_else(|| {
                StorageData::Unstorable("a Date whose time cannot be read".into())
            }));
    }
    let type_name = if data.is_function() {
        "function"
    } else if data.is_symbol() {
        "symbol"
    } else {
        "value"
    };
    match ctx.json_stringify(data) {
        // `JSON.stringify` writes JSON, so this check passes; it keeps the stored form honest
        // for every caller of swan-storage, not just this one.
        Ok(Some(text)) => Ok(match JsonText::new(text.to_string()?) {
            Ok(text) => StorageData::Value(StoredValue::Json(text)),
            Err(e) => StorageData::Unstorable(e),
        }),
        Ok(None) => Ok(StorageData::Unstorable(format!(
            "a {type_name} has no JSON form"
        ))),
        Err(rquickjs::Error::Exception) => {
            let thrown = ctx.catch();
            let reason = match thrown
                .as_object()
                .and_then(|o| rquickjs::Exception::from_object(o.clone()))
            {
                Some(e) => crate::convert::error_text(&e),
                None => crate::convert::display(&thrown),
            };
            Ok(StorageData::Unstorable(reason))
        }
        Err(e) => Err(e),
    }
}

/// The value page code gets back.
pub(super) fn from_stored<'js>(
    ctx: &Ctx<'js>,
    value: &StoredValue,
) -> rquickjs::Result<Value<'js>> {
    match value {
        StoredValue::Json(text) => ctx.json_parse(text.as_str()),
        StoredValue::Date(ms) => {
            let time = ms.map_or(f64::NAN, |ms| ms as f64);
            let date: rquickjs::Constructor = ctx.globals().get("Date")?;
            date.construct((time,))
        }
    }
}

/// Whether `v` is a `Date` object, by its internal class (what `instanceof` or a
/// `Symbol.toStringTag` could get wrong).
fn is_date(v: &Value<'_>) -> bool {
    // SAFETY: `JS_IsDate` only reads the tag and class id of a value we hold a reference to
    // for the whole call; it neither frees nor keeps it.
    unsafe { rquickjs::qjs::JS_IsDate(v.as_raw()) }
}

/// `Date.prototype.getTime.call(date)`: its milliseconds, `Some(None)` for an invalid date,
/// `None` if page code broke `getTime`.
fn date_time<'js>(ctx: &Ctx<'js>, date: Value<'js>) -> Option<Option<i64>> {
    let get_time = || -> rquickjs::Result<f64> {
        let proto: Object = ctx.globals().get::<_, Object>("Date")?.get("prototype")?;
        let get_time: Function = proto.get("getTime")?;
        get_time.call((This(date),))
    };
    match get_time() {
        // A Date's time is an integer within ±8.64e15 ms, so the cast is exact.
        Ok(t) if t.is_finite() => Some(Some(t as i64)),
        Ok(_) => Some(None),
        Err(rquickjs::Error::Exception) => {
            ctx.catch();
            None
        }
        Err(_) => None,
    }
}
