use crate::{Arg, SwanError};

crate::options! {
    /// `swan.showToast`'s options.
    pub struct ShowToastOptions {
        title: "title",
        icon: "icon",
        image: "image",
        duration: "duration",
        mask: "mask",
    }
}

/// How long a toast stays when `duration` is not given.
pub const DEFAULT_TOAST_DURATION_MS: u64 = 2000;

/// A toast as the host shows it, every option settled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    /// The text (never empty).
    pub title: String,
    /// `success`, `loading` or `none`.
    pub icon: String,
    /// A custom icon's path, when given.
    pub image: Option<String>,
    /// Milliseconds.
    pub duration: u64,
    /// Whether touches below are blocked.
    pub mask: bool,
}

/// `swan.showToast`: a missing or empty title is a 904 Baidu reports *synchronously* (§5);
/// every other option falls back to its default when absent or of the wrong type.
pub fn show_toast(options: &ShowToastOptions) -> Result<Toast, SwanError> {
    let title = match &options.title {
        Arg::Str(t) if !t.is_empty() => t.clone(),
        _ => return Err(SwanError::ToastTitleRequired),
    };
    let icon = options
        .icon
        .as_str()
        .filter(|i| ["success", "loading", "none"].contains(i))
        .unwrap_or("success");
    let image = options
        .image
        .as_str()
        .filter(|s| !s.is_empty())
        .map(String::from);
    let duration = match options.duration {
        Arg::Number(d, _) if d.is_finite() && d >= 0.0 => d as u64,
        _ => DEFAULT_TOAST_DURATION_MS,
    };
    let mask = matches!(options.mask, Arg::Bool(true, _));
    Ok(Toast {
        title,
        icon: icon.into(),
        image,
        duration,
        mask,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(title: Arg) -> ShowToastOptions {
        ShowToastOptions {
            title,
            icon: Arg::Str("loading".into()),
            image: Arg::Str(String::new()),
            duration: Arg::Number(-1.0, "int"),
            mask: Arg::Number(1.0, "int"),
        }
    }

    #[test]
    fn title_is_required_and_options_fall_back() {
        for bad in [
            Arg::Missing,
            Arg::Str(String::new()),
            Arg::Number(3.0, "int"),
        ] {
            let e = show_toast(&options(bad)).unwrap_err();
            assert_eq!(
                (e.err_code(), e.err_msg().as_str()),
                (904, "showToast:fail parameter error: title is required")
            );
        }
        let toast = show_toast(&options(Arg::Str("hi".into()))).unwrap();
        assert_eq!(
            toast,
            Toast {
                title: "hi".into(),
                icon: "loading".into(),
                image: None,
                duration: DEFAULT_TOAST_DURATION_MS,
                mask: false,
            }
        );
    }
}
