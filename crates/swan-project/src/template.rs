//! Just enough of a `.swan` template for a headless run: the attributes of each `<tag ...>`
//! (where a custom component is placed and what its tag binds, which canvases a page has) and
//! whether a selector could match an element. Nothing is rendered, so nothing else is read.

/// One tag's attributes, in order: `(name, value)`, `None` for a bare attribute (`<c disabled>`).
pub type Attributes = Vec<(String, Option<String>)>;

/// The attributes of every `<tag ...>` in `template` (the tag's name compared ASCII
/// case-insensitively, as swan templates are HTML-like); comments are skipped.
pub fn tag_occurrences(template: &str, tag: &str) -> Vec<Attributes> {
    let bytes = template.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = template[i..].find('<') {
        let start = i + at + 1;
        if template[start..].starts_with("!--") {
            i = template[start..]
                .find("-->")
                .map_or(template.len(), |end| start + end + 3);
            continue;
        }
        let name_end = start + tag.len();
        let named = template
            .get(start..name_end)
            .is_some_and(|name| name.eq_ignore_ascii_case(tag));
        let ends = bytes
            .get(name_end)
            .is_none_or(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>');
        if named && ends {
            let (attributes, end) = attributes(template, name_end);
            found.push(attributes);
            i = end;
        } else {
            i = start;
        }
    }
    found
}

/// Reads attributes from `from` to the tag's end; returns them and where the tag ends.
fn attributes(s: &str, from: usize) -> (Attributes, usize) {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    loop {
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            i += 1;
        }
        match bytes.get(i) {
            None => return (out, i),
            Some(b'>') => return (out, i + 1),
            _ => {}
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !b"=>/".contains(b))
        {
            i += 1;
        }
        let name = s[name_start..i].to_string();
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            out.push((name, None));
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let end = s[i + 1..].find(q as char).map_or(s.len(), |e| i + 1 + e);
                let v = s[i + 1..end].to_string();
                i = (end + 1).min(s.len());
                v
            }
            _ => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                {
                    i += 1;
                }
                s[start..i].to_string()
            }
        };
        out.push((name, Some(value)));
    }
}

/// `createSelectorQuery().select(sel)` answers `null` on a phone only when nothing matches, and
/// a headless run must not answer `null` for an element the page knows is there.
/// Whether `selector` may name an element of `template`: `#id` an element with that `id`,
/// `.class` one with that class. An `id` or `class` built with `{{…}}` may be anything, and a
/// selector of another kind (a tag, a combinator) is not judged: both count as a match.
pub fn template_may_match(template: &str, selector: &str) -> bool {
    let selector = selector.trim();
    let (attr, wanted) = match (selector.strip_prefix('#'), selector.strip_prefix('.')) {
        (Some(id), _) if is_simple(id) => ("id", id),
        (_, Some(class)) if is_simple(class) => ("class", class),
        _ => return true,
    };
    attribute_values(template, attr).any(|value| {
        value.contains("{{") || value.split_ascii_whitespace().any(|token| token == wanted)
    })
}

/// One name, with no combinator, pseudo-class or second selector after it.
fn is_simple(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || ".#:[>+~,".contains(c))
}

/// The quoted values of every `name="…"` (or `'…'`) attribute in the text.
fn attribute_values<'a>(template: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut rest = template;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find(name)?;
            let before = rest[..at].chars().next_back();
            let after = rest[at + name.len()..].trim_start();
            rest = &rest[at + name.len()..];
            // The name must stand alone (`id=`, not `canvas-id=` or `data-id=`).
            if before.is_some_and(|c| !c.is_whitespace()) {
                continue;
            }
            let Some(value) = after.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start();
            let Some(quote) = value.chars().next().filter(|q| *q == '"' || *q == '\'') else {
                continue;
            };
            let value = &value[1..];
            let end = value.find(quote).unwrap_or(value.len());
            return Some(&value[..end]);
        }
    })
}

#[cfg(test)]
mod query_tests {
    use super::template_may_match;

    const TEMPLATE: &str = r#"<view id="header" class="bar  top">
  <canvas canvas-id="poster" data-id="x"></canvas>
  <view class='item {{active ? "on" : ""}}' s-for="i in list"></view>
  <text id = "title">hi</text>
</view>"#;

    #[test]
    fn ids_and_classes_of_the_template_match_and_others_do_not() {
        for yes in [
            "#header",
            ".bar",
            ".top",
            "#title",
            ".anything-dynamic",
            "view",
            "#a .b",
        ] {
            // `.anything-dynamic` may be the `{{…}}` class; `view` and `#a .b` are not judged.
            assert!(template_may_match(TEMPLATE, yes), "{yes}");
        }
        for no in ["#poster", "#x", "#nothing"] {
            assert!(!template_may_match(TEMPLATE, no), "{no}");
        }
        assert!(!template_may_match("<view class=\"a\"></view>", ".b"));
        assert!(!template_may_match("", "#a"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &Attributes) -> Vec<(&str, Option<&str>)> {
        v.iter().map(|(k, v)| (k.as_str(), v.as_deref())).collect()
    }

    #[test]
    fn reads_each_tag_and_its_attributes() {
        let t = r#"<view><my-card id="a" bind:change="onChange" title='Hi there' count="{{n}}" disabled/>
<!-- <my-card bindtap="no"/> --><my-cards x="1"/><MY-CARD
  bindtap=tap>text</my-card></view>"#;
        let found = tag_occurrences(t, "my-card");
        assert_eq!(found.len(), 2);
        assert_eq!(
            pairs(&found[0]),
            [
                ("id", Some("a")),
                ("bind:change", Some("onChange")),
                ("title", Some("Hi there")),
                ("count", Some("{{n}}")),
                ("disabled", None),
            ]
        );
        assert_eq!(pairs(&found[1]), [("bindtap", Some("tap"))]);
        assert!(tag_occurrences("<my-card a=\"unterminated", "my-card").len() == 1);
        assert!(tag_occurrences("", "x").is_empty());
    }
}
