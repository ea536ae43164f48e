//! Writing a read plan into the database: the plan's row, its indicators, and the parts a newer
//! sheet replaces whole (fiscal years, goals, projects, outcomes, notes, where each cell was
//! read, the reading's findings).

use crate::StoreError;
use crate::backend::Tx;
use crate::values::{self, BulkValue, SELF_GRADE, STATED_ACHIEVEMENT};
use chrono::{DateTime, Utc};
use shinchoku_core::indicator::Indicator;
use shinchoku_core::{Finding, Plan};

/// Creates the municipality's row if it is new.
pub(crate) async fn ensure_municipality(
    tx: &mut Tx,
    code: &str,
    name: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO municipalities (code, name, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (code) DO UPDATE SET name = COALESCE(municipalities.name, excluded.name)",
    )
    .bind(code)
    .bind(name)
    .bind(at)
    .execute(&mut *c)
    .await.map(|_| ()))?;
    Ok(())
}

pub(crate) async fn insert_plan(
    tx: &mut Tx,
    municipality: &str,
    name: &str,
    layout: Option<&str>,
    plan: &Plan,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO plans (municipality_code, name, title, municipality_name, period_first, period_last, \
         period_source, source_layout, council_layout, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9) RETURNING id",
    )
    .bind(municipality)
    .bind(name)
    .bind(&plan.title)
    .bind(&plan.municipality)
    .bind(plan.period.map(|p| i64::from(p.first.start_year())))
    .bind(plan.period.map(|p| i64::from(p.last.start_year())))
    .bind(plan.period_source.map(period_source_code))
    .bind(layout)
    .bind(at)
    .fetch_one(&mut *c)
    .await)?;
    Ok(id)
}

pub(crate) async fn update_plan(
    tx: &mut Tx,
    id: i64,
    layout: Option<&str>,
    plan: &Plan,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE plans SET title = $2, municipality_name = $3, period_first = $4, period_last = $5, \
         period_source = $6, source_layout = COALESCE($7, source_layout), updated_at = $8, \
         version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(&plan.title)
    .bind(&plan.municipality)
    .bind(plan.period.map(|p| i64::from(p.first.start_year())))
    .bind(plan.period.map(|p| i64::from(p.last.start_year())))
    .bind(plan.period_source.map(period_source_code))
    .bind(layout)
    .bind(at)
    .execute(&mut *c)
    .await.map(|_| ()))?;
    Ok(())
}

pub(crate) fn period_source_code(s: shinchoku_core::plan::PeriodSource) -> &'static str {
    use shinchoku_core::plan::PeriodSource;
    match s {
        PeriodSource::Stated => "stated",
        PeriodSource::Statutory => "statutory",
        PeriodSource::SheetColumns => "sheet_columns",
    }
}

/// The department's id within its municipality, made on first use.
async fn department(
    tx: &mut Tx,
    municipality: &str,
    name: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    let Some(name) = name else { return Ok(None) };
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO departments (municipality_code, name) VALUES ($1, $2) \
         ON CONFLICT (municipality_code, name) DO UPDATE SET name = excluded.name RETURNING id",
    )
    .bind(municipality)
    .bind(name)
    .fetch_one(&mut *c)
    .await)?;
    Ok(Some(id))
}

/// Writes an indicator's attributes: as a new row (`id` None, returning its id) or over an
/// existing one. Polarity and accumulation read from the sheet are set by the sheet.
pub(crate) async fn write_indicator(
    tx: &mut Tx,
    id: Option<i64>,
    plan_id: i64,
    municipality: &str,
    key: &str,
    position: usize,
    ind: &Indicator,
) -> Result<i64, StoreError> {
    let department = department(tx, municipality, ind.department.as_deref()).await?;
    let sheet = |set: bool| set.then_some("シート");
    let sql = match id {
        None => {
            "INSERT INTO indicators (plan_id, key, position, name, group_name, definition, category, \
             department_id, unit, goal, outcome, polarity, polarity_set_by, accumulation, \
             accumulation_set_by, baseline_raw, baseline_year, location) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
             RETURNING id"
        }
        Some(_) => {
            "UPDATE indicators SET plan_id = $1, key = $2, position = $3, name = $4, group_name = $5, \
             definition = $6, category = $7, department_id = $8, unit = $9, goal = $10, outcome = $11, \
             polarity = $12, polarity_set_by = $13, accumulation = $14, accumulation_set_by = $15, \
             baseline_raw = $16, baseline_year = $17, location = $18, version = version + 1 \
             WHERE id = $19 RETURNING id"
        }
    };
    let written: i64 = on_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(plan_id)
        .bind(key)
        .bind(position as i64)
        .bind(&ind.name)
        .bind(&ind.group)
        .bind(&ind.definition)
        .bind(&ind.category)
        .bind(department)
        .bind(ind.unit.as_ref().map(|u| u.as_str()))
        .bind(ind.goal.map(|g| g.index() as i64))
        .bind(ind.outcome.map(|o| o.index() as i64))
        .bind(ind.polarity.map(values::polarity_code))
        .bind(sheet(ind.polarity.is_some()))
        .bind(ind.accumulation.map(values::accumulation_code))
        .bind(sheet(ind.accumulation.is_some()))
        .bind(ind.baseline.as_ref().map(|b| b.cell.raw.to_string()))
        .bind(ind.baseline.as_ref().and_then(|b| b.year).map(|y| i64::from(y.start_year())))
        .bind(ind.location.as_ref().map(ToString::to_string))
        .bind(id)
        .fetch_one(&mut *c)
        .await)?;
    Ok(written)
}

/// Every value of an indicator as rows.
pub(crate) fn values_of(id: i64, ind: &Indicator) -> Vec<BulkValue> {
    use shinchoku_core::indicator::Series;
    let mut out = Vec::with_capacity(ind.targets.len() + ind.actuals.len());
    for series in [Series::Target, Series::Actual] {
        let code = values::series_code(series);
        for (y, cell) in ind.series(series).iter() {
            out.push(BulkValue::of_cell(id, code, y.start_year(), cell));
        }
    }
    for (y, grade) in ind.self_assessments.iter() {
        out.push(BulkValue {
            indicator_id: id,
            series: SELF_GRADE,
            fiscal_year: y.start_year(),
            raw: grade.clone(),
            number: None,
        });
    }
    for (y, cell) in ind.stated_achievements.iter() {
        out.push(BulkValue::of_cell(
            id,
            STATED_ACHIEVEMENT,
            y.start_year(),
            cell,
        ));
    }
    out
}

/// Replaces everything of the plan that is read off the sheet as a whole: fiscal years, goals,
/// projects, outcomes, notes, the indicators' links to projects and notes, where each cell was
/// read, and the reading's findings. `indicators` pairs each indicator of `plan` with its id.
pub(crate) async fn replace_structure(
    tx: &mut Tx,
    plan_id: i64,
    plan: &Plan,
    indicators: &[i64],
) -> Result<(), StoreError> {
    for table in [
        "DELETE FROM indicator_projects WHERE plan_id = $1",
        "DELETE FROM indicator_notes WHERE plan_id = $1",
        "DELETE FROM read_cells WHERE indicator_id IN (SELECT id FROM indicators WHERE plan_id = $1)",
        "DELETE FROM outcome_projects WHERE plan_id = $1",
        "DELETE FROM findings WHERE plan_id = $1",
        "DELETE FROM notes WHERE plan_id = $1",
        "DELETE FROM outcomes WHERE plan_id = $1",
        "DELETE FROM projects WHERE plan_id = $1",
        "DELETE FROM goals WHERE plan_id = $1",
        "DELETE FROM plan_fiscal_years WHERE plan_id = $1",
    ] {
        on_tx!(tx, c => sqlx::query(table).bind(plan_id).execute(&mut *c).await.map(|_| ()))?;
    }
    for (i, y) in plan.fiscal_years.iter().enumerate() {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO plan_fiscal_years (plan_id, position, fiscal_year) VALUES ($1, $2, $3)",
        )
        .bind(plan_id)
        .bind(i as i64)
        .bind(i64::from(y.start_year()))
        .execute(&mut *c)
        .await.map(|_| ()))?;
    }
    for (i, g) in plan.goals.iter().enumerate() {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO goals (plan_id, position, title, parent, location) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(plan_id)
        .bind(i as i64)
        .bind(&g.title)
        .bind(g.parent.map(|p| p.index() as i64))
        .bind(g.location.as_ref().map(ToString::to_string))
        .execute(&mut *c)
        .await.map(|_| ()))?;
    }
    for (i, p) in plan.projects.iter().enumerate() {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO projects (plan_id, position, number, name, category, goal, location) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(plan_id)
        .bind(i as i64)
        .bind(p.number.as_ref().map(|n| n.raw.as_str()))
        .bind(&p.name)
        .bind(&p.category)
        .bind(p.goal.map(|g| g.index() as i64))
        .bind(p.location.as_ref().map(ToString::to_string))
        .execute(&mut *c)
        .await.map(|_| ()))?;
    }
    for (i, o) in plan.outcomes.iter().enumerate() {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO outcomes (plan_id, position, statement, goal) VALUES ($1, $2, $3, $4)",
        )
        .bind(plan_id)
        .bind(i as i64)
        .bind(&o.statement)
        .bind(o.goal.map(|g| g.index() as i64))
        .execute(&mut *c)
        .await.map(|_| ()))?;
        for (j, p) in o.projects.iter().enumerate() {
            on_tx!(tx, c => sqlx::query(
                "INSERT INTO outcome_projects (plan_id, outcome, position, project) VALUES ($1, $2, $3, $4)",
            )
            .bind(plan_id)
            .bind(i as i64)
            .bind(j as i64)
            .bind(p.index() as i64)
            .execute(&mut *c)
            .await.map(|_| ()))?;
        }
    }
    for (i, n) in plan.notes.iter().enumerate() {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO notes (plan_id, position, text, location) VALUES ($1, $2, $3, $4)",
        )
        .bind(plan_id)
        .bind(i as i64)
        .bind(&n.text)
        .bind(n.location.as_ref().map(ToString::to_string))
        .execute(&mut *c)
        .await.map(|_| ()))?;
    }
    for (ind, id) in plan.indicators.iter().zip(indicators) {
        write_links(tx, plan_id, *id, ind).await?;
    }
    for (i, f) in reading_findings(plan).into_iter().enumerate() {
        let detail = serde_json::to_string(&f.kind)
            .map_err(|e| StoreError::BadValue(format!("指摘を保存できません: {e}")))?;
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO findings (plan_id, position, kind, message, location, indicator, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(plan_id)
        .bind(i as i64)
        .bind(f.kind.key())
        .bind(f.kind.to_string())
        .bind(f.location.as_ref().map(ToString::to_string))
        .bind(f.indicator.map(|i| i.index() as i64))
        .bind(detail)
        .execute(&mut *c)
        .await.map(|_| ()))?;
    }
    Ok(())
}

/// An indicator's projects, notes and read cells.
async fn write_links(
    tx: &mut Tx,
    plan_id: i64,
    id: i64,
    ind: &Indicator,
) -> Result<(), StoreError> {
    for (j, p) in ind.projects.iter().enumerate() {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO indicator_projects (indicator_id, position, plan_id, project) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(j as i64)
        .bind(plan_id)
        .bind(p.index() as i64)
        .execute(&mut *c)
        .await.map(|_| ()))?;
    }
    for (j, n) in ind.notes.iter().enumerate() {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO indicator_notes (indicator_id, position, plan_id, note) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(j as i64)
        .bind(plan_id)
        .bind(n.index() as i64)
        .execute(&mut *c)
        .await.map(|_| ()))?;
    }
    let cells = ind
        .cell_locations
        .iter()
        .map(|p| (values::series_code(p.series), p.year, p.row, p.column))
        .chain(
            ind.self_assessment_cells
                .iter()
                .map(|(y, r, c)| (SELF_GRADE, *y, *r, *c)),
        );
    for (j, (series, year, row, column)) in cells.enumerate() {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO read_cells (indicator_id, read_order, series, fiscal_year, read_row, read_column) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(j as i64)
        .bind(series)
        .bind(i64::from(year.start_year()))
        .bind(i64::from(row))
        .bind(i64::from(column))
        .execute(&mut *c)
        .await.map(|_| ()))?;
    }
    Ok(())
}

/// The findings of reading the sheet, without those the plan-wide checks make: those are made
/// again whenever the plan is loaded, so that they follow later edits.
pub(crate) fn reading_findings(plan: &Plan) -> Vec<&Finding> {
    let checks = shinchoku_core::quality::check(plan);
    plan.findings
        .iter()
        .filter(|f| !checks.contains(f))
        .collect()
}

/// Writes every value of a new plan's indicators in one bulk insert.
pub(crate) async fn insert_all_values(
    tx: &mut Tx,
    plan: &Plan,
    indicators: &[i64],
    at: DateTime<Utc>,
    by: &str,
) -> Result<usize, StoreError> {
    let rows: Vec<BulkValue> = plan
        .indicators
        .iter()
        .zip(indicators)
        .flat_map(|(ind, id)| values_of(*id, ind))
        .collect();
    values::insert(tx, &rows, at, by).await?;
    Ok(rows.len())
}
