//! 指標: one indicator — its definition, unit, polarity with its reason and formula, a chart of
//! targets and actuals over the years, the figures as the sheet wrote them with their ※ notes,
//! the grade of each year, its findings and its change history.

use super::overview::{YearLink, YearQuery, year_links};
use super::{RenderedView, indicator_at, readable, render_content};
use crate::authz::Action;
use crate::cache::IndicatorRecords;
use crate::error::WebError;
use crate::evaluation::{PlanYear, parse_year};
use crate::rendered::PageKey;
use crate::session::Visitor;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use shinchoku_core::Evaluator;
use shinchoku_core::evaluate::EvaluationRecord;
use shinchoku_core::ids::IndicatorId;
use shinchoku_report::chart;
use shinchoku_store::{EntryKind, StoredPlan};

pub struct YearRow {
    pub year: String,
    pub target: String,
    pub actual: String,
    pub blank_reason: String,
    pub grade: String,
    pub grade_class: String,
    pub achievement: String,
    pub current: bool,
}

pub struct HistoryLine {
    pub at: String,
    pub actor: String,
    pub via: String,
    pub subject: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "indicator.html")]
pub struct IndicatorView {
    pub plan_id: i64,
    pub plan_name: String,
    pub year: String,
    pub year_value: i32,
    pub years: Vec<YearLink>,
    pub record: EvaluationRecord,
    pub grade_class: String,
    pub department: String,
    pub definition: String,
    pub category: String,
    /// The chart of targets and actuals, drawn (SVG in its figure).
    pub chart: String,
    pub rows: Vec<YearRow>,
    pub findings: Vec<String>,
    pub history: Vec<HistoryLine>,
    /// The visitor may change this indicator: the page offers the entry form.
    pub can_edit: bool,
    pub indicator_id: i64,
    /// Each year's comment parts: (year, aspect, text).
    pub comments: Vec<(String, &'static str, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((plan_id, indicator_id)): Path<(i64, i64)>,
    Query(q): Query<YearQuery>,
) -> Result<RenderedView, WebError> {
    let (stored, py) = readable(&state, &visitor, plan_id, parse_year(q.year.as_deref())?).await?;
    let index = indicator_at(&stored, indicator_id)?;
    let can_edit = crate::authz::authorize(
        visitor.account(),
        Action::EditIndicator {
            municipality: &stored.municipality_code,
            department: stored.plan.indicators[index].department.as_deref(),
        },
    )
    .is_ok();
    let page = PageKey::Indicator {
        id: indicator_id,
        can_edit,
    };
    if let Some(kept) = state.pages.get(plan_id, &py, page) {
        return Ok(RenderedView::new(kept, &visitor));
    }
    let records = state
        .plans
        .indicator(&state.store, plan_id, indicator_id)
        .await?;
    let view = view(&stored, &py, index, &records, can_edit)?;
    let title = format!("{} {}", view.record.indicator, py.year);
    let rendered = render_content(title, &view)?;
    Ok(RenderedView::new(
        state.pages.keep(plan_id, &py, page, rendered),
        &visitor,
    ))
}

fn view(
    stored: &StoredPlan,
    py: &PlanYear,
    index: usize,
    records: &IndicatorRecords,
    can_edit: bool,
) -> Result<IndicatorView, WebError> {
    let plan_id = stored.id;
    let indicator_id = stored.indicator_ids[index];
    let indicator = &stored.plan.indicators[index];
    let record = py.records[index].clone();
    let comments = records
        .entries
        .iter()
        .filter_map(|e| match e.kind {
            EntryKind::Comment(aspect) => {
                Some((e.year.to_string(), aspect.label(), e.text.clone()))
            }
            _ => None,
        })
        .collect();

    let years = stored.plan.all_years();
    let mut rows = Vec::new();
    for year in &years {
        let target = indicator.targets.get(year);
        let actual = indicator.actuals.get(year);
        let e = Evaluator::in_plan(&stored.plan, indicator, &py.policy).at(*year);
        let (grade, grade_class, achievement) = if e.is_evaluable() {
            (
                e.grade.label.clone(),
                chart::grade_class(py.rank(&e.grade.label, true), py.labels.len()),
                e.rate()
                    .filter(|r| r.is_finite())
                    .map_or_else(String::new, |r| format!("{:.1}%", r * 100.0)),
            )
        } else {
            (String::new(), String::new(), String::new())
        };
        rows.push(YearRow {
            year: year.to_string(),
            target: target.map_or_else(String::new, |c| c.raw.to_string()),
            actual: actual.map_or_else(String::new, |c| c.raw.to_string()),
            blank_reason: indicator
                .blank_reasons
                .get(year)
                .map_or_else(String::new, |r| r.label().to_owned()),
            grade,
            grade_class,
            achievement,
            current: *year == py.year,
        });
    }
    let chart = match chart::indicator_chart("line", indicator, &record, &years) {
        Some(c) => c.render()?,
        None => String::new(),
    };
    let own = IndicatorId::from_index(index);
    let findings = py
        .findings
        .iter()
        .filter(|f| f.indicator == Some(own))
        .map(|f| f.kind.to_string())
        .collect();
    Ok(IndicatorView {
        plan_id,
        plan_name: stored.name.clone(),
        year: py.year.to_string(),
        year_value: py.year.start_year(),
        years: year_links(&py.years, py.year),
        grade_class: chart::grade_class(py.rank(&record.grade, record.evaluable), py.labels.len()),
        department: indicator.department.clone().unwrap_or_default(),
        definition: indicator.definition.clone().unwrap_or_default(),
        category: indicator.category.clone().unwrap_or_default(),
        record,
        chart,
        rows,
        findings,
        can_edit,
        indicator_id,
        comments,
        history: records
            .history
            .iter()
            .rev()
            .map(|e| HistoryLine {
                at: shinchoku_store::japan_time(e.at),
                actor: e.actor.clone(),
                via: e.via.clone(),
                subject: e.subject.clone(),
                before: e.before.clone().unwrap_or_default(),
                after: e.after.clone().unwrap_or_default(),
            })
            .collect(),
    })
}
