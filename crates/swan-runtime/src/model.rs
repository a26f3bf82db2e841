//! The page model a run builds: the `App()` object, the definition given to `Page()`, and the
//! page stack.

use rquickjs::{Object, Persistent};
use std::cell::RefCell;

#[derive(Default)]
pub(crate) struct PageModel {
    pub app: RefCell<Option<Persistent<Object<'static>>>>,
    /// The definition passed to `Page()` while a page script runs.
    pub page_definition: RefCell<Option<Persistent<Object<'static>>>>,
    pub pages: RefCell<Vec<Persistent<Object<'static>>>>,
}

impl PageModel {
    pub fn release(&self) {
        self.app.borrow_mut().take();
        self.page_definition.borrow_mut().take();
        self.pages.borrow_mut().clear();
    }
}
