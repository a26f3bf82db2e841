use crate::SwanError;
use crate::api::option_checks::{optional_bool, optional_string};

crate::options! {
    /// `swan.showModal`'s options.
    pub struct ShowModalOptions {
        title: "title",
        content: "content",
        show_cancel: "showCancel",
        cancel_text: "cancelText",
        cancel_color: "cancelColor",
        confirm_text: "confirmText",
        confirm_color: "confirmColor",
    }
}

/// Baidu's documented defaults.
pub const MODAL_CANCEL_TEXT: &str = "取消";
/// The cancel button's colour when none is given.
pub const MODAL_CANCEL_COLOR: &str = "#000000";
/// The confirm button's text when none is given.
pub const MODAL_CONFIRM_TEXT: &str = "确定";
/// The confirm button's colour when none is given (Baidu's blue, not WeChat's green).
pub const MODAL_CONFIRM_COLOR: &str = "#3c76ff";
/// Baidu documents button texts of "at most 4 characters".
pub const MODAL_BUTTON_TEXT_MAX: usize = 4;

/// A modal as shown, every option settled, with what the user tapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modal {
    /// The title (empty when none).
    pub title: String,
    /// The text (empty when none).
    pub content: String,
    /// Whether there is a cancel button.
    pub show_cancel: bool,
    /// Button texts and colours.
    pub cancel_text: String,
    /// See `cancel_text`.
    pub cancel_color: String,
    /// See `cancel_text`.
    pub confirm_text: String,
    /// See `cancel_text`.
    pub confirm_color: String,
    /// `true` for the confirm button, `false` for cancel.
    pub confirmed: bool,
    /// Things the developer should know (a button text longer than Baidu allows, an answer the
    /// dialog could not take); the run shows them as notices.
    pub notes: Vec<String>,
}

/// `swan.showModal`: every option is optional (a modal may have no title, or no text); one of
/// the wrong type is 904. `wants_confirm` is the scripted user's tap. A modal without a cancel
/// button can only be confirmed, whatever the script says (noted).
///
/// A button text longer than 4 characters is kept as given and noted rather than refused:
/// Baidu documents the limit but not a failure, and a phone shows the text cut, so a real page
/// with `confirmText: 'Continue'` must still run.
pub fn show_modal(options: &ShowModalOptions, wants_confirm: bool) -> Result<Modal, SwanError> {
    let title = optional_string(&options.title, "title")?.unwrap_or_default();
    let content = optional_string(&options.content, "content")?.unwrap_or_default();
    let show_cancel = optional_bool(&options.show_cancel, "showCancel")?.unwrap_or(true);
    let text = |arg, name, default: &str| -> Result<String, SwanError> {
        Ok(optional_string(arg, name)?
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| default.to_string()))
    };
    let cancel_text = text(&options.cancel_text, "cancelText", MODAL_CANCEL_TEXT)?;
    let cancel_color = text(&options.cancel_color, "cancelColor", MODAL_CANCEL_COLOR)?;
    let confirm_text = text(&options.confirm_text, "confirmText", MODAL_CONFIRM_TEXT)?;
    let confirm_color = text(&options.confirm_color, "confirmColor", MODAL_CONFIRM_COLOR)?;
    let mut notes = Vec::new();
    for (name, value) in [("cancelText", &cancel_text), ("confirmText", &confirm_text)] {
        if value.chars().count() > MODAL_BUTTON_TEXT_MAX {
            notes.push(format!(
                "showModal {name} {value:?} is longer than the {MODAL_BUTTON_TEXT_MAX} characters Baidu allows; a phone shows it cut"
            ));
        }
    }
    let confirmed = wants_confirm || !show_cancel;
    if !wants_confirm && !show_cancel {
        notes.push(
            "the scripted user would cancel, but the modal has no cancel button (showCancel: false): confirmed".into(),
        );
    }
    Ok(Modal {
        title,
        content,
        show_cancel,
        cancel_text,
        cancel_color,
        confirm_text,
        confirm_color,
        confirmed,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arg;

    fn empty() -> ShowModalOptions {
        ShowModalOptions {
            title: Arg::Missing,
            content: Arg::Missing,
            show_cancel: Arg::Missing,
            cancel_text: Arg::Missing,
            cancel_color: Arg::Missing,
            confirm_text: Arg::Missing,
            confirm_color: Arg::Missing,
        }
    }

    #[test]
    fn defaults_answers_and_type_errors() {
        let m = show_modal(&empty(), false).unwrap();
        assert_eq!(
            (
                m.confirm_text.as_str(),
                m.confirm_color.as_str(),
                m.cancel_text.as_str()
            ),
            ("确定", "#3c76ff", "取消")
        );
        assert!(!m.confirmed && m.show_cancel && m.notes.is_empty());
        let no_cancel = ShowModalOptions {
            show_cancel: Arg::Bool(false, "bool"),
            ..empty()
        };
        let m = show_modal(&no_cancel, false).unwrap();
        assert!(m.confirmed);
        assert_eq!(m.notes.len(), 1);
        let bad = ShowModalOptions {
            show_cancel: Arg::Str("no".into()),
            ..empty()
        };
        assert_eq!(
            show_modal(&bad, true).unwrap_err().err_msg(),
            "[jsNative Argument Error]showCancel type error. must be \"boolean\""
        );
        let long = ShowModalOptions {
            confirm_text: Arg::Str("Continue".into()),
            ..empty()
        };
        let m = show_modal(&long, true).unwrap();
        assert_eq!(m.confirm_text, "Continue");
        assert_eq!(m.notes.len(), 1);
    }
}
