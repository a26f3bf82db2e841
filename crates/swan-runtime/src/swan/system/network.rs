//! `getNetworkType`, `onNetworkStatusChange`, `offNetworkStatusChange`, and
//! [`change_network`] for whatever drives the run (its script) to take the phone off wifi.

use crate::args;
use crate::callbacks::Callbacks;
use crate::convert::DefineOwn;
use crate::event::Event;
use crate::state::State;
use crate::swan::{Call, start};
use crate::uncaught;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, JsLifetime, Object, Persistent, Value};
use serde_json::json;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use swan_core::api::NetworkType;

/// The network now and the page's listeners, kept in the runtime's userdata so that
/// [`change_network`] reaches them from any `Ctx` of the run. The runtime drops userdata
/// before it frees the engine, so the listeners it holds go in time.
struct Network {
    now: Cell<NetworkType>,
    listeners: RefCell<Vec<Persistent<Function<'static>>>>,
}

// SAFETY: `Network` has no lifetime of its own (the `Persistent`s are 'static), which
// rquickjs documents as always sound.
unsafe impl<'js> JsLifetime<'js> for Network {
    type Changed<'to> = Network;
}

pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    swan: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let st = state.clone();
    let get = Function::new(ctx.clone(), move |ctx: Ctx<'js>, first: Opt<Value<'js>>| {
        const NAME: &str = "getNetworkType";
        let options = args::options(first.0);
        let mut callbacks = Callbacks::from_options(&ctx, NAME, options.as_ref())?;
        let returned = callbacks.promise_if_none(&ctx)?;
        let call = if callbacks.params_type_error {
            Call::Ready(Err(swan_core::SwanError::ParamsType))
        } else {
            Call::Ready(Ok(now(&ctx)))
        };
        start(&ctx, &st, callbacks, Default::default(), call, type_result)?;
        Ok::<_, rquickjs::Error>(returned)
    })?;
    swan.set("getNetworkType", get.with_name("getNetworkType")?)?;
    listeners(ctx, swan, state.options.device.network_type)
}

/// The network's state in the runtime, `onNetworkStatusChange` and `offNetworkStatusChange`.
fn listeners<'js>(ctx: &Ctx<'js>, swan: &Object<'js>, first: NetworkType) -> rquickjs::Result<()> {
    let network = Network {
        now: Cell::new(first),
        listeners: RefCell::default(),
    };
    // A second install in one runtime would only replace an identical starting state.
    let _ = ctx.store_userdata(network);

    let on = Function::new(ctx.clone(), move |ctx: Ctx<'js>, cb: Opt<Value<'js>>| {
        let Some(f) = cb.0.and_then(|v| v.into_function()) else {
            return;
        };
        if let Some(network) = ctx.userdata::<Network>() {
            network
                .listeners
                .borrow_mut()
                .push(Persistent::save(&ctx, f));
        }
    })?;
    swan.set(
        "onNetworkStatusChange",
        on.with_name("onNetworkStatusChange")?,
    )?;

    let off = Function::new(ctx.clone(), move |ctx: Ctx<'js>, cb: Opt<Value<'js>>| {
        let Some(network) = ctx.userdata::<Network>() else {
            return;
        };
        let mut listeners = network.listeners.borrow_mut();
        match cb.0.filter(|v| v.is_function()) {
            // One listener removed; without an argument, all of them (as WeChat documents).
            Some(f) => listeners.retain(|l| {
                l.clone()
                    .restore(&ctx)
                    .map(|l| l.into_value() != f)
                    .unwrap_or(false)
            }),
            None => listeners.clear(),
        }
    })?;
    swan.set(
        "offNetworkStatusChange",
        off.with_name("offNetworkStatusChange")?,
    )
}

/// The network now (the device profile's until something changes it).
fn now(ctx: &Ctx<'_>) -> NetworkType {
    ctx.userdata::<Network>()
        .map(|n| n.now.get())
        .unwrap_or(NetworkType::Wifi)
}

fn type_result<'js>(ctx: &Ctx<'js>, t: NetworkType) -> rquickjs::Result<Object<'js>> {
    let res = Object::new(ctx.clone())?;
    res.own("networkType", t.as_str())?;
    Ok(res)
}

/// Puts the phone on another network: a `networkChange` event, then every
/// `onNetworkStatusChange` listener gets `{isConnected, networkType}` (in the order they were
/// added; one throwing is reported and the others still run). Nothing happens when the network
/// does not change, as on a phone.
pub(crate) fn change_network(ctx: &Ctx<'_>, state: &State, to: NetworkType) {
    let Some(listeners) = switch(ctx, to) else {
        return;
    };
    state.emit(Event::Shown {
        what: "networkChange".into(),
        detail: json!({"networkType": to.as_str(), "isConnected": to.is_connected()}),
    });
    notify(ctx, listeners, to, &mut |e| uncaught::report(ctx, state, e));
}

/// Sets the network; the listeners to tell, or `None` when it did not change.
fn switch(ctx: &Ctx<'_>, to: NetworkType) -> Option<Vec<Persistent<Function<'static>>>> {
    let network = ctx.userdata::<Network>()?;
    if network.now.get() == to {
        return None;
    }
    network.now.set(to);
    let listeners = network.listeners.borrow().clone();
    Some(listeners)
}

/// Calls each listener; `failed` gets what one threw, at once (the engine keeps only the last
/// exception).
fn notify<'js>(
    ctx: &Ctx<'js>,
    listeners: Vec<Persistent<Function<'static>>>,
    to: NetworkType,
    failed: &mut dyn FnMut(rquickjs::Error),
) {
    for listener in listeners {
        let called = (|| {
            let res = Object::new(ctx.clone())?;
            res.own("isConnected", to.is_connected())?;
            res.own("networkType", to.as_str())?;
            listener.restore(ctx)?.call::<_, ()>((res,))
        })();
        if let Err(e) = called {
            failed(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rquickjs::{Context, Runtime};

    #[test]
    fn listeners_hear_each_change_once_and_a_throw_does_not_stop_the_others() {
        let rt = Runtime::new().unwrap();
        let context = Context::full(&rt).unwrap();
        context.with(|ctx| {
            let swan = Object::new(ctx.clone()).unwrap();
            listeners(&ctx, &swan, NetworkType::Wifi).unwrap();
            ctx.globals().set("swan", swan).unwrap();
            ctx.eval::<(), _>(
                r#"globalThis.heard = [];
                const gone = () => heard.push('removed one');
                swan.onNetworkStatusChange(r => { heard.push(r.networkType + ' ' + r.isConnected); });
                swan.onNetworkStatusChange(gone);
                swan.onNetworkStatusChange(() => { throw new Error('listener broke'); });
                swan.onNetworkStatusChange(r => heard.push('last ' + r.networkType));
                swan.offNetworkStatusChange(gone);"#,
            )
            .unwrap();
            let mut thrown = Vec::new();
            for to in [NetworkType::None, NetworkType::None, NetworkType::G4] {
                if let Some(l) = switch(&ctx, to) {
                    notify(&ctx, l, to, &mut |_| thrown.push(ctx.catch()));
                }
            }
            assert_eq!(now(&ctx), NetworkType::G4);
            let heard: Vec<String> = ctx.eval("heard").unwrap();
            assert_eq!(heard, ["none false", "last none", "4g true", "last 4g"]);
            assert_eq!(thrown.len(), 2);
            ctx.eval::<(), _>("swan.offNetworkStatusChange()").unwrap();
            assert!(switch(&ctx, NetworkType::Wifi).unwrap().is_empty());
        });
    }
}
