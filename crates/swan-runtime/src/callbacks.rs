//! The §1 call conventions, once for every async API: `success(res)` or `fail(err)`, then
//! `complete(sameObject)`, each exactly once; an exception inside a callback is reported as
//! `thirdScriptError` and `complete` still runs; with no callback at all, a Promise.

use crate::convert::DefineOwn;
use crate::convert::object_to_json;
use crate::event::{Event, Outcome};
use crate::state::State;
use crate::uncaught;
use rquickjs::{Ctx, Function, JsLifetime, Object, Persistent, Value};
use swan_core::SwanError;
use swan_core::api::ok_msg;

/// The callbacks an options object carried, kept alive across the event loop.
pub(crate) struct Callbacks {
    api: &'static str,
    success: Option<Persistent<Function<'static>>>,
    fail: Option<Persistent<Function<'static>>>,
    complete: Option<Persistent<Function<'static>>>,
    promise: Option<(Persistent<Function<'static>>, Persistent<Function<'static>>)>,
    /// success/fail/complete was given but is not a function: the call fails with 904.
    pub params_type_error: bool,
}

impl Callbacks {
    /// Reads success/fail/complete from `options` (anything not an object has none). `null`
    /// and `undefined` count as absent.
    pub fn from_options<'js>(
        ctx: &Ctx<'js>,
        api: &'static str,
        options: Option<&Object<'js>>,
    ) -> rquickjs::Result<Self> {
        let mut params_type_error = false;
        let mut given = false;
        let mut take = |name: &str| -> rquickjs::Result<Option<Persistent<Function<'static>>>> {
            let Some(options) = options else {
                return Ok(None);
            };
            let v: Value = options.get(name)?;
            if v.is_undefined() || v.is_null() {
                return Ok(None);
            }
            given = true;
            match v.into_function() {
                Some(f) => Ok(Some(Persistent::save(ctx, f))),
                None => {
                    params_type_error = true;
                    Ok(None)
                }
            }
        };
        let (success, fail, complete) = (take("success")?, take("fail")?, take("complete")?);
        Ok(Callbacks {
            api,
            success,
            fail,
            complete,
            promise: None,
            params_type_error: given && params_type_error,
        })
    }

    /// The API these callbacks belong to.
    pub fn api(&self) -> &'static str {
        self.api
    }

    /// With no callback given, the call returns a Promise settled with the result instead.
    /// Returns what the API call itself returns to page code.
    pub fn promise_if_none<'js>(&mut self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        if self.success.is_some()
            || self.fail.is_some()
            || self.complete.is_some()
            || self.params_type_error
        {
            return Ok(Value::new_undefined(ctx.clone()));
        }
        let (promise, resolve, reject) = ctx.promise()?;
        self.promise = Some((
            Persistent::save(ctx, resolve),
            Persistent::save(ctx, reject),
        ));
        Ok(promise.into_value())
    }

    /// Delivers a success: `res` gets `errMsg: "<api>:ok"` added.
    pub fn succeed<'js>(
        self,
        ctx: &Ctx<'js>,
        state: &State,
        res: Object<'js>,
    ) -> rquickjs::Result<()> {
        res.own("errMsg", ok_msg(self.api))?;
        self.settle(ctx, state, Ok(res))
    }

    pub fn fail<'js>(
        self,
        ctx: &Ctx<'js>,
        state: &State,
        error: &SwanError,
    ) -> rquickjs::Result<()> {
        let err = Object::new(ctx.clone())?;
        err.own("errCode", error.err_code())?;
        err.own("errMsg", error.err_msg())?;
        mark_failure(ctx, &err);
        self.settle(ctx, state, Err(err))
    }

    fn settle<'js>(
        self,
        ctx: &Ctx<'js>,
        state: &State,
        outcome: Result<Object<'js>, Object<'js>>,
    ) -> rquickjs::Result<()> {
        let (kind, res, first, first_name) = match outcome {
            Ok(res) => (Outcome::Success, res, self.success, "success"),
            Err(err) => (Outcome::Fail, err, self.fail, "fail"),
        };
        state.emit(Event::Api {
            name: self.api.to_string(),
            outcome: kind,
            res: object_to_json(&res),
        });
        if let Some(f) = first {
            call_reporting(ctx, state, self.api, first_name, f, &res)?;
        }
        if let Some(f) = self.complete {
            call_reporting(ctx, state, self.api, "complete", f, &res)?;
        }
        if let Some((resolve, reject)) = self.promise {
            if kind == Outcome::Success {
                resolve.restore(ctx)?.call::<_, ()>((res,))?;
            } else {
                state.engine.rejecting_api_promise.set(true);
                let rejected = reject.restore(ctx).and_then(|f| f.call::<_, ()>((res,)));
                state.engine.rejecting_api_promise.set(false);
                rejected?;
            }
        }
        Ok(())
    }
}

/// Calls one callback; an exception in it is Baidu's `thirdScriptError`: a console error naming
/// the API and the callback, and (being uncaught) an `error` event. It never stops `complete`.
fn call_reporting<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    api: &str,
    callback: &str,
    f: Persistent<Function<'static>>,
    res: &Object<'js>,
) -> rquickjs::Result<()> {
    let f = f.restore(ctx)?;
    if let Err(err) = f.call::<_, ()>((res.clone(),)) {
        if state.engine.stopped() {
            return Ok(()); // the engine stopped it; the run's end says why
        }
        let (message, stack) = uncaught::describe(ctx, err);
        state.emit(Event::Console {
            level: "error".into(),
            args: vec![
                "thirdScriptError".into(),
                format!("{message};at api {api} {callback} callback function").into(),
                stack.clone().into(),
            ],
        });
        state.engine.failed.set(true);
        state.emit(Event::Error { message, stack });
    }
    Ok(())
}

/// The failure results the APIs handed out, in a `WeakSet` made (with its `add`/`has`) before
/// page code ran, so page code can neither see nor change it.
///
/// Real programs wrap APIs in Promises (`fail: reject`, `await swan.request(...)`) and often let
/// the rejection go unhandled: with no network, or a host not in `requestDomains`, that is how a
/// request ends on a phone too, and the devtools print `Uncaught (in promise)` and the page
/// goes on. A rejection whose reason is such a result is therefore the API's result, not a crash
/// of the page (see `event_loop::run_jobs`); anything else page code rejects with still is.
struct FailureMarks {
    add: Persistent<Function<'static>>,
    has: Persistent<Function<'static>>,
}

// SAFETY: `FailureMarks` has no lifetime of its own (only `Persistent` handles), which rquickjs
// documents as always sound.
unsafe impl<'js> JsLifetime<'js> for FailureMarks {
    type Changed<'to> = FailureMarks;
}

const FAILURE_MARKS: &str = r#"(function () {
  const set = new WeakSet();
  const add = WeakSet.prototype.add;
  const has = WeakSet.prototype.has;
  return [
    function (o) { add.call(set, o); },
    function (o) { return o !== null && typeof o === 'object' && has.call(set, o); },
  ];
})()"#;

/// Makes the set of failure results; before any page code runs.
pub(crate) fn install(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let pair: rquickjs::Array = ctx.eval(FAILURE_MARKS)?;
    let (add, has): (Function, Function) = (pair.get(0)?, pair.get(1)?);
    let _ = ctx.store_userdata(FailureMarks {
        add: Persistent::save(ctx, add),
        has: Persistent::save(ctx, has),
    });
    Ok(())
}

fn mark_failure<'js>(ctx: &Ctx<'js>, err: &Object<'js>) {
    if let Some(marks) = ctx.userdata::<FailureMarks>()
        && let Ok(add) = marks.add.clone().restore(ctx)
    {
        let _ = add.call::<_, ()>((err.clone(),));
    }
}

/// Whether `v` is a failure result an API handed to its `fail` callback or Promise.
pub(crate) fn is_api_failure<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> bool {
    let Some(marks) = ctx.userdata::<FailureMarks>() else {
        return false;
    };
    let Ok(has) = marks.has.clone().restore(ctx) else {
        return false;
    };
    has.call::<_, bool>((v.clone(),)).unwrap_or(false)
}
