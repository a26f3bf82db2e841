//! `navigateBack`: how many pages a call closes.

use crate::{Arg, SwanError};

crate::options! {
    /// `swan.navigateBack`'s options.
    pub struct NavigateBackOptions {
        delta: "delta",
    }
}

/// How many pages `navigateBack` closes from a stack of `depth` pages. `delta` defaults to 1
/// (also when it is not a number or below 1, as the devtools treat it) and is cut to what the
/// stack holds above its first page; on the first page itself it fails, as the devtools do.
pub fn navigate_back(options: &NavigateBackOptions, depth: usize) -> Result<usize, SwanError> {
    if depth <= 1 {
        return Err(SwanError::Navigation {
            message: "navigateBack:fail cannot navigate back at first page.".into(),
        });
    }
    let delta = match options.delta {
        Arg::Number(d, _) if d >= 1.0 => d.min(usize::MAX as f64) as usize,
        _ => 1,
    };
    Ok(delta.min(depth - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(delta: Arg, depth: usize) -> Result<usize, String> {
        navigate_back(&NavigateBackOptions { delta }, depth).map_err(|e| e.err_msg())
    }

    #[test]
    fn delta_defaults_to_one_and_is_cut_to_the_stack() {
        assert_eq!(back(Arg::Missing, 3), Ok(1));
        assert_eq!(back(Arg::Number(2.0, "int"), 3), Ok(2));
        assert_eq!(back(Arg::Number(99.0, "int"), 3), Ok(2));
        assert_eq!(back(Arg::Number(0.0, "int"), 3), Ok(1));
        assert_eq!(back(Arg::Number(f64::NAN, "float"), 3), Ok(1));
        assert_eq!(back(Arg::Str("2".into()), 3), Ok(1));
        assert_eq!(
            back(Arg::Missing, 1),
            Err("navigateBack:fail cannot navigate back at first page.".into())
        );
    }
}
