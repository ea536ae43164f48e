//! A stored plan evaluated for the pages: which year (asked for, or the latest with an actual),
//! under which policy, evaluated by `shinchoku_report::PlanYear`.

use crate::error::WebError;
use shinchoku_core::{FiscalYear, Plan};
pub use shinchoku_report::PlanYear;
use shinchoku_store::StoredPlan;

/// The year shown when none is asked for: the latest with an actual, else the first.
pub fn default_year(plan: &Plan) -> Option<FiscalYear> {
    match plan.default_evaluation_year() {
        Ok(y) => Some(y),
        Err(first) => first.or_else(|| plan.fiscal_years.first().copied()),
    }
}

/// Reads a `?year=` the way sheets write years (R5, 令和5年度, 2023).
pub fn parse_year(asked: Option<&str>) -> Result<Option<FiscalYear>, WebError> {
    match asked.map(str::trim).filter(|y| !y.is_empty()) {
        None => Ok(None),
        Some(y) => FiscalYear::parse(y)
            .map(Some)
            .map_err(|e| WebError::BadRequest(format!("年度「{y}」を読めません: {e}"))),
    }
}

/// Evaluates the plan in `year` (or its default year).
pub fn evaluate_year(stored: &StoredPlan, year: Option<FiscalYear>) -> Result<PlanYear, WebError> {
    let plan = &stored.plan;
    let year = year
        .or_else(|| default_year(plan))
        .ok_or_else(|| WebError::BadRequest("この計画には年度がありません (no-years)".into()))?;
    if !plan.covers(year) {
        return Err(WebError::BadRequest(format!(
            "{year} はこの計画の年度ではありません (year-outside-plan)"
        )));
    }
    Ok(PlanYear::evaluate(
        plan,
        &stored.keys,
        stored.evaluation_policy(),
        year,
    ))
}
