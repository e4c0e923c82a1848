//! Colours, type sizes and the text-width estimate shared by every layout.

use super::scene::{Paint, Rgba, Role};

/// Palette per region (in dataset order). Blue/orange stays distinct under
/// deuteranopia and protanopia; the darker shade marks the national share.
pub struct RegionPalette {
    pub solid: Paint,
    pub dark: Paint,
    pub light: Paint,
    pub light_dark: Paint,
}

const fn region(i: u8) -> RegionPalette {
    RegionPalette {
        solid: Paint::of(Role::Solid(i)),
        dark: Paint::of(Role::Dark(i)),
        light: Paint::of(Role::Light(i)),
        light_dark: Paint::of(Role::LightDark(i)),
    }
}

pub const PALETTES: [RegionPalette; 3] = [region(0), region(1), region(2)];

pub fn palette(region_index: usize) -> &'static RegionPalette {
    &PALETTES[region_index % PALETTES.len()]
}

pub const BACKGROUND: Paint = Paint::of(Role::Background);
pub const INK: Paint = Paint::of(Role::Ink);
/// 6.3:1 on white: secondary text still passes WCAG AA.
pub const MUTED: Paint = Paint::of(Role::Muted);
pub const GRID: Paint = Paint::of(Role::Grid);
pub const AXIS: Paint = Paint::of(Role::Axis);
pub const TRACK: Paint = Paint::of(Role::Track);
/// The white veil of a part-year bar's stripes.
pub const STRIPE: Paint = BACKGROUND.alpha(0.55);

pub const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";

/// Estimated advance width of `text` at `size` px in a typical sans-serif.
/// Conservative (a little wide) so labels that "fit" really fit.
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.32,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.4,
            'M' | 'W' | 'm' | 'w' | '%' | '@' => 0.95,
            '0'..='9' => 0.64,
            c if is_upper_latin(c) => 0.76,
            c if (c as u32) > 0x2000 => 1.0,
            _ => 0.62,
        })
        .sum();
    em * size
}

/// Upper-case Latin letters including Vietnamese ones, without Unicode tables
/// (precomposed Vietnamese capitals in U+1EA0–U+1EF9 sit on even code points).
fn is_upper_latin(c: char) -> bool {
    let u = c as u32;
    c.is_ascii_uppercase()
        || (0xC0..=0xDE).contains(&u) && u != 0xD7
        || [0x102, 0x110, 0x128, 0x168, 0x1A0, 0x1AF].contains(&u)
        || (0x1EA0..=0x1EF8).contains(&u) && u % 2 == 0
}

/// Greedy word wrap to `max_width`; a single over-long word is cut with an ellipsis.
pub fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    // Only ordinary spaces break: a no-break space ("29\u{a0}%") holds its words together.
    for word in text.split([' ', '\n', '\t']).filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) <= max_width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|l| ellipsize(&l, size, max_width))
        .collect()
}

/// Cuts `text` to fit `max_width`, ending with "…".
pub fn ellipsize(text: &str, size: f64, max_width: f64) -> String {
    if text_width(text, size) <= max_width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&out, size) + text_width("…", size) > max_width {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

/// The colour schemes a chart can be drawn in. Layout always uses the light colours;
/// [`resolve`] gives each colour role its value in a scheme when the scene is drawn, so
/// every scheme has exactly the same geometry.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Scheme {
    #[default]
    Light,
    Dark,
    /// `forced-colors: active` when the system colours can't be read: white on black.
    HighContrast,
    /// `forced-colors: active` with the user's own system colours (CSS `Canvas`,
    /// `CanvasText`, `Highlight`).
    Forced {
        canvas: Rgba,
        text: Rgba,
        highlight: Rgba,
    },
}

const fn c(r: u8, g: u8, b: u8) -> Rgba {
    Rgba::rgb(r, g, b)
}

/// (light, dark, high contrast) for every role.
fn values(role: Role) -> (Rgba, Rgba, Rgba) {
    // Per region: (solid, dark, light, light_dark) × (light, dark, high contrast).
    const REGIONS: [[(Rgba, Rgba, Rgba); 4]; 3] = [
        [
            (
                c(0x1f, 0x5f, 0xa8),
                c(0x5b, 0x9e, 0xe8),
                c(0x00, 0xe5, 0xff),
            ),
            (
                c(0x0b, 0x30, 0x5e),
                c(0xb9, 0xd6, 0xf7),
                c(0xff, 0xff, 0xff),
            ),
            (c(0xe9, 0xf1, 0xfa), c(0x1b, 0x28, 0x37), c(0, 0, 0)),
            (
                c(0xa9, 0xc6, 0xe8),
                c(0x2d, 0x4d, 0x74),
                c(0x55, 0x55, 0x55),
            ),
        ],
        [
            (
                c(0xc0, 0x5a, 0x00),
                c(0xf0, 0x8a, 0x3c),
                c(0xff, 0xeb, 0x3b),
            ),
            (
                c(0x6e, 0x32, 0x00),
                c(0xff, 0xd0, 0xa8),
                c(0xff, 0xff, 0xff),
            ),
            (c(0xfd, 0xf0, 0xe4), c(0x33, 0x24, 0x1a), c(0, 0, 0)),
            (
                c(0xf0, 0xbf, 0x92),
                c(0x6b, 0x42, 0x21),
                c(0x55, 0x55, 0x55),
            ),
        ],
        [
            (
                c(0x00, 0x7a, 0x5e),
                c(0x3c, 0xc2, 0x9f),
                c(0x7c, 0xff, 0x4f),
            ),
            (
                c(0x00, 0x40, 0x31),
                c(0xb5, 0xee, 0xde),
                c(0xff, 0xff, 0xff),
            ),
            (c(0xe3, 0xf4, 0xef), c(0x15, 0x30, 0x2a), c(0, 0, 0)),
            (
                c(0x99, 0xd5, 0xc4),
                c(0x2c, 0x5f, 0x52),
                c(0x55, 0x55, 0x55),
            ),
        ],
    ];
    let shade = |i: u8, k: usize| REGIONS[usize::from(i) % REGIONS.len()][k];
    match role {
        Role::Background => (c(0xff, 0xff, 0xff), c(0x14, 0x16, 0x19), c(0, 0, 0)),
        Role::Ink => (
            c(0x1a, 0x1d, 0x21),
            c(0xe9, 0xec, 0xef),
            c(0xff, 0xff, 0xff),
        ),
        Role::Muted => (
            c(0x55, 0x5d, 0x66),
            c(0xae, 0xb6, 0xbf),
            c(0xff, 0xff, 0xff),
        ),
        Role::Grid => (
            c(0xe4, 0xe7, 0xeb),
            c(0x2b, 0x30, 0x36),
            c(0x66, 0x66, 0x66),
        ),
        Role::Axis => (
            c(0x8a, 0x93, 0x9c),
            c(0x6c, 0x75, 0x7e),
            c(0xff, 0xff, 0xff),
        ),
        Role::Track => (
            c(0xee, 0xf0, 0xf2),
            c(0x2a, 0x2f, 0x35),
            c(0x33, 0x33, 0x33),
        ),
        Role::Solid(i) => shade(i, 0),
        Role::Dark(i) => shade(i, 1),
        Role::Light(i) => shade(i, 2),
        Role::LightDark(i) => shade(i, 3),
    }
}

/// The colour `paint` has in `scheme` (its opacity kept).
pub fn resolve(paint: Paint, scheme: Scheme) -> Rgba {
    let (light, dark, high) = values(paint.role);
    match scheme {
        Scheme::Light => light.times(paint.alpha),
        Scheme::Dark => dark.times(paint.alpha),
        Scheme::HighContrast => high.times(paint.alpha),
        Scheme::Forced {
            canvas,
            text,
            highlight,
        } => forced(paint.role, canvas, text, highlight).times(paint.alpha),
    }
}

/// Forced colours: paper-like roles become the user's `Canvas`, ink-like ones
/// `CanvasText`, filled bars `Highlight`; hollow plan bars keep their outline.
fn forced(role: Role, canvas: Rgba, text: Rgba, highlight: Rgba) -> Rgba {
    match role {
        Role::Background | Role::Track | Role::Light(_) => canvas,
        Role::Solid(_) => highlight,
        Role::LightDark(_) => highlight.times(0.45),
        Role::Grid => text.times(0.35),
        Role::Ink | Role::Muted | Role::Axis | Role::Dark(_) => text,
    }
}

impl Scheme {
    /// Colours for DOM parts drawn outside the canvas (tooltip): (background, text, border).
    pub fn chrome(self) -> (Rgba, Rgba, Rgba) {
        (
            resolve(BACKGROUND, self),
            resolve(INK, self),
            resolve(AXIS, self),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lin(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    fn luminance(c: Rgba) -> f64 {
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }
    fn contrast(a: Rgba, b: Rgba) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }
    /// Machado et al. (2009) full-severity simulation matrices, on linear RGB.
    fn simulate(c: Rgba, m: [[f64; 3]; 3]) -> [f64; 3] {
        let v = [lin(c.0), lin(c.1), lin(c.2)];
        [0, 1, 2].map(|i| (m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2]).clamp(0.0, 1.0))
    }
    const DEUTAN: [[f64; 3]; 3] = [
        [0.367, 0.861, -0.228],
        [0.280, 0.673, 0.047],
        [-0.012, 0.043, 0.969],
    ];
    const PROTAN: [[f64; 3]; 3] = [
        [0.152, 1.053, -0.205],
        [0.115, 0.786, 0.099],
        [-0.004, -0.048, 1.052],
    ];

    #[test]
    fn text_contrast_is_at_least_4_5_in_every_scheme() {
        for scheme in [Scheme::Light, Scheme::Dark, Scheme::HighContrast] {
            let bg = resolve(BACKGROUND, scheme);
            for (name, c) in [("ink", INK), ("muted", MUTED)] {
                let r = contrast(resolve(c, scheme), bg);
                assert!(r >= 4.5, "{scheme:?} {name}: {r:.2}:1");
            }
        }
    }

    #[test]
    fn bars_stand_out_from_the_background_and_plan_differs_from_actual_in_grey() {
        for scheme in [Scheme::Light, Scheme::Dark, Scheme::HighContrast] {
            let bg = resolve(BACKGROUND, scheme);
            for p in &PALETTES {
                let solid = resolve(p.solid, scheme);
                assert!(
                    contrast(solid, bg) >= 3.0,
                    "{scheme:?}: actual bar vs background"
                );
                // The plan bar's outline is the solid colour: the hollow bar is visible.
                // Plan fill vs actual fill: a clear luminance step, so greyscale keeps them apart.
                let plan = resolve(p.light, scheme);
                assert!(
                    contrast(plan, solid) >= 3.0,
                    "{scheme:?}: plan vs actual fill"
                );
            }
        }
    }

    #[test]
    fn regions_stay_distinct_for_deuteranopia_and_protanopia() {
        for m in [DEUTAN, PROTAN] {
            let a = simulate(resolve(PALETTES[0].solid, Scheme::Light), m);
            let b = simulate(resolve(PALETTES[1].solid, Scheme::Light), m);
            let d: f64 = a
                .iter()
                .zip(b)
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
                .sqrt();
            assert!(d > 0.2, "simulated colours too close: {d:.3}");
        }
    }
}
