//! The request rules of `downloadFile` (spec §4): https only, whitelisted host,
//! no IP literals, no `localhost`, no explicit port.
//!
//! Internationalised host names are compared and requested in their ASCII
//! (punycode) form, made by the `idna` crate (UTS #46, as browsers do), so a
//! whitelist entry `例子.测试` and a URL `https://xn--fsqu00a.xn--0zwm56d/`
//! name the same host, and so do the reverse and any letter case.
//!
//! Why the URL is normalised and re-parsed here: the host that is checked must
//! be exactly the host that is then connected to. The checked [`Uri`] is the
//! one handed to the HTTP client, so no second parser can disagree with this
//! one (the classic `https://good.com\@evil.com` trick).

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use ureq::http::Uri;

use crate::error::DownloadError;
use crate::policy::DownloadPolicy;

/// A URL that passed [`check_url`].
#[derive(Clone, Debug)]
pub(crate) struct CheckedUrl {
    /// What is requested: scheme https, fragment removed, path and query
    /// percent-encoded where needed.
    pub uri: Uri,
    /// Lower-case host without a trailing dot (the whitelist and resolver key).
    pub host: String,
}

/// Checks `url` against `policy` without touching the network.
///
/// Order: scheme first (202 `request url header must be https or wss`), then
/// syntax and host rules (202 `illegal request`). A URL that cannot be parsed
/// at all is an illegal request even with `skip_domain_check`, since there is
/// nothing that could be downloaded.
pub fn check_url(policy: &DownloadPolicy, url: &str) -> Result<(), DownloadError> {
    check(policy, url).map(|_| ())
}

pub(crate) fn check(policy: &DownloadPolicy, url: &str) -> Result<CheckedUrl, DownloadError> {
    // WHATWG URL parsing strips leading/trailing C0 controls and spaces; pages
    // built from concatenated strings often carry a stray newline.
    let url = url.trim_matches(|c: char| c <= ' ');
    let scheme_ok = url
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    if !scheme_ok {
        return Err(DownloadError::NotHttps);
    }
    let rest = &url[8..];
    let auth_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let mut tail = &rest[auth_end..];
    if let Some(i) = tail.find('#') {
        tail = &tail[..i];
    }
    if authority.is_empty() {
        return Err(DownloadError::IllegalRequest);
    }
    let authority: Cow<str> = if authority.is_ascii() {
        Cow::Borrowed(authority)
    } else {
        Cow::Owned(ascii_authority(authority).ok_or(DownloadError::IllegalRequest)?)
    };
    let mut normalized = String::with_capacity(url.len() + 16);
    normalized.push_str("https://");
    normalized.push_str(&authority);
    if !tail.starts_with('/') {
        normalized.push('/');
    }
    encode_tail(tail, &mut normalized);
    let uri: Uri = normalized
        .parse()
        .map_err(|_| DownloadError::IllegalRequest)?;
    let Some(auth) = uri.authority() else {
        return Err(DownloadError::IllegalRequest);
    };
    let host = normalize_host(auth.host());
    if host.is_empty() {
        return Err(DownloadError::IllegalRequest);
    }
    if !policy.skip_domain_check {
        let auth_str = auth.as_str();
        let (userinfo, host_port) = match auth_str.rsplit_once('@') {
            Some((u, hp)) => (Some(u), hp),
            None => (None, auth_str),
        };
        if userinfo.is_some()
            || has_port(host_port)
            || is_ip_like(&host)
            || is_localhost(&host)
            || !is_plain_dns_name(&host)
            || !is_whitelisted(&policy.allowed_domains, &host)
        {
            return Err(DownloadError::IllegalRequest);
        }
    }
    Ok(CheckedUrl { uri, host })
}

/// The host of `url` as the whitelists compare it (lower-case ASCII, punycode for an IDN), or
/// `None` when the URL is not https or has no host. For messages that name the host to allow.
pub fn url_host(url: &str) -> Option<String> {
    let skip = DownloadPolicy {
        skip_domain_check: true,
        ..DownloadPolicy::default()
    };
    check(&skip, url).ok().map(|c| c.host)
}

/// Resolves a redirect `Location` against the URL it came from. The result
/// still has to pass [`check`]; this only builds the string.
///
/// Why by hand: the rules needed (absolute, scheme-relative, absolute-path,
/// query-only, relative path) are few, and a full URL crate would cost more
/// build time than this whole crate.
pub(crate) fn resolve_location(base: &CheckedUrl, location: &str) -> String {
    let location = location.trim_matches(|c: char| c <= ' ');
    let has_scheme = location.split_once(':').is_some_and(|(s, _)| {
        let mut b = s.bytes();
        b.next().is_some_and(|c| c.is_ascii_alphabetic())
            && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    });
    let authority = base.uri.authority().map(|a| a.as_str()).unwrap_or("");
    let path = base.uri.path();
    if has_scheme {
        location.to_owned()
    } else if location.starts_with("//") || location.starts_with("\\\\") {
        format!("https:{location}")
    } else if location.starts_with('/') {
        format!("https://{authority}{location}")
    } else if location.starts_with('?') {
        format!("https://{authority}{path}{location}")
    } else {
        let dir = match path.rfind('/') {
            Some(i) => &path[..=i],
            None => "/",
        };
        format!("https://{authority}{dir}{location}")
    }
}

/// Percent-encodes every byte of path+query that is not allowed unencoded in
/// a URI (non-ASCII, spaces, quotes, `<>{}|^\``, controls), like a browser.
fn encode_tail(tail: &str, out: &mut String) {
    for b in tail.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b':'
                    | b'/'
                    | b'?'
                    | b'@'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'%'
                    | b'['
                    | b']'
            );
        if keep {
            out.push(b as char);
        } else if b == b'\\' {
            // WHATWG treats `\` as `/` in special-scheme paths.
            out.push('/');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// An authority with a non-ASCII host (`例子.测试` or `例子.测试:8443`) in
/// ASCII form; `None` if the host is not a valid IDN. Credentials and IPv6
/// literals are ASCII in any URL worth trying, so they are not handled.
fn ascii_authority(authority: &str) -> Option<String> {
    if authority.contains(['@', '[']) {
        return None;
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (h, Some(p)),
        Some(_) => return None,
        None => (authority, None),
    };
    let mut out = idna::domain_to_ascii(host).ok()?;
    if let Some(p) = port {
        out.push(':');
        out.push_str(p);
    }
    Some(out)
}

/// The ASCII form of a host name: lower case, one trailing dot dropped,
/// Unicode labels in punycode and punycode labels checked (UTS #46). `None`
/// if it is not a valid internationalised name.
pub(crate) fn ascii_host(host: &str) -> Option<String> {
    let h = host.strip_suffix('.').unwrap_or(host);
    let plain = h.is_ascii()
        && !h
            .split('.')
            .any(|label| label.len() >= 4 && label[..4].eq_ignore_ascii_case("xn--"));
    if plain {
        return Some(h.to_ascii_lowercase());
    }
    idna::domain_to_ascii(h).ok()
}

/// [`ascii_host`], or plain lower-casing for what is not a valid IDN (such a
/// name then matches no whitelist entry or mapped host made by `ascii_host`).
pub(crate) fn normalize_host(host: &str) -> String {
    ascii_host(host).unwrap_or_else(|| {
        let h = host.strip_suffix('.').unwrap_or(host);
        h.to_ascii_lowercase()
    })
}

/// Whether `host[:port]` (userinfo removed) has a `:` after the host, even an
/// empty port (`host:`), which is still an explicit port.
fn has_port(host_port: &str) -> bool {
    if let Some(rest) = host_port.strip_prefix('[') {
        match rest.find(']') {
            Some(i) => !rest[i + 1..].is_empty(),
            None => true,
        }
    } else {
        host_port.contains(':')
    }
}

/// IP literals, including the numeric forms `inet_aton` accepts and a system
/// resolver would turn into an address (`127.1`, `0x7f.0.0.1`, `2130706433`):
/// a host whose last label is a decimal or `0x` number is never a DNS name,
/// since no top-level domain is numeric.
fn is_ip_like(host: &str) -> bool {
    if host.starts_with('[') || host.parse::<Ipv4Addr>().is_ok() || host.parse::<Ipv6Addr>().is_ok()
    {
        return true;
    }
    let last = host.rsplit('.').next().unwrap_or(host);
    let hex = last
        .strip_prefix("0x")
        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    hex || (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
}

fn is_localhost(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

/// Letters, digits, `-` and `_` in non-empty dot-separated labels. Anything
/// else (percent-escapes, `*`, empty labels) is not a host a whitelist entry
/// can mean.
fn is_plain_dns_name(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

fn is_whitelisted(allowed: &[String], host: &str) -> bool {
    allowed.iter().any(|entry| {
        let e = entry.trim();
        let e = match e.get(..8) {
            Some(p) if p.eq_ignore_ascii_case("https://") => &e[8..],
            _ => e,
        };
        let e = e.trim_end_matches('/');
        ascii_host(e).is_some_and(|e| e == host)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(domains: &[&str]) -> DownloadPolicy {
        DownloadPolicy {
            allowed_domains: domains.iter().map(|s| s.to_string()).collect(),
            ..DownloadPolicy::default()
        }
    }

    #[test]
    fn scheme_rules() {
        let p = policy(&["a.com"]);
        assert_eq!(
            check_url(&p, "http://a.com/x"),
            Err(DownloadError::NotHttps)
        );
        assert_eq!(check_url(&p, "ftp://a.com/x"), Err(DownloadError::NotHttps));
        assert_eq!(check_url(&p, "a.com/x"), Err(DownloadError::NotHttps));
        assert_eq!(check_url(&p, ""), Err(DownloadError::NotHttps));
        assert_eq!(check_url(&p, "wss://a.com"), Err(DownloadError::NotHttps));
        assert_eq!(check_url(&p, "HTTPS://A.com/x"), Ok(()));
        assert_eq!(check_url(&p, " https://a.com/x\n"), Ok(()));
        // Multi-byte input near the scheme must not panic.
        assert_eq!(check_url(&p, "httpsé://a"), Err(DownloadError::NotHttps));
        assert_eq!(check_url(&p, "ééééé"), Err(DownloadError::NotHttps));
    }

    #[test]
    fn host_rules() {
        let p = policy(&["https://a.com/", "B.com"]);
        for ok in [
            "https://a.com",
            "https://a.com/",
            "https://a.com./p?q=1#frag",
            "https://b.com/图片 1.png",
            "https://b.com/a\"b<c>{d}|^`",
            // `\` ends the authority like `/` (WHATWG): the host is a.com.
            "https://a.com\\@c.com/x",
        ] {
            assert_eq!(check_url(&p, ok), Ok(()), "{ok}");
        }
        for bad in [
            "https://c.com/x",
            "https://sub.a.com/x",
            "https://a.com:443/x",
            "https://a.com:/x",
            "https://a.com:8443/x",
            "https://user@a.com/x",
            "https://a.com@c.com/x",
            "https://127.0.0.1/x",
            "https://127.1/x",
            "https://0x7f000001/x",
            "https://2130706433/x",
            "https://[::1]/x",
            "https://localhost/x",
            "https://LOCALHOST./x",
            "https://x.localhost/x",
            "https:///x",
            "https://",
            "https://a%2ecom/x",
            "https://a..com/x",
            "https://例子.com/x",
            // Not valid IDNs.
            "https://xn--a.com/x",
            "https://例子.com:x/x",
            "https://u@例子.com/x",
        ] {
            assert_eq!(
                check_url(&p, bad),
                Err(DownloadError::IllegalRequest),
                "{bad}"
            );
        }
    }

    #[test]
    fn idn_hosts_match_their_punycode_form() {
        let unicode = policy(&["例子.测试", "https://BÜCHER.de/"]);
        let puny = policy(&["XN--FSQU00A.xn--0zwm56d", "xn--bcher-kva.de"]);
        for p in [&unicode, &puny] {
            for ok in [
                "https://xn--fsqu00a.xn--0zwm56d/a.png",
                "https://XN--FSQU00A.XN--0ZWM56D./a.png",
                "https://例子.测试/a.png",
                // Full-width dot, as typed with a Chinese input method.
                "https://例子。测试/a.png",
                "https://bücher.de/x",
                "https://BÜCHER.DE/x",
                "https://xn--bcher-kva.de/x",
            ] {
                assert_eq!(check_url(p, ok), Ok(()), "{ok} with {p:?}");
            }
            for bad in [
                "https://例子.com/x",
                "https://buecher.de/x",
                "https://xn--fsqu00a.com/x",
            ] {
                assert_eq!(
                    check_url(p, bad),
                    Err(DownloadError::IllegalRequest),
                    "{bad}"
                );
            }
        }
        // What is requested is the ASCII form.
        let c = check(&unicode, "https://例子.测试/图.png").unwrap();
        assert_eq!(c.host, "xn--fsqu00a.xn--0zwm56d");
        assert_eq!(c.uri.host(), Some("xn--fsqu00a.xn--0zwm56d"));
        assert_eq!(c.uri.path(), "/%E5%9B%BE.png");
        // Ports stay refused, in either form.
        assert_eq!(
            check_url(&unicode, "https://例子.测试:8443/x"),
            Err(DownloadError::IllegalRequest)
        );
        let skip = DownloadPolicy {
            skip_domain_check: true,
            ..DownloadPolicy::default()
        };
        let c = check(&skip, "https://例子.测试:8443/x").unwrap();
        assert_eq!(
            c.uri.authority().unwrap().as_str(),
            "xn--fsqu00a.xn--0zwm56d:8443"
        );
    }

    #[test]
    fn skip_domain_check_keeps_https_only() {
        let p = DownloadPolicy {
            skip_domain_check: true,
            ..DownloadPolicy::default()
        };
        assert_eq!(check_url(&p, "https://anything.example/x"), Ok(()));
        assert_eq!(check_url(&p, "https://127.0.0.1:8443/x"), Ok(()));
        assert_eq!(
            check_url(&p, "http://anything.example/x"),
            Err(DownloadError::NotHttps)
        );
    }

    #[test]
    fn checked_uri_is_normalized() {
        let p = policy(&["a.com"]);
        let c = check(&p, "https://A.com./p q/é?x=1 2#f").unwrap();
        assert_eq!(c.host, "a.com");
        assert_eq!(c.uri.path(), "/p%20q/%C3%A9");
        assert_eq!(c.uri.query(), Some("x=1%202"));
        let c = check(&p, "https://a.com?x").unwrap();
        assert_eq!(c.uri.path(), "/");
    }

    #[test]
    fn redirects_resolve() {
        let p = policy(&["a.com"]);
        let base = check(&p, "https://a.com/dir/file.png?q").unwrap();
        assert_eq!(
            resolve_location(&base, "https://b.com/x"),
            "https://b.com/x"
        );
        assert_eq!(resolve_location(&base, "http://b.com/x"), "http://b.com/x");
        assert_eq!(resolve_location(&base, "//b.com/x"), "https://b.com/x");
        assert_eq!(resolve_location(&base, "/x"), "https://a.com/x");
        assert_eq!(
            resolve_location(&base, "?z"),
            "https://a.com/dir/file.png?z"
        );
        assert_eq!(resolve_location(&base, "y.png"), "https://a.com/dir/y.png");
    }
}
