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

/// The outlook in `year` for the plan-end target `(target_year, target)`.
pub fn outlook(
    history: &[(FiscalYear, f64)],
    year: FiscalYear,
    (target_year, target): (FiscalYear, &Cell),
    polarity: Polarity,
    accumulation: Accumulation,
    policy: &Policy,
) -> Option<Outlook> {
    if year > target_year {
        return None;
    }
    let (a, slope) = least_squares(history)?;
    let at = |y: FiscalYear| a + slope * f64::from(y.start_year());
    let projected = match accumulation {
        Accumulation::YearlySum => {
            let so_far: f64 = history.iter().map(|(_, v)| v).sum();
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

/// The Open SDG outlook: observed CAGR from the baseline (or the first actual) to the latest
/// actual, over the CAGR required to reach the target in its year. Needs positive values.
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
    if latest.0 != year {
        return None;
    }
    let base = match baseline {
        Some(BaselineRef {
            value,
            year: Some(by),
            ..
        }) => (by, value),
        _ => *history.first()?,
    };
    let met = match polarity {
        Polarity::Decrease => latest.1 <= t,
        _ => latest.1 >= t,
    };
    let years_observed = base.0.years_until(latest.0);
    let years_required = base.0.years_until(target_year);
    if years_observed <= 0 || years_required <= 0 || base.1 <= 0.0 || latest.1 <= 0.0 || t <= 0.0 {
        return None;
    }
    let observed = (latest.1 / base.1).powf(1.0 / f64::from(years_observed)) - 1.0;
    let required = (t / base.1).powf(1.0 / f64::from(years_required)) - 1.0;
    let ratio = if required == 0.0 {
        f64::NAN
    } else {
        observed / required
    };
    let status = if met {
        GrowthStatus::Achieved
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
