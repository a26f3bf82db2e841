use crate::args;
use crate::callbacks::Callbacks;
use crate::convert::DefineOwn;
use crate::event::Event;
use crate::ops::{self, Completion, Listeners, Op};
use crate::state::State;
use crate::swan::{Call, start};
use crate::uncaught;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Persistent, Value};
use std::future::Future;
use std::rc::Rc;
use swan_core::SwanError;
use swan_core::api::{DownloadFileOptions, DownloadRequest, Fetched, download_file};
use swan_core::swan_net::{AbortHandle, DownloadPolicy, Progress};

pub const NAME: &str = "downloadFile";

/// `swan.downloadFile({url, header, filePath})`: returns a `DownloadTask` at once (never a
/// Promise); the download runs on the blocking pool. Progress comes back through the loop to
/// `onProgressUpdate` listeners; the last message settles the call.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let state = state.clone();
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, first: Opt<Value<'js>>| {
        let options = args::options(first.0);
        let callbacks = Callbacks::from_options(&ctx, NAME, options.as_ref())?;
        let listeners = Listeners::default();
        let abort = AbortHandle::new();
        let task = task_object(&ctx, &listeners, &abort)?;
        let request = DownloadRequest::new(args::read_options::<DownloadFileOptions>(
            &ctx,
            options.as_ref(),
        )?);
        let request = match request {
            _ if callbacks.params_type_error => Err(SwanError::ParamsType),
            other => other,
        };
        match request {
            Err(e) => start(
                &ctx,
                &state,
                callbacks,
                listeners,
                Call::Ready(Err(e)),
                result_object,
            )?,
            Ok(request) => {
                let op = ops::register(&ctx, &state, callbacks, listeners)?;
                ops::blocking(&state, op, work(&state, op, request, abort), result_object);
            }
        }
        Ok::<_, rquickjs::Error>(task)
    })?;
    swan.set(NAME, f.with_name(NAME)?)
}

/// The download, with progress sent to the loop as it comes.
fn work(
    state: &State,
    op: u64,
    request: DownloadRequest,
    abort: AbortHandle,
) -> impl Future<Output = Result<Fetched, SwanError>> + Send + 'static {
    let project = &state.services.project;
    let policy = DownloadPolicy {
        allowed_domains: project.download_domains.clone(),
        skip_domain_check: project.skip_domain_check,
        timeout: project.download_timeout,
        ..DownloadPolicy::default()
    };
    state.services.aborts.borrow_mut().push(abort.clone());
    let (downloads, sandbox) = (
        state.services.downloads.clone(),
        state.services.sandbox.clone(),
    );
    let tx = state.engine.tx.clone();
    let events = state.services.events.clone();
    let url = request.url.clone();
    async move {
        let mut report = |p: Progress| {
            let url = url.clone();
            let notify = Box::new(move |ctx: &Ctx<'_>, state: &State, op: &Op| {
                progress(ctx, state, &op.listeners, &url, p)
            });
            let _ = tx.send(Completion::Notify(op, notify));
        };
        let result = download_file(&downloads, &sandbox, &policy, &request, &mut report, &abort);
        if let Err(e) = &result {
            super::notice_domain_hint(&*events, e);
        }
        result
    }
}

fn result_object<'js>(ctx: &Ctx<'js>, fetched: Fetched) -> rquickjs::Result<Object<'js>> {
    let res = Object::new(ctx.clone())?;
    match fetched {
        Fetched::Temp(done) => {
            res.own("tempFilePath", done.temp_file_path)?;
            res.own("statusCode", done.status_code)?;
        }
        Fetched::User {
            file_path,
            status_code,
        } => {
            res.own("filePath", file_path)?;
            res.own("statusCode", status_code)?;
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
    res.own("progress", p.progress)?;
    res.own("totalBytesWritten", p.total_bytes_written as f64)?;
    res.own(
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
    task.own(
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
    task.own(
        "offProgressUpdate",
        off_progress.with_name("offProgressUpdate")?,
    )?;
    let handle = abort.clone();
    let abort_fn = Function::new(ctx.clone(), move || handle.abort())?;
    task.own("abort", abort_fn.with_name("abort")?)?;
    Ok(task)
}
