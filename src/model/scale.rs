//! The two maps every chart kind shares: values → [`Linear`] (from 0 over "nice" ticks,
//! up the funding and share plots, across the activity rows), categories → [`Band`]
//! (the years along the time axes, the bars of a year, the activity rows and columns).

use super::layout::nice_ticks;

/// A linear scale from 0 to its top tick, mapped onto `length` px from `origin`.
#[derive(Debug, Clone)]
pub struct Linear {
    /// From 0, in the values' own unit: where the axis is labelled.
    pub ticks: Vec<f64>,
    top: f64,
    origin: f64,
    length: f64,
    /// Values grow upward (a y axis: `origin - …`), else rightward.
    up: bool,
}

impl Linear {
    /// About `target` nice ticks covering `max` (in ticks' units: a value is `unit` ×
    /// a tick); `fallback` is the top should the top tick not be a finite positive number
    /// (a range near `f64::MAX`).
    pub fn nice(max: f64, target: usize, unit: f64, fallback: f64) -> Linear {
        let ticks = nice_ticks(max, target);
        let top = ticks
            .last()
            .map(|t| t * unit)
            .filter(|t| t.is_finite() && *t > 0.0)
            .unwrap_or(fallback)
            .clamp(f64::MIN_POSITIVE, f64::MAX);
        Linear {
            ticks,
            top,
            origin: 0.0,
            length: 0.0,
            up: false,
        }
    }

    /// Laid upward from `origin` (the baseline's y) over `length` px.
    pub fn upward(mut self, origin: f64, length: f64) -> Linear {
        (self.origin, self.length, self.up) = (origin, length, true);
        self
    }

    /// Laid rightward from `origin` (the bars' left edge) over `length` px.
    pub fn rightward(mut self, origin: f64, length: f64) -> Linear {
        (self.origin, self.length, self.up) = (origin, length, false);
        self
    }

    /// Where `v` sits along the scale, 0 to 1 (values beyond it are held at its ends).
    pub fn fraction(&self, v: f64) -> f64 {
        (v / self.top).clamp(0.0, 1.0)
    }

    /// How long a bar of `v` is, in px.
    pub fn len(&self, v: f64) -> f64 {
        self.fraction(v) * self.length
    }

    /// The pixel of `v` on the axis.
    pub fn at(&self, v: f64) -> f64 {
        if self.up {
            self.origin - self.len(v)
        } else {
            self.origin + self.len(v)
        }
    }

    /// Whether `v` has a place on the scale (not for a top at the edge of f64).
    pub fn places(&self, v: f64) -> bool {
        (v / self.top).is_finite()
    }

    /// The top of the scale, in the values' unit.
    pub fn top(&self) -> f64 {
        self.top
    }
}

/// Categories side by side along an axis, each band `unit` px per unit of its weight
/// (a year 1 and a run of missing years 0.6 on the time axes; an activity row its own
/// height, unit 1), `gap` px between neighbours (inner padding) and `outer` px before
/// the first (outer padding).
///
/// The bands are laid one after another (each starts where the one before ends, plus
/// the gap), in the domain's order away from the origin: forward (rightward, downward)
/// or, [`reversed`](Band::reversed), back (leftward, upward). A weight that is negative
/// or not a finite number counts as 0, a band index past the last is an empty band at
/// the run's end; nothing here panics. (The builder steps are `#[inline]`, the lookups
/// `#[inline(never)]`: fewest wasm bytes, measured.)
#[derive(Debug, Clone, Default)]
pub struct Band {
    /// Each band's start (its lowest pixel, either way) and width in px; before the
    /// bands are laid, (0, weight).
    spans: Vec<(f64, f64)>,
    total: f64,
    unit: f64,
    gap: f64,
    outer: f64,
    back: bool,
    /// The far edge of the last band (the first edge if there is none).
    end: f64,
}

/// A number as a size: itself if finite and positive, else 0.
fn size(x: f64) -> f64 {
    if x.is_finite() {
        x.max(0.0)
    } else {
        0.0
    }
}

impl Band {
    /// One band per weight, in order.
    pub fn weighted(weights: &[f64]) -> Band {
        let mut band = Band::default();
        for w in weights {
            band.push(*w);
        }
        band
    }

    /// `n` bands of weight 1.
    pub fn equal(n: usize) -> Band {
        let mut band = Band::default();
        for _ in 0..n {
            band.push(1.0);
        }
        band
    }

    /// One more band of `weight`, after the others (before the bands are laid).
    pub fn push(&mut self, weight: f64) {
        let w = size(weight);
        self.total += w;
        self.spans.push((0.0, w));
    }

    /// `gap` px between neighbours, `outer` px before the first band (and after the last
    /// when the bands are [fitted](Band::fit) to a range).
    #[inline]
    pub fn padding(mut self, gap: f64, outer: f64) -> Band {
        (self.gap, self.outer) = (size(gap), size(outer));
        self
    }

    /// Laid back from the origin (leftward, upward) instead of forward.
    #[inline]
    pub fn reversed(mut self) -> Band {
        self.back = true;
        self
    }

    /// Fitted to `length` px from `origin`: the unit is the room the padding leaves over
    /// the total weight (a domain lighter than one band is laid one band wide), never
    /// below a thousandth of a pixel (a range too short still gives ordered bands).
    #[inline]
    pub fn fit(mut self, origin: f64, length: f64) -> Band {
        let n = self.spans.len() as f64;
        let room = length - 2.0 * self.outer - self.gap * (n - 1.0).max(0.0);
        let unit = size(room / self.total.max(1.0)).max(1e-3);
        self.lay(origin, unit);
        self
    }

    /// `unit` px per unit of weight from `origin`.
    #[inline]
    pub fn by_unit(mut self, origin: f64, unit: f64) -> Band {
        self.lay(origin, size(unit));
        self
    }

    /// `unit` px per unit of weight, the run centred in `length` px from `origin` (the
    /// centring replaces the outer padding).
    #[inline]
    pub fn centred(mut self, origin: f64, length: f64, unit: f64) -> Band {
        let unit = size(unit);
        let n = self.spans.len().max(1) as f64;
        let run = self.total.max(1.0) * unit + (n - 1.0) * self.gap;
        self.outer = 0.0;
        self.lay(origin + self.dir() * ((length - run) / 2.0), unit);
        self
    }

    /// +1 laid forward, -1 back.
    fn dir(&self) -> f64 {
        if self.back {
            -1.0
        } else {
            1.0
        }
    }

    fn lay(&mut self, origin: f64, unit: f64) {
        let origin = if origin.is_finite() { origin } else { 0.0 };
        let (back, gap) = (self.back, self.gap);
        self.unit = unit;
        let mut p = origin + self.dir() * self.outer;
        self.end = p;
        for span in &mut self.spans {
            let w = unit * span.1;
            // Back: the band ends at `p`; forward, it starts there.
            let start = if back { p - w } else { p };
            *span = (start, w);
            self.end = if back { start } else { p + w };
            p = if back { start - gap } else { p + (w + gap) };
        }
    }

    /// How many bands.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there is no band.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// px per unit of weight (on the time axes, a year's slot).
    pub fn unit(&self) -> f64 {
        self.unit
    }

    /// Where band `i` starts (its lowest pixel).
    #[inline(never)]
    pub fn start(&self, i: usize) -> f64 {
        self.spans.get(i).map_or(self.end, |s| s.0)
    }

    /// How wide band `i` is, in px.
    #[inline(never)]
    pub fn width(&self, i: usize) -> f64 {
        self.spans.get(i).map_or(0.0, |s| s.1)
    }

    /// The middle of band `i`.
    pub fn centre(&self, i: usize) -> f64 {
        self.start(i) + self.width(i) / 2.0
    }

    /// The far edge of the last band, away from the origin (the first edge if none).
    pub fn end(&self) -> f64 {
        self.end
    }

    /// The band under pixel `px`, if any (none in a gap, the padding or beyond).
    pub fn index_at(&self, px: f64) -> Option<usize> {
        if !px.is_finite() {
            return None;
        }
        let i = if self.back {
            self.spans.partition_point(|s| s.0 > px)
        } else {
            self.spans.partition_point(|s| s.0 <= px).checked_sub(1)?
        };
        let (s, w) = self.spans.get(i).copied()?;
        (px >= s && px < s + w).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_map_linearly_from_the_baseline_and_are_held_at_the_ends() {
        let s = Linear::nice(48.3, 5, 1000.0, f64::MAX).upward(300.0, 200.0);
        assert_eq!(s.ticks, vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(s.top(), 50_000.0);
        assert_eq!(s.at(0.0), 300.0);
        assert_eq!(s.at(25_000.0), 200.0);
        assert_eq!(s.at(50_000.0), 100.0);
        assert_eq!(s.at(90_000.0), 100.0, "held at the top");
        assert_eq!(s.at(-5.0), 300.0, "held at the baseline");
        let r = Linear::nice(7.0, 3, 1.0, 7.0).rightward(40.0, 100.0);
        assert_eq!(r.top(), 7.5);
        assert_eq!(r.at(3.75), 90.0);
        assert_eq!(r.len(7.5), 100.0);
        // A range at the edge of f64 falls back instead of dividing by infinity.
        let huge = Linear::nice(f64::MAX, 4, 10.0, f64::MAX);
        assert!(huge.top().is_finite() && huge.fraction(f64::MAX) <= 1.0);
    }

    #[test]
    fn weighted_bands_are_laid_end_to_end_fitted_to_the_range() {
        // Two years and a gap of missing years between: 1 + 0.6 + 1 over 260 px.
        let b = Band::weighted(&[1.0, 0.6, 1.0]).fit(40.0, 260.0);
        assert_eq!(b.len(), 3);
        assert_eq!(b.unit(), 100.0);
        assert_eq!((b.start(0), b.width(0)), (40.0, 100.0));
        assert_eq!((b.start(1), b.width(1)), (140.0, 60.0));
        assert_eq!((b.start(2), b.width(2)), (200.0, 100.0));
        assert_eq!(b.centre(1), 170.0);
        assert_eq!(b.end(), 300.0);
        assert_eq!(b.index_at(40.0), Some(0));
        assert_eq!(b.index_at(139.9), Some(0));
        assert_eq!(b.index_at(140.0), Some(1));
        assert_eq!(b.index_at(299.0), Some(2));
        assert_eq!(b.index_at(300.0), None, "past the last band");
        assert_eq!(b.index_at(39.0), None, "before the first");
        // A domain lighter than one band is laid one band wide, not stretched.
        let lone = Band::weighted(&[0.5]).fit(0.0, 100.0);
        assert_eq!(lone.width(0), 50.0);
        // Rows of their own heights: weights in px, unit 1.
        let rows = Band::weighted(&[26.0, 40.0, 26.0]).by_unit(10.0, 1.0);
        assert_eq!(
            (rows.start(1), rows.centre(1), rows.end()),
            (36.0, 56.0, 102.0)
        );
    }

    #[test]
    fn padding_takes_its_room_before_the_bands_share_the_rest() {
        // 3 equal bands, 10 px apart, 5 px at each end, over 130 px: (130 - 10 - 20) / 3.
        let b = Band::equal(3).padding(10.0, 5.0).fit(0.0, 130.0);
        let spans: Vec<(f64, f64)> = (0..3).map(|i| (b.start(i), b.width(i))).collect();
        assert_eq!(spans[0].0, 5.0);
        assert!((b.unit() - 100.0 / 3.0).abs() < 1e-12);
        assert!((spans[1].0 - (5.0 + 100.0 / 3.0 + 10.0)).abs() < 1e-9);
        assert!(
            (b.end() - 125.0).abs() < 1e-9,
            "the outer padding after the last"
        );
        assert_eq!(b.index_at(5.0 + 100.0 / 3.0 + 5.0), None, "in a gap");
        // The bars of a year: 2 bars 20 px wide, 4 px apart, centred in a 100 px slot.
        let bars = Band::equal(2).padding(4.0, 0.0).centred(200.0, 100.0, 20.0);
        assert_eq!(
            (bars.start(0), bars.start(1), bars.end()),
            (228.0, 252.0, 272.0)
        );
        assert_eq!(bars.centre(0), 238.0);
    }

    #[test]
    fn reversed_bands_run_back_from_the_origin() {
        // Upward from a baseline at y = 300: band 0 nearest the baseline.
        let b = Band::weighted(&[1.0, 2.0])
            .padding(10.0, 0.0)
            .reversed()
            .fit(300.0, 310.0);
        assert_eq!(b.unit(), 100.0);
        assert_eq!((b.start(0), b.width(0)), (200.0, 100.0));
        assert_eq!((b.start(1), b.width(1)), (-10.0, 200.0));
        assert_eq!(b.end(), -10.0);
        assert_eq!(b.index_at(250.0), Some(0));
        assert_eq!(b.index_at(195.0), None, "in the gap");
        assert_eq!(b.index_at(0.0), Some(1));
        assert_eq!(
            b.index_at(300.0),
            None,
            "the origin is the first band's far edge"
        );
        let c = Band::equal(2).reversed().centred(100.0, 100.0, 20.0);
        assert_eq!((c.start(0), c.start(1)), (50.0, 30.0));
    }

    #[test]
    fn an_empty_domain_or_input_that_is_not_a_number_never_panics() {
        let empty = Band::weighted(&[]).fit(10.0, 100.0);
        assert!(empty.is_empty());
        assert_eq!(
            (empty.start(0), empty.width(0), empty.end()),
            (10.0, 0.0, 10.0)
        );
        assert_eq!(empty.index_at(50.0), None);
        assert_eq!(Band::equal(0).centred(0.0, 100.0, 10.0).len(), 0);
        // Weights that are not sizes count as 0; a range that is not a number or too
        // short still gives ordered bands of finite positions.
        let odd = Band::weighted(&[f64::NAN, -3.0, f64::INFINITY, 1.0]);
        assert_eq!(odd.clone().fit(0.0, 100.0).width(3), 100.0);
        for (origin, length) in [
            (f64::NAN, 100.0),
            (0.0, f64::NAN),
            (0.0, f64::INFINITY),
            (f64::NEG_INFINITY, -5.0),
            (0.0, -100.0),
        ] {
            let b = odd
                .clone()
                .padding(f64::NAN, f64::INFINITY)
                .fit(origin, length);
            for i in 0..=4 {
                assert!(
                    b.start(i).is_finite() && b.width(i).is_finite(),
                    "{origin} {length}"
                );
            }
            assert!(b.unit() > 0.0);
            assert_eq!(b.index_at(f64::NAN), None);
            let c = Band::equal(3).centred(origin, length, f64::NAN);
            assert!(c.start(2).is_finite());
        }
        let huge = Band::equal(2).by_unit(0.0, f64::MAX);
        assert_eq!(huge.index_at(1.0), Some(0));
    }
}
