//! The page stack: opening a page (its script runs once per route, its components are built
//! from its `.json` and `.swan`), the navigations and the end of a run, each with the lifecycle
//! a phone gives it: the page left is hidden (`navigateTo`) or unloaded (`redirectTo`,
//! `navigateBack`, `reLaunch`), before the new one is loaded, shown and made ready.
//! `switchTab` keeps tab pages alive beside the stack, as the devtools do.

use crate::components;
use crate::convert::DefineOwn;
use crate::event::Event;
use crate::model::{Kind, PageEntry, PageType};
use crate::state::State;
use crate::{modules, uncaught};
use rquickjs::{Ctx, Object, Persistent, Value};
use serde_json::json;
use std::rc::Rc;
use swan_core::api::{NavKind, NavigateBackOptions, Target, navigate, navigate_back};
use swan_core::{Arg, SwanError};

/// A lifecycle step (see `prelude.js`'s `lifecycle`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    Load,
    Show,
    Ready,
    Hide,
    Unload,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::Load => "load",
            Phase::Show => "show",
            Phase::Ready => "ready",
            Phase::Hide => "hide",
            Phase::Unload => "unload",
        }
    }
}

/// Opens `route` on top of the stack: onLoad(query), onShow, onReady. The error says why the
/// page could not be made (its script threw, never called `Page()`, is not listed...).
pub(crate) fn open(
    ctx: &Ctx<'_>,
    state: &State,
    route: &str,
    query: &[(String, String)],
) -> Result<(), String> {
    let page_type = page_type(ctx, state, route)?;
    let made = (|| -> rquickjs::Result<Object> {
        let glue = state.model.glue.borrow();
        let Some(glue) = glue.as_ref() else {
            return Err(rquickjs::Error::Unknown);
        };
        let create = glue.create_page.clone().restore(ctx)?;
        let kind = match page_type.defined.kind {
            Kind::Page => "page",
            Kind::Component => "component",
        };
        let def = page_type.defined.def.clone().restore(ctx)?;
        let mut budget = components::MAX_INSTANCES;
        let nodes = components::nodes(ctx, &page_type.uses, &mut budget, 0)?;
        if budget == 0 {
            state.emit(Event::Notice {
                what: "component".into(),
                message: format!(
                    "{route} places more than {} components: only the first were built",
                    components::MAX_INSTANCES
                ),
            });
        }
        create.call((kind, def, route, query_object(ctx, query)?, nodes))
    })();
    let instance = match made {
        Ok(instance) => instance,
        Err(e) => {
            uncaught::report(ctx, state, e);
            return Err(format!("page \"{route}\" could not be created"));
        }
    };
    state.model.pages.borrow_mut().push(PageEntry {
        route: route.to_string(),
        instance: Persistent::save(ctx, instance.clone()),
    });
    let query = query_object(ctx, query).ok().map(Object::into_value);
    lifecycle(ctx, state, &instance, Phase::Load, query);
    lifecycle(ctx, state, &instance, Phase::Show, None);
    lifecycle(ctx, state, &instance, Phase::Ready, None);
    Ok(())
}

/// The type of `route`: its script runs the first time only.
fn page_type(ctx: &Ctx<'_>, state: &State, route: &str) -> Result<Rc<PageType>, String> {
    if let Some(known) = state.model.page_types.borrow().get(route) {
        return Ok(known.clone());
    }
    let script = state
        .services
        .project
        .page_script(route)
        .map_err(|e| e.to_string())?;
    state.model.defined.replace(None);
    if let Err(e) = modules::run_entry(ctx, state, &script.name) {
        uncaught::report(ctx, state, e);
    }
    let Some(defined) = state.model.defined.take() else {
        let message = format!("{route}.js did not call Page()");
        state.engine.failed.set(true);
        state.emit(Event::Error {
            message: message.clone(),
            stack: String::new(),
        });
        return Err(message);
    };
    let uses = components::uses(ctx, state, route, 0);
    let page_type = Rc::new(PageType { defined, uses });
    state
        .model
        .page_types
        .borrow_mut()
        .insert(route.to_string(), page_type.clone());
    Ok(page_type)
}

/// One lifecycle step of a page and its components; what a hook throws is reported and the
/// other hooks still run.
pub(crate) fn lifecycle<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    page: &Object<'js>,
    phase: Phase,
    arg: Option<Value<'js>>,
) {
    if state.engine.stopped() {
        return;
    }
    let called = (|| -> rquickjs::Result<()> {
        let glue = state.model.glue.borrow();
        let Some(glue) = glue.as_ref() else {
            return Ok(());
        };
        let f = glue.lifecycle.clone().restore(ctx)?;
        let arg = arg.unwrap_or_else(|| Value::new_undefined(ctx.clone()));
        f.call((page.clone(), phase.name(), arg))
    })();
    if let Err(e) = called {
        uncaught::report(ctx, state, e);
    }
}

fn step(ctx: &Ctx<'_>, state: &State, entry: &PageEntry, phase: Phase) {
    if let Ok(page) = entry.instance.clone().restore(ctx) {
        lifecycle(ctx, state, &page, phase, None);
    }
}

/// The top page, restored.
pub(crate) fn top<'js>(ctx: &Ctx<'js>, state: &State) -> Option<Object<'js>> {
    let entry = state.model.pages.borrow().last().cloned()?;
    entry.instance.restore(ctx).ok()
}

/// `navigateTo`, `redirectTo`, `switchTab` or `reLaunch` to `url`, checked against the stack
/// as it is now; a `navigate` event shows it.
pub(crate) fn go(ctx: &Ctx<'_>, state: &State, kind: NavKind, url: &Arg) -> Result<(), SwanError> {
    let detail = move_to(ctx, state, kind, url)?;
    state.emit(Event::Shown {
        what: "navigate".into(),
        detail,
    });
    Ok(())
}

fn move_to(
    ctx: &Ctx<'_>,
    state: &State,
    kind: NavKind,
    url: &Arg,
) -> Result<serde_json::Value, SwanError> {
    let project = &state.services.project;
    let from = state.model.current_route();
    let depth = state.model.pages.borrow().len();
    let Target { route, query } = navigate(
        kind,
        url,
        from.as_deref(),
        depth,
        &project.pages,
        &project.tab_pages,
    )?;
    // The new page's script runs before anything moves: a page that cannot be made leaves the
    // stack as it was.
    page_type(ctx, state, &route).map_err(|why| SwanError::Navigation {
        message: format!("{}:fail {why}", kind.api()),
    })?;
    match kind {
        NavKind::NavigateTo => {
            let top = state.model.pages.borrow().last().cloned();
            if let Some(top) = top {
                step(ctx, state, &top, Phase::Hide);
            }
        }
        NavKind::RedirectTo => pop(ctx, state),
        NavKind::ReLaunch => unload_all(ctx, state),
        // Already on that tab: nothing moves, as in the devtools.
        NavKind::SwitchTab if from.as_deref() == Some(route.as_str()) => {
            return Ok(event(kind, from, &route, &query, state));
        }
        NavKind::SwitchTab => {
            if switch_tab(ctx, state, &route) {
                return Ok(event(kind, from, &route, &query, state));
            }
        }
    }
    open(ctx, state, &route, &query).map_err(|why| SwanError::Navigation {
        message: format!("{}:fail {why}", kind.api()),
    })?;
    Ok(event(kind, from, &route, &query, state))
}

/// Leaves the stack for the tab page `route`: pages that are not tabs are unloaded, tab pages
/// are kept alive beside it. Returns whether `route` was alive already (it is then shown).
fn switch_tab(ctx: &Ctx<'_>, state: &State, route: &str) -> bool {
    let tabs = state.services.project.tab_pages.clone();
    let mut first = true;
    loop {
        // Bound first: a hook may call getCurrentPages() while the stack is not borrowed.
        let entry = state.model.pages.borrow_mut().pop();
        let Some(entry) = entry else { break };
        let is_tab = tabs.contains(&entry.route);
        if is_tab {
            if first {
                step(ctx, state, &entry, Phase::Hide);
            }
            state.model.tabs.borrow_mut().push(entry);
        } else {
            step(ctx, state, &entry, Phase::Unload);
        }
        first = false;
    }
    let alive = {
        let mut kept = state.model.tabs.borrow_mut();
        let at = kept.iter().position(|e| e.route == route);
        at.map(|at| kept.remove(at))
    };
    match alive {
        Some(entry) => {
            state.model.pages.borrow_mut().push(entry.clone());
            step(ctx, state, &entry, Phase::Show);
            true
        }
        None => false,
    }
}

/// `navigateBack`: unloads `delta` pages and shows the one below; a `navigate` event shows it.
pub(crate) fn back(
    ctx: &Ctx<'_>,
    state: &State,
    options: &NavigateBackOptions,
) -> Result<(), SwanError> {
    let depth = state.model.pages.borrow().len();
    let delta = navigate_back(options, depth)?;
    let from = state.model.current_route();
    for _ in 0..delta {
        pop(ctx, state);
    }
    let top = state.model.pages.borrow().last().cloned();
    if let Some(top) = top {
        step(ctx, state, &top, Phase::Show);
    }
    let to = state.model.current_route().unwrap_or_default();
    let detail = json!({
        "api": "navigateBack",
        "from": from,
        "to": to,
        "delta": delta,
        "depth": state.model.pages.borrow().len(),
    });
    state.emit(Event::Shown {
        what: "navigate".into(),
        detail,
    });
    Ok(())
}

/// Unloads the top page.
fn pop(ctx: &Ctx<'_>, state: &State) {
    let entry = state.model.pages.borrow_mut().pop();
    if let Some(entry) = entry {
        step(ctx, state, &entry, Phase::Unload);
    }
}

/// Unloads every page, top first, then the tab pages kept alive.
fn unload_all(ctx: &Ctx<'_>, state: &State) {
    loop {
        let empty = state.model.pages.borrow().is_empty();
        if empty {
            break;
        }
        pop(ctx, state);
    }
    let kept: Vec<PageEntry> = state.model.tabs.borrow_mut().drain(..).collect();
    for entry in kept.iter().rev() {
        step(ctx, state, entry, Phase::Unload);
    }
}

/// The end of a run: the top page is hidden, then every page unloaded.
pub(crate) fn close(ctx: &Ctx<'_>, state: &State) {
    let top = state.model.pages.borrow().last().cloned();
    if let Some(top) = top {
        step(ctx, state, &top, Phase::Hide);
    }
    unload_all(ctx, state);
}

fn event(
    kind: NavKind,
    from: Option<String>,
    to: &str,
    query: &[(String, String)],
    state: &State,
) -> serde_json::Value {
    let query: serde_json::Map<String, serde_json::Value> =
        query.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    json!({
        "api": kind.api(),
        "from": from,
        "to": to,
        "query": query,
        "depth": state.model.pages.borrow().len(),
    })
}

pub(crate) fn query_object<'js>(
    ctx: &Ctx<'js>,
    query: &[(String, String)],
) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    for (k, v) in query {
        o.own(k.as_str(), v.as_str())?;
    }
    Ok(o)
}
