//! The value-to-pixel map every chart kind shares: a linear scale from 0 over "nice"
//! ticks, laid along an axis (up the funding and share plots, across the activity rows).

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
}
