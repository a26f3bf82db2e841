use crate::callbacks::Callbacks;
use crate::event::Event;
use crate::ops;
use crate::state::State;
use rquickjs::{Ctx, Object};

pub const NAME: &str = "hideToast";

/// `swan.hideToast()`: removes the toast (an event in a headless run).
pub(crate) fn start<'js>(
    _: &Ctx<'js>,
    state: &State,
    _: Option<Object<'js>>,
    callbacks: Callbacks,
) -> rquickjs::Result<()> {
    state.emit(Event::HideToast);
    ops::later(state, callbacks, Ok(()), ops::empty);
    Ok(())
}
