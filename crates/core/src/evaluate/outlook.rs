//! Looking ahead to the plan's end: a least-squares line through the actuals so far, projected
//! to the target year (順調 / 要注意 / 困難), and, for comparison with international practice,
//! the compound-annual-growth method of Open SDG (Statistics Canada).

use super::baseline::BaselineRef;
use super::policy::Policy;
use crate::cell::{Cell, CellValue, Direction};
use crate::fiscal_year::FiscalYear;
use crate::indicator::{Accumulation, Polarity};
use serde::Serialize;
use std::fmt;

/// How likely the plan-end target is to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutlookStatus {
    OnTrack,
    Caution,
    Difficult,
}

impl OutlookStatus {
    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            OutlookStatus::OnTrack => "on_track",
            OutlookStatus::Caution => "caution",
            OutlookStatus::Difficult => "difficult",
        }
    }
}

impl fmt::Display for OutlookStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OutlookStatus::OnTrack => "順調",
            OutlookStatus::Caution => "要注意",
            OutlookStatus::Difficult => "困難",
        })
    }
}

/// The least-squares outlook.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outlook {
    pub status: OutlookStatus,
    /// The target year projected to.
    pub at: FiscalYear,
    /// The projected value there (a running sum for yearly amounts to be summed).
    pub projected: f64,
    /// The projected 達成率, for numeric targets.
    pub rate: Option<f64>,
    /// Change per year of the fitted line.
    pub slope: f64,
    /// How many actuals the line was fitted to.
    pub points: usize,
}

/// Fits y = a + b·x through the points; `None` with fewer than two distinct years.
pub fn least_squares(points: &[(FiscalYear, f64)]) -> Option<(f64, f64)> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let x0 = f64::from(points[0].0.start_year());
    let (mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0);
    for (year, y) in points {
        let x = f64::from(year.start_year()) - x0;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    let denom = n * sxx - sx * sx;
    if denom == 0.0 {
        return None;
    }
    let slope = (n * sxy - sx * sy) / denom;
    let intercept = (sy - slope * sx) / n;
    // back to absolute years: y = intercept + slope·(x − x0)
    Some((intercept - slope * x0, slope))
}

/// How an indicator's figures are to be read when projecting them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub polarity: Polarity,
    pub accumulation: Accumulation,
    /// Yearly amounts to be summed count from this year (the plan's first).
    pub sum_from: Option<FiscalYear>,
    /// A kept level is met by exceeding it too (維持以上).
    pub at_least: bool,
    /// Every figure so far is zero or more (a count): the projection never goes below zero.
    pub never_negative: bool,
}

/// The outlook in `year` for the plan-end target `(target_year, target)`. A series that never
/// goes below zero (a count) is never projected below zero.
pub fn outlook(
    history: &[(FiscalYear, f64)],
    year: FiscalYear,
    (target_year, target): (FiscalYear, &Cell),
    shape: Shape,
    policy: &Policy,
) -> Option<Outlook> {
    let Shape {
        polarity,
        accumulation,
        sum_from,
        at_least,
        never_negative,
    } = shape;
    if year > target_year {
        return None;
    }
    let (a, slope) = least_squares(history)?;
    let floor = if never_negative {
        0.0
    } else {
        f64::NEG_INFINITY
    };
    let at = |y: FiscalYear| (a + slope * f64::from(y.start_year())).max(floor);
    let projected = match accumulation {
        Accumulation::YearlySum => {
            let so_far: f64 = history
                .iter()
                .filter(|(y, _)| sum_from.is_none_or(|f| *y >= f))
                .map(|(_, v)| v)
                .sum();
            let mut rest = 0.0;
            let mut y = year.next();
            while let Some(fy) = y.filter(|fy| *fy <= target_year) {
                rest += at(fy).max(0.0);
                y = fy.next();
            }
            so_far + rest
        }
        _ => at(target_year),
    };
    let points = history.len();
    let scale = history.iter().map(|(_, v)| v.abs()).sum::<f64>() / points as f64;
    let flat_slope = scale * policy.flat.relative;
    let (status, rate) = match &target.value {
        CellValue::Number(q) => {
            let t = q.value;
            let rate = match polarity {
                Polarity::Increase if t > 0.0 => Some(projected / t),
                Polarity::Decrease if projected > 0.0 => Some(t.max(0.0) / projected),
                Polarity::Maintain if t != 0.0 => Some(1.0 - ((projected - t) / t).abs()),
                _ => None,
            };
            let met = match polarity {
                Polarity::Increase => projected >= t,
                Polarity::Decrease => projected <= t,
                Polarity::Maintain if at_least => {
                    projected >= t * (1.0 - policy.maintain_tolerance)
                }
                Polarity::Maintain => rate.is_some_and(|r| r >= 1.0 - policy.maintain_tolerance),
            };
            let status = if met {
                OutlookStatus::OnTrack
            } else {
                match rate {
                    Some(r) if r >= policy.outlook.on_track => OutlookStatus::OnTrack,
                    Some(r) if r >= policy.outlook.caution => OutlookStatus::Caution,
                    _ => OutlookStatus::Difficult,
                }
            };
            (status, rate)
        }
        CellValue::Direction(d) => {
            let status = match d {
                Direction::Keep if slope.abs() <= flat_slope => OutlookStatus::OnTrack,
                Direction::Keep if at_least && slope > 0.0 => OutlookStatus::OnTrack,
                Direction::Keep => OutlookStatus::Caution,
                _ if slope.abs() <= flat_slope => OutlookStatus::Caution,
                Direction::Up if slope > 0.0 => OutlookStatus::OnTrack,
                Direction::Down if slope < 0.0 => OutlookStatus::OnTrack,
                _ => OutlookStatus::Difficult,
            };
            (status, None)
        }
        _ => return None,
    };
    Some(Outlook {
        status,
        at: target_year,
        projected,
        rate,
        slope,
        points,
    })
}

impl Outlook {
    /// 「順調 (令和6年度の見込み 24.3回、達成率 101.2%)」, the projection in `unit`.
    pub fn describe(&self, unit: Option<&crate::unit::Unit>) -> String {
        let mut s = format!(
            "{} ({}の見込み {}",
            self.status,
            self.at,
            super::explain::figure(self.projected, unit)
        );
        if let Some(rate) = self.rate {
            s.push_str(&format!("、達成率 {}", super::explain_percent(rate)));
        }
        s.push(')');
        s
    }
}

impl fmt::Display for GrowthOutlook {
    /// 「順調 (年率 +10.5% / 必要 +5.2%)」
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.observed.is_finite() && self.required.is_finite() {
            let pct = |r: f64| {
                let sign = if r >= 0.0 { "+" } else { "" };
                format!("{sign}{}", super::explain_percent(r))
            };
            write!(
                f,
                "{} (年率 {} / 必要 {})",
                self.status,
                pct(self.observed),
                pct(self.required)
            )
        } else {
            write!(f, "{}", self.status)
        }
    }
}

/// Open SDG's progress categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GrowthStatus {
    /// The target is already met.
    Achieved,
    /// ≥ 0.95 of the required growth: substantial progress.
    Substantial,
    /// ≥ 0.60: moderate progress, acceleration needed.
    Moderate,
    /// ≥ 0: limited progress.
    Limited,
    /// < 0: moving away from the target.
    Deterioration,
}

impl GrowthStatus {
    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            GrowthStatus::Achieved => "achieved",
            GrowthStatus::Substantial => "substantial",
            GrowthStatus::Moderate => "moderate",
            GrowthStatus::Limited => "limited",
            GrowthStatus::Deterioration => "deterioration",
        }
    }
}

impl fmt::Display for GrowthStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GrowthStatus::Achieved => "達成",
            GrowthStatus::Substantial => "順調",
            GrowthStatus::Moderate => "進捗あり・加速が必要",
            GrowthStatus::Limited => "停滞",
            GrowthStatus::Deterioration => "悪化",
        })
    }
}

/// The compound-annual-growth outlook.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GrowthOutlook {
    pub status: GrowthStatus,
    /// Observed yearly growth from the base year to the latest year.
    pub observed: f64,
    /// Yearly growth needed from the base year to reach the target in the target year.
    pub required: f64,
    /// observed ÷ required
    pub ratio: f64,
    pub base: (FiscalYear, f64),
    pub latest: (FiscalYear, f64),
}

/// The Open SDG outlook in `year`: observed CAGR from the baseline to the latest actual up to
/// `year`, over the CAGR required to reach the target in its year. When the baseline is the
/// latest figure itself (a plan with no actual of its own yet), the first figure before it is
/// the base. Needs positive values; a target already met is 達成 whatever the growth.
pub fn growth(
    history: &[(FiscalYear, f64)],
    year: FiscalYear,
    (target_year, target): (FiscalYear, &Cell),
    baseline: Option<BaselineRef>,
    polarity: Polarity,
    accumulation: Accumulation,
) -> Option<GrowthOutlook> {
    if accumulation == Accumulation::YearlySum || polarity == Polarity::Maintain {
        return None;
    }
    let t = target.number()?.value;
    let latest = *history.last()?;
    if latest.0 > year || year > target_year {
        return None;
    }
    let base = match baseline {
        Some(BaselineRef {
            value,
            year: Some(by),
            ..
        }) if by < latest.0 => Some((by, value)),
        _ => history.first().copied().filter(|(y, _)| *y < latest.0),
    };
    let met = match polarity {
        Polarity::Decrease => latest.1 <= t,
        _ => latest.1 >= t,
    };
    let base = match base {
        Some(b) => b,
        None if met => latest,
        None => return None,
    };
    let years_observed = base.0.years_until(latest.0);
    let years_required = base.0.years_until(target_year);
    if years_observed <= 0 || years_required <= 0 || base.1 <= 0.0 || latest.1 <= 0.0 || t <= 0.0 {
        return met.then_some(GrowthOutlook {
            status: GrowthStatus::Achieved,
            observed: f64::NAN,
            required: f64::NAN,
            ratio: f64::NAN,
            base,
            latest,
        });
    }
    let observed = (latest.1 / base.1).powf(1.0 / f64::from(years_observed)) - 1.0;
    let required = (t / base.1).powf(1.0 / f64::from(years_required)) - 1.0;
    let ratio = if required == 0.0 {
        f64::NAN
    } else {
        observed / required
    };
    // the base already met the target and the latest figure has fallen back from it: the
    // growth needed points the wrong way, and the indicator is moving away from its target
    let wrong_way = match polarity {
        Polarity::Decrease => required >= 0.0,
        _ => required <= 0.0,
    };
    let status = if met {
        GrowthStatus::Achieved
    } else if wrong_way {
        GrowthStatus::Deterioration
    } else if ratio.is_nan() {
        return None;
    } else if ratio >= 0.95 {
        GrowthStatus::Substantial
    } else if ratio >= 0.60 {
        GrowthStatus::Moderate
    } else if ratio >= 0.0 {
        GrowthStatus::Limited
    } else {
        GrowthStatus::Deterioration
    };
    Some(GrowthOutlook {
        status,
        observed,
        required,
        ratio,
        base,
        latest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fy(y: i32) -> FiscalYear {
        FiscalYear::new(y).expect("in range")
    }

    #[test]
    fn least_squares_fits_a_line_exactly() {
        let pts = [(fy(2020), 10.0), (fy(2021), 12.0), (fy(2022), 14.0)];
        let (a, b) = least_squares(&pts).expect("fits");
        assert!((b - 2.0).abs() < 1e-9);
        assert!((a + b * 2024.0 - 18.0).abs() < 1e-6);
        assert_eq!(least_squares(&pts[..1]), None);
    }

    proptest! {
        #[test]
        fn least_squares_recovers_any_line(a in -1e4f64..1e4, b in -1e3f64..1e3, n in 2usize..12) {
            let pts: Vec<_> = (0..n).map(|i| (fy(2015 + i as i32), a + b * i as f64)).collect();
            let (_, slope) = least_squares(&pts).expect("fits");
            prop_assert!((slope - b).abs() < 1e-6 * (1.0 + b.abs()));
        }
    }
}
