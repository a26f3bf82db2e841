//! `swan.request` and `swan.uploadFile` from page code, end to end through `swan_runtime::run`
//! against a `--map-host` server (real TLS, recorded responses and echoes): results, data
//! encodings as the server received them, dataType/responseType, the task objects, timeout,
//! abort, the whitelists with the key-naming message, `urlCheck: false` and the size cap.

mod common;

use common::*;
use serde_json::{Value, json};
use swan_core::swan_auth::PromptAnswer;
use swan_runtime::{Event, Outcome, RunStatus};

const API: &str = "api.example.com";

struct Net {
    world: World,
    _server: swan_net::MappedHost,
}

/// A project whose page runs `body` (the inside of a `run()` method), with `config` as its
/// swan-album.json and `app_json` as its app.json; `API` is served from a folder with
/// recordings, an echo and a file over the 10 MB cap.
fn net(body: &str, config: Value, app_json: &str) -> Net {
    let mut world = World::new(&format!("Page({{ run() {{ {body} }} }});"));
    let project = world.project();
    std::fs::write(project.join("app.json"), app_json).unwrap();
    std::fs::write(project.join("swan-album.json"), config.to_string()).unwrap();
    let served = world.dir.path().join("served");
    let write = |rel: &str, text: &[u8]| {
        let p = served.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "_responses/GET/api/user.json",
        json!({"headers": {"X-Trace": "t-1"}, "body": {"name": "swan", "ids": [1, 2]}})
            .to_string()
            .as_bytes(),
    );
    write(
        "_responses/GET/api/text.json",
        br#"{"body": "plain words"}"#,
    );
    write("_responses/POST/api/echo.json", br#"{"echo": true}"#);
    write("_responses/GET/api/echo.json", br#"{"echo": true}"#);
    write("_responses/PUT/api/echo.json", br#"{"echo": true}"#);
    write("_responses/POST/upload.json", br#"{"echo": true}"#);
    write(
        "_responses/GET/api/slow.json",
        br#"{"delay": 5000, "body": "late"}"#,
    );
    write(
        "_responses/POST/api/created.json",
        br#"{"status": 201, "body": {"id": 9}}"#,
    );
    write("big.bin", &vec![1u8; 10 * 1024 * 1024 + 1]);
    let server = swan_net::serve_dir(API, &served).unwrap();
    world.client = swan_net::ClientConfig::with_mapped_hosts(std::slice::from_ref(&server));
    Net {
        world,
        _server: server,
    }
}

const APP_JSON: &str = r#"{"pages": ["pages/index/index"]}"#;

fn allowed() -> Value {
    json!({"appId": "test-app", "requestDomains": [API], "uploadDomains": [API]})
}

fn run(n: &Net) -> Ran {
    let ran = n.world.run("run", PromptAnswer::Allow);
    assert_eq!(ran.status, RunStatus::Completed, "{:?}", ran.events);
    ran
}

fn one(ran: &Ran, api: &str) -> (Outcome, Value) {
    let calls = ran.api(api);
    assert_eq!(calls.len(), 1, "{:?}", ran.events);
    calls[0].clone()
}

#[test]
fn a_get_returns_parsed_json_status_and_header() {
    let n = net(
        &format!(
            r#"const task = swan.request({{
                url: 'https://{API}/api/user',
                success: res => console.log(typeof res.data, res.data.name, res.statusCode,
                    res.header['X-Trace'], res.header['Content-Type'], res.errMsg),
            }});
            task.onHeadersReceived(h => console.log('headers', h.header['X-Trace']));
            console.log(typeof task.abort, typeof task.offHeadersReceived);"#
        ),
        allowed(),
        APP_JSON,
    );
    let ran = run(&n);
    assert_eq!(
        ran.logs(),
        [
            json!(["function", "function"]),
            json!(["headers", "t-1"]),
            json!([
                "object",
                "swan",
                200,
                "t-1",
                "application/json",
                "request:ok"
            ]),
        ]
    );
    let (o, res) = one(&ran, "request");
    assert_eq!(o, Outcome::Success);
    // (The api event's JSON shows arrays as objects: convert::object_to_json reads own props.)
    assert_eq!(res["data"]["name"], "swan");
    assert_eq!(res["statusCode"], 200);
    assert_eq!(res["header"]["X-Trace"], "t-1");
}

#[test]
fn data_is_encoded_by_method_and_content_type() {
    let n = net(
        &format!(
            r#"const log = tag => res => console.log(tag, res.data.method, res.data.query,
                   res.data.body, res.data.headers['content-type']);
            swan.request({{ url: 'https://{API}/api/echo?x=1', data: {{ a: 'x y', n: 2, o: {{ k: [1] }} }},
                success: log('get') }});
            swan.request({{ url: 'https://{API}/api/echo', method: 'POST', data: {{ a: 'x y', n: 2 }},
                success: log('json') }});
            swan.request({{ url: 'https://{API}/api/echo', method: 'post', data: {{ a: 'x y', n: 2 }},
                header: {{ 'Content-Type': 'application/x-www-form-urlencoded' }}, success: log('form') }});
            swan.request({{ url: 'https://{API}/api/echo', method: 'PUT', data: 'raw=1',
                success: log('string') }});
            swan.request({{ url: 'https://{API}/api/echo', method: 'POST',
                data: new Uint8Array([104, 105]).buffer, success: log('buffer') }});"#
        ),
        allowed(),
        APP_JSON,
    );
    let ran = run(&n);
    let mut logs = ran.logs();
    logs.sort_by_key(|v| v[0].as_str().unwrap_or_default().to_string());
    assert_eq!(
        logs,
        [
            json!(["buffer", "POST", null, "hi", "application/json"]),
            json!([
                "form",
                "POST",
                null,
                "a=x%20y&n=2",
                "application/x-www-form-urlencoded"
            ]),
            json!([
                "get",
                "GET",
                "x=1&a=x%20y&n=2&o=%7B%22k%22%3A%5B1%5D%7D",
                "",
                "application/json"
            ]),
            json!([
                "json",
                "POST",
                null,
                r#"{"a":"x y","n":2}"#,
                "application/json"
            ]),
            json!(["string", "PUT", null, "raw=1", "application/json"]),
        ]
    );
}

#[test]
fn data_type_and_response_type() {
    let n = net(
        &format!(
            r#"swan.request({{ url: 'https://{API}/api/user', dataType: 'string',
                success: res => console.log('string', typeof res.data, res.data.length > 10) }});
            swan.request({{ url: 'https://{API}/api/text',
                success: res => console.log('notjson', res.data) }});
            swan.request({{ url: 'https://{API}/api/user', responseType: 'arraybuffer',
                success: res => console.log('buffer', res.data instanceof ArrayBuffer,
                    String.fromCharCode(...new Uint8Array(res.data).slice(0, 8))) }});
            swan.request({{ url: 'https://{API}/api/created', method: 'POST',
                success: res => console.log('created', res.statusCode, res.data.id) }});
            swan.request({{ url: 'https://{API}/api/none', method: 'DELETE',
                success: res => console.log('missing', res.statusCode, typeof res.data) }});"#
        ),
        allowed(),
        APP_JSON,
    );
    let mut logs = run(&n).logs();
    logs.sort_by_key(|v| v[0].as_str().unwrap_or_default().to_string());
    assert_eq!(
        logs,
        [
            json!(["buffer", true, r#"{"name":"#]),
            json!(["created", 201, 9]),
            json!(["missing", 404, "string"]),
            json!(["notjson", "plain words"]),
            json!(["string", "string", true]),
        ]
    );
}

#[test]
fn invalid_options_fail_with_documented_errors() {
    let n = net(
        &format!(
            r#"const fail = tag => err => console.log(tag, err.errCode, err.errMsg);
            swan.request({{ url: 'https://{API}/api/user', method: 'PATCH', fail: fail('method') }});
            swan.request({{ method: 'GET', fail: fail('url') }});
            swan.request({{ url: 'https://{API}/api/user', method: 3, fail: fail('type') }});
            swan.request({{ url: 'http://{API}/api/user', fail: fail('http') }});
            swan.request({{ url: 'https://{API}/api/user', success: 1 }});"#
        ),
        allowed(),
        APP_JSON,
    );
    let ran = run(&n);
    let mut logs = ran.logs();
    logs.sort_by_key(|v| v[0].as_str().unwrap_or_default().to_string());
    assert_eq!(
        logs,
        [
            json!(["http", 202, "request url header must be https or wss"]),
            json!([
                "method",
                202,
                "request:fail method \"PATCH\" is not one of OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT"
            ]),
            json!([
                "type",
                904,
                "[jsNative Argument Error]method type error. must be \"string\""
            ]),
            json!(["url", 904, "[jsNative Argument Error]url is required."]),
        ]
    );
    assert!(
        ran.api("request")
            .iter()
            .any(|(_, res)| res["errMsg"] == "params type error")
    );
}

#[test]
fn whitelists_refuse_and_name_the_key_to_add() {
    let page = format!(
        r#"swan.request({{ url: 'https://{API}/api/user',
            fail: err => console.log('request', err.errCode, err.errMsg) }});
        swan.uploadFile({{ url: 'https://{API}/upload', filePath: 'images/a.png', name: 'f',
            fail: err => console.log('upload', err.errCode, err.errMsg) }});
        swan.downloadFile({{ url: 'https://{API}/api/user',
            fail: err => console.log('download', err.errCode, err.errMsg) }});"#
    );
    // No whitelist at all: the message says which key to add, and a notice says it too.
    let n = net(&page, json!({"appId": "test-app"}), APP_JSON);
    let ran = run(&n);
    let mut logs = ran.logs();
    logs.sort_by_key(|v| v[0].as_str().unwrap_or_default().to_string());
    assert_eq!(
        logs,
        [
            json!([
                "download",
                202,
                "illegal request: add \"api.example.com\" to downloadDomains in swan-album.json"
            ]),
            json!([
                "request",
                202,
                "illegal request: add \"api.example.com\" to requestDomains in swan-album.json"
            ]),
            json!([
                "upload",
                202,
                "illegal request: add \"api.example.com\" to uploadDomains in swan-album.json"
            ]),
        ]
    );
    let notices: Vec<_> = ran
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Notice { what, message } if what == "domainNotAllowed" => Some(message.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(notices.len(), 3, "{:?}", ran.events);
    assert!(notices.iter().any(|m| m.contains("requestDomains")));

    // A whitelist without this host: Baidu's text alone.
    let n = net(
        &page,
        json!({"appId": "test-app", "requestDomains": ["other.com"],
               "uploadDomains": ["other.com"], "downloadDomains": ["other.com"]}),
        APP_JSON,
    );
    let mut logs = run(&n).logs();
    logs.sort_by_key(|v| v[0].as_str().unwrap_or_default().to_string());
    assert_eq!(
        logs,
        [
            json!(["download", 202, "illegal request"]),
            json!(["request", 202, "illegal request"]),
            json!(["upload", 202, "illegal request"]),
        ]
    );

    // The devtools' "do not verify domains" in project.swan.json lets both through.
    let n = net(
        &format!(
            r#"swan.request({{ url: 'https://{API}/api/user',
                success: res => console.log('request', res.statusCode) }});
            swan.uploadFile({{ url: 'https://{API}/upload', filePath: 'images/a.png', name: 'f',
                success: res => console.log('upload', res.statusCode) }});"#
        ),
        json!({"appId": "test-app"}),
        APP_JSON,
    );
    std::fs::write(
        n.world.project().join("project.swan.json"),
        r#"{"appid": "123", "setting": {"urlCheck": false}}"#,
    )
    .unwrap();
    let mut logs = run(&n).logs();
    logs.sort_by_key(|v| v[0].as_str().unwrap_or_default().to_string());
    assert_eq!(logs, [json!(["request", 200]), json!(["upload", 200])]);
}

#[test]
fn timeout_from_app_json_and_abort() {
    let n = net(
        &format!(
            r#"swan.request({{ url: 'https://{API}/api/slow',
                fail: err => console.log('timeout', err.errCode, err.errMsg) }});"#
        ),
        allowed(),
        r#"{"pages": ["pages/index/index"], "networkTimeout": {"request": 300}}"#,
    );
    let start = std::time::Instant::now();
    assert_eq!(
        run(&n).logs(),
        [json!(["timeout", 1001, "request:fail timeout"])]
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(4));

    let n = net(
        &format!(
            r#"const task = swan.request({{ url: 'https://{API}/api/slow',
                fail: err => console.log('abort', err.errCode, err.errMsg) }});
            setTimeout(() => task.abort(), 100);"#
        ),
        allowed(),
        APP_JSON,
    );
    assert_eq!(
        run(&n).logs(),
        [json!(["abort", 1001, "request:fail abort"])]
    );
}

#[test]
fn a_response_over_the_cap_fails() {
    let n = net(
        &format!(
            r#"swan.request({{ url: 'https://{API}/big.bin', responseType: 'arraybuffer',
                fail: err => console.log(err.errCode, err.errMsg) }});"#
        ),
        allowed(),
        APP_JSON,
    );
    assert_eq!(
        run(&n).logs(),
        [json!([
            1001,
            "request:fail response body exceeds the size limit"
        ])]
    );
}

#[test]
fn upload_file_sends_the_sandbox_file_as_multipart() {
    let n = net(
        &format!(
            r#"const task = swan.uploadFile({{
                url: 'https://{API}/upload', filePath: 'images/a.png', name: 'photo',
                header: {{ 'X-Token': 'abc', 'content-type': 'application/json' }},
                formData: {{ user: 'swan' }},
                success: res => {{
                    const echo = JSON.parse(res.data);
                    console.log(res.statusCode, typeof res.data, echo.method,
                        echo.headers['x-token'], echo.headers['content-type'].split(';')[0],
                        echo.body.includes('name="user"\r\n\r\nswan\r\n'),
                        echo.body.includes('name="photo"; filename="a.png"\r\nContent-Type: image/png'),
                        echo.bodyLength, res.errMsg);
                }},
            }});
            task.onProgressUpdate(p => console.log('progress', p.progress,
                p.totalBytesSent === p.totalBytesExpectedToSend));
            swan.uploadFile({{ url: 'https://{API}/upload', filePath: 'images/none.png',
                name: 'p', fail: err => console.log('missing', err.errCode, err.errMsg) }});
            swan.uploadFile({{ url: 'https://{API}/upload', filePath: 'images/a.png',
                fail: err => console.log('noname', err.errCode, err.errMsg) }});"#
        ),
        allowed(),
        APP_JSON,
    );
    let ran = run(&n);
    let logs = ran.logs();
    let png = fixture("png-alpha.png").len() as u64;
    let success = logs
        .iter()
        .find(|l| l[0] == 200)
        .unwrap_or_else(|| panic!("{logs:?}"));
    assert_eq!(
        success.as_array().unwrap()[..7],
        [
            json!(200),
            json!("string"),
            json!("POST"),
            json!("abc"),
            json!("multipart/form-data"),
            json!(true),
            json!(true)
        ]
    );
    assert!(success[7].as_u64().unwrap() > png);
    assert_eq!(success[8], "uploadFile:ok");
    assert!(logs.contains(&json!(["progress", 100, true])), "{logs:?}");
    assert!(
        logs.contains(&json!([
            "missing",
            1001,
            "can not find such file : images/none.png"
        ])),
        "{logs:?}"
    );
    assert!(
        logs.contains(&json!([
            "noname",
            904,
            "[jsNative Argument Error]name is required."
        ])),
        "{logs:?}"
    );
}

#[test]
fn an_ill_formed_string_is_sent_with_replacement_characters() {
    let n = net(
        &format!(
            r#"swan.request({{ url: 'https://{API}/api/echo', method: 'POST', data: 'a\uD800b',
                success: res => console.log(res.data.body, res.data.bodyLength) }});"#
        ),
        allowed(),
        APP_JSON,
    );
    assert_eq!(run(&n).logs(), [json!(["a\u{fffd}b", 5])]);
}
