//! A laid-out chart: positioned marks in CSS pixels, plus the hit-testable bars.
//!
//! The render layer draws a `Scene` to any plotters backend; the web layer
//! hit-tests it on pointer moves without redrawing anything.

/// An sRGB colour with opacity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba(pub u8, pub u8, pub u8, pub f64);

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba(r, g, b, 1.0)
    }
    /// The same colour at opacity `a` (times its own).
    pub fn times(self, a: f64) -> Rgba {
        Rgba(self.0, self.1, self.2, self.3 * a)
    }
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// What a colour is for. Layouts paint by role; the theme gives each role its value in
/// each scheme (light, dark, high contrast, the user's forced colours), so a scheme
/// change repaints the same scene and nothing matches colours by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The chart's surface (also the veil over stripes and switched-off legend items).
    Background,
    Ink,
    Muted,
    Grid,
    Axis,
    Track,
    /// A region's colours (index into the palettes): spent, national share, plan, the
    /// national share of a plan.
    Solid(u8),
    Dark(u8),
    Light(u8),
    LightDark(u8),
}

/// A colour by role with an opacity: what marks carry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paint {
    pub role: Role,
    pub alpha: f64,
}

impl Paint {
    pub const fn of(role: Role) -> Paint {
        Paint { role, alpha: 1.0 }
    }
    /// The same role at opacity `a`.
    pub const fn alpha(self, a: f64) -> Paint {
        Paint {
            role: self.role,
            alpha: a,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
    pub fn contains(&self, px: f64, py: f64) -> bool {
        px >= self.x && px <= self.right() && py >= self.y && py <= self.bottom()
    }
    pub fn scaled(&self, k: f64) -> Rect {
        Rect::new(self.x * k, self.y * k, self.w * k, self.h * k)
    }
    pub fn area(&self) -> f64 {
        self.w * self.h
    }
    /// The smallest box holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        let (x, y) = (self.x.min(o.x), self.y.min(o.y));
        Rect::new(
            x,
            y,
            self.right().max(o.right()) - x,
            self.bottom().max(o.bottom()) - y,
        )
    }
    /// Whether the two boxes share any area.
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Middle,
    Bottom,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextMark {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub size: f64,
    pub bold: bool,
    pub color: Paint,
    pub h: HAlign,
    pub v: VAlign,
}

/// One drawing instruction, in CSS pixels from the top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Rect {
        rect: Rect,
        fill: Option<Paint>,
        stroke: Option<(Paint, f64)>,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        color: Paint,
        width: f64,
    },
    Text(TextMark),
}

/// A target a reader can point at (a period's whole column, an activity row, a gauge):
/// the link from pixels to the figures it explains.
#[derive(Debug, Clone, PartialEq)]
pub struct BarHit {
    /// The pointer target: at least 24 × 24 CSS px wherever the layout allows.
    pub rect: Rect,
    /// Index into the dataset's `figures` of the main figure (the first bar).
    pub figure: usize,
    /// Keyboard grid: left/right moves across groups (periods, panels), up/down within one.
    pub group: usize,
    pub series: usize,
    /// Every figure the target explains, in reading order (a stated total before its
    /// parts, a plan before what was spent); empty means just `figure`.
    pub members: Vec<usize>,
    /// What is highlighted while the target is active: each drawn bar with its figure;
    /// empty means `rect`.
    pub rings: Vec<(Rect, usize)>,
}

impl BarHit {
    /// A target for one figure, highlighted as itself.
    pub fn single(rect: Rect, figure: usize, group: usize, series: usize) -> BarHit {
        BarHit {
            rect,
            figure,
            group,
            series,
            members: Vec::new(),
            rings: Vec::new(),
        }
    }

    /// The figures this target explains.
    pub fn figures(&self) -> Vec<usize> {
        if self.members.is_empty() {
            vec![self.figure]
        } else {
            self.members.clone()
        }
    }
}

/// A legend item a reader can switch: its box and the series key it toggles.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendHit {
    pub rect: Rect,
    pub key: String,
    pub label: String,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub background: Paint,
    pub marks: Vec<Mark>,
    /// Sorted by `rect.x` when `horizontal_sweep` is true, otherwise by `rect.y`.
    pub hits: Vec<BarHit>,
    pub horizontal_sweep: bool,
    /// Longest hit region along the sweep axis: bounds the binary-search lookback.
    pub max_extent: f64,
    /// Indices into `hits` in reading order (group, then series): the keyboard order.
    pub nav: Vec<usize>,
    /// Indices into `hits` of regions longer than `WIDE` (scanned apart from the search).
    pub wide: Vec<usize>,
    /// Switchable legend items.
    pub legend: Vec<LegendHit>,
    /// The chart's notes, in reading order: keyboard stops before the bars.
    pub notes: Vec<super::annotate::NoteHit>,
}

/// Pointer tolerance so thin bars and bars of value 0 can still be reached.
const SLOP: f64 = 2.0;
/// Hit regions longer than this along the sweep axis are kept in `Scene::wide`.
const WIDE: f64 = 120.0;

impl Scene {
    /// Sorts hit regions for binary search; called once after layout.
    pub(crate) fn finish(&mut self) {
        let horizontal = self.horizontal_sweep;
        super::sort_by_key4(&mut self.hits, |h| {
            let start = if horizontal { h.rect.x } else { h.rect.y };
            [super::ordered(start), 0, 0, 0]
        });
        let mut nav: Vec<usize> = (0..self.hits.len()).collect();
        super::sort_by_key4(&mut nav, |i| {
            self.hits
                .get(*i)
                .map(|h| [h.group as i64, h.series as i64, 0, 0])
                .unwrap_or_default()
        });
        self.nav = nav;
        // Regions far longer than a bar (gauge tracks) are few: they are scanned on their
        // own so they don't widen every lookback window.
        let extent = |h: &BarHit| if horizontal { h.rect.w } else { h.rect.h };
        self.wide = (0..self.hits.len())
            .filter(|i| self.hits.get(*i).is_some_and(|h| extent(h) > WIDE))
            .collect();
        self.max_extent = self
            .hits
            .iter()
            .map(extent)
            .filter(|e| *e <= WIDE)
            .fold(0.0, f64::max);
    }

    /// Boxes to highlight when hit region `hit` is active: the bar, or every bar of a
    /// period's column.
    pub fn highlight_rects(&self, hit: usize) -> Vec<Rect> {
        match self.hits.get(hit) {
            Some(h) if h.rings.is_empty() => vec![h.rect],
            Some(h) => h.rings.iter().map(|(r, _)| *r).collect(),
            None => Vec::new(),
        }
    }

    /// Index into `hits` of the bar under a point (see [`Scene::hit_test`]).
    pub fn hit_index(&self, px: f64, py: f64) -> Option<usize> {
        let hit = self.hit_test(px, py)?;
        let base = self.hits.as_ptr() as usize;
        let at = (hit as *const BarHit as usize).checked_sub(base)?;
        Some(at / std::mem::size_of::<BarHit>().max(1))
    }

    /// The bar under a point (CSS px), preferring the smallest region (a segment
    /// inside its total bar). O(log n + k) where k is the bars overlapping on the sweep axis.
    pub fn hit_test(&self, px: f64, py: f64) -> Option<&BarHit> {
        if !px.is_finite() || !py.is_finite() {
            return None;
        }
        let key = if self.horizontal_sweep { px } else { py };
        // Hits are sorted by start; the longest bar bounds the lookback window.
        let lo_key = key - self.max_extent - SLOP;
        let start = self.hits.partition_point(|h| {
            let s = if self.horizontal_sweep {
                h.rect.x
            } else {
                h.rect.y
            };
            s < lo_key
        });
        let sweep_start = |h: &BarHit| {
            if self.horizontal_sweep {
                h.rect.x
            } else {
                h.rect.y
            }
        };
        let window = self.hits[start..]
            .iter()
            .enumerate()
            .take_while(|(_, h)| sweep_start(h) <= key + SLOP)
            .map(|(k, h)| (start + k, h));
        let wide = self
            .wide
            .iter()
            .filter_map(|i| self.hits.get(*i).map(|h| (*i, h)));
        // The smallest region wins; between equal ones (abutting columns) the first.
        let mut best: Option<(usize, &BarHit)> = None;
        for (i, hit) in window.chain(wide) {
            let r = hit.rect;
            let grown = Rect::new(r.x - SLOP, r.y - SLOP, r.w + 2.0 * SLOP, r.h + 2.0 * SLOP);
            let better = best.is_none_or(|(bi, b)| {
                let (a, ba) = (r.area(), b.rect.area());
                a < ba || (a == ba && i < bi)
            });
            if grown.contains(px, py) && better {
                best = Some((i, hit));
            }
        }
        best.map(|(_, h)| h)
    }
}

/// A key a reader presses to move between bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavKey {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
}

impl Scene {
    /// Where focus goes from position `from` in `nav` (not a hit index) for a key.
    pub fn navigate(&self, from: usize, key: NavKey) -> usize {
        let last = self.nav.len().saturating_sub(1);
        let from = from.min(last);
        let at = |i: usize| self.nav.get(i).and_then(|h| self.hits.get(*h));
        let Some(cur) = at(from) else { return 0 };
        let (g, s) = (cur.group, cur.series);
        match key {
            NavKey::Home => 0,
            NavKey::End => last,
            NavKey::Up => {
                if from > 0 && at(from - 1).is_some_and(|h| h.group == g) {
                    from - 1
                } else {
                    from
                }
            }
            NavKey::Down => {
                if at(from + 1).is_some_and(|h| h.group == g) {
                    from + 1
                } else {
                    from
                }
            }
            NavKey::Right | NavKey::Left => {
                // The neighbouring group, same series position (or its last).
                let target_group = if key == NavKey::Right {
                    (from..=last)
                        .filter_map(&at)
                        .map(|h| h.group)
                        .find(|gg| *gg != g)
                } else {
                    (0..from)
                        .rev()
                        .filter_map(&at)
                        .map(|h| h.group)
                        .find(|gg| *gg != g)
                };
                let Some(tg) = target_group else { return from };
                let members: Vec<usize> = (0..=last)
                    .filter(|i| at(*i).is_some_and(|h| h.group == tg))
                    .collect();
                members
                    .iter()
                    .copied()
                    .find(|i| at(*i).is_some_and(|h| h.series == s))
                    .or_else(|| members.last().copied())
                    .unwrap_or(from)
            }
        }
    }
}
