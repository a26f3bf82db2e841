//! What a page route (or any package path we are asked for) may look like.

use crate::error::ProjectError;

/// `route` without its leading `/`s (Baidu writes `/pages/index/index` for the package root),
/// if it is a plain relative path: no `..`, `.` or empty parts, no NUL. The directory handle
/// refuses escapes anyway; this says why in the route's own terms and keeps `a/../b` from
/// naming a page file by a second name.
pub(crate) fn relative(route: &str) -> Result<&str, ProjectError> {
    let rel = route.trim_start_matches('/');
    if is_plain(rel) {
        Ok(rel)
    } else {
        Err(ProjectError::BadRoute {
            route: route.to_string(),
        })
    }
}

/// Every route app.json `pages` lists must be plain as it is written (Baidu's own entries are
/// `pages/index/index`), so a hostile entry makes the whole project refused, not just its page.
pub(crate) fn check_listed(pages: &[String]) -> Result<(), ProjectError> {
    match pages.iter().find(|p| !is_plain(p)) {
        Some(bad) => Err(ProjectError::BadPageEntry { route: bad.clone() }),
        None => Ok(()),
    }
}

fn is_plain(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\0')
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}
