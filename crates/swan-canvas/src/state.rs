//! The drawing state that save/restore keep, with the Web Canvas 2D defaults.

use crate::style::Style;
use crate::text::FontSpec;
use std::sync::Arc;
use tiny_skia::{BlendMode, Color, LineCap, LineJoin, Mask, Transform};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Start,
    End,
    Left,
    Right,
    Center,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    Alphabetic,
    Top,
    Hanging,
    Middle,
    Ideographic,
    Bottom,
}

#[derive(Clone)]
pub struct State {
    pub fill: Style,
    pub stroke: Style,
    pub line_width: f32,
    pub cap: LineCap,
    pub join: LineJoin,
    pub miter: f32,
    pub dash: Vec<f32>,
    pub dash_offset: f32,
    pub alpha: f32,
    pub blend: BlendMode,
    pub font: FontSpec,
    pub align: Align,
    pub baseline: Baseline,
    pub shadow_color: Color,
    pub shadow_blur: f32,
    pub shadow_x: f32,
    pub shadow_y: f32,
    pub ts: Transform,
    /// The clip region as a coverage mask; `None` = whole canvas. Shared between saved states
    /// until a `clip` makes a new one.
    pub clip: Option<Arc<Mask>>,
    pub smoothing: bool,
}

impl Default for State {
    fn default() -> Self {
        State {
            fill: Style::Color(Color::BLACK),
            stroke: Style::Color(Color::BLACK),
            line_width: 1.0,
            cap: LineCap::Butt,
            join: LineJoin::Miter,
            miter: 10.0,
            dash: Vec::new(),
            dash_offset: 0.0,
            alpha: 1.0,
            blend: BlendMode::SourceOver,
            font: FontSpec::default(),
            align: Align::Start,
            baseline: Baseline::Alphabetic,
            shadow_color: Color::TRANSPARENT,
            shadow_blur: 0.0,
            shadow_x: 0.0,
            shadow_y: 0.0,
            ts: Transform::identity(),
            clip: None,
            smoothing: true,
        }
    }
}

/// `globalCompositeOperation` names → blend mode, and whether the operation is "unbounded"
/// (it also changes the canvas outside the shape, where the source is transparent).
pub fn composite(name: &str) -> Option<(BlendMode, bool)> {
    Some(match name {
        "source-over" => (BlendMode::SourceOver, false),
        "source-in" => (BlendMode::SourceIn, true),
        "source-out" => (BlendMode::SourceOut, true),
        "source-atop" => (BlendMode::SourceAtop, false),
        "destination-over" => (BlendMode::DestinationOver, false),
        "destination-in" => (BlendMode::DestinationIn, true),
        "destination-out" => (BlendMode::DestinationOut, false),
        "destination-atop" => (BlendMode::DestinationAtop, true),
        "lighter" => (BlendMode::Plus, false),
        "copy" => (BlendMode::Source, true),
        "xor" => (BlendMode::Xor, false),
        "multiply" => (BlendMode::Multiply, false),
        "screen" => (BlendMode::Screen, false),
        "overlay" => (BlendMode::Overlay, false),
        "darken" => (BlendMode::Darken, false),
        "lighten" => (BlendMode::Lighten, false),
        "color-dodge" => (BlendMode::ColorDodge, false),
        "color-burn" => (BlendMode::ColorBurn, false),
        "hard-light" => (BlendMode::HardLight, false),
        "soft-light" => (BlendMode::SoftLight, false),
        "difference" => (BlendMode::Difference, false),
        "exclusion" => (BlendMode::Exclusion, false),
        "hue" => (BlendMode::Hue, false),
        "saturation" => (BlendMode::Saturation, false),
        "color" => (BlendMode::Color, false),
        "luminosity" => (BlendMode::Luminosity, false),
        _ => return None,
    })
}

pub fn is_unbounded(b: BlendMode) -> bool {
    matches!(
        b,
        BlendMode::SourceIn
            | BlendMode::SourceOut
            | BlendMode::DestinationIn
            | BlendMode::DestinationAtop
            | BlendMode::Source
    )
}
