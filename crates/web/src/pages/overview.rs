//! 計画の概要: how a plan is doing in one fiscal year — the grade distribution under each goal,
//! the roll-up with its rule, the indicators most at risk, and what changed since last year.

use super::line::IndicatorLine;
use super::{RenderedView, readable, render_content};
use crate::error::WebError;
use crate::evaluation::{PlanYear, parse_year};
use crate::rendered::PageKey;
use crate::session::Visitor;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use shinchoku_core::FiscalYear;
use shinchoku_report::GoalLine;
use shinchoku_report::chart;
use shinchoku_store::StoredPlan;

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    pub year: Option<String>,
}

/// A link to the same page in another year.
pub struct YearLink {
    pub label: String,
    pub value: i32,
    pub current: bool,
    /// The rest of the page's query (its filters), kept when the year changes.
    pub rest: String,
}

pub fn year_links(years: &[FiscalYear], current: FiscalYear) -> Vec<YearLink> {
    years
        .iter()
        .map(|y| YearLink {
            label: y.to_string(),
            value: y.start_year(),
            current: *y == current,
            rest: String::new(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "overview.html")]
pub struct OverviewView {
    pub plan_id: i64,
    pub plan_name: String,
    pub municipality: String,
    pub year: String,
    pub year_value: i32,
    pub years: Vec<YearLink>,
    pub policy: String,
    pub rule: String,
    pub overall_value: String,
    pub overall_explanation: String,
    /// The grade distribution's chart, drawn (SVG in its figure).
    pub chart: String,
    pub labels: Vec<String>,
    pub distribution: Vec<(String, Vec<usize>)>,
    pub rollups: Vec<GoalLine>,
    pub at_risk: Vec<IndicatorLine>,
    pub changes: Vec<IndicatorLine>,
    pub previous_year: String,
    pub findings: usize,
}

pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(plan_id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<RenderedView, WebError> {
    let (stored, py) = readable(&state, &visitor, plan_id, parse_year(q.year.as_deref())?).await?;
    let content = match state.pages.get(plan_id, &py, PageKey::Overview) {
        Some(kept) => kept,
        None => {
            let view = view(plan_id, &stored, &py)?;
            let title = format!("{} {} 概要", stored.name, py.year);
            let rendered = render_content(title, &view)?;
            state.pages.keep(plan_id, &py, PageKey::Overview, rendered)
        }
    };
    Ok(RenderedView::new(content, &visitor))
}

fn view(plan_id: i64, stored: &StoredPlan, py: &PlanYear) -> Result<OverviewView, WebError> {
    let line = |i: usize| IndicatorLine::of(stored, py, i);
    let previous = py.years.iter().rev().find(|y| **y < py.year);
    let title = format!("{}の評価の分布(基本目標ごと)", py.year);
    Ok(OverviewView {
        plan_id,
        plan_name: stored.name.clone(),
        municipality: stored
            .plan
            .municipality
            .clone()
            .unwrap_or_else(|| stored.municipality_code.clone()),
        year: py.year.to_string(),
        year_value: py.year.start_year(),
        years: year_links(&py.years, py.year),
        policy: py.policy.name.clone(),
        rule: py.rule.clone(),
        overall_value: py.overall.value.clone(),
        overall_explanation: py.overall.explanation.clone(),
        chart: chart::grade_bars("bars", &title, &py.labels, &py.distribution).render()?,
        labels: py.labels.clone(),
        distribution: py.distribution.clone(),
        rollups: py.goal_lines(),
        at_risk: py.at_risk.iter().map(|i| line(*i)).collect(),
        changes: py
            .changes
            .iter()
            .map(|(i, before)| {
                let mut l = line(*i);
                l.before = before.clone();
                l
            })
            .collect(),
        previous_year: previous.map_or_else(String::new, ToString::to_string),
        findings: py.findings.len(),
    })
}
