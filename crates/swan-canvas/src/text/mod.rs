//! Text: choosing a font per character (the CSS family list, then fallbacks), shaping runs
//! with rustybuzz, and turning glyph outlines into one path.

pub mod font_spec;
pub mod fonts;

pub use font_spec::FontSpec;

use fonts::{FaceData, book};
use rustybuzz::ttf_parser::{self, OutlineBuilder};
use tiny_skia::{Path, PathBuilder};

/// A line of text laid out at the origin (x = 0 at its start, y = 0 on its alphabetic
/// baseline, y growing downwards), in CSS px of the font size.
pub struct Layout {
    /// Glyph outlines, each at its own origin, with the pen position (x) it is drawn at;
    /// empty for blank text.
    pub glyphs: Vec<(f32, Path)>,
    /// Outline stroke width for synthetic bold (bold asked, the face has none), 0 if none.
    pub fake_bold: f32,
    pub width: f32,
    /// Ascent and descent (both positive, whole pixels as Blink has them) of the primary font.
    pub ascent: f32,
    pub descent: f32,
    /// The em box split by the OS/2 typographic ascender/descender (they add up to the font
    /// size): what Blink uses for the `top`, `middle` and `bottom` baselines.
    pub em_ascent: f32,
    pub em_descent: f32,
    /// Characters no font has (drawn as the primary font's missing-glyph box, as browsers do).
    pub missing: Vec<char>,
}

struct Outline<'a> {
    pb: &'a mut PathBuilder,
    x: f32,
    y: f32,
    scale: f32,
    skew: f32,
}

impl Outline<'_> {
    fn pt(&self, x: f32, y: f32) -> (f32, f32) {
        let ys = y * self.scale;
        (self.x + x * self.scale + ys * self.skew, self.y - ys)
    }
}

impl OutlineBuilder for Outline<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (a, b) = self.pt(x, y);
        self.pb.move_to(a, b);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (a, b) = self.pt(x, y);
        self.pb.line_to(a, b);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (a, b) = self.pt(x1, y1);
        let (c, d) = self.pt(x, y);
        self.pb.quad_to(a, b, c, d);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (a, b) = self.pt(x1, y1);
        let (c, d) = self.pt(x2, y2);
        let (e, f) = self.pt(x, y);
        self.pb.cubic_to(a, b, c, d, e, f);
    }
    fn close(&mut self) {
        self.pb.close();
    }
}

/// Skia's synthetic-bold outline: 1/24 of the size at 9px down to 1/32 at 36px and above.
fn fake_bold_width(size: f32) -> f32 {
    let t = ((size - 9.0) / 27.0).clamp(0.0, 1.0);
    size * (1.0 / 24.0 + t * (1.0 / 32.0 - 1.0 / 24.0))
}

/// Puts the glyphs together into one path in text space (origin on the baseline start).
/// Whole-pixel glyph positions were tried against Chromium and matched worse: it positions
/// canvas text at subpixel x.
pub fn assemble(glyphs: &[(f32, Path)]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for (x, p) in glyphs {
        if let Some(p) = p
            .clone()
            .transform(tiny_skia::Transform::from_translate(*x, 0.0))
        {
            pb.push_path(&p);
        }
    }
    pb.finish()
}

/// Lays out `text` in `spec`; with `outlines` false only metrics are computed (measureText).
pub fn layout(spec: &FontSpec, text: &str, outlines: bool) -> Layout {
    let book = book();
    // Browsers replace these with spaces in fillText/measureText.
    let text: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t' | '\x0c' | '\x0b') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let chain = book.chain(&spec.families, spec.weight, spec.italic);
    let datas: Vec<Option<(FaceData, u32)>> = chain.iter().map(|id| book.data(*id)).collect();
    let faces: Vec<Option<rustybuzz::Face>> = datas
        .iter()
        .map(|d| {
            d.as_ref()
                .and_then(|(d, i)| rustybuzz::Face::from_slice((**d).as_ref(), *i))
        })
        .collect();
    let primary = faces.iter().position(Option::is_some);
    let mut layout = Layout {
        glyphs: Vec::new(),
        fake_bold: 0.0,
        width: 0.0,
        ascent: 0.0,
        descent: 0.0,
        em_ascent: 0.0,
        em_descent: 0.0,
        missing: Vec::new(),
    };
    let Some(primary) = primary else {
        layout.missing = text.chars().filter(|c| !c.is_whitespace()).collect();
        return layout;
    };
    if let Some(f) = &faces[primary] {
        let k = spec.size / f.units_per_em() as f32;
        // Blink rounds ascent and descent to whole pixels on Linux and Windows (no subpixel
        // ascent/descent), and canvas baselines are computed from those.
        layout.ascent = (f.ascender() as f32 * k).round();
        layout.descent = (-(f.descender() as f32) * k).round();
        let (ta, td) = f
            .tables()
            .os2
            .map(|o| {
                (
                    o.typographic_ascender() as f32,
                    o.typographic_descender() as f32,
                )
            })
            .filter(|(a, d)| a - d > 0.0)
            .unwrap_or((f.ascender() as f32, f.descender() as f32));
        if ta - td > 0.0 {
            layout.em_ascent = spec.size * ta / (ta - td);
            layout.em_descent = spec.size - layout.em_ascent;
        }
    }

    // Extra faces found by per-character fallback, beyond the chain.
    let mut extra_ids = Vec::new();
    let mut extra_data: Vec<(FaceData, u32)> = Vec::new();
    let mut runs: Vec<(usize, usize, Option<usize>)> = Vec::new(); // (start byte, end byte, face slot)
    // slot: Some(i) < chain.len() → chain face; ≥ chain.len() → extra face.
    for (pos, c) in text.char_indices() {
        // Each character takes the first font of the chain that has it, as Chromium picks
        // fonts: a space after Chinese stays in the primary (Latin) font when it has a space,
        // whose advance differs from the CJK font's. Only combining marks (and joiners,
        // variation selectors) stay with the character they modify.
        let mut slot = None;
        if is_mark(c)
            && let Some(last) = runs.last()
        {
            slot = last.2;
        }
        if slot.is_none() {
            slot = faces
                .iter()
                .position(|f| f.as_ref().is_some_and(|f| f.glyph_index(c).is_some()));
        }
        if slot.is_none()
            && let Some(id) = book.fallback(c)
        {
            let i = match extra_ids.iter().position(|x| *x == id) {
                Some(i) => i,
                None => match book.data(id) {
                    Some(d) => {
                        extra_ids.push(id);
                        extra_data.push(d);
                        extra_ids.len() - 1
                    }
                    None => usize::MAX,
                },
            };
            if i != usize::MAX {
                slot = Some(chain.len() + i);
            }
        }
        if slot.is_none() {
            if !c.is_whitespace() && !c.is_control() && !layout.missing.contains(&c) {
                layout.missing.push(c);
            }
            slot = Some(primary);
        }
        // Blink shapes word by word, each space on its own, so no kerning pair spans a
        // space (Liberation Sans kerns "space A" by -0.055 em; Chromium does not apply it).
        let joins = is_mark(c) || (c != ' ' && !text[..pos].ends_with(' '));
        match runs.last_mut() {
            Some(last) if last.2 == slot && joins => last.1 = pos + c.len_utf8(),
            _ => runs.push((pos, pos + c.len_utf8(), slot)),
        }
    }
    let extra_faces: Vec<Option<rustybuzz::Face>> = extra_data
        .iter()
        .map(|(d, i)| rustybuzz::Face::from_slice((**d).as_ref(), *i))
        .collect();

    let mut pen = 0.0f32;
    for (start, end, slot) in runs {
        let slot = slot.unwrap_or(primary);
        let (face, id) = if slot < chain.len() {
            (faces[slot].as_ref(), chain[slot])
        } else {
            (
                extra_faces[slot - chain.len()].as_ref(),
                extra_ids[slot - chain.len()],
            )
        };
        let Some(face) = face else { continue };
        let scale = spec.size / face.units_per_em() as f32;
        let skew = if spec.italic && !book.is_italic(id) {
            0.25
        } else {
            0.0
        };
        if spec.weight >= 600 && book.weight(id) < 600 {
            layout.fake_bold = fake_bold_width(spec.size);
        }
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(&text[start..end]);
        buf.guess_segment_properties();
        let glyphs = rustybuzz::shape(face, &[], buf);
        for (info, pos) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
            if outlines {
                let mut pb = PathBuilder::new();
                let mut o = Outline {
                    pb: &mut pb,
                    x: pos.x_offset as f32 * scale,
                    y: -(pos.y_offset as f32) * scale,
                    scale,
                    skew,
                };
                let _ = face.outline_glyph(ttf_parser::GlyphId(info.glyph_id as u16), &mut o);
                if let Some(p) = pb.finish() {
                    layout.glyphs.push((pen, p));
                }
            }
            pen += pos.x_advance as f32 * scale;
        }
    }
    layout.width = pen;
    layout
}

/// Combining marks stay in the font of the character they sit on.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x200D)
}

#[cfg(test)]
mod tests {
    use super::{font_spec, layout};

    fn width(font: &str, text: &str) -> f32 {
        layout(&font_spec::parse(font).expect("font"), text, false).width
    }

    /// A space after Chinese comes from the first family that has a space (the Latin font),
    /// as in Chromium, not from the CJK font of the character before it.
    #[test]
    fn a_space_after_chinese_is_the_primary_fonts_space() {
        let f = "28px sans-serif";
        let joined = width(f, "相册 ");
        let apart = width(f, "相册") + width(f, " ");
        assert!((joined - apart).abs() < 0.01, "{joined} vs {apart}");
    }

    /// No kerning pair spans a space (Blink shapes each space on its own).
    #[test]
    fn no_kerning_across_a_space() {
        let f = "14px sans-serif";
        let joined = width(f, "No. A-2026");
        let apart = width(f, "No.") + width(f, " ") + width(f, "A-2026");
        assert!((joined - apart).abs() < 0.01, "{joined} vs {apart}");
    }
}
