//! Baidu's "界面 > 导航" family: the page stack (`navigateTo`, `redirectTo`, `navigateBack`,
//! `switchTab`, `reLaunch`). The rules (how a `url` names a page, its query, which page may be
//! reached how, the stack's depth) are here; the runtime moves pages and calls their hooks.

mod back;
mod target;
mod url;

pub use back::{NavigateBackOptions, navigate_back};
pub use target::{MAX_PAGE_STACK, NavKind, NavigateOptions, Target, navigate};
pub use url::{parse_query, resolve_url};
