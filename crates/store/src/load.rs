//! Reading a stored plan back into the core model, equal to the plan its sheet reads as: the
//! same goal tree, indicators, raw cells, where each was read, notes and findings (the
//! reading's as stored, the plan-wide checks made again over the stored values).

use crate::per_indicator;
use crate::values::{self, SELF_GRADE, STATED_ACHIEVEMENT};
use crate::{Store, StoreError};
use shinchoku_core::BlankReason;
use shinchoku_core::finding::FindingKind;
use shinchoku_core::fiscal_year::FiscalYear;
use shinchoku_core::ids::{GoalId, IndicatorId, NoteId, OutcomeId, ProjectId};
use shinchoku_core::indicator::{Baseline, CellPosition, Indicator};
use shinchoku_core::location::Location;
use shinchoku_core::plan::{Goal, Note, Outcome, PeriodSource, PlanPeriod, Project, ProjectNumber};
use shinchoku_core::unit::Unit;
use shinchoku_core::{Cell, Finding, Plan};
use std::collections::HashMap;

/// A plan as kept in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    pub id: i64,
    pub name: String,
    pub municipality_code: String,
    /// The layout its sheet was read with.
    pub layout: Option<String>,
    /// The key of the evaluation policy (`core::Policy::preset`) the plan is evaluated by.
    pub policy: String,
    pub version: i64,
    pub plan: Plan,
    /// The database id of each indicator, in the plan's order.
    pub indicator_ids: Vec<i64>,
    /// The stable key of each indicator (`core::ids::indicator_keys`), in the plan's order.
    pub keys: Vec<String>,
}

impl StoredPlan {
    /// The evaluation policy the plan is kept under (the default one if its key is unknown
    /// here, say a backup from a newer version).
    pub fn evaluation_policy(&self) -> shinchoku_core::Policy {
        shinchoku_core::Policy::preset(&self.policy)
            .or_else(|| shinchoku_core::Policy::preset("default"))
            .unwrap_or_default()
    }
}

type PlanRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    i64,
    String,
);

type ProjectRow = (
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
);

type IndicatorRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

impl Store {
    /// The plan with this id.
    pub async fn load_plan(&self, id: i64) -> Result<StoredPlan, StoreError> {
        let row: Option<PlanRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT municipality_code, name, title, municipality_name, period_first, period_last, \
             period_source, source_layout, version, policy FROM plans WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(p)
        .await)?;
        let Some((
            municipality_code,
            name,
            title,
            municipality,
            first,
            last,
            source,
            layout,
            version,
            policy,
        )) = row
        else {
            return Err(StoreError::PlanNotFound(id.to_string()));
        };
        let mut plan = Plan {
            title,
            municipality,
            period: match (first, last) {
                (Some(a), Some(b)) => Some(PlanPeriod::new(year(a)?, year(b)?)),
                _ => None,
            },
            period_source: source.as_deref().map(period_source_of).transpose()?,
            ..Plan::default()
        };
        let years: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(
            "SELECT fiscal_year FROM plan_fiscal_years WHERE plan_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(p)
        .await)?;
        plan.fiscal_years = years.into_iter().map(year).collect::<Result<_, _>>()?;

        let goals: Vec<(String, Option<i64>, Option<String>)> = on_pool!(self, p => sqlx::query_as(
            "SELECT title, parent, location FROM goals WHERE plan_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(p)
        .await)?;
        for (title, parent, location) in goals {
            plan.goals.push(Goal {
                title,
                parent: parent.map(|p| GoalId::from_index(p as usize)),
                location: location_of(location)?,
            });
        }
        let projects: Vec<ProjectRow> = on_pool!(self, p => sqlx::query_as(
                "SELECT number, name, category, goal, location FROM projects WHERE plan_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(p)
            .await)?;
        for (number, name, category, goal, location) in projects {
            plan.projects.push(Project {
                number: number.as_deref().and_then(ProjectNumber::parse),
                name,
                category,
                goal: goal.map(|g| GoalId::from_index(g as usize)),
                location: location_of(location)?,
            });
        }
        let outcomes: Vec<(String, Option<i64>)> = on_pool!(self, p => sqlx::query_as(
            "SELECT statement, goal FROM outcomes WHERE plan_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(p)
        .await)?;
        for (statement, goal) in outcomes {
            plan.outcomes.push(Outcome {
                statement,
                projects: Vec::new(),
                goal: goal.map(|g| GoalId::from_index(g as usize)),
            });
        }
        let links: Vec<(i64, i64)> = on_pool!(self, p => sqlx::query_as(
            "SELECT outcome, project FROM outcome_projects WHERE plan_id = $1 ORDER BY outcome, position",
        )
        .bind(id)
        .fetch_all(p)
        .await)?;
        for (outcome, project) in links {
            if let Some(o) = plan.outcomes.get_mut(outcome as usize) {
                o.projects.push(ProjectId::from_index(project as usize));
            }
        }
        let notes: Vec<(String, Option<String>)> = on_pool!(self, p => sqlx::query_as(
            "SELECT text, location FROM notes WHERE plan_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(p)
        .await)?;
        for (text, location) in notes {
            plan.notes.push(Note {
                text,
                location: location_of(location)?,
            });
        }

        let (indicator_ids, keys) = self.load_indicators(id, &mut plan).await?;

        let findings: Vec<(Option<String>, Option<i64>, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT location, indicator, detail FROM findings WHERE plan_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(p)
        .await)?;
        for (location, indicator, detail) in findings {
            let kind: FindingKind = serde_json::from_str(&detail)
                .map_err(|e| StoreError::BadValue(format!("保存された指摘を読めません: {e}")))?;
            plan.findings.push(Finding {
                kind,
                location: location_of(location)?,
                indicator: indicator.map(|i| IndicatorId::from_index(i as usize)),
            });
        }
        let checks = shinchoku_core::quality::check(&plan);
        plan.findings.extend(checks);
        Ok(StoredPlan {
            id,
            name,
            municipality_code,
            layout,
            policy,
            version,
            plan,
            indicator_ids,
            keys,
        })
    }

    /// The plan's indicators in order, with their links, cells and values.
    async fn load_indicators(
        &self,
        plan_id: i64,
        plan: &mut Plan,
    ) -> Result<(Vec<i64>, Vec<String>), StoreError> {
        let rows: Vec<IndicatorRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT i.id, i.key, i.name, i.group_name, i.definition, i.category, d.name, i.unit, \
             i.goal, i.outcome, i.polarity, i.accumulation, i.baseline_raw, i.baseline_year, i.location \
             FROM indicators i LEFT JOIN departments d ON d.id = i.department_id \
             WHERE i.plan_id = $1 AND i.position IS NOT NULL ORDER BY i.position",
        )
        .bind(plan_id)
        .fetch_all(p)
        .await)?;
        let mut ids = Vec::with_capacity(rows.len());
        let mut keys = Vec::with_capacity(rows.len());
        let mut at: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
        for r in rows {
            let mut ind = Indicator::new(r.2);
            ind.group = r.3;
            ind.definition = r.4;
            ind.category = r.5;
            ind.department = r.6;
            ind.unit = r.7.as_deref().and_then(Unit::new);
            ind.goal = r.8.map(|g| GoalId::from_index(g as usize));
            ind.outcome = r.9.map(|o| OutcomeId::from_index(o as usize));
            ind.polarity = r.10.as_deref().and_then(values::polarity_of);
            ind.accumulation = r.11.as_deref().and_then(values::accumulation_of);
            ind.baseline = match r.12 {
                Some(raw) => Some(Baseline {
                    cell: Cell::read(&raw),
                    year: r.13.map(year).transpose()?,
                }),
                None => None,
            };
            ind.location = location_of(r.14)?;
            at.insert(r.0, plan.indicators.len());
            ids.push(r.0);
            keys.push(r.1);
            plan.indicators.push(ind);
        }
        // each list in the order it was written (its position)
        let projects: Vec<(i64, Vec<(i64, i64)>)> = per_indicator::rows(
            self,
            plan_id,
            "indicator_projects",
            &["position", "project"],
        )
        .await?;
        for (i, mut links) in projects {
            if let Some(ind) = loaded(plan, &at, i) {
                links.sort_unstable();
                ind.projects = links
                    .into_iter()
                    .map(|(_, p)| ProjectId::from_index(p as usize))
                    .collect();
            }
        }
        let notes: Vec<(i64, Vec<(i64, i64)>)> =
            per_indicator::rows(self, plan_id, "indicator_notes", &["position", "note"]).await?;
        for (i, mut links) in notes {
            if let Some(ind) = loaded(plan, &at, i) {
                links.sort_unstable();
                ind.notes = links
                    .into_iter()
                    .map(|(_, n)| NoteId::from_index(n as usize))
                    .collect();
            }
        }
        let cells: Vec<(i64, Vec<ReadCell>)> = per_indicator::rows(
            self,
            plan_id,
            "read_cells",
            &[
                "read_order",
                "series",
                "fiscal_year",
                "read_row",
                "read_column",
            ],
        )
        .await?;
        for (i, mut read) in cells {
            let Some(ind) = loaded(plan, &at, i) else {
                continue;
            };
            read.sort_unstable_by_key(|c| c.0);
            for (_, series, y, row, column) in read {
                let cell = |n: i64| {
                    u32::try_from(n)
                        .map_err(|_| StoreError::BadValue(format!("セルの位置 {n} は範囲外です")))
                };
                let (row, column) = (cell(row)?, cell(column)?);
                match values::series_of(&series) {
                    Some(series) => ind.cell_locations.push(CellPosition {
                        series,
                        year: year(y)?,
                        row,
                        column,
                    }),
                    None => ind.self_assessment_cells.push((year(y)?, row, column)),
                }
            }
        }
        let values: Vec<(i64, Vec<Figure>)> = per_indicator::rows(
            self,
            plan_id,
            "indicator_values",
            &["series", "fiscal_year", "raw"],
        )
        .await?;
        for (i, figures) in values {
            let Some(ind) = loaded(plan, &at, i) else {
                continue;
            };
            for (series, y, raw) in figures {
                let y = year(y)?;
                match values::series_of(&series) {
                    Some(s) => {
                        ind.series_mut(s).insert(y, Cell::read(&raw));
                    }
                    None if series == SELF_GRADE => {
                        ind.self_assessments.insert(y, raw);
                    }
                    None if series == STATED_ACHIEVEMENT => {
                        ind.stated_achievements.insert(y, Cell::read(&raw));
                    }
                    None => {}
                }
            }
        }
        let blanks: Vec<(i64, Vec<(i64, String)>)> =
            per_indicator::rows(self, plan_id, "blank_reasons", &["fiscal_year", "reason"]).await?;
        for (i, reasons) in blanks {
            let Some(ind) = loaded(plan, &at, i) else {
                continue;
            };
            for (y, reason) in reasons {
                let reason = BlankReason::parse(&reason).ok_or_else(|| {
                    StoreError::BadValue(format!("空欄の理由「{reason}」を読めません"))
                })?;
                ind.blank_reasons.insert(year(y)?, reason);
            }
        }
        Ok((ids, keys))
    }
}

/// Where a cell was read: reading order, series, fiscal year, row, column.
type ReadCell = (i64, String, i64, i64, i64);

/// A stored figure: series, fiscal year, raw text.
type Figure = (String, i64, String);

/// The loaded indicator with database id `id`.
fn loaded<'p>(plan: &'p mut Plan, at: &HashMap<i64, usize>, id: i64) -> Option<&'p mut Indicator> {
    at.get(&id).and_then(|n| plan.indicators.get_mut(*n))
}

pub(crate) fn year(y: i64) -> Result<FiscalYear, StoreError> {
    i32::try_from(y)
        .ok()
        .and_then(|y| FiscalYear::new(y).ok())
        .ok_or_else(|| StoreError::BadValue(format!("年度 {y} は範囲外です")))
}

fn location_of(text: Option<String>) -> Result<Option<Location>, StoreError> {
    text.map(|t| t.parse::<Location>().map_err(StoreError::BadValue))
        .transpose()
}

fn period_source_of(code: &str) -> Result<PeriodSource, StoreError> {
    match code {
        "stated" => Ok(PeriodSource::Stated),
        "statutory" => Ok(PeriodSource::Statutory),
        "sheet_columns" => Ok(PeriodSource::SheetColumns),
        other => Err(StoreError::BadValue(format!(
            "期間の根拠「{other}」を読めません"
        ))),
    }
}
