use crate::api::option_checks::{optional_number, optional_string, required_string};
use crate::{Arg, SwanError};

crate::options! {
    /// `swan.setNavigationBarTitle`'s options.
    pub struct SetNavigationBarTitleOptions { title: "title" }
}

crate::options! {
    /// `swan.setNavigationBarColor`'s options.
    pub struct SetNavigationBarColorOptions {
        front_color: "frontColor",
        background_color: "backgroundColor",
        animation: "animation" as Json,
    }
}

/// `swan.setNavigationBarTitle`: `title` is a required string (it may be empty: a page may
/// clear its title).
pub fn set_navigation_bar_title(
    options: &SetNavigationBarTitleOptions,
) -> Result<String, SwanError> {
    required_string(&options.title, "title")
}

/// A navigation bar's colours as set.
#[derive(Clone, Debug, PartialEq)]
pub struct NavigationBarColor {
    /// `#ffffff` or `#000000`: the title's and buttons' colour.
    pub front_color: String,
    /// The bar's colour, as given.
    pub background_color: String,
    /// `animation.duration` in milliseconds (0 when none).
    pub duration: u64,
    /// `animation.timingFunc` (`linear` when none).
    pub timing_func: String,
}

/// The timing functions Baidu documents for the colour change.
pub const TIMING_FUNCS: [&str; 4] = ["linear", "easeIn", "easeOut", "easeInOut"];

/// `swan.setNavigationBarColor`: both colours are required strings and `frontColor` is one of
/// the two Baidu allows (`#ffffff`, `#000000`), else 904; an `animation` of another shape is
/// ignored (duration 0, `linear`), as a phone then changes the colour at once.
pub fn set_navigation_bar_color(
    options: &SetNavigationBarColorOptions,
) -> Result<NavigationBarColor, SwanError> {
    let front_color = required_string(&options.front_color, "frontColor")?;
    let background_color = required_string(&options.background_color, "backgroundColor")?;
    if !["#ffffff", "#000000"].contains(&front_color.to_ascii_lowercase().as_str()) {
        return Err(SwanError::Parameter {
            api: "setNavigationBarColor",
            message: format!(
                "frontColor should be \"#ffffff\" or \"#000000\", got {front_color:?}"
            ),
        });
    }
    let animation = match &options.animation {
        Arg::Json(serde_json::Value::Object(a)) => a.clone(),
        _ => serde_json::Map::new(),
    };
    let duration = animation
        .get("duration")
        .and_then(|d| {
            optional_number(&Arg::Json(d.clone()), "duration")
                .ok()
                .flatten()
        })
        .filter(|d| *d >= 0.0)
        .map_or(0, |d| d as u64);
    let timing_func = animation
        .get("timingFunc")
        .and_then(|t| {
            optional_string(&Arg::Json(t.clone()), "timingFunc")
                .ok()
                .flatten()
        })
        .filter(|t| TIMING_FUNCS.contains(&t.as_str()))
        .unwrap_or_else(|| "linear".into());
    Ok(NavigationBarColor {
        front_color: front_color.to_ascii_lowercase(),
        background_color,
        duration,
        timing_func,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn colours_are_checked() {
        let ok = set_navigation_bar_color(&SetNavigationBarColorOptions {
            front_color: Arg::Str("#FFFFFF".into()),
            background_color: Arg::Str("#ff0000".into()),
            animation: Arg::Json(json!({"duration": 300, "timingFunc": "easeIn"})),
        })
        .unwrap();
        assert_eq!(
            (
                ok.front_color.as_str(),
                ok.duration,
                ok.timing_func.as_str()
            ),
            ("#ffffff", 300, "easeIn")
        );
        let e = set_navigation_bar_color(&SetNavigationBarColorOptions {
            front_color: Arg::Str("#ff0000".into()),
            background_color: Arg::Str("#ff0000".into()),
            animation: Arg::Missing,
        })
        .unwrap_err();
        assert_eq!(e.err_code(), 904);
        let e = set_navigation_bar_title(&SetNavigationBarTitleOptions {
            title: Arg::Missing,
        })
        .unwrap_err();
        assert_eq!(e.err_msg(), "[jsNative Argument Error]title is required.");
    }
}
