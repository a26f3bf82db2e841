//! The `swan` global: one file per API, each mapping its options object to a `swan-core` call
//! and the result to callbacks. Shared conventions live in `callbacks.rs` and `ops.rs`.

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
use crate::callbacks::{Callbacks, Failure};
use crate::ops;
use crate::state::State;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};
use std::rc::Rc;

/// `swan.env.USER_DATA_PATH`.
pub const USER_DATA_PATH: &str = "bdfile://usr";

/// Starts an API once its callbacks are read: `(ctx, state, options, callbacks)`.
type Start = for<'js> fn(&Ctx<'js>, &State, Option<Object<'js>>, Callbacks) -> rquickjs::Result<()>;

pub(crate) fn install<'js>(ctx: &Ctx<'js>, state: &Rc<State>) -> rquickjs::Result<()> {
    let swan = Object::new(ctx.clone())?;
    let apis: [(&'static str, Start); 8] = [
        (
            save_image_to_photos_album::NAME,
            save_image_to_photos_album::start,
        ),
        (authorize::NAME, authorize::start),
        (get_setting::NAME, get_setting::start),
        (open_setting::NAME, open_setting::start),
        (show_toast::NAME, show_toast::start),
        (hide_toast::NAME, hide_toast::start),
        (save_file::NAME, save_file::start),
        (get_file_info::NAME, get_file_info::start),
    ];
    for (name, start) in apis {
        define(ctx, &swan, state, name, start)?;
    }
    download_file::install(ctx, &swan, state)?;
    let env = Object::new(ctx.clone())?;
    env.set("USER_DATA_PATH", USER_DATA_PATH)?;
    swan.set("env", env)?;
    ctx.globals().set("swan", swan)
}

/// The part every async API shares: read the callbacks, return a Promise when there are
/// none, refuse callbacks that are not functions (904 `params type error`), then start.
fn define<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
    api: &'static str,
    start: Start,
) -> rquickjs::Result<()> {
    let state = state.clone();
    let f = Function::new(ctx.clone(), move |ctx: Ctx<'js>, first: Opt<Value<'js>>| {
        let options = args::options(first.0);
        let mut callbacks = Callbacks::from_options(&ctx, api, options.as_ref())?;
        let returned = callbacks.promise_if_none(&ctx)?;
        if callbacks.params_type_error {
            let failure = Failure {
                err_code: 904,
                err_msg: "params type error".into(),
            };
            ops::later(&state, callbacks, Err::<(), _>(failure), ops::empty);
        } else {
            start(&ctx, &state, options, callbacks)?;
        }
        Ok::<_, rquickjs::Error>(returned)
    })?;
    swan.set(api, f.with_name(api)?)
}

/// `{authSetting: {scope: bool}}`, the result of getSetting and openSetting.
fn auth_setting<'js>(
    ctx: &Ctx<'js>,
    settings: std::collections::BTreeMap<String, bool>,
) -> rquickjs::Result<Object<'js>> {
    let map = Object::new(ctx.clone())?;
    for (scope, granted) in settings {
        map.set(scope, granted)?;
    }
    let res = Object::new(ctx.clone())?;
    res.set("authSetting", map)?;
    Ok(res)
}
