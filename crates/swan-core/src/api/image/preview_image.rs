use crate::SwanError;
use crate::api::option_checks::{optional_string, required_string_list};

crate::options! {
    /// `swan.previewImage`'s options.
    pub struct PreviewImageOptions {
        urls: "urls" as Json,
        current: "current",
    }
}

/// A full-screen preview as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    /// The pictures, in order.
    pub urls: Vec<String>,
    /// The one shown first.
    pub current: String,
}

/// `swan.previewImage`: `urls` is a required, non-empty array of strings (904 otherwise);
/// `current` defaults to the first URL, and one not in `urls` shows the first as well (a
/// phone can only show what is in the list).
pub fn preview_image(options: &PreviewImageOptions) -> Result<Preview, SwanError> {
    let urls = required_string_list(&options.urls, "urls")?;
    let Some(first) = urls.first().cloned() else {
        return Err(SwanError::Parameter {
            api: "previewImage",
            message: "urls should not be empty".into(),
        });
    };
    let current = optional_string(&options.current, "current")?
        .filter(|c| urls.contains(c))
        .unwrap_or(first);
    Ok(Preview { urls, current })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Arg;
    use serde_json::json;

    #[test]
    fn urls_and_current() {
        let p = |urls, current| preview_image(&PreviewImageOptions { urls, current });
        let shown = p(Arg::Json(json!(["a", "b"])), Arg::Str("b".into())).unwrap();
        assert_eq!(shown.current, "b");
        assert_eq!(
            p(Arg::Json(json!(["a"])), Arg::Str("z".into()))
                .unwrap()
                .current,
            "a"
        );
        assert_eq!(
            p(Arg::Json(json!([])), Arg::Missing)
                .unwrap_err()
                .err_code(),
            904
        );
        assert_eq!(
            p(Arg::Missing, Arg::Missing).unwrap_err().err_msg(),
            "[jsNative Argument Error]urls is required."
        );
    }
}
