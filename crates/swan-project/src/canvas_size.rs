//! The CSS size of each `<canvas>` of a page, read from just enough of its `.swan` template and
//! stylesheets (`app.css`, then the page's `.css`) to know what a phone would lay it out at.
//!
//! Nothing is rendered, so this is not a layout engine: a canvas's `width` and `height` come
//! from, lowest to highest priority, its `width`/`height` attributes (numbers, px), the rules of
//! the stylesheets whose selector's last part names it (`canvas`, `.class`, `#id`, combined;
//! ancestors in a selector are assumed to match, since there is no tree to check them against),
//! ordered by specificity then source order, `!important` above all, and its inline `style`.
//! Lengths are `px`, `rpx`/`upx` (a 750th of the screen's width), `vw`/`vh` or a bare `0`.
//! Anything else (`%`, `auto`, `calc()`, a `{{binding}}`) cannot be known without rendering:
//! the side is [`Side::Unreadable`] and the caller says so and uses the default.

use crate::error::ProjectError;
use crate::project::Project;
use crate::route;

/// Baidu's canvas component when nothing sets its size: 300×225 CSS px (its component page:
/// "canvas 组件默认宽度 300px、高度 225px"; browsers and WeChat use 300×150).
pub const DEFAULT_CANVAS_SIZE: (f64, f64) = (300.0, 225.0);

/// One side of a canvas as its template and stylesheets declare it.
#[derive(Clone, Debug, PartialEq)]
pub enum Side {
    /// Nothing sets it: the component's default applies.
    Unset,
    /// CSS px.
    Px(f64),
    /// Set to something only rendering could resolve; the declaration as written.
    Unreadable(String),
}

/// One `<canvas>` element of a template.
#[derive(Clone, Debug, PartialEq)]
pub struct CanvasDecl {
    /// `canvas-id`, the old API's name for it.
    pub canvas_id: Option<String>,
    /// `id`, what `createSelectorQuery().select('#id')` finds.
    pub id: Option<String>,
    /// The static classes of `class` (a `{{binding}}` part left out).
    pub classes: Vec<String>,
    /// `type="2d"`: the Canvas 2D node API.
    pub is_2d: bool,
    /// The width as declared.
    pub width: Side,
    /// The height as declared.
    pub height: Side,
}

/// A canvas's size in CSS px with what could not be known.
#[derive(Clone, Debug, PartialEq)]
pub struct CanvasSize {
    /// CSS px.
    pub width: f64,
    /// CSS px.
    pub height: f64,
    /// Why a side fell back to the default (empty when the size is known).
    pub unknown: Vec<String>,
}

impl CanvasDecl {
    /// Whether `name` is this canvas's `canvas-id` or `id`.
    pub fn is_named(&self, name: &str) -> bool {
        self.canvas_id.as_deref() == Some(name) || self.id.as_deref() == Some(name)
    }

    /// The size, each unset or unreadable side taking the default's.
    pub fn size(&self) -> CanvasSize {
        let mut unknown = Vec::new();
        let mut side = |s: &Side, name: &str, default: f64| match s {
            Side::Px(v) => *v,
            Side::Unset => default,
            Side::Unreadable(what) => {
                unknown.push(format!("{name} {what:?} cannot be known without rendering"));
                default
            }
        };
        let width = side(&self.width, "width", DEFAULT_CANVAS_SIZE.0);
        let height = side(&self.height, "height", DEFAULT_CANVAS_SIZE.1);
        CanvasSize {
            width,
            height,
            unknown,
        }
    }
}

impl Project {
    /// The canvases of page `route` (`pages/index/index`): its `.swan` template with `app.css`
    /// and the page's `.css` applied. A missing file counts as empty; a file the project's
    /// rules refuse (too large, not a regular file) is the error.
    pub fn page_canvases(
        &self,
        route: &str,
        screen_width: f64,
        screen_height: f64,
    ) -> Result<Vec<CanvasDecl>, ProjectError> {
        let rel = route::relative(route)?;
        let template = self.text(&format!("{rel}.swan"))?.unwrap_or_default();
        let app_css = self.text("app.css")?.unwrap_or_default();
        let page_css = self.text(&format!("{rel}.css"))?.unwrap_or_default();
        let screen = Screen {
            width: screen_width,
            height: screen_height,
        };
        Ok(canvases(&template, &[&app_css, &page_css], screen))
    }
}

/// The screen lengths are relative to, in px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Screen {
    /// px; 750 rpx.
    pub width: f64,
    /// px; 100 vh.
    pub height: f64,
}

/// Every `<canvas>` of `template` with `stylesheets` (in cascade order) applied.
pub fn canvases(template: &str, stylesheets: &[&str], screen: Screen) -> Vec<CanvasDecl> {
    let rules: Vec<Rule> = stylesheets.iter().flat_map(|css| rules(css)).collect();
    canvas_tags(template)
        .into_iter()
        .map(|attrs| element(&attrs, &rules, screen))
        .collect()
}

fn attr<'a>(attrs: &'a [(String, Option<String>)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_deref().unwrap_or(""))
}

/// One declaration that may set a side, with its rank in the cascade.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
struct Rank {
    important: bool,
    /// 0 attribute, 1 stylesheet, 2 inline.
    origin: u8,
    specificity: (u32, u32, u32),
    order: usize,
}

fn element(attrs: &[(String, Option<String>)], rules: &[Rule], screen: Screen) -> CanvasDecl {
    let id = attr(attrs, "id").map(String::from);
    let classes: Vec<&str> = attr(attrs, "class")
        .unwrap_or("")
        .split_ascii_whitespace()
        .filter(|c| !c.contains("{{"))
        .collect();
    let mut width: Option<(Rank, Side)> = None;
    let mut height: Option<(Rank, Side)> = None;
    let mut put = |name: &str, rank: Rank, side: Side| {
        let slot = match name {
            "width" => &mut width,
            "height" => &mut height,
            _ => return,
        };
        if slot.as_ref().is_none_or(|(r, _)| *r <= rank) {
            *slot = Some((rank, side));
        }
    };
    for name in ["width", "height"] {
        if let Some(v) = attr(attrs, name) {
            let rank = Rank {
                important: false,
                origin: 0,
                specificity: (0, 0, 0),
                order: 0,
            };
            let side = match v.trim().parse::<f64>() {
                Ok(n) if n.is_finite() && n >= 0.0 => Side::Px(n),
                _ => length(v, screen),
            };
            put(name, rank, side);
        }
    }
    for (order, rule) in rules.iter().enumerate() {
        for selector in &rule.selectors {
            let Some(specificity) = matches(selector, id.as_deref(), &classes) else {
                continue;
            };
            for d in &rule.declarations {
                let rank = Rank {
                    important: d.important,
                    origin: 1,
                    specificity,
                    order,
                };
                put(&d.name, rank, length(&d.value, screen));
            }
        }
    }
    if let Some(style) = attr(attrs, "style") {
        let inline = Rank {
            important: false,
            origin: 2,
            specificity: (0, 0, 0),
            order: 0,
        };
        let (declarations, dynamic) = declarations(style);
        for d in &declarations {
            let rank = Rank {
                important: d.important,
                ..inline
            };
            put(&d.name, rank, length(&d.value, screen));
        }
        if let Some(what) = dynamic {
            // `style="{{s}}"`: it may set either side; only what outranks it stays known.
            for name in ["width", "height"] {
                put(name, inline, Side::Unreadable(what.clone()));
            }
        }
    }
    CanvasDecl {
        canvas_id: attr(attrs, "canvas-id").map(String::from),
        id,
        classes: classes.iter().map(|c| c.to_string()).collect(),
        is_2d: attr(attrs, "type").is_some_and(|t| t.trim().eq_ignore_ascii_case("2d")),
        width: width.map_or(Side::Unset, |(_, s)| s),
        height: height.map_or(Side::Unset, |(_, s)| s),
    }
}

/// A CSS length in px, or why it cannot be known.
fn length(value: &str, screen: Screen) -> Side {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let split = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(split);
    let Ok(n) = number.parse::<f64>() else {
        return Side::Unreadable(v.into());
    };
    let px = match unit.trim() {
        "px" => n,
        "rpx" | "upx" => n * screen.width / 750.0,
        "vw" => n * screen.width / 100.0,
        "vh" => n * screen.height / 100.0,
        "" if n == 0.0 => 0.0,
        _ => return Side::Unreadable(v.into()),
    };
    if px.is_finite() && px >= 0.0 {
        Side::Px(px)
    } else {
        Side::Unreadable(v.into())
    }
}

/// A selector's specificity if its last compound part can name this canvas.
fn matches(selector: &str, id: Option<&str>, classes: &[&str]) -> Option<(u32, u32, u32)> {
    let last = selector
        .rsplit(|c: char| c.is_ascii_whitespace() || c == '>' || c == '+' || c == '~')
        .find(|p| !p.is_empty())?;
    let mut spec = (0, 0, 0);
    let mut rest = last;
    // The type selector, if any, comes first.
    let tag_end = rest.find(['#', '.']).unwrap_or(rest.len());
    match &rest[..tag_end] {
        "" | "*" => {}
        t if t.eq_ignore_ascii_case("canvas") => spec.2 += 1,
        _ => return None,
    }
    rest = &rest[tag_end..];
    while !rest.is_empty() {
        let kind = rest.as_bytes()[0];
        let end = rest[1..].find(['#', '.']).map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        if name.is_empty() || name.contains([':', '[', '(', '*']) {
            return None; // pseudo-classes, attributes: not known without a tree
        }
        match kind {
            b'#' if id == Some(name) => spec.0 += 1,
            b'.' if classes.contains(&name) => spec.1 += 1,
            _ => return None,
        }
        rest = &rest[end..];
    }
    // Ancestors count toward specificity as written.
    for part in selector
        .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '+' || c == '~')
        .filter(|p| !p.is_empty())
        .rev()
        .skip(1)
    {
        spec.0 += part.matches('#').count() as u32;
        spec.1 += part.matches('.').count() as u32;
        if part.starts_with(|c: char| c.is_ascii_alphabetic()) {
            spec.2 += 1;
        }
    }
    Some(spec)
}

struct Declaration {
    name: String,
    value: String,
    important: bool,
}

struct Rule {
    selectors: Vec<String>,
    declarations: Vec<Declaration>,
}

/// The `width`/`height` declarations of a block, and the text of a `{{…}}` that stands where
/// a declaration should be (so it may set anything).
fn declarations(block: &str) -> (Vec<Declaration>, Option<String>) {
    let mut out = Vec::new();
    let mut dynamic = None;
    for part in split_declarations(block) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((name, value)) = part.split_once(':').filter(|(n, _)| !n.contains("{{")) else {
            if part.contains("{{") {
                dynamic = Some(part.to_string());
            }
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        if name != "width" && name != "height" {
            continue;
        }
        let mut value = value.trim();
        let important = match value.to_ascii_lowercase().rfind("!important") {
            Some(at) if value[at..].trim().eq_ignore_ascii_case("!important") => {
                value = value[..at].trim();
                true
            }
            _ => false,
        };
        out.push(Declaration {
            name,
            value: value.to_string(),
            important,
        });
    }
    (out, dynamic)
}

/// Splits on `;` outside of `{{…}}` and parentheses.
fn split_declarations(block: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    let bytes = block.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'(' => depth += 1,
            b'}' | b')' => depth -= 1,
            b';' if depth <= 0 => {
                parts.push(&block[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&block[start..]);
    parts
}

/// The style rules of a stylesheet, comments removed; at-rules (`@media`, `@import`,
/// `@keyframes`) are skipped whole, since whether they apply depends on more than the page.
fn rules(css: &str) -> Vec<Rule> {
    let css = strip_comments(css);
    let bytes = css.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(open) = css[i..].find(['{', ';']).map(|o| i + o) else {
            break;
        };
        let prelude = css[i..open].trim();
        if bytes[open] == b';' {
            i = open + 1; // `@import …;`, `@charset …;` or garbage
            continue;
        }
        let close = matching_brace(bytes, open);
        if !prelude.starts_with('@') {
            let (declarations, _) = declarations(&css[open + 1..close.min(css.len())]);
            if !declarations.is_empty() {
                out.push(Rule {
                    selectors: prelude.split(',').map(|s| s.trim().to_string()).collect(),
                    declarations,
                });
            }
        }
        i = close + 1;
    }
    out
}

/// The index of the `}` closing the block opened at `open` (the end if unclosed).
fn matching_brace(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("/*") {
        out.push_str(&rest[..at]);
        rest = match rest[at + 2..].find("*/") {
            Some(end) => &rest[at + 2 + end + 2..],
            None => "",
        };
        out.push(' ');
    }
    out.push_str(rest);
    out
}

/// The attributes of every `<canvas …>` tag (case-insensitive), comments skipped.
fn canvas_tags(template: &str) -> Vec<crate::Attributes> {
    crate::tag_occurrences(template, "canvas")
}
