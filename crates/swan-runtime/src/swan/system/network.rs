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
    let network = Network {
        now: Cell::new(state.options.device.network_type),
        listeners: RefCell::default(),
    };
    // A second install in one runtime would only replace an identical starting state.
    let _ = ctx.store_userdata(network);

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
#[allow(
    dead_code,
    reason = "for the run's script (issue 12 §2), which changes the network"
)]
pub(crate) fn change_network(ctx: &Ctx<'_>, state: &State, to: NetworkType) {
    let listeners = match ctx.userdata::<Network>() {
        Some(network) if network.now.get() != to => {
            network.now.set(to);
            network.listeners.borrow().clone()
        }
        _ => return,
    };
    state.emit(Event::Shown {
        what: "networkChange".into(),
        detail: json!({"networkType": to.as_str(), "isConnected": to.is_connected()}),
    });
    for listener in listeners {
        let called = (|| {
            let res = Object::new(ctx.clone())?;
            res.own("isConnected", to.is_connected())?;
            res.own("networkType", to.as_str())?;
            listener.restore(ctx)?.call::<_, ()>((res,))
        })();
        if let Err(e) = called {
            uncaught::report(ctx, state, e);
        }
    }
}
