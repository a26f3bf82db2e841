//! What the bindings share on the JavaScript thread, one `State` per run behind an `Rc`, split
//! by what it is: the engine's bookkeeping, the page model, the services behind the APIs, and
//! the run's options. Nothing here crosses threads except through `Completion` messages.

use crate::engine::Engine;
use crate::event::Event;
use crate::model::PageModel;
use crate::run::RunOptions;
use crate::services::Services;
use crate::user::UserAnswers;
use std::cell::RefCell;

pub(crate) struct State {
    pub engine: Engine,
    pub model: PageModel,
    pub services: Services,
    pub options: RunOptions,
    /// The scripted user's answers now (the run's script may change them between steps).
    pub user: RefCell<UserAnswers>,
}

impl State {
    pub fn emit(&self, event: Event) {
        self.services.events.emit(event);
    }

    /// Drops every JavaScript value held from Rust; must run before the engine is freed.
    pub fn release(&self) {
        self.engine.release();
        self.model.release();
    }
}
