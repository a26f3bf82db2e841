//! Baidu's "网络" family: `request`, `uploadFile` and `downloadFile`, each returning its task
//! object (never a Promise, §1) and running on the blocking pool.

mod download_file;
mod request;
mod task;
mod upload_file;

use crate::event::Event;
use crate::ops::Listeners;
use crate::state::State;
use crate::uncaught;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Persistent, Value};
use std::rc::Rc;
use swan_core::SwanError;
use swan_core::swan_net::{AbortHandle, DownloadPolicy};

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    task::define::<download_file::DownloadFile>(ctx, swan, state)?;
    task::define::<request::Request>(ctx, swan, state)?;
    task::define::<upload_file::UploadFile>(ctx, swan, state)
}

/// The task's `abort()`.
fn define_abort<'js>(
    ctx: &Ctx<'js>,
    task: &Object<'js>,
    abort: &AbortHandle,
) -> rquickjs::Result<()> {
    use crate::convert::DefineOwn;
    let handle = abort.clone();
    let abort_fn = Function::new(ctx.clone(), move || handle.abort())?;
    task.own("abort", abort_fn.with_name("abort")?)
}

/// `on<Event>(cb)` / `off<Event>([cb])` on a task, sharing one listener list: `off` without a
/// function removes them all.
fn define_listeners<'js>(
    ctx: &Ctx<'js>,
    task: &Object<'js>,
    on_name: &'static str,
    off_name: &'static str,
    listeners: &Listeners,
) -> rquickjs::Result<()> {
    use crate::convert::DefineOwn;
    let on = listeners.clone();
    let on_fn = Function::new(ctx.clone(), move |ctx: Ctx<'js>, cb: Opt<Value<'js>>| {
        if let Some(f) = cb.0.and_then(|v| v.into_function()) {
            on.borrow_mut().push(Persistent::save(&ctx, f));
        }
    })?;
    task.own(on_name, on_fn.with_name(on_name)?)?;
    let off = listeners.clone();
    let off_fn = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, cb: Opt<Value<'js>>| match cb.0.filter(|v| v.is_function()) {
            Some(f) => off.borrow_mut().retain(|l| {
                l.clone()
                    .restore(&ctx)
                    .map(|l| l.into_value() != f)
                    .unwrap_or(false)
            }),
            None => off.borrow_mut().clear(),
        },
    )?;
    task.own(off_name, off_fn.with_name(off_name)?)
}

/// Calls every listener with `res`; what they throw is reported, the others still run.
fn call_listeners<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    listeners: &Listeners,
    res: Object<'js>,
) -> rquickjs::Result<()> {
    let current: Vec<_> = listeners.borrow().clone();
    for listener in current {
        if let Err(e) = listener.restore(ctx)?.call::<_, ()>((res.clone(),)) {
            uncaught::report(ctx, state, e);
        }
    }
    Ok(())
}

/// When a whitelist refused a host because the project has none for this API, tells the
/// developer which key to add (the errMsg says it too, but a page may swallow its failures).
fn notice_domain_hint(events: &dyn crate::event::EventSink, error: &SwanError) {
    if let SwanError::Net {
        hint: Some(hint), ..
    } = error
    {
        events.emit(Event::Notice {
            what: "domainNotAllowed".into(),
            message: format!(
                "{} is not allowed: add \"{}\" to {} in swan-album.json (or set \"urlCheck\": false in project.swan.json's setting to skip the check, as the devtools do)",
                hint.host, hint.host, hint.key
            ),
        });
    }
}

/// The policy of one API from the project: its whitelist and timeout, the shared switch, the
/// default size limit.
fn policy(state: &State, domains: &[String], timeout: std::time::Duration) -> DownloadPolicy {
    DownloadPolicy {
        allowed_domains: domains.to_vec(),
        skip_domain_check: state.services.project.skip_domain_check,
        timeout,
        ..DownloadPolicy::default()
    }
}
