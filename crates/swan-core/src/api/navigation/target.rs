//! `navigateTo`, `redirectTo`, `switchTab` and `reLaunch`: which page a call opens, or why it
//! fails, before any page moves.

use super::url::resolve_url;
use crate::{Arg, SwanError};

crate::options! {
    /// The options of `navigateTo`, `redirectTo`, `switchTab` and `reLaunch`.
    pub struct NavigateOptions {
        url: "url",
    }
}

/// Baidu's page stack holds at most ten pages ("页面栈最多十层"); `navigateTo` beyond fails.
pub const MAX_PAGE_STACK: usize = 10;

/// Which navigation API is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavKind {
    /// Opens a page above the current one (which is hidden).
    NavigateTo,
    /// Replaces the current page (which is unloaded).
    RedirectTo,
    /// Goes to a tab page, unloading every page that is not a tab.
    SwitchTab,
    /// Unloads every page and opens one.
    ReLaunch,
}

impl NavKind {
    /// The API's name as page code calls it.
    pub fn api(self) -> &'static str {
        match self {
            NavKind::NavigateTo => "navigateTo",
            NavKind::RedirectTo => "redirectTo",
            NavKind::SwitchTab => "switchTab",
            NavKind::ReLaunch => "reLaunch",
        }
    }
}

/// The page a navigation opens and the query its `onLoad` gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The route, as app.json lists it (`pages/detail/detail`).
    pub route: String,
    /// The query, as written in the url.
    pub query: Vec<(String, String)>,
}

/// Checks a navigation: `url` is a string naming a page of `pages` (seen from `current`);
/// `navigateTo` and `redirectTo` may not open a tab page, `switchTab` only a tab page (its
/// query is dropped, as Baidu's devtools do), and `navigateTo` may not pass
/// [`MAX_PAGE_STACK`] pages (`depth` is the stack's size now). The messages are the devtools'.
pub fn navigate(
    kind: NavKind,
    url: &Arg,
    current: Option<&str>,
    depth: usize,
    pages: &[String],
    tab_pages: &[String],
) -> Result<Target, SwanError> {
    let api = kind.api();
    let url = url.as_arg().required_string("url")?;
    let fail = |why: String| SwanError::Navigation {
        message: format!("{api}:fail {why}"),
    };
    let (route, query) =
        resolve_url(current, url).ok_or_else(|| fail(format!("page \"{url}\" is not found")))?;
    if !pages.contains(&route) {
        return Err(fail(format!("page \"{route}\" is not found")));
    }
    let is_tab = tab_pages.contains(&route);
    match kind {
        NavKind::NavigateTo | NavKind::RedirectTo if is_tab => {
            return Err(fail(format!("can not {api} a tabbar page")));
        }
        NavKind::SwitchTab if !is_tab => {
            return Err(fail("can not switch to no-tabBar page".into()));
        }
        NavKind::NavigateTo if depth >= MAX_PAGE_STACK => {
            return Err(fail("webview count limit exceed".into()));
        }
        _ => {}
    }
    let query = if kind == NavKind::SwitchTab {
        Vec::new()
    } else {
        query
    };
    Ok(Target { route, query })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> Vec<String> {
        ["pages/index/index", "pages/tab/tab", "pages/detail/detail"]
            .map(String::from)
            .to_vec()
    }

    fn try_nav(kind: NavKind, url: Arg, depth: usize) -> Result<Target, (u32, String)> {
        let tabs = vec!["pages/tab/tab".to_string()];
        navigate(
            kind,
            &url,
            Some("pages/index/index"),
            depth,
            &pages(),
            &tabs,
        )
        .map_err(|e| (e.err_code(), e.err_msg()))
    }

    fn url(s: &str) -> Arg {
        Arg::Str(s.into())
    }

    #[test]
    fn each_documented_failure() {
        let cases = [
            (
                NavKind::NavigateTo,
                url("/pages/tab/tab"),
                1,
                "navigateTo:fail can not navigateTo a tabbar page",
            ),
            (
                NavKind::RedirectTo,
                url("../tab/tab"),
                1,
                "redirectTo:fail can not redirectTo a tabbar page",
            ),
            (
                NavKind::SwitchTab,
                url("/pages/detail/detail"),
                1,
                "switchTab:fail can not switch to no-tabBar page",
            ),
            (
                NavKind::ReLaunch,
                url("/pages/nope/nope?a=1"),
                1,
                "reLaunch:fail page \"pages/nope/nope\" is not found",
            ),
            (
                NavKind::NavigateTo,
                url("../../../up"),
                1,
                "navigateTo:fail page \"../../../up\" is not found",
            ),
            (
                NavKind::NavigateTo,
                url("/pages/detail/detail"),
                10,
                "navigateTo:fail webview count limit exceed",
            ),
        ];
        for (kind, u, depth, message) in cases {
            assert_eq!(try_nav(kind, u, depth), Err((1001, message.to_string())));
        }
        assert_eq!(
            try_nav(NavKind::NavigateTo, Arg::Missing, 1),
            Err((904, "[jsNative Argument Error]url is required.".into()))
        );
        assert_eq!(
            try_nav(NavKind::NavigateTo, Arg::Number(1.0, "int"), 1),
            Err((
                904,
                "[jsNative Argument Error]url type error. must be \"string\"".into()
            ))
        );
    }

    #[test]
    fn targets_carry_their_query_except_switch_tab() {
        let t = try_nav(NavKind::NavigateTo, url("../detail/detail?id=1"), 9).unwrap();
        assert_eq!(t.route, "pages/detail/detail");
        assert_eq!(t.query, [("id".to_string(), "1".to_string())]);
        let t = try_nav(NavKind::SwitchTab, url("/pages/tab/tab?x=1"), 10).unwrap();
        assert_eq!((t.route.as_str(), t.query.len()), ("pages/tab/tab", 0));
        let t = try_nav(NavKind::ReLaunch, url("/pages/tab/tab?x=1"), 10).unwrap();
        assert_eq!(t.query.len(), 1);
        let t = try_nav(NavKind::RedirectTo, url("/pages/detail/detail"), 10).unwrap();
        assert_eq!(t.route, "pages/detail/detail");
    }
}
