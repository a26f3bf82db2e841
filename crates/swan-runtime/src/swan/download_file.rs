use crate::args::Arg;
use crate::callbacks::{Callbacks, Failure};
use crate::event::Event;
use crate::state::{Completion, State};
use crate::uncaught;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Persistent, Value};
use std::cell::RefCell;
use std::rc::Rc;
use swan_core::SwanError;
use swan_core::swan_sandbox::{Keep, PersistError, Sandbox};
use swan_net::{AbortHandle, DownloadPolicy, Downloaded, Progress};

pub const NAME: &str = "downloadFile";

type Listeners = Rc<RefCell<Vec<Persistent<Function<'static>>>>>;

/// Where a finished download ended up.
enum Fetched {
    Temp(Downloaded),
    /// Moved to the caller's `filePath` (`bdfile://usr/...`).
    User {
        file_path: String,
        status_code: u16,
    },
}

struct Request {
    url: String,
    headers: Vec<(String, String)>,
    file_path: Option<String>,
}

/// `swan.downloadFile({url, header, filePath})`: returns a `DownloadTask` at once (never a
/// Promise); the download itself is `swan-net`'s, on a worker thread. Progress comes back
/// through the loop to `onProgressUpdate` listeners; the last message settles the call.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let state = state.clone();
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, first: Opt<Value<'js>>| {
        start(&ctx, &state, crate::args::options(first.0))
    })?;
    swan.set(NAME, f.with_name(NAME)?)
}

fn start<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    options: Option<Object<'js>>,
) -> rquickjs::Result<Object<'js>> {
    let callbacks = Callbacks::from_options(ctx, NAME, options.as_ref())?;
    let bad_callbacks = callbacks.params_type_error;
    let listeners: Listeners = Rc::default();
    let abort = AbortHandle::new();
    let task = task_object(ctx, &listeners, &abort)?;
    let request = read_request(options.as_ref())?;
    let url = request.as_ref().map(|r| r.url.clone()).unwrap_or_default();
    let op = register(state, callbacks, listeners, url);
    let settle = |result: Result<Fetched, Failure>| {
        let _ = state.tx.send(Completion {
            op,
            payload: Box::new(result),
            last: true,
        });
    };
    let request = match request {
        _ if bad_callbacks => {
            settle(Err(Failure {
                err_code: 904,
                err_msg: "params type error".into(),
            }));
            return Ok(task);
        }
        Err(failure) => {
            settle(Err(failure));
            return Ok(task);
        }
        Ok(request) => request,
    };
    let Some(downloads) = state.downloads.clone() else {
        settle(Err(Failure {
            err_code: 1001,
            err_msg: "downloadFile:fail no network client".into(),
        }));
        return Ok(task);
    };
    let policy = DownloadPolicy {
        allowed_domains: state.project.download_domains.clone(),
        skip_domain_check: state.project.skip_domain_check,
        timeout: state.project.download_timeout,
        ..DownloadPolicy::default()
    };
    state.aborts.borrow_mut().push(abort.clone());
    let (tx, sandbox) = (state.tx.clone(), state.sandbox.clone());
    state.workers.spawn_blocking(move || {
        let mut report = |p: Progress| {
            let _ = tx.send(Completion {
                op,
                payload: Box::new(p),
                last: false,
            });
        };
        let result = downloads
            .download(
                &sandbox,
                &policy,
                &request.url,
                &request.headers,
                &mut report,
                &abort,
            )
            .map_err(|e| Failure {
                err_code: e.err_code(),
                err_msg: e.err_msg(),
            })
            .and_then(|done| keep(&sandbox, done, request.file_path.as_deref()));
        let _ = tx.send(Completion {
            op,
            payload: Box::new(result),
            last: true,
        });
    });
    Ok(task)
}

/// The options as `swan-net` needs them, or the 904 that a missing or mistyped one gives.
fn read_request(options: Option<&Object<'_>>) -> rquickjs::Result<Result<Request, Failure>> {
    let url = match Arg::read(options, "url")?.as_arg().required_string("url") {
        Ok(url) => url.to_string(),
        Err(e) => return Ok(Err(e.into())),
    };
    let file_path = match Arg::read(options, "filePath")? {
        Arg::Missing => None,
        Arg::Str(p) => Some(p),
        Arg::IllFormed(p) => return Ok(Err(SwanError::IllegalFilePath { path: p }.into())),
        Arg::Other(_) => {
            let e = SwanError::ArgumentType {
                name: "filePath".into(),
                expected: "string",
            };
            return Ok(Err(e.into()));
        }
    };
    let mut headers = Vec::new();
    let header: Option<Object> = match options {
        Some(o) => o.get::<_, Value>("header")?.into_object(),
        None => None,
    };
    if let Some(header) = header {
        for key in header.keys::<String>() {
            let key = key?;
            let value: Value = header.get(&key)?;
            headers.push((key, crate::convert::display(&value)));
        }
    }
    Ok(Ok(Request {
        url,
        headers,
        file_path,
    }))
}

/// With `filePath`, the finished temp file moves to that user path (spec §4).
fn keep(sandbox: &Sandbox, done: Downloaded, file_path: Option<&str>) -> Result<Fetched, Failure> {
    let Some(path) = file_path else {
        return Ok(Fetched::Temp(done));
    };
    match sandbox.persist_temp(&done.temp_file_path, Keep::Usr(path)) {
        Ok(file_path) => Ok(Fetched::User {
            file_path,
            status_code: done.status_code,
        }),
        Err(PersistError::Illegal | PersistError::NotFound) => {
            Err(SwanError::IllegalFilePath { path: path.into() }.into())
        }
        Err(PersistError::OverLimit { .. }) => Err(Failure {
            err_code: 1001,
            err_msg: "downloadFile:fail the maximum size of the file storage is exceeded".into(),
        }),
        Err(PersistError::Io(e)) => Err(Failure {
            err_code: 1001,
            err_msg: format!("downloadFile:fail {e}"),
        }),
    }
}

fn register(state: &State, callbacks: Callbacks, listeners: Listeners, url: String) -> u64 {
    let mut callbacks = Some(callbacks);
    state.register(Box::new(move |ctx, state, payload| {
        let payload = match payload.downcast::<Progress>() {
            Ok(p) => return progress(&ctx, state, &listeners, &url, *p),
            Err(other) => other,
        };
        let (Some(callbacks), Ok(result)) = (
            callbacks.take(),
            payload.downcast::<Result<Fetched, Failure>>(),
        ) else {
            return Ok(());
        };
        listeners.borrow_mut().clear();
        match *result {
            Ok(fetched) => callbacks.succeed(&ctx, state, result_object(&ctx, fetched)?),
            Err(failure) => callbacks.fail(&ctx, state, &failure),
        }
    }))
}

fn result_object<'js>(ctx: &Ctx<'js>, fetched: Fetched) -> rquickjs::Result<Object<'js>> {
    let res = Object::new(ctx.clone())?;
    match fetched {
        Fetched::Temp(done) => {
            res.set("tempFilePath", done.temp_file_path)?;
            res.set("statusCode", done.status_code)?;
        }
        Fetched::User {
            file_path,
            status_code,
        } => {
            res.set("filePath", file_path)?;
            res.set("statusCode", status_code)?;
        }
    }
    Ok(res)
}

fn progress<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    listeners: &Listeners,
    url: &str,
    p: Progress,
) -> rquickjs::Result<()> {
    state.emit(Event::Progress {
        url: url.to_string(),
        progress: p.progress,
        written: p.total_bytes_written,
        expected: p.total_bytes_expected_to_write,
    });
    let res = Object::new(ctx.clone())?;
    res.set("progress", p.progress)?;
    res.set("totalBytesWritten", p.total_bytes_written as f64)?;
    res.set(
        "totalBytesExpectedToWrite",
        p.total_bytes_expected_to_write as f64,
    )?;
    let current: Vec<_> = listeners.borrow().clone();
    for listener in current {
        if let Err(e) = listener.restore(ctx)?.call::<_, ()>((res.clone(),)) {
            uncaught::report(ctx, state, e);
        }
    }
    Ok(())
}

/// The `DownloadTask`: onProgressUpdate, offProgressUpdate, abort.
fn task_object<'js>(
    ctx: &Ctx<'js>,
    listeners: &Listeners,
    abort: &AbortHandle,
) -> rquickjs::Result<Object<'js>> {
    let task = Object::new(ctx.clone())?;
    let on = listeners.clone();
    let on_progress = Function::new(ctx.clone(), move |ctx: Ctx<'js>, cb: Opt<Value<'js>>| {
        if let Some(f) = cb.0.and_then(|v| v.into_function()) {
            on.borrow_mut().push(Persistent::save(&ctx, f));
        }
    })?;
    task.set(
        "onProgressUpdate",
        on_progress.with_name("onProgressUpdate")?,
    )?;
    let off = listeners.clone();
    let off_progress = Function::new(ctx.clone(), move |ctx: Ctx<'js>, cb: Opt<Value<'js>>| {
        match cb.0.filter(|v| v.is_function()) {
            // One listener removed; without an argument, all of them.
            Some(f) => off.borrow_mut().retain(|l| {
                l.clone()
                    .restore(&ctx)
                    .map(|l| l.into_value() != f)
                    .unwrap_or(false)
            }),
            None => off.borrow_mut().clear(),
        }
    })?;
    task.set(
        "offProgressUpdate",
        off_progress.with_name("offProgressUpdate")?,
    )?;
    let handle = abort.clone();
    let abort_fn = Function::new(ctx.clone(), move || handle.abort())?;
    task.set("abort", abort_fn.with_name("abort")?)?;
    Ok(task)
}
