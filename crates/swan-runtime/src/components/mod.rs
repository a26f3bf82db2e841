//! Custom components, built for their logic: each `usingComponents` entry of a page's (or a
//! component's) `.json` is resolved to a script, which runs once and calls `Component()`; its
//! template places it (`template.rs`). Relative (`./card`, `../card/card`) and rooted
//! (`/components/card/card`) paths are resolved here, to `<path>.js` or `<path>/index.js`; a bare
//! name is tried relative to the file, and otherwise as an npm package the way `require` finds it
//! (`miniprogram_npm/`, else `node_modules/` through its `miniprogram` field). Plugins are a
//! `notice`.

use crate::event::Event;
use crate::model::{ComponentType, Kind, Use};
use crate::state::State;
use crate::{modules, uncaught};
use rquickjs::{Array, Ctx, Object};
use std::rc::Rc;

/// How deep components may use components (a component that uses itself stops here).
const MAX_DEPTH: usize = 16;
/// How many component instances one page may have (a template with thousands of tags, or
/// nesting that multiplies, is cut here with a notice).
pub(crate) const MAX_INSTANCES: usize = 2000;

/// The components `owner` (a path without extension: `pages/index/index`) uses.
pub(crate) fn uses(ctx: &Ctx<'_>, state: &State, owner: &str, depth: usize) -> Vec<Use> {
    let Some(config) = read_json(state, &format!("{owner}.json")) else {
        return Vec::new();
    };
    let Some(using) = config.get("usingComponents").and_then(|u| u.as_object()) else {
        return Vec::new();
    };
    let template = state
        .services
        .project
        .text(&format!("{owner}.swan"))
        .ok()
        .flatten();
    let mut uses = Vec::new();
    for (tag, spec) in using {
        let Some(spec) = spec.as_str() else {
            notice(
                state,
                format!("{owner}.json: usingComponents \"{tag}\" is not a path"),
            );
            continue;
        };
        let Some(path) = resolve(state, owner, spec) else {
            continue;
        };
        let Some(component) = component_type(ctx, state, &path, depth + 1) else {
            continue;
        };
        let mut occurrences = template
            .as_deref()
            .map(|t| swan_project::tag_occurrences(t, tag))
            .unwrap_or_default();
        let placed = !occurrences.is_empty();
        if !placed {
            occurrences.push(Vec::new());
        }
        uses.push(Use {
            tag: tag.clone(),
            component,
            occurrences,
            placed,
        });
    }
    uses
}

/// The component at `path` (without `.js`): its script runs the first time it is used.
fn component_type(
    ctx: &Ctx<'_>,
    state: &State,
    path: &str,
    depth: usize,
) -> Option<Rc<ComponentType>> {
    if let Some(known) = state.model.component_types.borrow().get(path) {
        return Some(known.clone());
    }
    if depth > MAX_DEPTH {
        notice(
            state,
            format!("component {path} is nested more than {MAX_DEPTH} deep: not built"),
        );
        return None;
    }
    let outer = state.model.defined.take();
    if let Err(e) = modules::run_entry(ctx, state, &format!("{path}.js")) {
        uncaught::report(ctx, state, e);
    }
    let defined = state.model.defined.replace(outer);
    let def = match defined {
        Some(d) if d.kind == Kind::Component => d.def,
        _ => {
            notice(
                state,
                format!("{path}.js did not call Component(): not built"),
            );
            return None;
        }
    };
    let component = Rc::new(ComponentType {
        path: path.to_string(),
        def,
        uses: Default::default(),
    });
    state
        .model
        .component_types
        .borrow_mut()
        .insert(path.to_string(), component.clone());
    let used = uses(ctx, state, path, depth);
    component.uses.replace(used);
    Some(component)
}

/// The component script `spec` names from `owner`, as a path without `.js`.
fn resolve(state: &State, owner: &str, spec: &str) -> Option<String> {
    if spec.contains("://") {
        notice(
            state,
            format!(
                "{owner}.json: component {spec:?} (a plugin or dynamic library) is not supported"
            ),
        );
        return None;
    }
    let folder = owner.rsplit_once('/').map_or("", |(dir, _)| dir);
    let candidates: Vec<String> = if spec.starts_with('/') {
        vec![normalize("", spec)?]
    } else {
        normalize(folder, spec).into_iter().collect()
    };
    for base in candidates {
        for path in [base.clone(), format!("{base}/index")] {
            if let Ok(Some(_)) = state.services.project.script(&format!("{path}.js")) {
                return Some(path);
            }
        }
    }
    if spec.starts_with(['.', '/']) {
        notice(
            state,
            format!("{owner}.json: component {spec:?} not found in the package"),
        );
        return None;
    }
    // A bare name that is no file beside the owner is an npm component (`@vant/weapp/button/index`):
    // found as `require` finds it, in `miniprogram_npm/` or through `node_modules/`.
    match state.services.project.resolve(&format!("{owner}.js"), spec) {
        Ok(file) if file.ends_with(".js") => Some(file.trim_end_matches(".js").to_string()),
        Ok(file) => {
            notice(
                state,
                format!("{owner}.json: component {spec:?} is {file}, not a script"),
            );
            None
        }
        Err(e) => {
            notice(state, format!("{owner}.json: component {spec:?}: {e}"));
            None
        }
    }
}

/// `folder` joined with `spec`, `.` and `..` resolved; `None` if it climbs out of the package.
fn normalize(folder: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in spec.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    let path = parts.join("/");
    let path = path.strip_suffix(".js").unwrap_or(&path).to_string();
    (!path.is_empty()).then_some(path)
}

/// A page's or component's `.json`; `None` when absent. One that is not JSON is a notice (the
/// devtools refuse to build it; here the page still runs, without components).
fn read_json(state: &State, file: &str) -> Option<serde_json::Value> {
    let text = match state.services.project.text(file) {
        Ok(Some(text)) => text,
        Ok(None) => return None,
        Err(e) => {
            notice(state, e.to_string());
            return None;
        }
    };
    match serde_json::from_str(&text) {
        Ok(v) => Some(v),
        Err(e) => {
            notice(
                state,
                format!("{file} is not valid JSON ({e}): its components are not built"),
            );
            None
        }
    }
}

fn notice(state: &State, message: String) {
    state.emit(Event::Notice {
        what: "component".into(),
        message,
    });
}

/// The instance tree `prelude.js` builds: one node per placement of each component, each
/// with its definition, the tag's attributes and the nodes of what it uses.
pub(crate) fn nodes<'js>(
    ctx: &Ctx<'js>,
    uses: &[Use],
    budget: &mut usize,
    depth: usize,
) -> rquickjs::Result<Array<'js>> {
    nodes_under(ctx, uses, budget, depth, &mut Vec::new())
}

/// [`nodes`] below the components `above` (their paths). A component its template does not
/// place is assumed once, but not inside itself: Taro's runtime components (`comp`,
/// `custom-wrapper`) use each other and themselves, placed only by data at render time, and
/// assuming them at every level built thousands of instances of nothing.
fn nodes_under<'js>(
    ctx: &Ctx<'js>,
    uses: &[Use],
    budget: &mut usize,
    depth: usize,
    above: &mut Vec<String>,
) -> rquickjs::Result<Array<'js>> {
    let list = Array::new(ctx.clone())?;
    if depth > MAX_DEPTH {
        return Ok(list); // a component that uses itself: the tree stops here
    }
    let mut n = 0;
    for used in uses {
        if !used.placed && above.contains(&used.component.path) {
            continue;
        }
        for attributes in &used.occurrences {
            if *budget == 0 {
                return Ok(list);
            }
            *budget -= 1;
            let node = Object::new(ctx.clone())?;
            node.set("is", used.component.path.as_str())?;
            node.set("tag", used.tag.as_str())?;
            node.set("def", used.component.def.clone().restore(ctx)?)?;
            let attrs = Array::new(ctx.clone())?;
            for (i, (name, value)) in attributes.iter().enumerate() {
                let pair = Array::new(ctx.clone())?;
                pair.set(0, name.as_str())?;
                pair.set(1, value.as_deref())?;
                attrs.set(i, pair)?;
            }
            node.set("attrs", attrs)?;
            above.push(used.component.path.clone());
            let children =
                nodes_under(ctx, &used.component.uses.borrow(), budget, depth + 1, above);
            above.pop();
            node.set("children", children?)?;
            list.set(n, node)?;
            n += 1;
        }
    }
    Ok(list)
}
