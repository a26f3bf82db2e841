use super::{call_listeners, define_abort, define_listeners, notice_domain_hint, policy};
use crate::args;
use crate::callbacks::Callbacks;
use crate::convert::DefineOwn;
use crate::event::Event;
use crate::ops::{self, Completion, Listeners, Op};
use crate::state::State;
use crate::swan::{Call, start};
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};
use std::future::Future;
use std::rc::Rc;
use swan_core::SwanError;
use swan_core::api::{UploadFileOptions, Uploaded, upload_file};
use swan_core::swan_net::{AbortHandle, UploadProgress};

pub const NAME: &str = "uploadFile";

/// `swan.uploadFile({url, filePath, name, header, formData})`: returns an `UploadTask` at once
/// (`abort`, `onProgressUpdate`, `offProgressUpdate`); the upload runs on the blocking pool.
/// success gets `{data, statusCode}` for any HTTP status.
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
        let task = Object::new(ctx.clone())?;
        define_abort(&ctx, &task, &abort)?;
        define_listeners(
            &ctx,
            &task,
            "onProgressUpdate",
            "offProgressUpdate",
            &listeners,
        )?;
        let read = args::read_options::<UploadFileOptions>(&ctx, options.as_ref())?;
        if callbacks.params_type_error {
            start(
                &ctx,
                &state,
                callbacks,
                listeners,
                Call::Ready(Err(SwanError::ParamsType)),
                result_object,
            )?;
        } else {
            let op = ops::register(&ctx, &state, callbacks, listeners)?;
            ops::blocking(&state, op, work(&state, op, read, abort), result_object);
        }
        Ok::<_, rquickjs::Error>(task)
    })?;
    swan.set(NAME, f.with_name(NAME)?)
}

/// The upload, with progress sent to the loop as it comes. The argument checks run here too
/// (they open the file), so their failures also arrive on a later turn, as §1 wants.
fn work(
    state: &State,
    op: u64,
    options: UploadFileOptions,
    abort: AbortHandle,
) -> impl Future<Output = Result<Uploaded, SwanError>> + Send + 'static {
    let project = &state.services.project;
    let policy = policy(state, &project.upload_domains, project.upload_timeout);
    state.services.aborts.borrow_mut().push(abort.clone());
    let client = state.services.downloads.clone();
    let sandbox = state.services.sandbox.clone();
    let events = state.services.events.clone();
    let tx = state.engine.tx.clone();
    let url = options.url.as_str().unwrap_or_default().to_string();
    async move {
        let mut report = |p: UploadProgress| {
            let url = url.clone();
            let notify = Box::new(move |ctx: &Ctx<'_>, state: &State, op: &Op| {
                state.emit(Event::Progress {
                    url,
                    progress: p.progress,
                    written: p.total_bytes_sent,
                    expected: p.total_bytes_expected_to_send,
                });
                let res = Object::new(ctx.clone())?;
                res.own("progress", p.progress)?;
                res.own("totalBytesSent", p.total_bytes_sent as f64)?;
                res.own(
                    "totalBytesExpectedToSend",
                    p.total_bytes_expected_to_send as f64,
                )?;
                call_listeners(ctx, state, &op.listeners, res)
            });
            let _ = tx.send(Completion::Notify(op, notify));
        };
        let result = upload_file(&client, &sandbox, &policy, options, &mut report, &abort);
        if let Err(e) = &result {
            notice_domain_hint(&*events, e);
        }
        result
    }
}

fn result_object<'js>(ctx: &Ctx<'js>, uploaded: Uploaded) -> rquickjs::Result<Object<'js>> {
    let res = Object::new(ctx.clone())?;
    res.own("data", uploaded.data)?;
    res.own("statusCode", uploaded.status_code)?;
    Ok(res)
}
