//! The trend against the previous figure (改善 / 横ばい / 悪化), judged by polarity: for a
//! decrease indicator a fall is an improvement; an indicator that should keep its level only
//! rose or fell (増加 / 横ばい / 減少).

use super::policy::FlatBand;
use crate::fiscal_year::FiscalYear;
use crate::indicator::Polarity;
use serde::Serialize;
use std::fmt;

/// Which way an indicator moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendDirection {
    Improved,
    Flat,
    Worsened,
    /// Up, for an indicator that should keep its level (→ 維持): neither better nor worse.
    Rose,
    /// Down, for an indicator that should keep its level.
    Fell,
}

impl TrendDirection {
    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            TrendDirection::Improved => "improved",
            TrendDirection::Flat => "flat",
            TrendDirection::Worsened => "worsened",
            TrendDirection::Rose => "rose",
            TrendDirection::Fell => "fell",
        }
    }
}

impl fmt::Display for TrendDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TrendDirection::Improved => "改善",
            TrendDirection::Flat => "横ばい",
            TrendDirection::Worsened => "悪化",
            TrendDirection::Rose => "増加",
            TrendDirection::Fell => "減少",
        })
    }
}

/// The move from the previous figure to this year's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Trend {
    pub direction: TrendDirection,
    pub from: (FiscalYear, f64),
    pub to: (FiscalYear, f64),
}

/// The trend in `year`, from `history` (numeric actuals up to `year`, oldest first). `None`
/// when the year has no numeric actual or nothing precedes it.
pub fn trend(
    history: &[(FiscalYear, f64)],
    year: FiscalYear,
    polarity: Polarity,
    percent: bool,
    flat: &FlatBand,
) -> Option<Trend> {
    let [.., from, to] = history else { return None };
    if to.0 != year {
        return None;
    }
    let delta = to.1 - from.1;
    let is_flat = match flat.percent_points {
        Some(points) if percent => delta.abs() < points,
        _ if from.1 == 0.0 => delta == 0.0,
        _ => (delta / from.1).abs() <= flat.relative + 1e-12,
    };
    let direction = if is_flat {
        TrendDirection::Flat
    } else {
        let rose = delta > 0.0;
        match polarity {
            Polarity::Maintain if rose => TrendDirection::Rose,
            Polarity::Maintain => TrendDirection::Fell,
            Polarity::Increase if rose => TrendDirection::Improved,
            Polarity::Decrease if !rose => TrendDirection::Improved,
            _ => TrendDirection::Worsened,
        }
    };
    Some(Trend {
        direction,
        from: *from,
        to: *to,
    })
}

impl fmt::Display for Trend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::cell::format_number;
        write!(
            f,
            "{} ({} → {})",
            self.direction,
            format_number(self.from.1, Some(2)),
            format_number(self.to.1, Some(2))
        )
    }
}
