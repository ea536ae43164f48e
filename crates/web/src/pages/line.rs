//! An indicator as a line of a list (the overview's lists, 施策体系): its name with its group,
//! its grade as a badge, 達成率, trend, outlook and department, all from one evaluated year.

use crate::evaluation::PlanYear;
use shinchoku_report::chart;
use shinchoku_store::StoredPlan;

pub struct IndicatorLine {
    /// The indicator's database id, for its link.
    pub id: i64,
    pub no: usize,
    pub name: String,
    /// The goal it stands under (the deepest).
    pub goal: String,
    pub grade: String,
    pub grade_class: String,
    pub achievement: String,
    pub trend: String,
    pub outlook: String,
    pub department: String,
    /// The year before's grade, where a list compares years.
    pub before: String,
}

impl IndicatorLine {
    /// The plan's indicator number `i` (from 0) in the evaluated year.
    pub fn of(stored: &StoredPlan, py: &PlanYear, i: usize) -> IndicatorLine {
        let r = &py.records[i];
        IndicatorLine {
            id: stored.indicator_ids[i],
            no: r.no,
            name: match &r.group {
                Some(g) => format!("{}({g})", r.indicator),
                None => r.indicator.clone(),
            },
            goal: r.path.last().cloned().unwrap_or_default(),
            grade: r.grade.clone(),
            grade_class: chart::grade_class(py.rank(&r.grade, r.evaluable), py.labels.len()),
            achievement: r
                .achievement_percent
                .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%")),
            trend: r
                .trend
                .as_ref()
                .map_or_else(String::new, |t| t.label.clone()),
            outlook: r
                .outlook
                .as_ref()
                .map_or_else(String::new, |o| o.label.clone()),
            department: stored.plan.indicators[i]
                .department
                .clone()
                .unwrap_or_default(),
            before: String::new(),
        }
    }
}
