//! How the package's scripts run: every `.js` file of the package is a module, CommonJS or ES
//! (told apart per file, as Node's "detect module" does), mixed freely with the interop the
//! devtools' Babel build gives; `app.js`, page and component scripts are entry points.
//!
//! - `commonjs.rs`: the function wrapper, `require`, `module.exports`, the cache and cycles.
//! - `esm.rs`: QuickJS's module system with a resolver and loader over the package, CommonJS
//!   files seen from `import`, and `require` of an ES module evaluated synchronously.
//! - `registry.rs`: what is loaded, kept as the context's userdata.
//!
//! Where a specifier leads is decided by `swan_project::Project::resolve` (plain Rust): every
//! file is read beneath the package's directory handle.

mod commonjs;
mod esm;
mod registry;

use crate::state::State;
use registry::Registry;
use rquickjs::{Context, Ctx, Exception, Function, Runtime, Value};
use std::rc::Rc;

/// `require` of an ES module gives this view of its namespace: each named export as a getter
/// (live, like Babel's `exports.x`), `default`, and `__esModule: true` so Babel-style
/// `_interopRequireDefault` takes `default`. `Reflect.ownKeys` reads no binding, so a module
/// still in its temporal dead zone (a cycle) can be viewed. An ES module that also uses
/// `module.exports` (see `commonjs::with_commonjs_bindings`) gives, as under Babel, what it
/// assigned to `module.exports`, or its exports plus what it put on `exports`.
const VIEW_OF: &str = r#"(function (ns) {
  const keys = Reflect.ownKeys(ns);
  const skip = ['__esModule', '__cjsModule', '__cjsExports'];
  let extra = null;
  if (keys.includes('__cjsModule')) {
    const m = ns.__cjsModule;
    if (m && m.exports !== ns.__cjsExports) return m.exports;
    extra = m && m.exports;
  }
  const view = {};
  for (const key of keys) {
    if (typeof key !== 'string' || skip.includes(key)) continue;
    Object.defineProperty(view, key, { enumerable: true, get: () => ns[key] });
  }
  if (extra) {
    for (const key of Object.keys(extra)) {
      if (key in view || skip.includes(key)) continue;
      Object.defineProperty(view, key, { enumerable: true, get: () => extra[key] });
    }
  }
  Object.defineProperty(view, '__esModule', { value: true });
  return view;
})"#;

/// Sets the module hooks on the runtime and the globals `require` (for ES modules, relative to
/// the calling file) and `global` (an alias of `globalThis`, as the devtools give it; uni-app
/// and Taro builds use it).
pub(crate) fn install(rt: &Runtime, context: &Context, state: &Rc<State>) -> rquickjs::Result<()> {
    let (resolver, loader) = esm::hooks();
    rt.set_loader(resolver, loader);
    context.with(|ctx| {
        let view_of: Function = ctx.eval(VIEW_OF)?;
        let registry = Registry {
            project: state.services.project.clone(),
            modules: Default::default(),
            views: Default::default(),
            es: Default::default(),
            exported: Default::default(),
            declaring: Default::default(),
            ops: Default::default(),
            broken: Default::default(),
            deps: Default::default(),
            done: Default::default(),
            evaluating: Default::default(),
            root_import: Default::default(),
            resolved: Default::default(),
            view_of,
        };
        if ctx.store_userdata(registry).is_err() {
            return Err(Exception::throw_internal(
                &ctx,
                "the module registry could not be stored",
            ));
        }
        let globals = ctx.globals();
        globals.set("global", globals.clone())?;
        globals.set("require", commonjs::global_require(&ctx)?)?;
        Ok(())
    })
}

/// Runs the package file `path` (from the project root, e.g. `pages/index/index.js`; `.js`
/// may be left out, a folder gives its `index.js`) as an entry point, CommonJS or ES module:
/// read beneath the package's directory handle, evaluated with its name in stack traces. Like
/// every module it runs once per run: a second call for the same file does nothing (the
/// devtools register each page's and component's definition once, too).
pub(crate) fn run_entry(ctx: &Ctx<'_>, _state: &State, path: &str) -> rquickjs::Result<()> {
    let file = commonjs::resolve(ctx, "", &format!("/{}", path.trim_start_matches('/')))?;
    commonjs::load(ctx, &file).map(|_| ())
}

/// The package file a specifier names from the file `from`, as `require` resolves it: for a
/// component listed in `usingComponents` (`./card/card`, `/components/x/x`, an npm
/// `@vant/weapp/button/index`), with `from` the page's or component's script. A failure is a
/// thrown `Error` naming both.
#[allow(dead_code, reason = "for the component loader of issue 12")]
pub(crate) fn resolve(ctx: &Ctx<'_>, from: &str, specifier: &str) -> rquickjs::Result<String> {
    commonjs::resolve(ctx, from, specifier)
}

fn describe(error: &Value<'_>) -> (String, String) {
    crate::uncaught::describe_value(error)
}
