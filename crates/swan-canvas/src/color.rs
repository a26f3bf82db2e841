//! CSS colour strings → tiny-skia colours (named colours, #rgb/#rgba/#rrggbb/#rrggbbaa,
//! rgb()/rgba()/hsl()/hsla(), `transparent`), via `csscolorparser`.

use tiny_skia::Color;

/// Parses a CSS colour; `None` for anything a browser would ignore (the old value stays).
pub fn parse(s: &str) -> Option<Color> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let c = csscolorparser::parse(s).ok()?;
    let [r, g, b, a] = c.to_array();
    Color::from_rgba(
        r.clamp(0.0, 1.0),
        g.clamp(0.0, 1.0),
        b.clamp(0.0, 1.0),
        a.clamp(0.0, 1.0),
    )
}

/// Rounds a colour to 8 bits per channel, as browsers store parsed colours, so that blending
/// starts from the same values Chromium uses.
pub fn quantize(c: Color) -> Color {
    let c8 = c.to_color_u8();
    Color::from_rgba8(c8.red(), c8.green(), c8.blue(), c8.alpha())
}
