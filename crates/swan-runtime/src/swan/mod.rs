//! The `swan` global. Each API is one [`Api`] impl in its own file: its name, its options type
//! (declared in `swan-core`), what it does with them, and how its result looks to page code.
//! Reading callbacks, the Promise form, 904 `params type error` and settling live here once.

mod authorize;
mod download_file;
mod get_file_info;
mod get_setting;
mod hide_toast;
mod open_setting;
mod save_file;
mod save_image_to_photos_album;
mod show_toast;

use crate::args;
use crate::callbacks::Callbacks;
use crate::convert::DefineOwn;
use crate::ops;
use crate::state::State;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use swan_core::SwanError;

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

pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let swan = Object::new(ctx.clone())?;
    define::<save_image_to_photos_album::SaveImageToPhotosAlbum>(ctx, &swan, state)?;
    define::<authorize::Authorize>(ctx, &swan, state)?;
    define::<get_setting::GetSetting>(ctx, &swan, state)?;
    define::<open_setting::OpenSetting>(ctx, &swan, state)?;
    define::<show_toast::ShowToast>(ctx, &swan, state)?;
    define::<hide_toast::HideToast>(ctx, &swan, state)?;
    define::<save_file::SaveFile>(ctx, &swan, state)?;
    define::<get_file_info::GetFileInfo>(ctx, &swan, state)?;
    download_file::install(ctx, &swan, state)?;
    let env = Object::new(ctx.clone())?;
    env.set("USER_DATA_PATH", USER_DATA_PATH)?;
    swan.set("env", env)?;
    ctx.globals().set("swan", swan)
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

/// `{authSetting: {scope: bool}}`, the result of getSetting and openSetting.
fn auth_setting<'js>(
    ctx: &Ctx<'js>,
    settings: std::collections::BTreeMap<String, bool>,
) -> rquickjs::Result<Object<'js>> {
    let map = Object::new(ctx.clone())?;
    for (scope, granted) in settings {
        map.own(&scope, granted)?;
    }
    let res = Object::new(ctx.clone())?;
    res.own("authSetting", map)?;
    Ok(res)
}
