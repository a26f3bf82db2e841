//! Every API Baidu documents that no family of swan-album implements: it exists on `swan`,
//! fails the way its kind allows (see `unsupported_apis.txt`) with errCode 302
//! `"<name>:fail not supported by swan-album"`, and the first call of each in a run is an
//! `unsupportedApi` notice — never `TypeError: not a function`. Installed last, so a name
//! another family defines keeps its implementation; `canIUse` is installed here too, since it
//! must know which names are stubs.

use crate::args;
use crate::callbacks::Callbacks;
use crate::event::Event;
use crate::ops;
use crate::state::State;
use crate::swan::{Call, start, system::can_i_use, throw};
use rquickjs::function::{Opt, This};
use rquickjs::{Ctx, Function, Object, Value};
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use swan_core::SwanError;

/// Baidu's documented API names with the kind of stub each gets.
const LIST: &str = include_str!("unsupported_apis.txt");

/// How a stub behaves, after its API's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Takes an options object: fails through its callbacks or a rejected Promise.
    Async,
    /// As `Async`, returning a task object of no-op methods instead of a Promise.
    Task,
    /// Throws.
    Sync,
    /// `on*`/`off*`: registers nothing.
    Listener,
    /// Returns an object of chainable no-op methods.
    Factory,
    /// Does nothing.
    Noop,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "async" => Kind::Async,
            "task" => Kind::Task,
            "sync" => Kind::Sync,
            "listener" => Kind::Listener,
            "factory" => Kind::Factory,
            "noop" => Kind::Noop,
            _ => return None,
        })
    }

    /// What page code gets, for the notice.
    fn outcome(self) -> &'static str {
        match self {
            Kind::Async => "it fails with errCode 302",
            Kind::Task => "it fails with errCode 302 and its task does nothing",
            Kind::Sync => "it throws errCode 302",
            Kind::Listener => "its listener is never called",
            Kind::Factory => "the object it returns does nothing",
            Kind::Noop => "it does nothing",
        }
    }
}

/// The list's entries (comments and blank lines skipped; a malformed line is a bug the unit
/// test catches, skipped here).
pub(crate) fn entries() -> impl Iterator<Item = (&'static str, Kind)> {
    LIST.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let name = parts.next()?;
            Some((name, Kind::parse(parts.next()?)?))
        })
}

/// An object whose every method returns the object itself (chains never break), while
/// `then` stays absent (it is not a thenable), `toJSON`, symbols and `Object.prototype`'s
/// methods behave as on a plain object.
const NO_OP_OBJECT: &str = r#"(function () {
  'use strict';
  const own = new Set(['then', 'toJSON']);
  return function unsupportedObject() {
    let proxy;
    const method = function () { return proxy; };
    proxy = new Proxy({}, {
      get(target, key, receiver) {
        if (typeof key === 'symbol' || own.has(key) || key in Object.prototype) {
          return Reflect.get(target, key, receiver);
        }
        return method;
      },
    });
    return proxy;
  };
})()"#;

/// A fresh no-op object. The maker is compiled at each call (factories are called a few times
/// a page): a stub holding it would be a reference the engine's collector cannot see.
fn no_op_object<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
    let make: Function = ctx.eval(NO_OP_OBJECT)?;
    make.call(())
}

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let reported: Rc<RefCell<HashSet<&'static str>>> = Rc::default();
    // The stubs, for canIUse: a stub replaced later by a real API no longer counts as one.
    let stubs: Object = ctx.eval("new WeakSet()")?;
    let add: Function = stubs.get("add")?;
    can_i_use::install(ctx, swan, &stubs)?;
    for (name, kind) in entries() {
        let (holder, key) = match name.split_once('.') {
            Some((ns, key)) => (namespace(ctx, swan, ns)?, key),
            None => (swan.clone(), name),
        };
        if !holder.get::<_, Value>(key)?.is_undefined() {
            continue; // implemented by a family
        }
        let stub = stub(ctx, state, &reported, name, kind)?.with_name(key)?;
        add.call::<_, Value>((This(stubs.clone()), stub.clone()))?;
        holder.set(key, stub)?;
    }
    Ok(())
}

/// `swan.<ns>`, made an object if nothing is there yet.
fn namespace<'js>(ctx: &Ctx<'js>, swan: &Object<'js>, ns: &str) -> rquickjs::Result<Object<'js>> {
    if let Some(o) = swan.get::<_, Value>(ns)?.into_object() {
        return Ok(o);
    }
    let o = Object::new(ctx.clone())?;
    swan.set(ns, o.clone())?;
    Ok(o)
}

fn stub<'js>(
    ctx: &Ctx<'js>,
    state: &Rc<State>,
    reported: &Rc<RefCell<HashSet<&'static str>>>,
    name: &'static str,
    kind: Kind,
) -> rquickjs::Result<Function<'js>> {
    let (state, reported) = (state.clone(), reported.clone());
    Function::new(ctx.clone(), move |ctx: Ctx<'js>, first: Opt<Value<'js>>| {
        if reported.borrow_mut().insert(name) {
            state.emit(Event::Notice {
                what: "unsupportedApi".into(),
                message: format!(
                    "swan.{name} is not supported by swan-album: {}",
                    kind.outcome()
                ),
            });
        }
        let unsupported = SwanError::Unsupported { api: name.into() };
        match kind {
            Kind::Async | Kind::Task => {
                let options = args::options(first.0);
                let mut callbacks = Callbacks::from_options(&ctx, name, options.as_ref())?;
                let returned = match kind {
                    Kind::Task => no_op_object(&ctx)?,
                    _ => callbacks.promise_if_none(&ctx)?,
                };
                let error = match callbacks.params_type_error {
                    true => SwanError::ParamsType,
                    false => unsupported,
                };
                start(
                    &ctx,
                    &state,
                    callbacks,
                    Default::default(),
                    Call::Ready(Err::<(), _>(error)),
                    ops::empty,
                )?;
                Ok(returned)
            }
            Kind::Sync => Err(throw(&ctx, &unsupported)),
            Kind::Factory => no_op_object(&ctx),
            Kind::Listener | Kind::Noop => Ok(Value::new_undefined(ctx.clone())),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_an_entry() {
        let lines = LIST
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        let entries: Vec<_> = entries().collect();
        assert_eq!(
            entries.len(),
            lines,
            "a line of unsupported_apis.txt is malformed"
        );
        let names: HashSet<_> = entries.iter().map(|(n, _)| *n).collect();
        assert_eq!(names.len(), entries.len(), "a name is listed twice");
        for name in [
            "createSelectorQuery",
            "scanCode",
            "connectSocket",
            "ai.ocrIdCard",
        ] {
            assert!(names.contains(name), "{name}");
        }
    }
}
