//! CommonJS: a file runs once inside `(function (exports, require, module, __filename,
//! __dirname) {…})`, as Node and the devtools' build run it, and `require` gives its
//! `module.exports`. A file that does not compile that way because it uses `import`/`export`
//! is an ES module (Node's "detect module"), handed to `esm.rs`.

use super::esm;
use super::registry::registry;
use rquickjs::context::EvalOptions;
use rquickjs::function::{Opt, This};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Error, Exception, Function, Module, Object, Value};

/// The header of the wrapper, on the file's first line so that line numbers stay right.
const WRAPPER_HEAD: &str = "(function (exports, require, module, __filename, __dirname) {";
const WRAPPER_TAIL: &str = "\n})";

/// What `require(specifier)` gives in the file `from` (package-relative; `""` for code with no
/// file).
pub(crate) fn require<'js>(
    ctx: &Ctx<'js>,
    from: &str,
    specifier: &str,
) -> rquickjs::Result<Value<'js>> {
    let path = resolve(ctx, from, specifier)?;
    load(ctx, &path)
}

/// The file `specifier` names from `from`, cached per folder.
pub(crate) fn resolve(ctx: &Ctx<'_>, from: &str, specifier: &str) -> rquickjs::Result<String> {
    let folder = from.rsplit_once('/').map_or("", |(f, _)| f).to_string();
    let key = (folder, specifier.to_string());
    let reg = registry(ctx)?;
    if let Some(hit) = reg.resolved.borrow().get(&key) {
        return Ok(hit.clone());
    }
    match reg.project.resolve(from, specifier) {
        Ok(path) => {
            reg.resolved.borrow_mut().insert(key, path.clone());
            Ok(path)
        }
        Err(e) => {
            drop(reg);
            Err(resolve_error(ctx, &e))
        }
    }
}

/// A resolution failure as a JavaScript `Error`; one that found nothing carries Node's
/// `code: 'MODULE_NOT_FOUND'`, which libraries test for optional dependencies.
fn resolve_error(ctx: &Ctx<'_>, e: &swan_project::ResolveError) -> Error {
    use swan_project::ResolveError::{NotFound, PackageEntry, PackageMissing};
    let exception = match Exception::from_message(ctx.clone(), &e.to_string()) {
        Ok(exception) => exception,
        Err(err) => return err,
    };
    if matches!(
        e,
        NotFound { .. } | PackageMissing { .. } | PackageEntry { .. }
    ) && let Err(err) = exception.as_object().set("code", "MODULE_NOT_FOUND")
    {
        return err;
    }
    ctx.throw(exception.into_value())
}

/// What `require` gives for the package file `path`: `module.exports` of a CommonJS or JSON
/// file (run or parsed once), the view of an ES module (loaded, linked and evaluated now).
pub(crate) fn load<'js>(ctx: &Ctx<'js>, path: &str) -> rquickjs::Result<Value<'js>> {
    let es = {
        let reg = registry(ctx)?;
        if let Some(module) = reg.modules.borrow().get(path).cloned() {
            return module.get("exports");
        }
        if let Some(view) = reg.views.borrow().get(path).cloned() {
            return Ok(view);
        }
        reg.es.borrow().contains(path)
    };
    // Compiling an ES module makes QuickJS load its whole graph: one import of ours.
    esm::in_op(ctx, |ctx| {
        if es {
            return esm::import_es(ctx, path);
        }
        match compile(ctx, path)? {
            Compiled::CommonJs(function) => run(ctx, path, function)?.get("exports"),
            Compiled::Json(value) => cache_json(ctx, path, value)?.get("exports"),
            Compiled::Es(_) => esm::import_es(ctx, path),
        }
    })
}

/// A file read and compiled, not yet run.
pub(crate) enum Compiled<'js> {
    CommonJs(Function<'js>),
    Json(Value<'js>),
    /// An ES module, compiled (declared to QuickJS) but not linked: it compiles only as a
    /// module.
    Es(Module<'js, Declared>),
}

/// Reads `path` beneath the package's directory handle and compiles it as CommonJS, or says it
/// is JSON or an ES module.
pub(crate) fn compile<'js>(ctx: &Ctx<'js>, path: &str) -> rquickjs::Result<Compiled<'js>> {
    let script = {
        let reg = registry(ctx)?;
        reg.project.script(path)
    };
    let script = match script {
        Ok(Some(script)) => script,
        Ok(None) => {
            return Err(Exception::throw_message(
                ctx,
                &format!("Cannot find module '{path}' in the package"),
            ));
        }
        Err(e) => return Err(Exception::throw_message(ctx, &e.to_string())),
    };
    if path.ends_with(".json") {
        return match ctx.json_parse(script.source) {
            Ok(value) => Ok(Compiled::Json(value)),
            Err(_) => {
                let error = ctx.catch();
                let message: String = error
                    .as_object()
                    .and_then(|e| e.get("message").ok())
                    .unwrap_or_default();
                Err(Exception::throw_syntax(ctx, &format!("{path}: {message}")))
            }
        };
    }
    let source = without_hashbang(&script.source);
    let mut wrapped = String::with_capacity(WRAPPER_HEAD.len() + source.len() + WRAPPER_TAIL.len());
    wrapped.push_str(WRAPPER_HEAD);
    wrapped.push_str(source);
    wrapped.push_str(WRAPPER_TAIL);
    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(path.to_string());
    match ctx.eval_with_options::<Function, _>(wrapped, options) {
        Ok(function) => Ok(Compiled::CommonJs(function)),
        Err(Error::Exception) if may_be_module(source) => {
            let cjs_error = ctx.catch();
            let declared = match with_commonjs_bindings(&script.source) {
                Some(bound) => match esm::declare(ctx, path, bound) {
                    // The bindings may clash with the module's own `module` or `exports`
                    // (a parse error, so nothing was loaded yet): then it has none.
                    Err(Error::Exception) => {
                        let error = ctx.catch();
                        if is_syntax_error(&error) {
                            esm::declare(ctx, path, script.source)
                        } else {
                            Err(ctx.throw(error))
                        }
                    }
                    other => other,
                },
                None => esm::declare(ctx, path, script.source),
            };
            match declared {
                Ok(module) => Ok(Compiled::Es(module)),
                Err(Error::Exception) => {
                    // Neither compiles: the real error is the one the parser met later (a
                    // module fails as CommonJS at its first `import`). A module whose import
                    // failed to resolve is a module: its error counts.
                    let es_error = ctx.catch();
                    let es_wins = !is_syntax_error(&es_error)
                        || error_line(&es_error, path) > error_line(&cjs_error, path);
                    Err(ctx.throw(if es_wins { es_error } else { cjs_error }))
                }
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// An ES module that also uses `module.exports`/`exports` (the devtools' Babel build, turning
/// everything into CommonJS, allows the mix) gets both as bindings, on its first line so line
/// numbers stay right. Its `module` and first `exports` are exported as `__cjsModule` and
/// `__cjsExports` (so `require` gives what it put in `module.exports`, see `VIEW_OF`) and,
/// when it has no default export,
/// `module.exports` is its default (what `import x from` gets under Babel).
fn with_commonjs_bindings(source: &str) -> Option<String> {
    let uses = source.contains("module.exports")
        || source.contains("exports.")
        || source.contains("exports[");
    if !uses {
        return None;
    }
    let mut text = String::with_capacity(source.len() + 160);
    text.push_str("var module = { exports: {} }, exports = module.exports;");
    text.push_str(source);
    text.push_str("\nexport { module as __cjsModule, exports as __cjsExports };");
    if !source.contains("export default") {
        text.push_str("\nexport default module.exports;");
    }
    Some(text)
}

fn is_syntax_error(error: &Value<'_>) -> bool {
    error
        .as_object()
        .and_then(|e| e.get::<_, String>("name").ok())
        .is_some_and(|name| name == "SyntaxError")
}

/// The line of `path` a syntax error points at (from its stack), 0 if none.
fn error_line(error: &Value<'_>, path: &str) -> u64 {
    let stack: String = error
        .as_object()
        .and_then(|e| e.get("stack").ok())
        .unwrap_or_default();
    let Some(at) = stack.find(&format!("{path}:")) else {
        return 0;
    };
    stack[at + path.len() + 1..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Runs a compiled CommonJS file as the module `path`, registered before it runs.
pub(crate) fn run<'js>(
    ctx: &Ctx<'js>,
    path: &str,
    function: Function<'js>,
) -> rquickjs::Result<Object<'js>> {
    let module = Object::new(ctx.clone())?;
    let exports = Object::new(ctx.clone())?;
    module.set("exports", exports.clone())?;
    module.set("id", path)?;
    module.set("filename", format!("/{path}"))?;
    module.set("loaded", false)?;
    registry(ctx)?
        .modules
        .borrow_mut()
        .insert(path.to_string(), module.clone());
    let require = require_function(ctx, path)?;
    let folder = match path.rsplit_once('/') {
        Some((folder, _)) => format!("/{folder}"),
        None => "/".to_string(),
    };
    let ran = function.call::<_, Value>((
        This(exports.clone()),
        exports,
        require,
        module.clone(),
        format!("/{path}"),
        folder,
    ));
    if let Err(e) = ran {
        // As Node: a module that threw is not cached, a later require runs it again.
        registry(ctx)?.modules.borrow_mut().remove(path);
        return Err(e);
    }
    module.set("loaded", true)?;
    Ok(module)
}

/// A JSON file's module: `exports` is the parsed value.
pub(crate) fn cache_json<'js>(
    ctx: &Ctx<'js>,
    path: &str,
    value: Value<'js>,
) -> rquickjs::Result<Object<'js>> {
    let module = Object::new(ctx.clone())?;
    module.set("exports", value)?;
    module.set("id", path)?;
    module.set("filename", format!("/{path}"))?;
    module.set("loaded", true)?;
    registry(ctx)?
        .modules
        .borrow_mut()
        .insert(path.to_string(), module.clone());
    Ok(module)
}

/// The `require` of the file `path`.
fn require_function<'js>(ctx: &Ctx<'js>, path: &str) -> rquickjs::Result<Function<'js>> {
    let from = path.to_string();
    let f = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, specifier: Opt<Value<'js>>| {
            let specifier = specifier_text(&ctx, specifier)?;
            require(&ctx, &from, &specifier)
        },
    )?;
    f.with_name("require")
}

/// The global `require`, for ES modules and code with no wrapper: relative to the file of the
/// function that calls it.
pub(crate) fn global_require<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Function<'js>> {
    let f = Function::new(ctx.clone(), |ctx: Ctx<'js>, specifier: Opt<Value<'js>>| {
        let specifier = specifier_text(&ctx, specifier)?;
        // The innermost frame with a file: the function calling `require`.
        let from = (0..2)
            .filter_map(|level| ctx.script_or_module_name(level))
            .filter_map(|atom| atom.to_string().ok())
            .find(|name| !name.is_empty())
            .unwrap_or_default();
        require(&ctx, &from, &specifier)
    })?;
    f.with_name("require")
}

fn specifier_text<'js>(ctx: &Ctx<'js>, specifier: Opt<Value<'js>>) -> rquickjs::Result<String> {
    match specifier.0.and_then(|v| v.as_string().cloned()) {
        Some(s) => s.to_string(),
        None => Err(Exception::throw_type(
            ctx,
            "require: the module name must be a string",
        )),
    }
}

/// `#!` on the first line is allowed in a file, not inside a function.
fn without_hashbang(source: &str) -> &str {
    if source.starts_with("#!") {
        // Keep the line itself (emptied) so line numbers stay right.
        let end = source.find('\n').unwrap_or(source.len());
        &source[end..]
    } else {
        source
    }
}

/// Whether a source that failed as CommonJS may be an ES module: it mentions the syntax.
fn may_be_module(source: &str) -> bool {
    source.contains("import") || source.contains("export") || source.contains("await")
}
