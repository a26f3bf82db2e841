use crate::callbacks::{Callbacks, Failure};
use crate::event::Event;
use crate::ops;
use crate::state::State;
use rquickjs::{Ctx, Object, Value};

pub const NAME: &str = "showToast";
const DEFAULT_DURATION_MS: u64 = 2000;

/// `swan.showToast({title, icon, image, duration, mask})`. A missing or empty title fails
/// *synchronously* (§5); otherwise the toast is an event at once and success comes later.
pub(crate) fn start<'js>(
    ctx: &Ctx<'js>,
    state: &State,
    options: Option<Object<'js>>,
    callbacks: Callbacks,
) -> rquickjs::Result<()> {
    let field = |name: &str| -> rquickjs::Result<Value<'js>> {
        match &options {
            Some(o) => o.get(name),
            None => Ok(Value::new_undefined(ctx.clone())),
        }
    };
    let title = field("title")?
        .as_string()
        .and_then(|s| s.to_string().ok())
        .unwrap_or_default();
    if title.is_empty() {
        let failure = Failure {
            err_code: 904,
            err_msg: "showToast:fail parameter error: title is required".into(),
        };
        return callbacks.fail(ctx, state, &failure);
    }
    let icon = field("icon")?.as_string().and_then(|s| s.to_string().ok());
    let icon = match icon.as_deref() {
        Some(i @ ("success" | "loading" | "none")) => i.to_string(),
        _ => "success".to_string(),
    };
    let image = field("image")?
        .as_string()
        .and_then(|s| s.to_string().ok())
        .filter(|s| !s.is_empty());
    let duration = field("duration")?
        .as_number()
        .filter(|d| d.is_finite() && *d >= 0.0)
        .map(|d| d as u64);
    let mask = field("mask")?.as_bool().unwrap_or(false);
    state.emit(Event::Toast {
        title,
        icon,
        image,
        duration: duration.unwrap_or(DEFAULT_DURATION_MS),
        mask,
    });
    ops::later(state, callbacks, Ok(()), ops::empty);
    Ok(())
}
