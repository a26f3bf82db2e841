use crate::{Arg, SwanError};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use swan_net::{AbortHandle, DownloadPolicy, Downloader, HttpRequest, METHODS, ResponseHead};

crate::options! {
    /// `swan.request`'s options, except `data`, which may be any value (an object, a string, an
    /// ArrayBuffer): a runtime reads it as [`RequestData`].
    pub struct RequestOptions {
        url: "url",
        header: "header" as StringMap,
        method: "method",
        data_type: "dataType",
        response_type: "responseType",
    }
}

/// The API's name in messages.
pub const REQUEST: &str = "request";

/// `data` as page code gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestData {
    /// Absent, `undefined`, or something JSON cannot hold (a function).
    None,
    /// A string: sent as is.
    Text(String),
    /// An ArrayBuffer (or a typed array's bytes): sent as is.
    Bytes(Vec<u8>),
    /// Anything else, as `JSON.stringify` wrote it: an object, an array, a number, a boolean
    /// or null.
    Json(String),
}

/// A request whose options passed the checks: what goes on the wire and how the answer is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestCall {
    /// Method, URL (with GET data in its query), headers and body.
    pub http: HttpRequest,
    /// `dataType` is `json` (the default): a body that parses as JSON is given parsed.
    pub parse_json: bool,
    /// `responseType` is `arraybuffer`: the body is given as an ArrayBuffer.
    pub array_buffer: bool,
}

/// The response body as page code gets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseData {
    /// Text (`dataType` not `json`, or a body that is not JSON); invalid UTF-8 is replaced.
    Text(String),
    /// Valid JSON text (a leading BOM removed), to be given parsed.
    Json(String),
    /// `responseType: 'arraybuffer'`: the bytes.
    Bytes(Vec<u8>),
}

/// A finished request: any HTTP status is a success.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestResult {
    /// `data`.
    pub data: ResponseData,
    /// `statusCode`.
    pub status_code: u16,
    /// `header`: names as servers usually write them (`Content-Type`), repeated ones joined.
    pub header: Vec<(String, String)>,
}

/// The characters `encodeURIComponent` leaves alone: letters, digits and `-_.!~*'()`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

impl RequestCall {
    /// Checks the options (Baidu's order: `url`, then `method`) and settles what is sent.
    ///
    /// - `url`: a required string (904); the URL rules themselves are checked when sending.
    /// - `method`: `GET` when absent; any case is accepted and upper-cased (Baidu documents
    ///   upper case; WeChat's layer upper-cases too); one of [`METHODS`] or 202
    ///   `request:fail method "X" is not one of ...`; not a string: 904.
    /// - `header`: sent except `Referer` (Baidu: "header 中不能设置 Referer"), `User-Agent` and
    ///   connection-level headers; `content-type` is `application/json` unless given (Baidu's
    ///   documented default).
    /// - `data` (Baidu's data rules): for GET and HEAD, an object's (or array's) entries become
    ///   the query string, `encodeURIComponent(k)=encodeURIComponent(v)` joined with `&` and
    ///   appended to the URL; a string is appended as it is; an ArrayBuffer is not sent. For
    ///   other methods an object is the JSON body, or the query-string form when the
    ///   content-type is `application/x-www-form-urlencoded`; a string or an ArrayBuffer is the
    ///   body as is. In the query and form encodings a string value is itself, an object or
    ///   array value its JSON text, and anything else what `String(v)` gives.
    /// - `dataType`: `json` (default) parses a JSON body; any other value gives text.
    /// - `responseType`: `arraybuffer` gives the bytes; anything else (default `text`) text.
    pub fn new(options: RequestOptions, data: RequestData) -> Result<RequestCall, SwanError> {
        let url = options.url.as_arg().required_string("url")?.to_string();
        let method = match &options.method {
            Arg::Missing => "GET".to_string(),
            Arg::Str(m) | Arg::IllFormed(m) => {
                let upper = m.trim().to_ascii_uppercase();
                if !METHODS.contains(&upper.as_str()) {
                    return Err(SwanError::InvalidRequestMethod { method: m.clone() });
                }
                upper
            }
            _ => {
                return Err(SwanError::ArgumentType {
                    name: "method".into(),
                    expected: "string",
                });
            }
        };
        let mut headers = match options.header {
            Arg::Map(headers) => headers,
            _ => Vec::new(),
        };
        let content_type = headers
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.to_ascii_lowercase());
        if content_type.is_none() {
            headers.push(("content-type".into(), "application/json".into()));
        }
        let in_query = method == "GET" || method == "HEAD";
        let (url, body) = if in_query {
            let query = match &data {
                RequestData::Json(json) => query_string(json),
                RequestData::Text(text) => text.clone(),
                RequestData::None | RequestData::Bytes(_) => String::new(),
            };
            (append_query(&url, &query), None)
        } else {
            let body = match data {
                RequestData::None => None,
                RequestData::Text(text) => Some(text.into_bytes()),
                RequestData::Bytes(bytes) => Some(bytes),
                RequestData::Json(json) => {
                    let form = content_type
                        .as_deref()
                        .is_some_and(|t| t.contains("application/x-www-form-urlencoded"));
                    Some(if form { query_string(&json) } else { json }.into_bytes())
                }
            };
            (url, body)
        };
        let data_type_json = match &options.data_type {
            Arg::Str(t) => t == "json",
            _ => true,
        };
        let array_buffer =
            matches!(&options.response_type, Arg::Str(t) if t.eq_ignore_ascii_case("arraybuffer"));
        Ok(RequestCall {
            http: HttpRequest {
                method,
                url,
                headers,
                body,
            },
            parse_json: data_type_json,
            array_buffer,
        })
    }
}

/// `k=v&k=v` of a JSON object's or array's entries; a scalar's own text (null: nothing).
fn query_string(json: &str) -> String {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => join_pairs(map.iter().map(|(k, v)| (k.clone(), v))),
        Ok(Value::Array(items)) => {
            join_pairs(items.iter().enumerate().map(|(i, v)| (i.to_string(), v)))
        }
        Ok(Value::Null) | Err(_) => String::new(),
        Ok(other) => text_of(&other),
    }
}

fn join_pairs<'a>(pairs: impl Iterator<Item = (String, &'a Value)>) -> String {
    pairs
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(&k, URI_COMPONENT),
                utf8_percent_encode(&text_of(v), URI_COMPONENT)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A value as the encodings write it: strings as themselves, objects and arrays as JSON,
/// numbers, booleans and null as `String(v)` does.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `url` with `query` added before any fragment, after `?` or `&` as needed.
fn append_query(url: &str, query: &str) -> String {
    if query.is_empty() {
        return url.to_string();
    }
    let (base, fragment) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let sep = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    format!("{base}{sep}{query}{fragment}")
}

/// Where a failed domain check should send the developer, when the project has no whitelist
/// for this API: `add "HOST" to KEY in swan-album.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainHint {
    /// The `swan-album.json` key (`requestDomains`, `uploadDomains`, `downloadDomains`).
    pub key: &'static str,
    /// The host refused, as whitelists compare it.
    pub host: String,
}

/// The hint for a URL refused by an empty whitelist; `None` when the project has a whitelist
/// (then the refusal is the developer's own choice) or the URL has no host.
pub fn domain_hint(policy: &DownloadPolicy, key: &'static str, url: &str) -> Option<DomainHint> {
    if !policy.allowed_domains.is_empty() || policy.skip_domain_check {
        return None;
    }
    swan_net::url_host(url).map(|host| DomainHint { key, host })
}

/// A swan-net failure as `api` reports it, with the hint when the whitelist was empty.
pub(crate) fn net_error(
    api: &'static str,
    policy: &DownloadPolicy,
    key: &'static str,
    url: &str,
    error: swan_net::DownloadError,
) -> SwanError {
    let hint = match error {
        swan_net::DownloadError::IllegalRequest => domain_hint(policy, key, url),
        _ => None,
    };
    match (api, hint) {
        // downloadFile keeps its own variant unless there is something to add.
        ("downloadFile", None) => SwanError::Download(error),
        (api, hint) => SwanError::Net { api, error, hint },
    }
}

/// `swan.request`: the exchange is `swan-net`'s; this reads the answer as the options say.
/// `on_headers` gets the status and headers before the body (RequestTask.onHeadersReceived).
/// Blocks: run it where blocking belongs.
pub fn request(
    downloader: &Downloader,
    policy: &DownloadPolicy,
    call: &RequestCall,
    on_headers: &mut dyn FnMut(&ResponseHead),
    abort: &AbortHandle,
) -> Result<RequestResult, SwanError> {
    let response = downloader
        .request(policy, &call.http, on_headers, abort)
        .map_err(|e| net_error(REQUEST, policy, "requestDomains", &call.http.url, e))?;
    let data = response_data(response.body, call.parse_json, call.array_buffer);
    Ok(RequestResult {
        data,
        status_code: response.head.status_code,
        header: response.head.headers,
    })
}

/// The body as `dataType` and `responseType` ask: bytes, parsed JSON when it parses (a leading
/// BOM dropped, as JSON.parse would refuse it), text otherwise.
pub fn response_data(body: Vec<u8>, parse_json: bool, array_buffer: bool) -> ResponseData {
    if array_buffer {
        return ResponseData::Bytes(body);
    }
    let text = match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    if parse_json {
        let json = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if serde_json::from_str::<serde::de::IgnoredAny>(json).is_ok() {
            return ResponseData::Json(json.to_string());
        }
    }
    ResponseData::Text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(method: Arg) -> RequestOptions {
        RequestOptions {
            url: Arg::Str("https://a.com/p?x=1#f".into()),
            header: Arg::Missing,
            method,
            data_type: Arg::Missing,
            response_type: Arg::Missing,
        }
    }

    fn call(method: &str, header: Vec<(&str, &str)>, data: RequestData) -> RequestCall {
        let mut o = options(Arg::Str(method.into()));
        o.header = Arg::Map(
            header
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        );
        RequestCall::new(o, data).unwrap()
    }

    #[test]
    fn methods() {
        let c = RequestCall::new(options(Arg::Missing), RequestData::None).unwrap();
        assert_eq!(c.http.method, "GET");
        for m in METHODS {
            let c = RequestCall::new(options(Arg::Str(m.to_lowercase())), RequestData::None);
            assert_eq!(c.unwrap().http.method, m);
        }
        let e = RequestCall::new(options(Arg::Str("PATCH".into())), RequestData::None).unwrap_err();
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (
                202,
                "request:fail method \"PATCH\" is not one of OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT"
            )
        );
        let e = RequestCall::new(options(Arg::Number(1.0, "int")), RequestData::None).unwrap_err();
        assert_eq!(
            e.err_msg(),
            "[jsNative Argument Error]method type error. must be \"string\""
        );
        let mut o = options(Arg::Missing);
        o.url = Arg::Missing;
        let e = RequestCall::new(o, RequestData::None).unwrap_err();
        assert_eq!(e.err_msg(), "[jsNative Argument Error]url is required.");
    }

    #[test]
    fn get_data_goes_to_the_query_string() {
        let c = call(
            "GET",
            vec![],
            RequestData::Json(r#"{"a":"x y","b":1,"c":{"d":[1,"é"]},"e":null,"f&":true}"#.into()),
        );
        assert_eq!(
            c.http.url,
            "https://a.com/p?x=1&a=x%20y&b=1&c=%7B%22d%22%3A%5B1%2C%22%C3%A9%22%5D%7D&e=null&f%26=true#f"
        );
        assert_eq!(c.http.body, None);
        assert_eq!(
            c.http.headers,
            [("content-type".to_string(), "application/json".to_string())]
        );
        let c = call("GET", vec![], RequestData::Text("q=1".into()));
        assert_eq!(c.http.url, "https://a.com/p?x=1&q=1#f");
        let c = call("HEAD", vec![], RequestData::Bytes(vec![1]));
        assert_eq!(c.http.url, "https://a.com/p?x=1#f");
        let c = call("GET", vec![], RequestData::Json("{}".into()));
        assert_eq!(c.http.url, "https://a.com/p?x=1#f");
        assert_eq!(
            append_query("https://a.com/p", "a=1"),
            "https://a.com/p?a=1"
        );
        assert_eq!(
            append_query("https://a.com/p?", "a=1"),
            "https://a.com/p?a=1"
        );
        assert_eq!(
            call("GET", vec![], RequestData::Json(r#"["a","b"]"#.into()))
                .http
                .url,
            "https://a.com/p?x=1&0=a&1=b#f"
        );
    }

    #[test]
    fn bodies_follow_the_content_type() {
        let json = RequestData::Json(r#"{"a":"x y","n":[1]}"#.into());
        let c = call("POST", vec![], json.clone());
        assert_eq!(c.http.body.as_deref(), Some(&br#"{"a":"x y","n":[1]}"#[..]));
        assert_eq!(c.http.url, "https://a.com/p?x=1#f");
        let c = call(
            "PUT",
            vec![(
                "Content-Type",
                "application/x-www-form-urlencoded; charset=UTF-8",
            )],
            json,
        );
        assert_eq!(c.http.body.as_deref(), Some(&b"a=x%20y&n=%5B1%5D"[..]));
        assert_eq!(c.http.headers.len(), 1, "the page's content-type is kept");
        let c = call("POST", vec![], RequestData::Text("raw text".into()));
        assert_eq!(c.http.body.as_deref(), Some(&b"raw text"[..]));
        let c = call("DELETE", vec![], RequestData::Bytes(vec![0, 255]));
        assert_eq!(c.http.body.as_deref(), Some(&[0u8, 255][..]));
        let c = call("POST", vec![], RequestData::None);
        assert_eq!(c.http.body, None);
    }

    #[test]
    fn response_data_follows_data_type_and_response_type() {
        assert_eq!(
            response_data(b"{\"a\":1}".to_vec(), true, false),
            ResponseData::Json("{\"a\":1}".into())
        );
        assert_eq!(
            response_data("\u{feff}[1]".as_bytes().to_vec(), true, false),
            ResponseData::Json("[1]".into())
        );
        assert_eq!(
            response_data(b"not json".to_vec(), true, false),
            ResponseData::Text("not json".into())
        );
        assert_eq!(
            response_data(b"".to_vec(), true, false),
            ResponseData::Text(String::new())
        );
        assert_eq!(
            response_data(b"{\"a\":1}".to_vec(), false, false),
            ResponseData::Text("{\"a\":1}".into())
        );
        assert_eq!(
            response_data(b"{}".to_vec(), true, true),
            ResponseData::Bytes(b"{}".to_vec())
        );
        let mut o = options(Arg::Missing);
        o.data_type = Arg::Str("string".into());
        o.response_type = Arg::Str("arraybuffer".into());
        let c = RequestCall::new(o, RequestData::None).unwrap();
        assert!(!c.parse_json && c.array_buffer);
    }

    #[test]
    fn domain_hints_only_without_a_whitelist() {
        let empty = DownloadPolicy::default();
        let e = net_error(
            REQUEST,
            &empty,
            "requestDomains",
            "https://API.example.com/x",
            swan_net::DownloadError::IllegalRequest,
        );
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (
                202,
                "illegal request: add \"api.example.com\" to requestDomains in swan-album.json"
            )
        );
        let listed = DownloadPolicy {
            allowed_domains: vec!["b.com".into()],
            ..DownloadPolicy::default()
        };
        let e = net_error(
            REQUEST,
            &listed,
            "requestDomains",
            "https://api.example.com/x",
            swan_net::DownloadError::IllegalRequest,
        );
        assert_eq!(e.err_msg(), "illegal request");
        let e = net_error(
            REQUEST,
            &empty,
            "requestDomains",
            "https://a.com/",
            swan_net::DownloadError::Timeout,
        );
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (1001, "request:fail timeout")
        );
    }
}
