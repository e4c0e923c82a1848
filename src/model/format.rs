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
    fn non_finite_values_do_not_panic() {
        assert_eq!(number(f64::NAN, 2, Lang::Vi), "–");
        assert_eq!(number(f64::INFINITY, 0, Lang::En), "–");
    }
}
