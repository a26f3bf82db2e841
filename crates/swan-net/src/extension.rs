//! The temp file's extension (spec §4): from Content-Disposition, else
//! Content-Type, else the URL path.
//!
//! Why it matters little and is still careful: the album decides formats from
//! the bytes (spec §2), so the extension is cosmetic for pages that show or
//! re-upload the path. But it comes from the network, so it is reduced to
//! `[a-z0-9]{1,10}` (the sandbox's rule) or dropped; a hostile server can
//! never place `/`, `..` or control characters into a file name.

use percent_encoding::percent_decode_str;

/// Longest extension kept (the sandbox's limit).
const MAX_EXT_LEN: usize = 10;

/// Picks the extension from the response and URL, first usable source wins.
pub(crate) fn choose(
    content_disposition: Option<&str>,
    content_type: Option<&str>,
    url_path: &str,
) -> Option<String> {
    content_disposition
        .and_then(from_content_disposition)
        .or_else(|| content_type.and_then(from_content_type))
        .or_else(|| from_url_path(url_path))
}

/// `[A-Za-z0-9]{1,10}`, lower-cased, or nothing.
pub(crate) fn sanitize(ext: &str) -> Option<String> {
    let ok =
        (1..=MAX_EXT_LEN).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then(|| ext.to_ascii_lowercase())
}

/// The extension of a file name: after the last `.` of the last path
/// component. A leading dot alone (`.bashrc`) is not an extension.
fn ext_of_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let base = base.trim_end_matches([' ', '.']);
    let (stem, ext) = base.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    sanitize(ext)
}

/// From `filename*=` (RFC 6266/5987, preferred) or `filename=`.
pub(crate) fn from_content_disposition(value: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for param in split_params(value).into_iter().skip(1) {
        let Some((key, val)) = param.split_once('=') else {
            continue;
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "filename*" => extended = decode_ext_value(val.trim()),
            "filename" => plain = Some(unquote(val.trim())),
            _ => {}
        }
    }
    extended
        .as_deref()
        .and_then(ext_of_name)
        .or_else(|| plain.as_deref().and_then(ext_of_name))
}

/// Splits on `;` outside double quotes.
fn split_params(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&value[start..]);
    out
}

fn unquote(v: &str) -> String {
    let Some(inner) = v.strip_prefix('"') else {
        return v.to_owned();
    };
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut escaped = false;
    for c in inner.chars() {
        if escaped || c != '\\' {
            out.push(c);
            escaped = false;
        } else {
            escaped = true;
        }
    }
    out
}

/// `charset'lang'pct-encoded` → decoded text (lossy; only the extension is used).
fn decode_ext_value(v: &str) -> Option<String> {
    let mut parts = v.splitn(3, '\'');
    let (_charset, _lang, encoded) = (parts.next()?, parts.next()?, parts.next()?);
    Some(percent_decode_str(encoded).decode_utf8_lossy().into_owned())
}

/// A small table of the types pages actually download. Parameters
/// (`; charset=...`) are ignored; `application/octet-stream` gives nothing, so
/// the URL path can still decide.
pub(crate) fn from_content_type(value: &str) -> Option<String> {
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let ext = match mime.as_str() {
        "image/png" | "image/apng" => "png",
        "image/jpeg" | "image/jpg" | "image/pjpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/bmp" | "image/x-ms-bmp" | "image/x-bmp" => "bmp",
        "image/heic" | "image/heic-sequence" => "heic",
        "image/heif" | "image/heif-sequence" => "heif",
        "image/avif" => "avif",
        "image/tiff" => "tiff",
        "image/svg+xml" => "svg",
        "image/x-icon" | "image/vnd.microsoft.icon" => "ico",
        "text/plain" => "txt",
        "text/html" => "html",
        "text/css" => "css",
        "text/csv" => "csv",
        "text/xml" | "application/xml" => "xml",
        "application/json" => "json",
        "text/javascript" | "application/javascript" => "js",
        "application/pdf" => "pdf",
        "application/zip" => "zip",
        "audio/mpeg" => "mp3",
        "audio/mp4" | "audio/aac" => "m4a",
        "audio/wav" | "audio/x-wav" => "wav",
        "video/mp4" => "mp4",
        "video/quicktime" => "mov",
        _ => return None,
    };
    Some(ext.to_owned())
}

/// From the last segment of the (already query-free) URL path.
pub(crate) fn from_url_path(path: &str) -> Option<String> {
    let last = path.rsplit('/').next().unwrap_or("");
    let decoded = percent_decode_str(last).decode_utf8_lossy();
    ext_of_name(&decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_forms() {
        let cd = |s| from_content_disposition(s);
        assert_eq!(cd("attachment; filename=\"a.PNG\""), Some("png".into()));
        assert_eq!(cd("attachment; filename=a.jpg"), Some("jpg".into()));
        assert_eq!(
            cd("attachment; filename=\"x.txt\"; filename*=UTF-8''%E5%9B%BE.webp"),
            Some("webp".into())
        );
        assert_eq!(cd("attachment; filename=\"a;b.gif\""), Some("gif".into()));
        assert_eq!(cd("inline; filename=\"../../etc/passwd\""), None);
        assert_eq!(cd("inline; filename=\"x.a/b\""), None);
        assert_eq!(cd("inline; filename=\".bashrc\""), None);
        assert_eq!(cd("inline; filename=\"x.toolongextension\""), None);
        assert_eq!(cd("inline; filename=\"x.p-g\""), None);
        assert_eq!(cd("inline"), None);
        assert_eq!(cd("filename=a.png"), None, "the first part is the type");
        assert_eq!(
            cd("inline; filename=\"unterminated.png"),
            Some("png".into())
        );
        assert_eq!(cd("inline; filename*=garbage"), None);
    }

    #[test]
    fn precedence() {
        assert_eq!(
            choose(
                Some("attachment; filename=a.gif"),
                Some("image/png"),
                "/b.jpg"
            ),
            Some("gif".into())
        );
        assert_eq!(
            choose(Some("attachment"), Some("image/png; q=1"), "/b.jpg"),
            Some("png".into())
        );
        assert_eq!(
            choose(None, Some("application/octet-stream"), "/b.JPeG"),
            Some("jpeg".into())
        );
        assert_eq!(choose(None, None, "/dir.d/file"), None);
        assert_eq!(choose(None, None, "/%2e%2e%2fx.png"), Some("png".into()));
        assert_eq!(choose(None, None, "/"), None);
        assert_eq!(choose(None, Some("IMAGE/JPEG"), "/x"), Some("jpg".into()));
    }
}
