//! The `swan` global, one folder per API family as Baidu's API pages group them (`image/`,
//! `file/`, `network/`, ...) and one file per API in it. An async API is one [`Api`] impl: its
//! name, its options type (declared in `swan-core`), what it does with them, and how its result
//! looks to page code; reading callbacks, the Promise form, 904 `params type error` and settling
//! live here once. A synchronous one (`getStorageSync`) is one [`SyncApi`] impl: it returns its
//! result or throws the contract's error ([`throw`]).

mod account;
mod auth;
mod canvas;
mod clipboard;
mod file;
mod image;
mod interaction;
mod json_result;
mod location;
mod navigation;
mod network;
mod storage;
mod system;
mod unsupported;

use crate::args;
use crate::callbacks::Callbacks;
use crate::convert::DefineOwn;
use crate::ops;
use crate::state::State;
use rquickjs::function::{Opt, Rest};
use rquickjs::{Ctx, Function, Object, Value};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use swan_core::SwanError;
pub(crate) use system::network::change_network;

/// `swan.env.USER_DATA_PATH`.
pub const USER_DATA_PATH: &str = "bdfile://usr";

/// Work for the blocking pool.
pub(crate) type Work<T> = Pin<Box<dyn Future<Output = Result<T, SwanError>> + Send>>;

/// How a call goes on once its options are read.
pub(crate) enum Call<T> {
    /// Known now; delivered on a later loop turn.
    Ready(Result<T, SwanError>),
    /// Fails before the API call returns (Baidu's synchronous 904s).
    FailNow(SwanError),
    /// Runs on the blocking pool.
    Blocking(Work<T>),
}

/// One async API with the §1 call conventions.
pub(crate) trait Api: 'static {
    const NAME: &'static str;
    type Options: swan_core::Options;
    type Output: Send + 'static;
    /// Starts the call on the JavaScript thread.
    fn call(state: &State, options: Self::Options) -> Call<Self::Output>;
    /// The success object (without `errMsg`, added when delivered).
    fn result<'js>(ctx: &Ctx<'js>, output: Self::Output) -> rquickjs::Result<Object<'js>>;
}

/// One synchronous API: its arguments are positional (`getStorageSync(key)`), its result is
/// returned and its failure thrown as an `Error` carrying `errCode` and `errMsg` ([`throw`]).
pub(crate) trait SyncApi: 'static {
    const NAME: &'static str;
    fn call<'js>(
        ctx: &Ctx<'js>,
        state: &State,
        args: Vec<Value<'js>>,
    ) -> rquickjs::Result<Value<'js>>;
}

pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let swan = Object::new(ctx.clone())?;
    image::install(ctx, &swan, state)?;
    auth::install(ctx, &swan, state)?;
    interaction::install(ctx, &swan, state)?;
    file::install(ctx, &swan, state)?;
    network::install(ctx, &swan, state)?;
    storage::install(ctx, &swan, state)?;
    account::install(ctx, &swan, state)?;
    clipboard::install(ctx, &swan, state)?;
    location::install(ctx, &swan, state)?;
    navigation::install(ctx, &swan, state)?;
    system::install(ctx, &swan, state)?;
    canvas::install(ctx, &swan, state)?;
    let env = Object::new(ctx.clone())?;
    env.set("USER_DATA_PATH", USER_DATA_PATH)?;
    swan.set("env", env)?;
    // Last: only what no family implements gets an "unsupported" stub (and canIUse sees it).
    unsupported::install(ctx, &swan, state)?;
    ctx.globals().set("swan", swan)
}

/// `swan.<A::NAME>(args...)` for a synchronous API.
pub(crate) fn define_sync<'js, A: SyncApi>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let state = state.clone();
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
        A::call(&ctx, &state, args.0)
    })?;
    swan.set(A::NAME, f.with_name(A::NAME)?)
}

/// Throws the contract's error from a synchronous API, as Baidu's do: an `Error` whose message
/// is the errMsg, with `errCode` and `errMsg` properties for code that reads them.
pub(crate) fn throw<'js>(ctx: &Ctx<'js>, error: &SwanError) -> rquickjs::Error {
    let made = (|| -> rquickjs::Result<Value<'js>> {
        let e = rquickjs::Exception::from_message(ctx.clone(), &error.err_msg())?;
        e.as_object().own("errCode", error.err_code())?;
        e.as_object().own("errMsg", error.err_msg())?;
        Ok(e.into_value())
    })();
    match made {
        Ok(e) => ctx.throw(e),
        Err(e) => e,
    }
}

/// `swan.<A::NAME>(options)`: read the callbacks, return a Promise when there are none, refuse
/// callbacks that are not functions, read the options in one step, run the call, settle.
fn define<'js, A: Api>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let state = state.clone();
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, first: Opt<Value<'js>>| {
        let options = args::options(first.0);
        let mut callbacks = Callbacks::from_options(&ctx, A::NAME, options.as_ref())?;
        let returned = callbacks.promise_if_none(&ctx)?;
        let call = if callbacks.params_type_error {
            Call::Ready(Err(SwanError::ParamsType))
        } else {
            A::call(&state, args::read_options(&ctx, options.as_ref())?)
        };
        start(&ctx, &state, callbacks, Default::default(), call, A::result)?;
        Ok::<_, rquickjs::Error>(returned)
    })?;
    swan.set(A::NAME, f.with_name(A::NAME)?)
}

/// Runs a started call to its settlement (the one path from a call to its callbacks).
pub(crate) fn start<'js, T: Send + 'static>(
    ctx: &Ctx<'js>,
    state: &State,
    callbacks: Callbacks,
    listeners: ops::Listeners,
    call: Call<T>,
    build: ops::Build<T>,
) -> rquickjs::Result<()> {
    match call {
        Call::FailNow(e) => callbacks.fail(ctx, state, &e)?,
        Call::Ready(result) => {
            let op = ops::register(ctx, state, callbacks, listeners)?;
            ops::later(state, op, result, build);
        }
        Call::Blocking(work) => {
            let op = ops::register(ctx, state, callbacks, listeners)?;
            ops::blocking(state, op, work, build);
        }
    }
    Ok(())
}
