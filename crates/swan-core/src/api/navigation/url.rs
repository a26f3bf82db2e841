//! How a navigation `url` names a page: a path, absolute from the package root (`/pages/a/a`)
//! or relative to the current page's folder (`../detail/detail`), then `?k=v&k2=v2`.

/// The route `url`'s path names, seen from the page at `current` (a route such as
/// `pages/index/index`; `None` before any page is open), and the query as written. `None` when
/// the path climbs above the package root or names nothing.
pub fn resolve_url(current: Option<&str>, url: &str) -> Option<(String, Vec<(String, String)>)> {
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, parse_query(query)),
        None => (url, Vec::new()),
    };
    let mut parts: Vec<&str> = Vec::new();
    if !path.starts_with('/')
        && let Some(current) = current
    {
        parts.extend(current.split('/'));
        parts.pop(); // the page's own name: relative paths start from its folder
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some((parts.join("/"), query))
}

/// `a=1&b=&c` as pairs, in order, as page code wrote them: Baidu hands `onLoad` the values
/// without decoding them (a page that sends `encodeURIComponent(x)` decodes it itself), and a
/// key without `=` gets the empty string. Empty pieces (`a=1&&b=2`) are skipped.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (piece.to_string(), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(current: Option<&str>, url: &str) -> Option<String> {
        resolve_url(current, url).map(|(r, _)| r)
    }

    #[test]
    fn absolute_and_relative_paths() {
        let here = Some("pages/index/index");
        assert_eq!(route(here, "/pages/a/a").as_deref(), Some("pages/a/a"));
        assert_eq!(
            route(here, "../detail/detail?id=1").as_deref(),
            Some("pages/detail/detail")
        );
        assert_eq!(route(here, "./other").as_deref(), Some("pages/index/other"));
        assert_eq!(route(here, "other").as_deref(), Some("pages/index/other"));
        assert_eq!(route(None, "pages/a/a").as_deref(), Some("pages/a/a"));
        assert_eq!(route(here, "../../../x"), None);
        assert_eq!(route(here, "/"), None);
        assert_eq!(route(here, "/pages//a/./a").as_deref(), Some("pages/a/a"));
    }

    #[test]
    fn queries_are_kept_as_written() {
        let (_, q) = resolve_url(None, "/p/p?id=1&name=a%20b&flag&&x=1=2").unwrap();
        let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            q,
            [("id", "1"), ("name", "a%20b"), ("flag", ""), ("x", "1=2")]
        );
    }
}
