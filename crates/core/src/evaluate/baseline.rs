//! The baseline (基準値) an indicator is measured from: stated in the sheet, or else the latest
//! actual before the plan's first year — the value the plan started from.

use crate::cell::format_number;
use crate::fiscal_year::FiscalYear;
use crate::indicator::Indicator;
use crate::plan::PlanPeriod;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A numeric baseline and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BaselineRef {
    pub value: f64,
    pub year: Option<FiscalYear>,
    /// True when the sheet states it; false when taken from an actual before the plan.
    pub stated: bool,
}

/// The baseline of `indicator` in a plan running over `period`.
pub fn baseline(indicator: &Indicator, period: Option<PlanPeriod>) -> Option<BaselineRef> {
    if let Some(b) = &indicator.baseline {
        return b.cell.number().map(|q| BaselineRef {
            value: q.value,
            year: b.year,
            stated: true,
        });
    }
    let first = period?.first;
    indicator
        .actuals
        .before(first)
        .rev()
        .find_map(|(y, c)| c.number().map(|q| (*y, q.value)))
        .map(|(year, value)| BaselineRef {
            value,
            year: Some(year),
            stated: false,
        })
}

impl BaselineRef {
    /// What the value is called: 基準値 when the sheet states it, else 実績.
    pub fn word(&self) -> &'static str {
        if self.stated { "基準値" } else { "実績" }
    }
}

impl fmt::Display for BaselineRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_number(self.value, Some(2)))?;
        match (self.year, self.stated) {
            (Some(y), true) => write!(f, " ({y})"),
            (Some(y), false) => write!(f, " ({y}実績)"),
            (None, _) => Ok(()),
        }
    }
}
