//! fillStyle/strokeStyle values: a colour, a linear or radial gradient, or an image pattern,
//! parsed from the JSON forms of the canvas interface and turned into tiny-skia shaders.

use crate::color;
use serde_json::Value;
use tiny_skia::{
    Color, GradientStop, LinearGradient, Point, RadialGradient, Shader, SpreadMode, Transform,
};

#[derive(Clone, Debug, PartialEq)]
pub enum Style {
    Color(Color),
    Linear {
        p: [f32; 4],
        stops: Vec<(f32, Color)>,
    },
    Radial {
        p: [f32; 6],
        stops: Vec<(f32, Color)>,
    },
    Pattern {
        src: String,
        repetition: Repetition,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repetition {
    Repeat,
    RepeatX,
    RepeatY,
    NoRepeat,
}

fn nums<const N: usize>(v: &Value) -> Option<[f32; N]> {
    let a = v.as_array()?;
    if a.len() != N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, x) in out.iter_mut().zip(a) {
        *o = x.as_f64()? as f32;
        if !o.is_finite() {
            return None;
        }
    }
    Some(out)
}

/// Stops in offset order (stable for equal offsets, as addColorStop keeps insertion order);
/// stops with a bad offset or colour are skipped, as browsers throw on them and go on.
fn stops(v: Option<&Value>) -> Vec<(f32, Color)> {
    let mut out: Vec<(f32, Color)> = v
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    let s = s.as_array()?;
                    let off = s.first()?.as_f64()? as f32;
                    if !(0.0..=1.0).contains(&off) {
                        return None;
                    }
                    Some((off, color::quantize(color::parse(s.get(1)?.as_str()?)?)))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

impl Style {
    /// Parses a style value; `None` when a browser would ignore the assignment.
    pub fn parse(v: &Value) -> Option<Style> {
        match v {
            Value::String(s) => color::parse(s).map(|c| Style::Color(color::quantize(c))),
            Value::Object(o) => {
                if let Some(p) = o.get("linearGradient") {
                    Some(Style::Linear {
                        p: nums::<4>(p)?,
                        stops: stops(o.get("stops")),
                    })
                } else if let Some(p) = o.get("radialGradient") {
                    let p = nums::<6>(p)?;
                    if p[2] < 0.0 || p[5] < 0.0 {
                        return None;
                    }
                    Some(Style::Radial {
                        p,
                        stops: stops(o.get("stops")),
                    })
                } else if let Some(src) = o.get("pattern").and_then(Value::as_str) {
                    let repetition = match o
                        .get("repetition")
                        .and_then(Value::as_str)
                        .unwrap_or("repeat")
                    {
                        "repeat" | "" => Repetition::Repeat,
                        "repeat-x" => Repetition::RepeatX,
                        "repeat-y" => Repetition::RepeatY,
                        "no-repeat" => Repetition::NoRepeat,
                        _ => return None,
                    };
                    Some(Style::Pattern {
                        src: src.to_string(),
                        repetition,
                    })
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// A gradient shader in device space (`ts` maps the gradient's user space to the device),
    /// with `alpha` (globalAlpha) folded into its stops. `Err(())` means "paint nothing"
    /// (a gradient with no stops or a degenerate one, as browsers do).
    pub fn gradient_shader(&self, ts: Transform, alpha: f32) -> Result<Shader<'static>, ()> {
        let fade = |stops: &[(f32, Color)]| -> Vec<(f32, Color)> {
            stops
                .iter()
                .map(|(o, c)| {
                    let mut c = *c;
                    c.apply_opacity(alpha);
                    (*o, c)
                })
                .collect()
        };
        let build = |s: Vec<(f32, Color)>| {
            s.into_iter()
                .map(|(o, c)| GradientStop::new(o, c))
                .collect::<Vec<_>>()
        };
        match self {
            Style::Linear { p, stops } => {
                if stops.is_empty() || (p[0] == p[2] && p[1] == p[3]) {
                    return Err(());
                }
                let s = fade(stops);
                if s.len() == 1 {
                    return Ok(Shader::SolidColor(s[0].1));
                }
                LinearGradient::new(
                    Point::from_xy(p[0], p[1]),
                    Point::from_xy(p[2], p[3]),
                    build(s),
                    SpreadMode::Pad,
                    ts,
                )
                .ok_or(())
            }
            Style::Radial { p, stops } => {
                let [x0, y0, r0, x1, y1, r1] = *p;
                if stops.is_empty() || r1 <= r0 && x0 == x1 && y0 == y1 {
                    return Err(());
                }
                let mut s = fade(stops);
                if s.len() == 1 {
                    return Ok(Shader::SolidColor(s[0].1));
                }
                // tiny-skia's radial gradient starts at radius 0; a start radius r0 is folded
                // into the stops (exact for concentric circles, the common case and the one
                // Baidu's createCircularGradient makes).
                if r0 > 0.0 && r1 > 0.0 {
                    let k = (r0 / r1).min(1.0);
                    let first = s[0].1;
                    s = s.iter().map(|(o, c)| (k + o * (1.0 - k), *c)).collect();
                    s.insert(0, (0.0, first));
                }
                RadialGradient::new(
                    Point::from_xy(x0, y0),
                    Point::from_xy(x1, y1),
                    r1,
                    build(s),
                    SpreadMode::Pad,
                    ts,
                )
                .ok_or(())
            }
            _ => Err(()),
        }
    }
}
