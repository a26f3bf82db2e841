//! Whether a selector could match an element of a `.swan` template, without rendering it:
//! `createSelectorQuery().select(sel)` answers `null` on a phone only when nothing matches, and
//! a headless run must not answer `null` for an element the page knows is there.

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
mod tests {
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
