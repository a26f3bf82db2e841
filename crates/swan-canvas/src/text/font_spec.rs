//! The CSS `font` shorthand as canvas takes it: `[style] [variant] [weight] [stretch]
//! size[/line-height] family[, family]*`, e.g. `bold 20px sans-serif` or
//! `normal 14px "PingFang SC"`.

#[derive(Clone, Debug, PartialEq)]
pub struct FontSpec {
    /// Size in CSS px.
    pub size: f32,
    pub weight: u16,
    pub italic: bool,
    pub families: Vec<String>,
}

impl Default for FontSpec {
    /// The canvas default, `10px sans-serif`.
    fn default() -> Self {
        FontSpec {
            size: 10.0,
            weight: 400,
            italic: false,
            families: vec!["sans-serif".into()],
        }
    }
}

/// Size of `em`/`rem`/`%` units: the canvas element's default font size.
const EM: f32 = 16.0;

fn parse_size(tok: &str) -> Option<f32> {
    let tok = tok.split('/').next()?;
    let named = match tok {
        "xx-small" => Some(9.0),
        "x-small" => Some(10.0),
        "small" => Some(13.0),
        "medium" => Some(16.0),
        "large" => Some(18.0),
        "x-large" => Some(24.0),
        "xx-large" => Some(32.0),
        "xxx-large" => Some(48.0),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let units: [(&str, f32); 7] = [
        ("px", 1.0),
        ("pt", 4.0 / 3.0),
        ("rem", EM),
        ("em", EM),
        ("%", EM / 100.0),
        ("pc", 16.0),
        ("in", 96.0),
    ];
    for (unit, k) in units {
        if let Some(num) = tok.strip_suffix(unit) {
            let v: f32 = num.parse().ok()?;
            return (v.is_finite() && v >= 0.0).then_some(v * k);
        }
    }
    None
}

/// Parses a CSS font shorthand; `None` when a browser would ignore the assignment.
pub fn parse(s: &str) -> Option<FontSpec> {
    let s = s.trim();
    let mut spec = FontSpec {
        families: Vec::new(),
        ..FontSpec::default()
    };
    let mut rest = s;
    let mut size = None;
    // Leading keywords, then the size token.
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let tok = &rest[..end];
        let lower = tok.to_ascii_lowercase();
        rest = rest[end..].trim_start();
        match lower.as_str() {
            "normal" | "small-caps" | "condensed" | "expanded" | "semi-condensed"
            | "semi-expanded" => {}
            "italic" | "oblique" => spec.italic = true,
            "bold" | "bolder" => spec.weight = 700,
            "lighter" => spec.weight = 300,
            w if w.len() == 3 && w.parse::<u16>().is_ok_and(|v| (1..=1000).contains(&v)) => {
                spec.weight = w.parse().ok()?;
            }
            other => {
                size = Some(parse_size(other)?);
                break;
            }
        }
    }
    spec.size = size?;
    for fam in rest.split(',') {
        let f = fam.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if !f.is_empty() {
            spec.families.push(f.to_string());
        }
    }
    if spec.families.is_empty() {
        return None;
    }
    Some(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let f = parse("bold 20px sans-serif").unwrap();
        assert_eq!((f.size, f.weight, f.italic), (20.0, 700, false));
        assert_eq!(f.families, vec!["sans-serif"]);
        let f = parse("normal 14px \"PingFang SC\"").unwrap();
        assert_eq!((f.size, f.weight), (14.0, 400));
        assert_eq!(f.families, vec!["PingFang SC"]);
        let f = parse("italic 600 12pt/1.5 'Microsoft YaHei', Arial, sans-serif").unwrap();
        assert_eq!((f.size, f.weight, f.italic), (16.0, 600, true));
        assert_eq!(f.families.len(), 3);
    }

    #[test]
    fn refuses_what_browsers_ignore() {
        assert_eq!(parse("20px"), None);
        assert_eq!(parse("bold sans-serif"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("-3px serif"), None);
    }
}
