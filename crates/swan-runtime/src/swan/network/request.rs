use super::task::{Events, TaskApi};
use super::{call_listeners, policy};
use crate::args;
use crate::convert::DefineOwn;
use crate::ops::Op;
use crate::state::State;
use crate::swan::Work;
use rquickjs::{ArrayBuffer, Ctx, Function, Object, Value};
use swan_core::SwanError;
use swan_core::api::{
    RequestCall, RequestData, RequestOptions, RequestResult, ResponseData, request,
};
use swan_core::swan_net::{AbortHandle, ResponseHead};

/// `swan.request({url, data, header, method, dataType, responseType})`: returns a
/// `RequestTask` at once (`abort`, `onHeadersReceived`, `offHeadersReceived`); the exchange
/// runs on the blocking pool and its result settles the callbacks. success gets
/// `{data, statusCode, header}` for any HTTP status.
pub(super) struct Request;

impl TaskApi for Request {
    const NAME: &'static str = "request";
    const LISTENERS: (&'static str, &'static str) = ("onHeadersReceived", "offHeadersReceived");
    type Request = RequestCall;
    type Output = RequestResult;

    fn read<'js>(
        ctx: &Ctx<'js>,
        options: Option<&Object<'js>>,
    ) -> rquickjs::Result<Result<RequestCall, SwanError>> {
        let read = args::read_options::<RequestOptions>(ctx, options)?;
        let data = read_data(ctx, options)?;
        Ok(RequestCall::new(read, data))
    }

    /// The exchange, with the response head sent to `onHeadersReceived` listeners as it
    /// arrives.
    fn work(
        state: &State,
        call: RequestCall,
        events: Events,
        abort: AbortHandle,
    ) -> Work<RequestResult> {
        let project = &state.services.project;
        let policy = policy(state, &project.request_domains, project.request_timeout);
        let client = state.services.downloads.clone();
        Box::pin(async move {
            let mut on_headers = |head: &ResponseHead| {
                let head = head.clone();
                events.send(Box::new(move |ctx: &Ctx<'_>, state: &State, op: &Op| {
                    let res = Object::new(ctx.clone())?;
                    res.own("header", header_object(ctx, &head.headers)?)?;
                    call_listeners(ctx, state, &op.listeners, res)
                }));
            };
            request(&client, &policy, &call, &mut on_headers, &abort)
        })
    }

    fn result<'js>(ctx: &Ctx<'js>, result: RequestResult) -> rquickjs::Result<Object<'js>> {
        let res = Object::new(ctx.clone())?;
        let data: Value = match result.data {
            ResponseData::Text(text) => {
                rquickjs::String::from_str(ctx.clone(), &text)?.into_value()
            }
            // A body serde_json accepts but QuickJS cannot hold (memory) stays text.
            ResponseData::Json(json) => match ctx.json_parse(json.as_str()) {
                Ok(v) => v,
                Err(_) => rquickjs::String::from_str(ctx.clone(), &json)?.into_value(),
            },
            ResponseData::Bytes(bytes) => ArrayBuffer::new(ctx.clone(), bytes)?.into_value(),
        };
        res.own("data", data)?;
        res.own("statusCode", result.status_code)?;
        res.own("header", header_object(ctx, &result.header)?)?;
        Ok(res)
    }
}

/// `data` as the contract takes it: a string, an ArrayBuffer (or a view's bytes), anything
/// else through `JSON.stringify` (which throws on a cycle, as it would in the devtools' own
/// JavaScript layer).
fn read_data<'js>(ctx: &Ctx<'js>, options: Option<&Object<'js>>) -> rquickjs::Result<RequestData> {
    let Some(options) = options else {
        return Ok(RequestData::None);
    };
    let v: Value = options.get("data")?;
    if v.is_undefined() || v.is_function() || v.is_symbol() {
        return Ok(RequestData::None);
    }
    if let Some(s) = v.as_string() {
        return Ok(RequestData::Text(match s.to_string() {
            Ok(text) => text,
            // Unpaired surrogates have no UTF-8 form: each becomes U+FFFD, as a phone's
            // bridge would send them, rather than the string being lost.
            Err(_) => {
                let f: Function = ctx.eval("(s) => String.prototype.toWellFormed.call(s)")?;
                f.call::<_, String>((v.clone(),))?
            }
        }));
    }
    if let Some(bytes) = binary(ctx, &v)? {
        return Ok(RequestData::Bytes(bytes));
    }
    Ok(match ctx.json_stringify(v)? {
        Some(json) => RequestData::Json(json.to_string()?),
        None => RequestData::None,
    })
}

/// The bytes of an ArrayBuffer or of a typed array / DataView's window on one.
fn binary<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> rquickjs::Result<Option<Vec<u8>>> {
    let Some(object) = v.as_object() else {
        return Ok(None);
    };
    if let Some(buffer) = ArrayBuffer::from_object(object.clone()) {
        return Ok(Some(copy_bytes(&buffer)));
    }
    let copy: Function = ctx.eval(
        "(v) => ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice().buffer : undefined",
    )?;
    let copied: Value = copy.call((v.clone(),))?;
    Ok(copied
        .as_object()
        .and_then(|o| ArrayBuffer::from_object(o.clone()))
        .map(|b| copy_bytes(&b)))
}

/// A copy of a buffer's bytes (a detached buffer has none).
fn copy_bytes(buffer: &ArrayBuffer<'_>) -> Vec<u8> {
    // SAFETY: the slice is copied at once; no JavaScript runs while it is alive.
    unsafe { buffer.as_bytes() }
        .map(<[u8]>::to_vec)
        .unwrap_or_default()
}

fn header_object<'js>(
    ctx: &Ctx<'js>,
    headers: &[(String, String)],
) -> rquickjs::Result<Object<'js>> {
    let header = Object::new(ctx.clone())?;
    for (name, value) in headers {
        header.own(name, value.as_str())?;
    }
    Ok(header)
}
