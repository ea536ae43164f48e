//! 施策体系: the goal tree → projects (their ★ marks kept) → indicators with their grade, trend
//! and outlook, filtered by department, category, grade and priority, and searched by text.

use super::line::IndicatorLine;
use super::overview::{YearLink, year_links};
use super::{Frame, readable};
use crate::error::WebError;
use crate::evaluation::{PlanYear, parse_year};
use crate::session::Visitor;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use shinchoku_core::Plan;
use shinchoku_core::ids::GoalId;
use shinchoku_core::text::compact;

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    pub year: Option<String>,
    pub department: Option<String>,
    pub category: Option<String>,
    pub grade: Option<String>,
    /// `1`: only indicators of ★ (重点) projects.
    pub priority: Option<String>,
    pub q: Option<String>,
}

impl Filters {
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

pub struct TreeProject {
    pub number: String,
    pub name: String,
    pub priority: bool,
}

pub struct TreeGoal {
    pub depth: usize,
    pub title: String,
    pub projects: Vec<TreeProject>,
    pub indicators: Vec<IndicatorLine>,
}

/// A choice of a filter, and whether it is the one chosen.
pub struct Choice {
    pub value: String,
    pub chosen: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "tree.html")]
pub struct TreeView {
    pub frame: Frame,
    pub plan_id: i64,
    pub plan_name: String,
    pub year: String,
    pub year_value: i32,
    pub years: Vec<YearLink>,
    pub goals: Vec<TreeGoal>,
    pub departments: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub grades: Vec<Choice>,
    pub priority: bool,
    pub q: String,
    pub shown: usize,
    pub total: usize,
}

fn choices(mut values: Vec<String>, chosen: Option<&str>) -> Vec<Choice> {
    values.sort();
    values.dedup();
    values
        .into_iter()
        .map(|value| Choice {
            chosen: chosen == Some(value.as_str()),
            value,
        })
        .collect()
}

fn depth(plan: &Plan, goal: GoalId) -> usize {
    plan.goal_and_ancestors(Some(goal))
        .count()
        .saturating_sub(1)
}

/// Whether indicator `i` passes every filter given.
fn passes(py: &PlanYear, plan: &Plan, i: usize, f: &Filters) -> bool {
    let ind = &plan.indicators[i];
    let record = &py.records[i];
    if let Some(d) = Filters::given(&f.department) {
        if ind.department.as_deref() != Some(d) {
            return false;
        }
    }
    if let Some(c) = Filters::given(&f.category) {
        if ind.category.as_deref() != Some(c) {
            return false;
        }
    }
    if let Some(g) = Filters::given(&f.grade) {
        if record.grade != g {
            return false;
        }
    }
    if Filters::given(&f.priority).is_some()
        && !plan.projects_of(ind).iter().any(|p| {
            plan.project(*p)
                .number
                .as_ref()
                .is_some_and(|n| n.is_priority())
        })
    {
        return false;
    }
    if let Some(q) = Filters::given(&f.q) {
        // matched as people type: full or half width, spaces ignored
        let q = compact(q);
        let mut hay = vec![ind.name.clone()];
        hay.extend(ind.group.clone());
        hay.extend(ind.definition.clone());
        hay.extend(plan.path(ind.goal).into_iter().map(str::to_owned));
        hay.extend(
            plan.projects_of(ind)
                .iter()
                .map(|p| plan.project(*p).name.clone()),
        );
        if !hay.iter().any(|h| compact(h).contains(q.as_str())) {
            return false;
        }
    }
    true
}

pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(plan_id): Path<i64>,
    Query(f): Query<Filters>,
) -> Result<TreeView, WebError> {
    let (stored, py) = readable(&state, &visitor, plan_id, parse_year(f.year.as_deref())?).await?;
    let plan = &stored.plan;
    let mut goals: Vec<TreeGoal> = plan
        .goals
        .iter()
        .enumerate()
        .map(|(g, goal)| TreeGoal {
            depth: depth(plan, GoalId::from_index(g)),
            title: goal.title.clone(),
            projects: Vec::new(),
            indicators: Vec::new(),
        })
        .collect();
    let mut loose = TreeGoal {
        depth: 0,
        title: "(目標の記載なし)".to_owned(),
        projects: Vec::new(),
        indicators: Vec::new(),
    };
    let mut shown = 0;
    for i in 0..plan.indicators.len() {
        if !passes(&py, plan, i, &f) {
            continue;
        }
        shown += 1;
        let ind = &plan.indicators[i];
        let line = IndicatorLine::of(&stored, &py, i);
        let home = match ind.goal {
            Some(g) => &mut goals[g.index()],
            None => &mut loose,
        };
        for p in plan.projects_of(ind) {
            let project = plan.project(p);
            let number = project
                .number
                .as_ref()
                .map_or_else(String::new, |n| n.raw.clone());
            if !home
                .projects
                .iter()
                .any(|t| t.name == project.name && t.number == number)
            {
                home.projects.push(TreeProject {
                    priority: project.number.as_ref().is_some_and(|n| n.is_priority()),
                    number,
                    name: project.name.clone(),
                });
            }
        }
        home.indicators.push(line);
    }
    goals.push(loose);
    // a goal is shown when something under it is: keep the ancestors of every goal with lines
    let mut keep: Vec<bool> = goals.iter().map(|g| !g.indicators.is_empty()).collect();
    for g in 0..plan.goals.len() {
        if keep[g] {
            for a in plan.goal_and_ancestors(Some(GoalId::from_index(g))) {
                keep[a.index()] = true;
            }
        }
    }
    let goals = goals
        .into_iter()
        .zip(keep)
        .filter_map(|(g, k)| k.then_some(g))
        .collect();
    let departments = choices(
        plan.indicators
            .iter()
            .filter_map(|i| i.department.clone())
            .collect(),
        Filters::given(&f.department),
    );
    let categories = choices(
        plan.indicators
            .iter()
            .filter_map(|i| i.category.clone())
            .collect(),
        Filters::given(&f.category),
    );
    let grade = Filters::given(&f.grade);
    let grades = py
        .labels
        .iter()
        .map(|l| Choice {
            chosen: grade == Some(l.as_str()),
            value: l.clone(),
        })
        .collect();
    // the filters stay when another year is chosen
    let rest: String = [
        ("department", &f.department),
        ("category", &f.category),
        ("grade", &f.grade),
        ("priority", &f.priority),
        ("q", &f.q),
    ]
    .into_iter()
    .filter_map(|(k, v)| Filters::given(v).map(|v| format!("&{k}={}", super::encode_query(v))))
    .collect();
    let mut years = year_links(&py.years, py.year);
    for y in &mut years {
        y.rest.clone_from(&rest);
    }
    Ok(TreeView {
        frame: Frame::new(format!("{} 施策体系", stored.name), &visitor),
        plan_id,
        plan_name: stored.name.clone(),
        year: py.year.to_string(),
        year_value: py.year.start_year(),
        years,
        goals,
        departments,
        categories,
        grades,
        priority: Filters::given(&f.priority).is_some(),
        q: Filters::given(&f.q).unwrap_or_default().to_owned(),
        shown,
        total: plan.indicators.len(),
    })
}
