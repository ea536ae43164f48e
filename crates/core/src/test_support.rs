//! Small indicators written the way sheets write them, for the unit tests of every module.

use crate::cell::Cell;
use crate::fiscal_year::FiscalYear;
use crate::indicator::{Indicator, Series};
use crate::plan::PlanPeriod;

pub fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("in range")
}

/// An indicator named `name` with these targets and actuals, each cell read from its text.
pub fn indicator(name: &str, targets: &[(i32, &str)], actuals: &[(i32, &str)]) -> Indicator {
    let mut i = Indicator::new(name);
    for (y, raw) in targets {
        i.record(Series::Target, fy(*y), Cell::read(raw), None);
    }
    for (y, raw) in actuals {
        i.record(Series::Actual, fy(*y), Cell::read(raw), None);
    }
    i
}

/// The plan period from fiscal year `a` to `b`.
pub fn period(a: i32, b: i32) -> Option<PlanPeriod> {
    Some(PlanPeriod::new(fy(a), fy(b)))
}
