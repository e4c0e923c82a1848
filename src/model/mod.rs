//! Layer 2: chart options, derived figures, layout and hit-testing.
//!
//! Pure: no plotters, no web-sys. Everything is in CSS pixels.

pub mod activities;
pub mod annotate;
pub mod compare;
pub mod format;
pub mod funding;
mod layout;
pub mod scale;
pub mod scene;
pub mod share;
pub mod table;
pub mod theme;
pub mod tooltip;

use crate::data::{Dataset, Figure, Lang};
use serde::Deserialize;
use std::fmt;

pub use scene::{BarHit, Mark, Paint, Rect, Rgba, Role, Scene};

/// Options exactly as a page passes them (JS object or JSON); validated by [`ChartOptions::parse`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOptions {
    pub chart: Option<String>,
    pub region: Option<String>,
    pub lang: Option<String>,
    /// Device pixels per CSS pixel; defaults to the screen's (export at 2 for print).
    #[serde(rename = "pixelRatio")]
    pub pixel_ratio: Option<f64>,
    /// "auto" (follows prefers-color-scheme), "light" or "dark".
    pub theme: Option<String>,
    /// Legend series switched off: "plan", "actual", or "region:<id>".
    pub hidden: Option<Vec<String>>,
    /// Everything drawn larger (text, bars) for kiosks and low vision: 1 to 3.
    pub zoom: Option<f64>,
    /// Tallest the chart may be, in CSS px (a kiosk screen): its plots get lower, down to
    /// a readable minimum. 200 to 20000.
    #[serde(rename = "maxHeight")]
    pub max_height: Option<f64>,
    /// Funding chart: "amounts" (plans and spending in tỷ đồng) or "share" (spent as a
    /// % of plan).
    pub view: Option<String>,
    /// Activities chart: "own" (each panel its own scale) or "shared" (one per unit).
    pub scale: Option<String>,
}

impl RawOptions {
    /// These options over `base`: a field left out keeps `base`'s value (a partial
    /// `update()` changes only what it names).
    pub fn over(self, base: &RawOptions) -> RawOptions {
        RawOptions {
            chart: self.chart.or_else(|| base.chart.clone()),
            region: self.region.or_else(|| base.region.clone()),
            lang: self.lang.or_else(|| base.lang.clone()),
            pixel_ratio: self.pixel_ratio.or(base.pixel_ratio),
            theme: self.theme.or_else(|| base.theme.clone()),
            hidden: self.hidden.or_else(|| base.hidden.clone()),
            zoom: self.zoom.or(base.zoom),
            max_height: self.max_height.or(base.max_height),
            view: self.view.or_else(|| base.view.clone()),
            scale: self.scale.or_else(|| base.scale.clone()),
        }
    }

    /// `self` without the fields `cleared` has (a partial update's `null`s).
    pub fn without(mut self, cleared: &RawOptions) -> RawOptions {
        fn drop<T>(v: &mut Option<T>, c: bool) {
            if c {
                *v = None;
            }
        }
        drop(&mut self.chart, cleared.chart.is_some());
        drop(&mut self.region, cleared.region.is_some());
        drop(&mut self.lang, cleared.lang.is_some());
        drop(&mut self.pixel_ratio, cleared.pixel_ratio.is_some());
        drop(&mut self.theme, cleared.theme.is_some());
        drop(&mut self.hidden, cleared.hidden.is_some());
        drop(&mut self.zoom, cleared.zoom.is_some());
        drop(&mut self.max_height, cleared.max_height.is_some());
        drop(&mut self.view, cleared.view.is_some());
        drop(&mut self.scale, cleared.scale.is_some());
        self
    }

    /// Option names as a page writes them (`data` is read by the web layer).
    pub const FIELDS: [&'static str; 11] = [
        "chart",
        "region",
        "lang",
        "pixelRatio",
        "theme",
        "hidden",
        "zoom",
        "maxHeight",
        "view",
        "scale",
        "data",
    ];
}

/// How the funding chart compares: amounts side by side, or spent as a share of plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Amounts,
    Share,
}

/// Activities: each panel on its own scale, or one scale for every panel of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    #[default]
    Own,
    Shared,
}

/// Colour scheme requested by the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    #[default]
    Auto,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Planned versus spent funding by period, with national/local split and execution rates.
    Funding,
    /// Activity counts (models, machinery, fairs, trainees…) across periods and regions.
    Activities,
}

impl ChartKind {
    pub const ALLOWED: &'static str = "\"funding\" or \"activities\"";
    pub fn id(self) -> &'static str {
        match self {
            ChartKind::Funding => "funding",
            ChartKind::Activities => "activities",
        }
    }
}

/// Which regions a chart shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionSel {
    One(String),
    /// Every region, side by side (activities only).
    All,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    pub kind: ChartKind,
    pub region: RegionSel,
    pub lang: Lang,
    pub pixel_ratio: Option<f64>,
    pub theme: ThemeChoice,
    /// Series keys hidden through the legend.
    pub hidden: Vec<String>,
    /// Scale of everything drawn (1 = default).
    pub zoom: f64,
    /// Tallest the laid-out chart may be, in layout px (the option ÷ zoom), if any.
    pub max_height: Option<f64>,
    /// Funding: amounts or % of plan (ignored by the activities chart).
    pub view: View,
    /// Activities: own or shared scales (ignored by the funding chart).
    pub scale: Scale,
}

/// A rejected option, naming the field and the allowed values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsError(pub String);

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OptionsError {}

impl ChartOptions {
    pub fn parse(raw: &RawOptions, ds: &Dataset) -> Result<ChartOptions, OptionsError> {
        let kind = match raw.chart.as_deref() {
            Some("funding") => ChartKind::Funding,
            Some("activities") => ChartKind::Activities,
            Some(other) => {
                return Err(OptionsError(format!(
                    "options.chart: unknown chart \"{}\" (expected {})",
                    clip(other),
                    ChartKind::ALLOWED
                )))
            }
            None => {
                return Err(OptionsError(format!(
                    "options.chart: required (expected {})",
                    ChartKind::ALLOWED
                )))
            }
        };
        let lang = match raw.lang.as_deref() {
            None => Lang::Vi,
            Some(s) => Lang::parse(s).ok_or_else(|| {
                OptionsError(format!(
                    "options.lang: unknown language \"{}\" (expected {})",
                    clip(s),
                    Lang::ALLOWED
                ))
            })?,
        };
        let mut allowed: Vec<String> = ds.regions.iter().map(|r| format!("\"{}\"", r.id)).collect();
        if kind == ChartKind::Activities {
            allowed.push("\"all\"".to_string());
        }
        let allowed = allowed.join(", ");
        let region = match raw.region.as_deref() {
            Some("all") if kind == ChartKind::Activities => RegionSel::All,
            None if kind == ChartKind::Activities => RegionSel::All,
            Some(id) if ds.region(id).is_some() => RegionSel::One(id.to_string()),
            Some(other) => {
                return Err(OptionsError(format!(
                    "options.region: unknown region \"{}\" for chart \"{}\" (expected one of {allowed})",
                    clip(other),
                    kind.id()
                )))
            }
            None => {
                return Err(OptionsError(format!(
                    "options.region: required for chart \"{}\" (expected one of {allowed})",
                    kind.id()
                )))
            }
        };
        let pixel_ratio = match raw.pixel_ratio {
            None => None,
            Some(r) if r.is_finite() && (0.5..=4.0).contains(&r) => Some(r),
            Some(r) => {
                return Err(OptionsError(format!(
                    "options.pixelRatio: expected a number from 0.5 to 4, got {}",
                    format::fixed(r, 2)
                )))
            }
        };
        let theme = match raw.theme.as_deref() {
            None | Some("auto") => ThemeChoice::Auto,
            Some("light") => ThemeChoice::Light,
            Some("dark") => ThemeChoice::Dark,
            Some(other) => {
                return Err(OptionsError(format!(
                "options.theme: unknown theme \"{}\" (expected \"auto\", \"light\" or \"dark\")",
                clip(other)
            )))
            }
        };
        let mut hidden = Vec::new();
        for (i, key) in raw.hidden.iter().flatten().enumerate() {
            let known = key == "plan"
                || key == "actual"
                || key
                    .strip_prefix("region:")
                    .is_some_and(|r| ds.region(r).is_some());
            if !known {
                return Err(OptionsError(format!(
                    "options.hidden[{i}]: unknown series \"{}\" (expected \"plan\", \"actual\" or \"region:<id>\")",
                    clip(key)
                )));
            }
            hidden.push(key.clone());
        }
        let zoom = match raw.zoom {
            None => 1.0,
            Some(z) if z.is_finite() && (1.0..=3.0).contains(&z) => z,
            Some(z) => {
                return Err(OptionsError(format!(
                    "options.zoom: expected a number from 1 to 3, got {}",
                    format::fixed(z, 2)
                )))
            }
        };
        let max_height = match raw.max_height {
            None => None,
            Some(h) if h.is_finite() && (200.0..=20000.0).contains(&h) => Some(h / zoom),
            Some(h) => {
                return Err(OptionsError(format!(
                    "options.maxHeight: expected a number of CSS px from 200 to 20000, got {}",
                    format::fixed(h, 0)
                )))
            }
        };
        let view = match raw.view.as_deref() {
            None | Some("amounts") => View::Amounts,
            Some("share") => View::Share,
            Some(other) => {
                return Err(OptionsError(format!(
                    "options.view: unknown view \"{}\" (expected \"amounts\" or \"share\")",
                    clip(other)
                )))
            }
        };
        let scale = match raw.scale.as_deref() {
            None | Some("own") => Scale::Own,
            Some("shared") => Scale::Shared,
            Some(other) => {
                return Err(OptionsError(format!(
                    "options.scale: unknown scale \"{}\" (expected \"own\" or \"shared\")",
                    clip(other)
                )))
            }
        };
        Ok(ChartOptions {
            kind,
            region,
            lang,
            pixel_ratio,
            theme,
            hidden,
            zoom,
            max_height,
            view,
            scale,
        })
    }

    /// Options with defaults for everything but what is charted.
    pub fn new(kind: ChartKind, region: RegionSel, lang: Lang) -> ChartOptions {
        ChartOptions {
            kind,
            region,
            lang,
            pixel_ratio: None,
            theme: ThemeChoice::Auto,
            hidden: Vec::new(),
            zoom: 1.0,
            max_height: None,
            view: View::Amounts,
            scale: Scale::Own,
        }
    }

    /// Smallest side of a pointer target in layout px: 24 CSS px (WCAG 2.5.8), and 44 CSS
    /// px once everything is drawn 1.4 times larger or more (kiosks, WCAG 2.5.5).
    pub fn min_target(&self) -> f64 {
        if self.zoom >= 1.4 {
            44.0 / self.zoom
        } else {
            24.0
        }
    }

    pub fn is_hidden(&self, key: &str) -> bool {
        self.hidden.iter().any(|h| h == key)
    }

    /// Whether a figure's series is shown (legend toggles).
    pub fn shows(&self, f: &Figure) -> bool {
        let basis = match f.basis {
            crate::data::Basis::Plan => "plan",
            crate::data::Basis::Actual => "actual",
        };
        !self.is_hidden(basis)
            && !self
                .hidden
                .iter()
                .any(|h| h.strip_prefix("region:") == Some(f.region.as_str()))
    }

    pub fn includes_region(&self, id: &str) -> bool {
        match &self.region {
            RegionSel::All => true,
            RegionSel::One(r) => r == id,
        }
    }
}

/// Echoed user input is cut short so an error message stays readable.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Sorts `items` by four integers, stably. The only sort in the model: every generic
/// `sort_by_key` instantiation costs kilobytes of wasm, this one is instantiated once.
pub(crate) fn sort_by_key4<T>(items: &mut Vec<T>, key: impl Fn(&T) -> [i64; 4]) {
    let mut keyed: Vec<([i64; 4], usize)> =
        items.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
    // The index breaks ties, so the unstable sort is stable.
    crate::data::json::sort(&mut keyed);
    let mut taken: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        keyed
            .into_iter()
            .filter_map(|(_, i)| taken.get_mut(i).and_then(Option::take)),
    );
}

/// An `f64` as an `i64` with the same order (for [`sort_by_key4`]).
pub(crate) fn ordered(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    if b < 0 {
        b ^ i64::MAX
    } else {
        b
    }
}

/// A chart laid out at a width: what the renderer draws and the pointer hits.
pub fn layout(ds: &Dataset, opts: &ChartOptions, width: f64) -> Scene {
    // Below this the chart cannot be read; lay out at the minimum and let the page scale it.
    let width = if width.is_finite() {
        width.clamp(240.0, 4000.0)
    } else {
        640.0
    };
    match opts.kind {
        ChartKind::Funding if opts.view == View::Share => share::layout(ds, opts, width),
        ChartKind::Funding => funding::layout(ds, opts, width),
        ChartKind::Activities => activities::layout(ds, opts, width),
    }
}

/// Signs attached to a value label, explained in the chart's footnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flag {
    Derived,
    Estimate,
    AtLeast,
    Ambiguous,
}

impl Flag {
    pub fn of(f: &Figure) -> Vec<Flag> {
        let mut v = Vec::new();
        if f.derived.is_some() {
            v.push(Flag::Derived);
        }
        if f.estimate {
            v.push(Flag::Estimate);
        }
        if f.at_least {
            v.push(Flag::AtLeast);
        }
        if f.ambiguous {
            v.push(Flag::Ambiguous);
        }
        v
    }

    pub fn sign(self) -> &'static str {
        match self {
            Flag::Derived => "*",
            Flag::Estimate => "≈",
            Flag::AtLeast => ">",
            Flag::Ambiguous => "?",
        }
    }

    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Flag::Derived, Lang::Vi) => "số tính ra từ số liệu trong bài",
            (Flag::Derived, Lang::En) => "computed from figures in the article",
            (Flag::Estimate, Lang::Vi) => "ước đạt",
            (Flag::Estimate, Lang::En) => "estimate",
            (Flag::AtLeast, Lang::Vi) => "hơn (số tối thiểu)",
            (Flag::AtLeast, Lang::En) => "more than (a minimum)",
            (Flag::Ambiguous, Lang::Vi) => "số liệu nguồn không rõ hoặc không khớp, xem ghi chú",
            (Flag::Ambiguous, Lang::En) => "source figure unclear or inconsistent, see note",
        }
    }
}

/// A value label with at most one sign, the strongest that applies ("6,81?" for an
/// unclear figure even if also computed; "≈ 1,8", "> 1.036", "40,0*"): the footnote
/// explains the sign and the tooltip spells every flag out in words.
pub fn flagged_label(f: &Figure, number: String) -> String {
    match label_sign(f) {
        Some(Flag::AtLeast) => format!("> {number}"),
        Some(Flag::Estimate) => format!("≈ {number}"),
        Some(flag) => format!("{number}{}", flag.sign()),
        None => number,
    }
}

/// The one sign a chart label carries for a figure (see [`flagged_label`]).
pub fn label_sign(f: &Figure) -> Option<Flag> {
    Flag::of(f).into_iter().max_by_key(|fl| match fl {
        Flag::Ambiguous => 3,
        Flag::Derived => 2,
        Flag::Estimate => 1,
        Flag::AtLeast => 0,
    })
}

impl Flag {
    /// The flag in a few plain words, for tooltips and accessible names.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Flag::Derived, Lang::Vi) => "số tính ra từ số liệu trong bài",
            (Flag::Derived, Lang::En) => "computed from figures in the article",
            (Flag::Estimate, Lang::Vi) => "số ước đạt",
            (Flag::Estimate, Lang::En) => "an estimate",
            (Flag::AtLeast, Lang::Vi) => "bài viết ghi \"hơn\": đây là mức tối thiểu",
            (Flag::AtLeast, Lang::En) => "the article says \"more than\": a minimum",
            (Flag::Ambiguous, Lang::Vi) => "số liệu nguồn chưa rõ, xem ghi chú",
            (Flag::Ambiguous, Lang::En) => "the source figure is unclear, see the note",
        }
    }

    /// Every flag of a figure in words, joined ("số tính ra…; số liệu nguồn chưa rõ…").
    pub fn words_of(f: &Figure, lang: Lang) -> String {
        Flag::of(f)
            .iter()
            .map(|fl| fl.word(lang))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Whether a computed figure is only as precise as a percentage it was computed from:
/// then it is shown rounded ("khoảng 40,0 tỷ đồng"), never to the last đồng.
pub fn is_approximate(ds: &Dataset, f: &Figure) -> bool {
    f.derived.as_ref().is_some_and(|d| {
        f.unit == crate::data::Unit::Percent
            || d.inputs.iter().any(|id| {
                ds.figure(id)
                    .is_some_and(|i| i.unit == crate::data::Unit::Percent)
            })
    })
}

/// A region's name inside a Vietnamese sentence, as the articles write it: "miền Trung –
/// Tây Nguyên", "khu vực phía Nam" (the generic noun lower-case, the proper name kept).
pub fn region_in_text(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => {
            for (cap, low) in [
                ("Miền ", "miền "),
                ("Khu vực ", "khu vực "),
                ("Vùng ", "vùng "),
            ] {
                if let Some(rest) = name.strip_prefix(cap) {
                    return format!("{low}{rest}");
                }
            }
            name.to_string()
        }
        // "the southern region", "the Central & Central Highlands region".
        Lang::En if name.ends_with(" region") => format!("the {}", table::lower_first(name)),
        Lang::En => format!("the {name} region"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_by_key4_is_stable_and_orders_floats() {
        let mut v = vec![(3.5, 'a'), (-1.0, 'b'), (3.5, 'c'), (0.0, 'd'), (-0.5, 'e')];
        sort_by_key4(&mut v, |(x, _)| [ordered(*x), 0, 0, 0]);
        let order: String = v.iter().map(|(_, c)| *c).collect();
        assert_eq!(order, "bedac");
    }

    fn raw(chart: Option<&str>, region: Option<&str>, lang: Option<&str>) -> RawOptions {
        RawOptions {
            chart: chart.map(String::from),
            region: region.map(String::from),
            lang: lang.map(String::from),
            ..RawOptions::default()
        }
    }

    #[test]
    fn options_errors_name_the_field_and_allowed_values() {
        let ds = Dataset::embedded().unwrap();
        let e = ChartOptions::parse(&raw(Some("pie"), None, None), ds).unwrap_err();
        assert_eq!(
            e.0,
            "options.chart: unknown chart \"pie\" (expected \"funding\" or \"activities\")"
        );
        let e = ChartOptions::parse(&raw(Some("funding"), Some("hanoi"), None), ds).unwrap_err();
        assert!(
            e.0.starts_with("options.region: unknown region \"hanoi\""),
            "{e}"
        );
        assert!(
            e.0.contains("\"mien-trung-tay-nguyen\", \"phia-nam\""),
            "{e}"
        );
        assert!(!e.0.contains("all"), "funding has no 'all': {e}");
        let e = ChartOptions::parse(&raw(Some("funding"), None, None), ds).unwrap_err();
        assert!(e.0.starts_with("options.region: required"), "{e}");
        let e = ChartOptions::parse(&raw(Some("funding"), Some("phia-nam"), Some("fr")), ds)
            .unwrap_err();
        assert_eq!(
            e.0,
            "options.lang: unknown language \"fr\" (expected \"vi\" or \"en\")"
        );
        let e = ChartOptions::parse(&raw(None, None, None), ds).unwrap_err();
        assert!(e.0.starts_with("options.chart: required"), "{e}");
    }

    #[test]
    fn view_and_scale_errors_name_the_field_and_allowed_values() {
        let ds = Dataset::embedded().unwrap();
        let mut r = raw(Some("funding"), Some("phia-nam"), None);
        r.view = Some("pie".into());
        let e = ChartOptions::parse(&r, ds).unwrap_err();
        assert_eq!(
            e.0,
            "options.view: unknown view \"pie\" (expected \"amounts\" or \"share\")"
        );
        r.view = Some("share".into());
        assert_eq!(ChartOptions::parse(&r, ds).unwrap().view, View::Share);
        let mut r = raw(Some("activities"), None, None);
        r.scale = Some("log".into());
        let e = ChartOptions::parse(&r, ds).unwrap_err();
        assert_eq!(
            e.0,
            "options.scale: unknown scale \"log\" (expected \"own\" or \"shared\")"
        );
        r.scale = Some("shared".into());
        assert_eq!(ChartOptions::parse(&r, ds).unwrap().scale, Scale::Shared);
        r.scale = None;
        let o = ChartOptions::parse(&r, ds).unwrap();
        assert_eq!((o.view, o.scale), (View::Amounts, Scale::Own));
    }

    #[test]
    fn options_defaults() {
        let ds = Dataset::embedded().unwrap();
        let o = ChartOptions::parse(&raw(Some("activities"), None, None), ds).unwrap();
        assert_eq!(o.region, RegionSel::All);
        assert_eq!(o.lang, Lang::Vi);
    }

    #[test]
    fn long_inputs_are_clipped_in_messages() {
        let ds = Dataset::embedded().unwrap();
        let long = "x".repeat(10_000);
        let e = ChartOptions::parse(&raw(Some(&long), None, None), ds).unwrap_err();
        assert!(e.0.len() < 200, "{}", e.0.len());
    }
}
