//! The page model a run builds: the `App()` object, what `Page()`/`Component()` defined while a
//! script ran, each page's and component's type (its script runs once), the page stack and the
//! tab pages kept alive beside it.

use rquickjs::{Function, Object, Persistent};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Which constructor defined a page or component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Page,
    Component,
}

/// A definition from `Page(def)` or `Component(def)`.
#[derive(Clone)]
pub(crate) struct Defined {
    pub kind: Kind,
    pub def: Persistent<Object<'static>>,
}

/// A custom component as `usingComponents` names it: its definition and what it uses itself.
pub(crate) struct ComponentType {
    /// Its path from the package root, without `.js` (`components/card/card`).
    pub path: String,
    pub def: Persistent<Object<'static>>,
    /// Filled after the type is known, so that a component that uses itself (directly or not)
    /// finds itself instead of running its script again; `PageModel::release` breaks the cycle.
    pub uses: RefCell<Vec<Use>>,
}

/// One `usingComponents` entry of a page or component and where its template places it.
pub(crate) struct Use {
    pub tag: String,
    pub component: Rc<ComponentType>,
    /// The attributes of each `<tag ...>` in the template (`None` for a bare attribute); one
    /// empty occurrence when the template does not mention the tag.
    pub occurrences: Vec<Vec<(String, Option<String>)>>,
    /// Whether the template places the tag (else the one occurrence is assumed).
    pub placed: bool,
}

/// A page route's type: its definition and its components.
pub(crate) struct PageType {
    pub defined: Defined,
    pub uses: Vec<Use>,
}

/// A page instance on the stack (or a tab page kept alive).
#[derive(Clone)]
pub(crate) struct PageEntry {
    pub route: String,
    pub instance: Persistent<Object<'static>>,
}

/// The functions of `page/prelude.js` the host calls.
pub(crate) struct Glue {
    pub create_page: Persistent<Function<'static>>,
    pub lifecycle: Persistent<Function<'static>>,
}

#[derive(Default)]
pub(crate) struct PageModel {
    pub app: RefCell<Option<Persistent<Object<'static>>>>,
    /// What the script now running passed to `Page()` or `Component()`.
    pub defined: RefCell<Option<Defined>>,
    pub page_types: RefCell<HashMap<String, Rc<PageType>>>,
    pub component_types: RefCell<HashMap<String, Rc<ComponentType>>>,
    /// The stack, bottom first (what `getCurrentPages()` returns).
    pub pages: RefCell<Vec<PageEntry>>,
    /// Tab pages left by `switchTab`: alive (not unloaded) but not on the stack.
    pub tabs: RefCell<Vec<PageEntry>>,
    pub glue: RefCell<Option<Glue>>,
}

impl PageModel {
    pub fn release(&self) {
        self.app.borrow_mut().take();
        self.defined.borrow_mut().take();
        self.page_types.borrow_mut().clear();
        for component in self.component_types.borrow().values() {
            component.uses.borrow_mut().clear(); // cycles between components
        }
        self.component_types.borrow_mut().clear();
        self.pages.borrow_mut().clear();
        self.tabs.borrow_mut().clear();
        self.glue.borrow_mut().take();
    }

    /// The route of the page on top of the stack.
    pub fn current_route(&self) -> Option<String> {
        self.pages.borrow().last().map(|p| p.route.clone())
    }
}
