use crate::convert::DefineOwn;
use crate::state::State;
use crate::swan::system::next_tick;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Value};
use std::rc::Rc;

/// The manager lives in JavaScript: a Rust closure holding a JavaScript object is a reference
/// the engine's collector cannot see, which would keep it alive past the runtime's end.
const MANAGER: &str = r#"(function (onCheckForUpdate) {
  'use strict';
  const nothing = function () {};
  const manager = {
    onCheckForUpdate,
    onUpdateReady: nothing,
    onUpdateFailed: nothing,
    applyUpdate: nothing,
  };
  return function getUpdateManager() { return manager; };
})"#;

/// `swan.getUpdateManager()`: the one `UpdateManager` of the app (the same object every call,
/// as Baidu's "全局唯一"). A project run from its folder is always its newest version, so
/// `onCheckForUpdate(cb)` calls `cb({hasUpdate: false})` as a microtask, `onUpdateReady` and
/// `onUpdateFailed` keep nothing (they would never be called), and `applyUpdate()` does
/// nothing.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let st = state.clone();
    let check = Function::new(ctx.clone(), move |ctx: Ctx<'js>, cb: Opt<Value<'js>>| {
        let Some(cb) = cb.0.and_then(|v| v.into_function()) else {
            return Ok(());
        };
        let res = Object::new(ctx.clone())?;
        res.own("hasUpdate", false)?;
        next_tick::queue(&ctx, &st, cb, vec![res.into_value()])
    })?
    .with_name("onCheckForUpdate")?;
    let make: Function = ctx.eval(MANAGER)?;
    let get: Function = make.call((check,))?;
    swan.set("getUpdateManager", get)
}
