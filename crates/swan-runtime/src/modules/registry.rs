//! What the module system remembers during a run, kept as the context's userdata so that its
//! JavaScript values are freed with the runtime (never held past it from Rust).

use rquickjs::{Ctx, Exception, Function, JsLifetime, Object, Value};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use swan_project::Project;

/// One `require` (or entry, or dynamic `import()`) started from here, while QuickJS loads,
/// links and evaluates what it needs.
#[derive(Default)]
pub(crate) struct Op {
    /// ES modules being compiled (so resolved) right now, innermost last.
    pub in_flight: Vec<String>,
    /// ES modules compiled during this op, in order.
    pub declared: Vec<String>,
}

pub(crate) struct Registry<'js> {
    pub project: Project,
    /// CommonJS and JSON modules by file: the `module` object, there from before the module
    /// runs (so a cycle gets the partly filled `exports`).
    pub modules: RefCell<HashMap<String, Object<'js>>>,
    /// What `require` gives for an ES module: its named exports, `default`, `__esModule`.
    pub views: RefCell<HashMap<String, Value<'js>>>,
    /// Files known to be ES modules (declared to QuickJS once).
    pub es: RefCell<HashSet<String>>,
    /// Export names of the module object QuickJS sees for each CommonJS file imported.
    pub exported: RefCell<HashMap<String, Vec<String>>>,
    /// The names of the CommonJS module being declared right now.
    pub declaring: RefCell<Vec<String>>,
    /// Imports in progress, innermost last.
    pub ops: RefCell<Vec<Op>>,
    /// ES modules left half-resolved by a failed import, with why: QuickJS must never link them
    /// again (one of their imports is missing), so any later import of them fails with this.
    pub broken: RefCell<HashMap<String, String>>,
    /// Which modules each ES module imports, as resolved.
    pub deps: RefCell<HashMap<String, Vec<String>>>,
    /// ES modules whose graph QuickJS has finished with (evaluated, failed, or waiting on a
    /// top-level await): none of them is half-way through its body.
    pub done: RefCell<HashSet<String>>,
    /// How many imports of ours are evaluating right now (nested through `require`).
    pub evaluating: Cell<usize>,
    /// The rooted specifier our own import is about to resolve (not an import edge).
    pub root_import: RefCell<Option<String>>,
    /// Resolutions done, by (requiring file's folder, specifier).
    pub resolved: RefCell<HashMap<(String, String), String>>,
    /// `(namespace) => view`, see `interop.rs`.
    pub view_of: Function<'js>,
}

// SAFETY: every JavaScript value in `Registry` carries the `'js` lifetime and nothing else
// does; `Changed` only swaps that lifetime.
unsafe impl<'js> JsLifetime<'js> for Registry<'js> {
    type Changed<'to> = Registry<'to>;
}

/// The registry of `ctx`, installed by `modules::install`.
pub(crate) fn registry<'a, 'js>(
    ctx: &'a Ctx<'js>,
) -> rquickjs::Result<rquickjs::runtime::UserDataGuard<'a, Registry<'js>>> {
    ctx.userdata::<Registry<'js>>()
        .ok_or_else(|| Exception::throw_internal(ctx, "the module system is not installed"))
}
