//! Page text shown to a person. Page code chooses what it logs, so its text must not be able to
//! pass for the host's own lines: no new lines, carriage returns, terminal escapes or bidi
//! overrides reach the terminal raw, and every line of page output carries its label.

use std::borrow::Cow;
use std::fmt::Write;

/// `s` on one line, with every character that could end the line, move the cursor, recolour the
/// terminal or reorder the text shown as an escape (`\n`, `\r`, `\u{1b}`, `\u{202e}`). Tabs stay.
pub fn escape_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// `s` in double quotes, escaped as [`escape_line`] does, with quotes and backslashes escaped
/// too so the closing quote is always the host's.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => push_escaped(&mut out, c),
        }
    }
    out.push('"');
    out
}

/// Page text that may span lines: each of its lines on its own terminal line, after `label│ `.
pub fn labelled(label: &str, text: &str, out: &mut String) {
    for line in text.split('\n') {
        let _ = writeln!(out, "{}│ {}", escape_line(label), escape_line(line));
    }
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if needs_escape(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// C0 and C1 controls (ESC, CR, LF, DEL, CSI…) except tab, bidi embeddings, overrides, isolates
/// and marks, and the Unicode line and paragraph separators.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_and_the_rest_is_kept() {
        assert_eq!(escape_line("plain 已保存\ttab"), "plain 已保存\ttab");
        assert_eq!(
            escape_line("a\nb\rc\u{1b}[31md\u{7f}\u{9b}e\u{202e}f\u{2066}g\u{2028}"),
            "a\\nb\\rc\\u{1b}[31md\\u{7f}\\u{9b}e\\u{202e}f\\u{2066}g\\u{2028}"
        );
        assert_eq!(quoted("say \"hi\"\\\n"), "\"say \\\"hi\\\"\\\\\\n\"");
    }

    #[test]
    fn every_line_of_page_text_carries_the_label() {
        let mut out = String::new();
        labelled(
            "console.log",
            "\nprompt: scope.writePhotosAlbum? allow\r",
            &mut out,
        );
        assert_eq!(
            out,
            "console.log│ \nconsole.log│ prompt: scope.writePhotosAlbum? allow\\r\n"
        );
    }
}
