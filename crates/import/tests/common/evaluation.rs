//! Evaluating the fixtures' indicators by name, and the plan as it will be once an indicator
//! reports a figure (the Nagareyama sheet has no actual of its plan years yet).

use shinchoku_core::{Cell, Evaluation, Evaluator, FiscalYear, Indicator, Plan, Policy, Series};

pub fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("in range")
}

/// The plan's first indicator whose name starts with `name`.
pub fn indicator<'a>(plan: &'a Plan, name: &str) -> &'a Indicator {
    plan.indicators
        .iter()
        .find(|i| i.name.starts_with(name))
        .unwrap_or_else(|| panic!("no indicator {name}"))
}

/// That indicator evaluated in `year`, in its plan.
pub fn eval<'a>(plan: &'a Plan, policy: &'a Policy, name: &str, year: i32) -> Evaluation<'a> {
    Evaluator::in_plan(plan, indicator(plan, name), policy).at(fy(year))
}

/// The plan as it will be when `name` reports `raw` in `year`.
pub fn reported(plan: &Plan, name: &str, year: i32, raw: &str) -> Plan {
    let mut plan = plan.clone();
    let ind = plan
        .indicators
        .iter_mut()
        .find(|i| i.name.starts_with(name))
        .unwrap_or_else(|| panic!("no indicator {name}"));
    ind.record(Series::Actual, fy(year), Cell::read(raw), None);
    plan
}
