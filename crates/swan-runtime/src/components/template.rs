//! Just enough of a `.swan` template to know where a custom component is placed and what its
//! tag says: the attributes of each `<tag ...>`. Nothing is rendered, so nothing else is read.

/// One tag's attributes, in order: `(name, value)`, `None` for a bare attribute (`<c disabled>`).
pub(crate) type Attributes = Vec<(String, Option<String>)>;

/// The attributes of every `<tag ...>` in `template` (the tag's name compared ASCII
/// case-insensitively, as swan templates are HTML-like); comments are skipped.
pub(crate) fn occurrences(template: &str, tag: &str) -> Vec<Attributes> {
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
        let found = occurrences(t, "my-card");
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
        assert!(occurrences("<my-card a=\"unterminated", "my-card").len() == 1);
        assert!(occurrences("", "x").is_empty());
    }
}
