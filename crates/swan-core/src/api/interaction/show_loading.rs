use crate::SwanError;
use crate::api::option_checks::{optional_bool, optional_string};

crate::options! {
    /// `swan.showLoading`'s options.
    pub struct ShowLoadingOptions {
        title: "title",
        mask: "mask",
    }
}

/// A loading indicator as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loading {
    /// The text under the spinner (never empty).
    pub title: String,
    /// Whether touches below are blocked (default false).
    pub mask: bool,
}

/// `swan.showLoading`: `title` is required, as Baidu documents (必填), and refused like
/// showToast's (`showLoading:fail parameter error: title is required`); `mask` is a boolean.
/// It stays until `hideLoading` (or until a toast replaces it).
pub fn show_loading(options: &ShowLoadingOptions) -> Result<Loading, SwanError> {
    let title = optional_string(&options.title, "title")?
        .filter(|t| !t.is_empty())
        .ok_or(SwanError::Parameter {
            api: "showLoading",
            message: "title is required".into(),
        })?;
    let mask = optional_bool(&options.mask, "mask")?.unwrap_or(false);
    Ok(Loading { title, mask })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arg;

    #[test]
    fn title_required() {
        let e = show_loading(&ShowLoadingOptions {
            title: Arg::Str(String::new()),
            mask: Arg::Missing,
        })
        .unwrap_err();
        assert_eq!(
            (e.err_code(), e.err_msg().as_str()),
            (904, "showLoading:fail parameter error: title is required")
        );
        let l = show_loading(&ShowLoadingOptions {
            title: Arg::Str("…".into()),
            mask: Arg::Bool(true, "bool"),
        })
        .unwrap();
        assert_eq!(
            l,
            Loading {
                title: "…".into(),
                mask: true
            }
        );
    }
}
