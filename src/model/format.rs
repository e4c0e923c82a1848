//! Number and period wording for both languages.
//!
//! One explicit formatter, no host hook: the canvas, the SVG export and the tables
//! write the same digits. It is tested against the forms the seed articles use
//! ("48.331 triệu đồng", "54,06 tỷ đồng", "17,88 %") and, in the browser, against
//! `Intl.NumberFormat` for `vi-VN` and `en-US`.

use crate::data::{Basis, Lang, Unit};

/// Formats `value` with `decimals` fraction digits, grouping thousands: the one
/// formatter of every chart, canvas and export alike (see [`native_number`]).
pub fn number(value: f64, decimals: usize, lang: Lang) -> String {
    native_number(value, decimals, lang)
}

/// The native formatter (SVG export, tests): Vietnamese groups with `.` and uses `,` as
/// the decimal mark; English the reverse. Same output as `Intl.NumberFormat` for
/// `vi-VN` / `en-US` (checked in the browser tests).
pub fn native_number(value: f64, decimals: usize, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    if value.abs() >= SCIENTIFIC_FROM {
        return scientific(value, decimals, lang);
    }
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = fixed(value.abs(), decimals);
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    if value < 0.0 && text.chars().any(|c| c != '0' && c != '.') {
        out.push('-');
    }
    let digits: Vec<char> = int_part.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(*c);
    }
    if let Some(frac) = frac_part {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// `value` with exactly `decimals` fraction digits and '.' as the point, by integer
/// arithmetic: std's float formatting would add ~10 KB to the wasm.
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let d = decimals.min(6);
    let scale = 10u64.pow(d as u32);
    let sign = if value < 0.0 { "-" } else { "" };
    let scaled = (value.abs() * scale as f64).round();
    if scaled >= 9.0e15 {
        // Beyond exact integers: mantissa and exponent ("1.23e300"), still no float fmt.
        let exp = value.abs().log10().floor() as i32;
        let mantissa = value.abs() / 10f64.powi(exp);
        return format!("{sign}{}e{exp}", fixed(mantissa, 2));
    }
    let n = scaled as u64;
    let (int, frac) = (n / scale, n % scale);
    if d == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac:0>d$}")
    }
}

/// `v` as Rust's `{}` writes an `f64` ("0.55", "12.000000000000002", "-0", "1e21" as
/// "1000000000000000000000"): the shortest digits that read back as `v`, the closest
/// of them on a tie of length, never an exponent. Exact (Steele & White / Dragon4 on a
/// small big integer), so core's float formatting (Grisu, Dragon, ~20 KB of wasm) is
/// not linked. Checked against std in the tests below.
pub fn shortest(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let mut out = String::new();
    if v.is_sign_negative() {
        out.push('-');
    }
    if v.is_infinite() {
        out.push_str("inf");
        return out;
    }
    if v == 0.0 {
        out.push('0');
        return out;
    }
    let (digits, exp) = shortest_digits(v.abs());
    // value = 0.d1d2…dn × 10^exp
    let n = digits.len() as i32;
    let push = |out: &mut String, ds: &[u8]| ds.iter().for_each(|d| out.push((b'0' + d) as char));
    if exp <= 0 {
        out.push_str("0.");
        (0..-exp).for_each(|_| out.push('0'));
        push(&mut out, &digits);
    } else if exp < n {
        let (int, frac) = digits.split_at(exp as usize);
        push(&mut out, int);
        out.push('.');
        push(&mut out, frac);
    } else {
        push(&mut out, &digits);
        (0..exp - n).for_each(|_| out.push('0'));
    }
    out
}

/// Non-negative big integer, little-endian base-2^32 limbs.
#[derive(Clone, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from(v: u64) -> Big {
        Big(vec![v as u32, (v >> 32) as u32])
    }
    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in self.0.iter_mut() {
            let x = u64::from(*limb) * u64::from(m) + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }
    fn mul_pow10(&mut self, n: u32) {
        (0..n).for_each(|_| self.mul_small(10));
    }
    fn shl(&mut self, bits: u32) {
        (0..bits).for_each(|_| self.mul_small(2));
    }
    fn add(&self, o: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len().max(o.0.len()) + 1);
        let mut carry = 0u64;
        for i in 0..self.0.len().max(o.0.len()) {
            let x = u64::from(self.limb(i)) + u64::from(o.limb(i)) + carry;
            out.push(x as u32);
            carry = x >> 32;
        }
        out.push(carry as u32);
        Big(out)
    }
    /// `self - o`, for `self >= o`.
    fn sub(&mut self, o: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let x = i64::from(self.limb(i)) - i64::from(o.limb(i)) - borrow;
            borrow = i64::from(x < 0);
            self.0[i] = x.rem_euclid(1 << 32) as u32;
        }
    }
    fn limb(&self, i: usize) -> u32 {
        self.0.get(i).copied().unwrap_or(0)
    }
    fn cmp(&self, o: &Big) -> std::cmp::Ordering {
        let n = self.0.len().max(o.0.len());
        (0..n)
            .rev()
            .map(|i| self.limb(i).cmp(&o.limb(i)))
            .find(|c| c.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    }
}

/// The shortest digits of a positive finite `a` and `exp`, with a = 0.d1d2…dn × 10^exp.
fn shortest_digits(a: f64) -> (Vec<u8>, i32) {
    use std::cmp::Ordering::{Greater, Less};
    let bits = a.to_bits();
    let e_field = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, k) = if e_field == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), e_field - 1075)
    };
    // a = m × 2^k; the gap below is half the gap above at a power of two.
    let unequal = frac == 0 && e_field > 1;
    let even = m % 2 == 0;
    let (mut r, mut s, mut m_plus, mut m_minus);
    if k >= 0 {
        let shift = k as u32;
        r = Big::from(m);
        r.shl(shift + 1 + u32::from(unequal));
        s = Big::from(2 << u32::from(unequal));
        m_minus = Big::from(1);
        m_minus.shl(shift);
        m_plus = m_minus.clone();
        if unequal {
            m_plus.shl(1);
        }
    } else {
        r = Big::from(m << (1 + u32::from(unequal)));
        s = Big::from(1);
        s.shl((1 - k) as u32 + u32::from(unequal));
        m_minus = Big::from(1);
        m_plus = Big::from(1 << u32::from(unequal));
    }
    // Estimate of the decimal exponent, at most one too small (fixed below).
    let mut exp = (a.log10() - 1e-10).ceil() as i32;
    if exp >= 0 {
        s.mul_pow10(exp as u32);
    } else {
        let n = exp.unsigned_abs();
        r.mul_pow10(n);
        m_plus.mul_pow10(n);
        m_minus.mul_pow10(n);
    }
    let high = |r: &Big, m_plus: &Big, s: &Big| {
        let c = r.add(m_plus).cmp(s);
        c == Greater || (even && c != Less)
    };
    if high(&r, &m_plus, &s) {
        s.mul_small(10);
        exp += 1;
    }
    let mut digits = Vec::new();
    loop {
        r.mul_small(10);
        m_plus.mul_small(10);
        m_minus.mul_small(10);
        let mut d = 0u8;
        while r.cmp(&s) != Less {
            r.sub(&s);
            d += 1;
        }
        let c = r.cmp(&m_minus);
        let low = c == Less || (even && c != Greater);
        let up = high(&r, &m_plus, &s);
        if !low && !up {
            digits.push(d);
            continue;
        }
        let round_up = if low && up {
            r.add(&r).cmp(&s) != Less
        } else {
            up
        };
        digits.push(d + u8::from(round_up));
        break;
    }
    // A digit rounded up to 10 carries into the ones before it.
    while let Some(pos) = digits.iter().rposition(|d| *d >= 10) {
        digits[pos] = 0;
        if pos == 0 {
            digits.insert(0, 1);
            exp += 1;
        } else {
            digits[pos - 1] += 1;
        }
    }
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, exp)
}

/// CSS pixel length for styles ("12.5px"), without float formatting.
pub fn css_px(v: f64) -> String {
    let s = fixed(v, 2);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}px")
}

/// From here on a number is written as "1,5e300": a 301-digit label would push the
/// axis out of the chart, and no real amount is that large.
pub const SCIENTIFIC_FROM: f64 = 1e15;

fn scientific(value: f64, decimals: usize, lang: Lang) -> String {
    let decimals = decimals.min(2);
    let mut exp = value.abs().log10().floor() as i32;
    let mut mantissa = value / 10f64.powi(exp);
    // 9.999e20 rounds to "10"; write it as 1e21.
    if (mantissa.abs() * 10f64.powi(decimals as i32)).round() >= 10f64.powi(decimals as i32 + 1) {
        mantissa /= 10.0;
        exp += 1;
    }
    format!("{}e{exp}", number_trim(mantissa, decimals, lang))
}

/// Like [`number`] but drops trailing zeros of the fraction ("974,1", "48.331").
pub fn number_trim(value: f64, max_decimals: usize, lang: Lang) -> String {
    let mut s = number(value, max_decimals, lang);
    let point = if lang == Lang::Vi { ',' } else { '.' };
    if s.contains(point) && !s.contains('e') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with(point) {
            s.pop();
        }
    }
    s
}

/// The exact value with its unit, as a reader would say it.
pub fn value_with_unit(value: f64, unit: Unit, lang: Lang) -> String {
    match (unit, lang) {
        (Unit::MillionVnd, Lang::Vi) => format!("{} triệu đồng", number_trim(value, 2, lang)),
        (Unit::MillionVnd, Lang::En) => format!("{} million VND", number_trim(value, 2, lang)),
        (Unit::Count, _) => number_trim(value, 2, lang),
        (Unit::Percent, _) => format!("{} %", number_trim(value, 2, lang)),
    }
}

/// A money amount in the larger scale word when it reads better ("54,06 tỷ đồng").
pub fn amount_scaled(million_vnd: f64, lang: Lang) -> String {
    if million_vnd.abs() >= 1000.0 {
        let billions = number_trim(million_vnd / 1000.0, 2, lang);
        match lang {
            Lang::Vi => format!("{billions} tỷ đồng"),
            Lang::En => format!("VND {billions} billion"),
        }
    } else {
        value_with_unit(million_vnd, Unit::MillionVnd, lang)
    }
}

/// "6 tháng đầu năm 2020" / "first 6 months of 2020" / "năm 2017".
pub fn period(year: i32, months: u8, lang: Lang) -> String {
    match (months, lang) {
        (12, Lang::Vi) => format!("năm {year}"),
        (12, Lang::En) => format!("{year}"),
        (1, Lang::Vi) => format!("tháng 1 năm {year}"),
        (1, Lang::En) => format!("January {year}"),
        (m, Lang::Vi) => format!("{m} tháng đầu năm {year}"),
        (m, Lang::En) => format!("first {m} months of {year}"),
    }
}

/// A period inside a sentence: "6 tháng đầu năm 2020", "the first 6 months of 2020".
pub fn period_in_text(year: i32, months: u8, lang: Lang) -> String {
    match (months, lang) {
        (12, _) | (_, Lang::Vi) => period(year, months, lang),
        (_, Lang::En) => format!("the {}", period(year, months, lang)),
    }
}

/// Short period for tight labels: "2017", "6T/2020" / "H1 2020".
pub fn period_short(year: i32, months: u8, lang: Lang) -> String {
    match (months, lang) {
        (12, _) => year.to_string(),
        (6, Lang::En) => format!("H1 {year}"),
        (m, Lang::Vi) => format!("{m}T/{year}"),
        (m, Lang::En) => format!("{m}M {year}"),
    }
}

pub fn basis(b: Basis, lang: Lang) -> &'static str {
    match (b, lang) {
        (Basis::Plan, Lang::Vi) => "Kế hoạch",
        (Basis::Plan, Lang::En) => "Plan",
        (Basis::Actual, Lang::Vi) => "Thực hiện",
        (Basis::Actual, Lang::En) => "Actual",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_forms_match_the_articles() {
        assert_eq!(
            value_with_unit(48331.0, Unit::MillionVnd, Lang::Vi),
            "48.331 triệu đồng"
        );
        assert_eq!(amount_scaled(54060.0, Lang::Vi), "54,06 tỷ đồng");
        assert_eq!(
            value_with_unit(974.1, Unit::MillionVnd, Lang::Vi),
            "974,1 triệu đồng"
        );
        assert_eq!(value_with_unit(17.88, Unit::Percent, Lang::Vi), "17,88 %");
        assert_eq!(number(1234567.891, 2, Lang::Vi), "1.234.567,89");
    }

    #[test]
    fn english_forms() {
        assert_eq!(
            value_with_unit(48331.0, Unit::MillionVnd, Lang::En),
            "48,331 million VND"
        );
        assert_eq!(amount_scaled(54060.0, Lang::En), "VND 54.06 billion");
        assert_eq!(number_trim(100.0, 1, Lang::En), "100");
        assert_eq!(number(-0.001, 1, Lang::En), "0.0");
        assert_eq!(number(-12.5, 1, Lang::Vi), "-12,5");
    }

    #[test]
    fn periods_spell_out_partial_years() {
        assert_eq!(period(2020, 6, Lang::Vi), "6 tháng đầu năm 2020");
        assert_eq!(period(2022, 7, Lang::En), "first 7 months of 2022");
        assert_eq!(period(2017, 12, Lang::Vi), "năm 2017");
        assert_eq!(period_short(2020, 6, Lang::Vi), "6T/2020");
    }

    #[test]
    fn fixed_point_matches_std_formatting() {
        for v in [
            0.0,
            0.004,
            0.005,
            1.0,
            12.345,
            48331.0,
            974.1,
            99.995,
            123456789.123,
        ] {
            for d in 0..4 {
                let std = format!("{:.*}", d, v);
                let ours = fixed(v, d);
                // Rounding of exact halves may differ in the last digit; values here are not halves.
                assert_eq!(ours, std, "{v} with {d} decimals");
            }
        }
        assert_eq!(fixed(-2.5, 1), "-2.5");
        assert_eq!(fixed(1e300, 1), "1.00e300");
        assert_eq!(css_px(12.5), "12.5px");
        assert_eq!(css_px(300.0), "300px");
    }

    #[test]
    fn huge_values_are_written_in_scientific_notation() {
        assert_eq!(number_trim(1e300, 2, Lang::Vi), "1e300");
        assert_eq!(number_trim(1.7e308, 2, Lang::Vi), "1,7e308");
        assert_eq!(number_trim(-2.5e20, 1, Lang::En), "-2.5e20");
        assert_eq!(number_trim(9.999e20, 2, Lang::En), "1e21");
        assert_eq!(number_trim(1e14, 0, Lang::En), "100,000,000,000,000");
        assert!(number_trim(f64::MAX, 2, Lang::Vi).len() < 12);
    }

    #[test]
    fn shortest_matches_std_display() {
        let check = |v: f64| assert_eq!(shortest(v), format!("{v}"), "{:e}", v);
        for v in [
            0.0,
            -0.0,
            1.0,
            0.55,
            0.08,
            0.1 + 0.2,
            12.000000000000002,
            974.1,
            48331.0,
            1e21,
            1e22,
            1e23,
            1e-7,
            5e-324,
            2.2250738585072014e-308,
            1.7976931348623157e308,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            2f64.powi(60),
            2f64.powi(-60),
            9007199254740993.0,
            123456789.123,
            0.3,
            2.0 / 3.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -2.5,
            100.0,
            1000.0,
        ] {
            check(v);
        }
        for size in [
            10.0, 10.5, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 18.0, 20.0, 22.0, 28.0,
        ] {
            check((size * 1.24 * 100.0f64).round() / 100.0 / 1.24);
        }
        for i in 0..=1000 {
            check(f64::from(i) / 1000.0);
        }
        // Random bit patterns over the whole range, and random "decimal" values.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if v.is_finite() {
                check(v);
            }
            check((x % 100_000_000) as f64 / 10f64.powi((x % 9) as i32));
        }
    }

    #[test]
    fn non_finite_values_do_not_panic() {
        assert_eq!(number(f64::NAN, 2, Lang::Vi), "–");
        assert_eq!(number(f64::INFINITY, 0, Lang::En), "–");
    }
}
