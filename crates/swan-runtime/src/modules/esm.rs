//! ES modules, through QuickJS's own module system: a [`Resolver`] that resolves specifiers as
//! `swan-project` does, a [`Loader`] that compiles a file as a module or, for a CommonJS or
//! JSON file, runs it and hands QuickJS a module whose exports are its `module.exports`
//! (Babel's interop: `default` is `module.exports`, or `module.exports.default` when
//! `__esModule` is set; each property is a named export).
//!
//! QuickJS resolves a module's whole graph while compiling it ([`declare`]) and, when that
//! fails, frees the module but leaves the ones compiled meanwhile pointing at it or at nothing;
//! linking them again would crash. So those are marked broken and the resolver refuses them
//! from then on with the first error. A CommonJS file runs while QuickJS resolves the graph
//! that imports it; each `require` there is an [`Op`] of its own, and a `require` of an ES
//! module whose graph reaches a module still being resolved by an outer import (a cycle
//! through CommonJS) is refused with a clear error, as Node does, instead of linking a
//! half-resolved graph.

use super::commonjs::{self, Compiled};
use super::registry::{Op, Registry, registry};
use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::{Declarations, Declared, Exports, ModuleDef};
use rquickjs::promise::PromiseState;
use rquickjs::{Ctx, Exception, Function, Module, Object, Promise, Value};

/// QuickJS's resolver hook.
pub(crate) struct PackageResolver;

/// QuickJS's loader hook.
pub(crate) struct PackageLoader;

impl Resolver for PackageResolver {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        resolve(ctx, base, name)
    }
}

fn resolve(ctx: &Ctx<'_>, base: &str, name: &str) -> rquickjs::Result<String> {
    let path = match commonjs::resolve(ctx, base, name) {
        Ok(path) => path,
        Err(rquickjs::Error::Exception) => {
            let error = ctx.catch();
            point_at_import(ctx, &error, base, name);
            return Err(ctx.throw(error));
        }
        Err(e) => return Err(e),
    };
    let reg = registry(ctx)?;
    if let Some(why) = reg.broken.borrow().get(&path) {
        return Err(Exception::throw_message(
            ctx,
            &format!("module '{path}' failed to load earlier: {why}"),
        ));
    }
    if reg.ops.borrow().is_empty() {
        // No import of ours in progress: a dynamic `import()`. Load it fully first, within
        // an import of ours, so QuickJS finds it evaluated.
        drop(reg);
        commonjs::load(ctx, &path)?;
        return Ok(path);
    }
    let from_us = reg.root_import.borrow_mut().take_if(|root| root == name);
    if !base.is_empty() && from_us.is_none() {
        let mut deps = reg.deps.borrow_mut();
        let edges = deps.entry(base.to_string()).or_default();
        if !edges.contains(&path) {
            edges.push(path.clone());
        }
    }
    drop(reg);
    // `import()` (or a module compiled while another is evaluated) reaching a module half-way
    // through its body would make QuickJS link or evaluate it again.
    if let Some(busy) = evaluating_in_graph(ctx, &path)? {
        return Err(Exception::throw_message(
            ctx,
            &format!(
                "Cannot import '{path}' from '{base}' while '{busy}' is still being evaluated (a cycle): import it statically, or later"
            ),
        ));
    }
    let reg = registry(ctx)?;
    if let Some(loading) = reaches_outer_in_flight(&reg, &path) {
        return Err(Exception::throw_message(
            ctx,
            &format!(
                "Cannot load ES module '{path}' from '{base}' while '{loading}' is still loading (a cycle between CommonJS and ES modules): move the require() into a function, or use import"
            ),
        ));
    }
    Ok(path)
}

/// A static import that fails has no JavaScript frame to point at: its stack gets the line of
/// the importing file that names the specifier (found in the file's text), so the error says
/// where to look as a thrown one does.
fn point_at_import(ctx: &Ctx<'_>, error: &Value<'_>, base: &str, name: &str) {
    let Some(error) = error.as_object() else {
        return;
    };
    let stack: String = error.get("stack").unwrap_or_default();
    if base.is_empty() || stack.contains(base) {
        return;
    }
    let Ok(Some(script)) = registry(ctx).map(|reg| reg.project.script(base).ok().flatten()) else {
        return;
    };
    let quoted = [format!("'{name}'"), format!("\"{name}\"")];
    let line = script
        .source
        .lines()
        .position(|l| quoted.iter().any(|q| l.contains(q.as_str())));
    let at = match line {
        Some(i) => format!("    at {base}:{}\n", i + 1),
        None => format!("    at {base}\n"),
    };
    let _ = error.set("stack", format!("{at}{stack}"));
}

/// The modules `path` imports, directly or not, and itself.
fn graph_of(reg: &Registry<'_>, path: &str) -> Vec<String> {
    let deps = reg.deps.borrow();
    let mut seen = vec![path.to_string()];
    let mut next = 0;
    while next < seen.len() {
        for dep in deps.get(&seen[next]).into_iter().flatten() {
            if !seen.contains(dep) {
                seen.push(dep.clone());
            }
        }
        next += 1;
    }
    seen
}

/// How deep the JavaScript stack is searched for module code being evaluated.
const STACK_DEPTH: isize = 512;
/// Frames without a file in a row taken for the end of the stack.
const BLANK_FRAMES_AT_END: usize = 16;

/// A module of `path`'s graph that QuickJS is evaluating right now, if any: linking or
/// evaluating it again from here would abort QuickJS (its asserts), so such a `require` is
/// refused. While an outer import evaluates, the modules being evaluated are the ones whose
/// code is on the stack and every not yet finished module that imports them (the importers
/// wait, cycles included). Found from the stack's file names and the import edges; past
/// [`STACK_DEPTH`] frames every unfinished module counts.
fn evaluating_in_graph(ctx: &Ctx<'_>, path: &str) -> rquickjs::Result<Option<String>> {
    let reg = registry(ctx)?;
    if reg.evaluating.get() == 0 {
        return Ok(None);
    }
    let done = reg.done.borrow();
    let es = reg.es.borrow();
    let mut running: Vec<String> = Vec::new();
    // A frame without a file is native code, or the stack's end: the end is where no frame
    // with a file follows for a long stretch.
    let mut deep = true;
    let mut blank = 0;
    for level in 0..STACK_DEPTH {
        let Some(name) = ctx.script_or_module_name(level) else {
            blank += 1;
            if blank >= BLANK_FRAMES_AT_END {
                deep = false;
                break;
            }
            continue;
        };
        blank = 0;
        let name = name.to_string()?;
        if es.contains(&name) && !done.contains(&name) && !running.contains(&name) {
            running.push(name);
        }
    }
    for module in graph_of(&reg, path) {
        if done.contains(&module) || !es.contains(&module) {
            continue;
        }
        if let Some(busy) = graph_of(&reg, &module)
            .into_iter()
            .find(|m| running.contains(m))
        {
            return Ok(Some(busy));
        }
        if deep {
            return Ok(Some(module));
        }
    }
    Ok(None)
}

/// A module still being resolved by an outer import that `path`'s graph reaches, if any.
fn reaches_outer_in_flight(reg: &Registry<'_>, path: &str) -> Option<String> {
    let ops = reg.ops.borrow();
    let (_, outer) = ops.split_last()?;
    let loading: Vec<&String> = outer.iter().flat_map(|op| &op.in_flight).collect();
    if loading.is_empty() {
        return None;
    }
    let deps = reg.deps.borrow();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![path.to_string()];
    while let Some(next) = stack.pop() {
        if loading.contains(&&next) {
            return Some(next);
        }
        if seen.insert(next.clone()) {
            stack.extend(deps.get(&next).into_iter().flatten().cloned());
        }
    }
    None
}

impl Loader for PackageLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        load(ctx, name)
    }
}

fn load<'js>(ctx: &Ctx<'js>, path: &str) -> rquickjs::Result<Module<'js, Declared>> {
    let known = registry(ctx)?.modules.borrow().get(path).cloned();
    let module = match known {
        Some(module) => module,
        None => match commonjs::compile(ctx, path)? {
            Compiled::CommonJs(function) => commonjs::run(ctx, path, function)?,
            Compiled::Json(value) => commonjs::cache_json(ctx, path, value)?,
            Compiled::Es(module) => return Ok(module),
        },
    };
    declare_commonjs(ctx, path, &module)
}

/// Compiles the ES module `path`, which makes QuickJS resolve (load) its whole graph; see the
/// module docs for what a failure leaves behind.
pub(crate) fn declare<'js>(
    ctx: &Ctx<'js>,
    path: &str,
    source: String,
) -> rquickjs::Result<Module<'js, Declared>> {
    let start = {
        let reg = registry(ctx)?;
        let mut ops = reg.ops.borrow_mut();
        match ops.last_mut() {
            Some(op) => {
                op.in_flight.push(path.to_string());
                op.declared.len()
            }
            None => 0,
        }
    };
    let declared = Module::declare(ctx.clone(), path, source);
    let error = declared.is_err().then(|| ctx.catch());
    let reg = registry(ctx)?;
    let mut ops = reg.ops.borrow_mut();
    if let Some(op) = ops.last_mut() {
        op.in_flight.retain(|p| p != path);
        match &error {
            None => op.declared.push(path.to_string()),
            Some(error) => {
                let (why, _) = super::describe(error);
                let mut broken = reg.broken.borrow_mut();
                for module in op.declared.drain(start.min(op.declared.len())..) {
                    broken.entry(module).or_insert_with(|| why.clone());
                }
            }
        }
    }
    drop(ops);
    match error {
        None => {
            reg.es.borrow_mut().insert(path.to_string());
            declared
        }
        Some(error) => match declared {
            Err(rquickjs::Error::Exception) => Err(ctx.throw(error)),
            other => other,
        },
    }
}

/// The module QuickJS sees for a CommonJS or JSON file: a named export per property of
/// `module.exports` as it is now, plus `default`.
fn declare_commonjs<'js>(
    ctx: &Ctx<'js>,
    path: &str,
    module: &Object<'js>,
) -> rquickjs::Result<Module<'js, Declared>> {
    let exports: Value = module.get("exports")?;
    let mut names = vec!["default".to_string()];
    if let Some(object) = exports.as_object() {
        for key in object.keys::<String>() {
            let key = key?;
            if key != "default" && !key.contains('\0') {
                names.push(key);
            }
        }
        if !names.iter().any(|n| n == "__esModule") && object.contains_key("__esModule")? {
            names.push("__esModule".into());
        }
    }
    {
        let reg = registry(ctx)?;
        reg.exported
            .borrow_mut()
            .insert(path.to_string(), names.clone());
        *reg.declaring.borrow_mut() = names;
    }
    Module::declare_def::<CommonJsModule, _>(ctx.clone(), path)
}

/// A CommonJS file as QuickJS imports it.
struct CommonJsModule;

impl ModuleDef for CommonJsModule {
    fn declare<'js>(decl: &Declarations<'js>) -> rquickjs::Result<()> {
        let names = std::mem::take(&mut *registry(decl.module().ctx())?.declaring.borrow_mut());
        for name in names {
            decl.declare(name)?;
        }
        Ok(())
    }

    /// Runs when QuickJS evaluates the importing graph: the values are read then, so a
    /// CommonJS module caught in a cycle gives what it finished with.
    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        let path: String = exports.module().name()?;
        let (module, names) = {
            let reg = registry(ctx)?;
            let module = reg.modules.borrow().get(&path).cloned();
            let names = reg
                .exported
                .borrow()
                .get(&path)
                .cloned()
                .unwrap_or_default();
            (module, names)
        };
        let Some(module) = module else {
            return Err(Exception::throw_internal(
                ctx,
                &format!("module '{path}' vanished"),
            ));
        };
        let value: Value = module.get("exports")?;
        let object = value.as_object().cloned();
        for name in names {
            let v: Value = match (&object, name.as_str()) {
                (Some(o), "default") if is_es_module(o)? => o.get("default")?,
                (_, "default") => value.clone(),
                (Some(o), key) => o.get(key)?,
                (None, _) => Value::new_undefined(ctx.clone()),
            };
            exports.export(name, v)?;
        }
        Ok(())
    }
}

/// Babel's test: `exports.__esModule` truthy.
fn is_es_module(o: &Object<'_>) -> rquickjs::Result<bool> {
    let flag: Value = o.get("__esModule")?;
    Ok(match flag.as_bool() {
        Some(b) => b,
        None => !(flag.is_undefined() || flag.is_null()) && flag.as_int() != Some(0),
    })
}

/// Runs `f` as one import of ours (see [`Op`]).
pub(crate) fn in_op<'js, T>(
    ctx: &Ctx<'js>,
    f: impl FnOnce(&Ctx<'js>) -> rquickjs::Result<T>,
) -> rquickjs::Result<T> {
    registry(ctx)?.ops.borrow_mut().push(Op::default());
    let outcome = f(ctx);
    registry(ctx)?.ops.borrow_mut().pop();
    outcome
}

/// `require` of an ES module (inside [`in_op`]): links and evaluates it (and its graph) now,
/// and gives its view.
pub(crate) fn import_es<'js>(ctx: &Ctx<'js>, path: &str) -> rquickjs::Result<Value<'js>> {
    if let Some(busy) = evaluating_in_graph(ctx, path)? {
        return Err(Exception::throw_message(
            ctx,
            &format!(
                "Cannot require() ES module '{path}' while '{busy}' is still being evaluated (a cycle between CommonJS and ES modules): move the require() into a function, or use import"
            ),
        ));
    }
    {
        let reg = registry(ctx)?;
        *reg.root_import.borrow_mut() = Some(format!("/{path}"));
        reg.evaluating.set(reg.evaluating.get() + 1);
    }
    let imported = Module::import(ctx, format!("/{path}"));
    let settled = imported.and_then(|promise| settle(ctx, path, &promise));
    {
        // Whatever the outcome, QuickJS is done with this graph: its modules are evaluated
        // (or failed, or waiting on an await), none is half-way through its body any more.
        let reg = registry(ctx)?;
        reg.root_import.borrow_mut().take();
        reg.evaluating.set(reg.evaluating.get().saturating_sub(1));
        let graph = graph_of(&reg, path);
        reg.done.borrow_mut().extend(graph);
    }
    let namespace = settled?;
    let existing = registry(ctx)?.views.borrow().get(path).cloned();
    if let Some(view) = existing {
        return Ok(view);
    }
    let view_of: Function = registry(ctx)?.view_of.clone();
    let view: Value = view_of.call((namespace,))?;
    registry(ctx)?
        .views
        .borrow_mut()
        .insert(path.to_string(), view.clone());
    Ok(view)
}

/// Drives Promise jobs until the import settles: a module is evaluated synchronously, as the
/// devtools' build does; one whose top-level `await` does not settle that way is an error.
fn settle<'js>(
    ctx: &Ctx<'js>,
    path: &str,
    promise: &Promise<'js>,
) -> rquickjs::Result<Object<'js>> {
    while promise.state() == PromiseState::Pending {
        if !ctx.execute_pending_job() {
            break;
        }
    }
    match promise.state() {
        PromiseState::Resolved => promise.result::<Object>().unwrap_or_else(|| {
            Err(Exception::throw_internal(
                ctx,
                "module import settled without a result",
            ))
        }),
        PromiseState::Rejected => {
            // Handled here: the error is thrown to whoever required the module.
            let ignore = Function::new(ctx.clone(), || ())?;
            let _ = promise.catch().and_then(|catch| {
                catch.call::<_, Value>((rquickjs::function::This(promise.clone()), ignore))
            });
            match promise.result::<Value>() {
                Some(Err(rquickjs::Error::Exception)) => Err(rquickjs::Error::Exception),
                Some(Err(e)) => Err(e),
                Some(Ok(v)) => Err(ctx.throw(v)),
                None => Err(Exception::throw_internal(
                    ctx,
                    "module import lost its result",
                )),
            }
        }
        PromiseState::Pending => Err(Exception::throw_message(
            ctx,
            &format!(
                "module '{path}' did not finish loading: its top-level await waits for something that has not happened yet, and a module must be loaded synchronously here (as the devtools' build loads it)"
            ),
        )),
    }
}

/// Installs the hooks on the runtime.
pub(crate) fn hooks() -> (PackageResolver, PackageLoader) {
    (PackageResolver, PackageLoader)
}
