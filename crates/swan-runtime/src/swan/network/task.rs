//! What `downloadFile`, `request` and `uploadFile` share: each returns its task object at once
//! (never a Promise, §1) with `abort()` and one pair of listener methods, checks its options,
//! runs on the blocking pool, sends listener events back through the loop as they come, and
//! settles its callbacks with the result. Each API says only what differs ([`TaskApi`]).

use super::{define_abort, define_listeners, notice_domain_hint};
use crate::args;
use crate::callbacks::Callbacks;
use crate::ops::{self, Completion, Listeners, Notify};
use crate::state::State;
use crate::swan::{Call, Work, start};
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};
use std::rc::Rc;
use std::sync::mpsc::Sender;
use swan_core::SwanError;
use swan_core::swan_net::AbortHandle;

/// One task-returning network API.
pub(super) trait TaskApi: 'static {
    const NAME: &'static str;
    /// The task's listener methods (`onProgressUpdate`, `offProgressUpdate`).
    const LISTENERS: (&'static str, &'static str);
    /// The checked options the work needs.
    type Request: Send + 'static;
    type Output: Send + 'static;
    /// Reads the options in one step; a contract error is delivered on a later loop turn.
    fn read<'js>(
        ctx: &Ctx<'js>,
        options: Option<&Object<'js>>,
    ) -> rquickjs::Result<Result<Self::Request, SwanError>>;
    /// The work on the blocking pool; `events` sends listener calls to the loop.
    fn work(
        state: &State,
        request: Self::Request,
        events: Events,
        abort: AbortHandle,
    ) -> Work<Self::Output>;
    /// The success object (without `errMsg`).
    fn result<'js>(ctx: &Ctx<'js>, output: Self::Output) -> rquickjs::Result<Object<'js>>;
}

/// Sends listener calls of one task to the loop, from the worker doing its work.
pub(super) struct Events {
    tx: Sender<Completion>,
    op: u64,
}

impl Events {
    /// Runs `notify` on the JavaScript thread with the task's op (its listeners), unless the
    /// run is over.
    pub fn send(&self, notify: Notify) {
        let _ = self.tx.send(Completion::Notify(self.op, notify));
    }
}

/// `swan.<A::NAME>(options)`.
pub(super) fn define<'js, A: TaskApi>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let state = state.clone();
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, first: Opt<Value<'js>>| {
        let options = args::options(first.0);
        let callbacks = Callbacks::from_options(&ctx, A::NAME, options.as_ref())?;
        let listeners = Listeners::default();
        let abort = AbortHandle::new();
        let task = Object::new(ctx.clone())?;
        let (on, off) = A::LISTENERS;
        define_listeners(&ctx, &task, on, off, &listeners)?;
        define_abort(&ctx, &task, &abort)?;
        let request = A::read(&ctx, options.as_ref())?;
        let request = if callbacks.params_type_error {
            Err(SwanError::ParamsType)
        } else {
            request
        };
        match request {
            Err(e) => start(
                &ctx,
                &state,
                callbacks,
                listeners,
                Call::Ready(Err(e)),
                A::result,
            )?,
            Ok(request) => {
                let op = ops::register(&ctx, &state, callbacks, listeners)?;
                // Nothing outlives the run: its end aborts every task still going.
                state.services.aborts.borrow_mut().push(abort.clone());
                let events = Events {
                    tx: state.engine.tx.clone(),
                    op,
                };
                let sink = state.services.events.clone();
                let work = A::work(&state, request, events, abort);
                let work = async move {
                    let result = work.await;
                    if let Err(e) = &result {
                        notice_domain_hint(&*sink, e);
                    }
                    result
                };
                ops::blocking(&state, op, work, A::result);
            }
        }
        Ok::<_, rquickjs::Error>(task)
    })?;
    swan.set(A::NAME, f.with_name(A::NAME)?)
}
