//! Result objects built from JSON, for APIs whose success carries several plain fields: the
//! fields are settled in Rust (`swan-core`) and become own data properties of a fresh object.

use rquickjs::{Ctx, Object};

/// `value`'s fields as a fresh object (anything but a JSON object gives an empty one).
pub(crate) fn json_object<'js>(
    ctx: &Ctx<'js>,
    value: serde_json::Value,
) -> rquickjs::Result<Object<'js>> {
    if !value.is_object() {
        return Object::new(ctx.clone());
    }
    match crate::convert::from_json(ctx, &value)?.into_object() {
        Some(o) => Ok(o),
        None => Object::new(ctx.clone()),
    }
}

/// A notice from the scripted user (an answer the page's call could not take as given).
pub(crate) fn user_notice(state: &crate::state::State, message: String) {
    state.emit(crate::event::Event::Notice {
        what: "scriptedUser".into(),
        message,
    });
}
