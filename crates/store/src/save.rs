//! Writing a read plan into the database: the plan's row, its indicators, and the parts a newer
//! sheet replaces whole (fiscal years, goals, projects, outcomes, notes, where each cell was
//! read, the reading's findings).

use crate::StoreError;
use crate::backend::Tx;
use crate::rows::{self, Param};
use crate::values::{self, BulkValue, SELF_GRADE, STATED_ACHIEVEMENT};
use chrono::{DateTime, Utc};
use shinchoku_core::fiscal_year::FiscalYear;
use shinchoku_core::indicator::{Indicator, Series};
use shinchoku_core::location::Location;
use shinchoku_core::year_map::YearMap;
use shinchoku_core::{Cell, Finding, Plan};
use std::collections::HashMap;

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

/// The ids of the departments the plan's indicators name, within the municipality, each made
/// on first use.
async fn departments(
    tx: &mut Tx,
    municipality: &str,
    plan: &Plan,
) -> Result<HashMap<String, i64>, StoreError> {
    let mut ids = HashMap::new();
    for name in plan
        .indicators
        .iter()
        .filter_map(|i| i.department.as_deref())
    {
        if ids.contains_key(name) {
            continue;
        }
        let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
            "INSERT INTO departments (municipality_code, name) VALUES ($1, $2) \
             ON CONFLICT (municipality_code, name) DO UPDATE SET name = excluded.name RETURNING id",
        )
        .bind(municipality)
        .bind(name)
        .fetch_one(&mut *c)
        .await)?;
        ids.insert(name.to_owned(), id);
    }
    Ok(ids)
}

/// The columns of an indicator's row, in the order [`indicator_row`] gives them.
const INDICATOR_COLUMNS: [&str; 18] = [
    "plan_id",
    "key",
    "position",
    "name",
    "group_name",
    "definition",
    "category",
    "department_id",
    "unit",
    "goal",
    "outcome",
    "polarity",
    "polarity_set_by",
    "accumulation",
    "accumulation_set_by",
    "baseline_raw",
    "baseline_year",
    "location",
];

/// An indicator's attributes as a row. Polarity and accumulation read from the sheet are set
/// by the sheet.
fn indicator_row(
    plan_id: i64,
    key: &str,
    position: usize,
    ind: &Indicator,
    departments: &HashMap<String, i64>,
) -> Vec<Param> {
    let sheet = |set: bool| Param::from(set.then_some("シート"));
    vec![
        plan_id.into(),
        key.into(),
        position.into(),
        ind.name.as_str().into(),
        ind.group.clone().into(),
        ind.definition.clone().into(),
        ind.category.clone().into(),
        ind.department
            .as_ref()
            .and_then(|d| departments.get(d).copied())
            .into(),
        ind.unit.as_ref().map(|u| u.as_str()).into(),
        ind.goal.map(|g| g.index()).into(),
        ind.outcome.map(|o| o.index()).into(),
        ind.polarity.map(values::polarity_code).into(),
        sheet(ind.polarity.is_some()),
        ind.accumulation.map(values::accumulation_code).into(),
        sheet(ind.accumulation.is_some()),
        ind.baseline.as_ref().map(|b| b.cell.raw.to_string()).into(),
        ind.baseline
            .as_ref()
            .and_then(|b| b.year)
            .map(|y| i64::from(y.start_year()))
            .into(),
        ind.location.as_ref().map(ToString::to_string).into(),
    ]
}

/// Writes the plan's indicators: over the rows of those with an id in `known` (in the plan's
/// order), as new rows for the others, all new ones in one insert. Returns every id in order.
pub(crate) async fn write_indicators(
    tx: &mut Tx,
    plan_id: i64,
    municipality: &str,
    plan: &Plan,
    keys: &[String],
    known: &[Option<i64>],
) -> Result<Vec<i64>, StoreError> {
    let departments = departments(tx, municipality, plan).await?;
    let mut new = Vec::new();
    for (n, (ind, key)) in plan.indicators.iter().zip(keys).enumerate() {
        let row = indicator_row(plan_id, key, n, ind, &departments);
        match known.get(n).copied().flatten() {
            Some(id) => update_indicator(tx, id, row).await?,
            None => new.push(row),
        }
    }
    let by_key = insert_indicators(tx, plan_id, &new).await?;
    keys.iter()
        .map(|k| {
            by_key
                .get(k)
                .copied()
                .ok_or_else(|| StoreError::BadValue(format!("指標 {k} を書き込めませんでした")))
        })
        .collect()
}

/// Inserts new indicators' rows; returns the plan's indicator ids by key.
async fn insert_indicators(
    tx: &mut Tx,
    plan_id: i64,
    rows: &[Vec<Param>],
) -> Result<HashMap<String, i64>, StoreError> {
    rows::insert(tx, "indicators", &INDICATOR_COLUMNS, rows).await?;
    let ids: Vec<(i64, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, key FROM indicators WHERE plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *c)
    .await)?;
    Ok(ids.into_iter().map(|(id, key)| (key, id)).collect())
}

/// Writes an indicator's row over the existing one `id`.
async fn update_indicator(tx: &mut Tx, id: i64, mut row: Vec<Param>) -> Result<(), StoreError> {
    let set: Vec<String> = INDICATOR_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE indicators SET {}, version = version + 1 WHERE id = ${}",
        set.join(", "),
        INDICATOR_COLUMNS.len() + 1
    );
    row.push(id.into());
    rows::execute(tx, &sql, &row).await
}

/// Every value of an indicator: series code, fiscal year, raw text, and the figure it reads as.
pub(crate) fn entries(
    ind: &Indicator,
) -> impl Iterator<Item = (&'static str, FiscalYear, &str, Option<f64>)> {
    cells(values::series_code(Series::Target), &ind.targets)
        .chain(cells(values::series_code(Series::Actual), &ind.actuals))
        .chain(
            ind.self_assessments
                .iter()
                .map(|(y, grade)| (SELF_GRADE, *y, grade.as_str(), None)),
        )
        .chain(cells(STATED_ACHIEVEMENT, &ind.stated_achievements))
}

fn cells<'a>(
    code: &'static str,
    map: &'a YearMap<Cell>,
) -> impl Iterator<Item = (&'static str, FiscalYear, &'a str, Option<f64>)> {
    map.iter()
        .map(move |(y, c)| (code, *y, c.raw.as_str(), values::number_of(c)))
}

/// Every value of an indicator as rows of indicator `id`.
pub(crate) fn values_of(id: i64, ind: &Indicator) -> impl Iterator<Item = BulkValue> + '_ {
    entries(ind).map(move |(series, y, raw, number)| BulkValue {
        indicator_id: id,
        series,
        fiscal_year: y.start_year(),
        raw: raw.to_owned(),
        number,
    })
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
        rows::execute(tx, table, &[plan_id.into()]).await?;
    }
    let plan_row = |i: usize, rest: Vec<Param>| {
        let mut row = vec![plan_id.into(), i.into()];
        row.extend(rest);
        row
    };
    let location = |l: &Option<Location>| Param::from(l.as_ref().map(ToString::to_string));

    let years: Vec<_> = plan
        .fiscal_years
        .iter()
        .enumerate()
        .map(|(i, y)| plan_row(i, vec![i64::from(y.start_year()).into()]))
        .collect();
    rows::insert(
        tx,
        "plan_fiscal_years",
        &["plan_id", "position", "fiscal_year"],
        &years,
    )
    .await?;

    let goals: Vec<_> = plan
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| {
            plan_row(
                i,
                vec![
                    g.title.as_str().into(),
                    Param::from(g.parent.map(|p| p.index())),
                    location(&g.location),
                ],
            )
        })
        .collect();
    rows::insert(
        tx,
        "goals",
        &["plan_id", "position", "title", "parent", "location"],
        &goals,
    )
    .await?;

    let projects: Vec<_> = plan
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| {
            plan_row(
                i,
                vec![
                    p.number.as_ref().map(|n| n.raw.as_str()).into(),
                    p.name.as_str().into(),
                    p.category.clone().into(),
                    Param::from(p.goal.map(|g| g.index())),
                    location(&p.location),
                ],
            )
        })
        .collect();
    let columns = [
        "plan_id", "position", "number", "name", "category", "goal", "location",
    ];
    rows::insert(tx, "projects", &columns, &projects).await?;

    let outcomes: Vec<_> = plan
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| {
            plan_row(
                i,
                vec![
                    o.statement.as_str().into(),
                    Param::from(o.goal.map(|g| g.index())),
                ],
            )
        })
        .collect();
    rows::insert(
        tx,
        "outcomes",
        &["plan_id", "position", "statement", "goal"],
        &outcomes,
    )
    .await?;
    let outcome_projects: Vec<_> = plan
        .outcomes
        .iter()
        .enumerate()
        .flat_map(|(i, o)| {
            o.projects
                .iter()
                .enumerate()
                .map(move |(j, p)| vec![plan_id.into(), i.into(), j.into(), p.index().into()])
        })
        .collect();
    let columns = ["plan_id", "outcome", "position", "project"];
    rows::insert(tx, "outcome_projects", &columns, &outcome_projects).await?;

    let notes: Vec<_> = plan
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| plan_row(i, vec![n.text.as_str().into(), location(&n.location)]))
        .collect();
    rows::insert(
        tx,
        "notes",
        &["plan_id", "position", "text", "location"],
        &notes,
    )
    .await?;

    write_links(tx, plan_id, plan, indicators).await?;

    let mut findings = Vec::new();
    for (i, f) in reading_findings(plan).into_iter().enumerate() {
        let detail = serde_json::to_string(&f.kind)
            .map_err(|e| StoreError::BadValue(format!("指摘を保存できません: {e}")))?;
        findings.push(plan_row(
            i,
            vec![
                f.kind.key().into(),
                f.kind.to_string().into(),
                location(&f.location),
                Param::from(f.indicator.map(|i| i.index())),
                detail.into(),
            ],
        ));
    }
    let columns = [
        "plan_id",
        "position",
        "kind",
        "message",
        "location",
        "indicator",
        "detail",
    ];
    rows::insert(tx, "findings", &columns, &findings).await
}

/// The indicators' projects, notes and read cells.
async fn write_links(
    tx: &mut Tx,
    plan_id: i64,
    plan: &Plan,
    indicators: &[i64],
) -> Result<(), StoreError> {
    let pairs = || plan.indicators.iter().zip(indicators.iter().copied());
    // an indicator's projects or notes, by their place in the plan, as rows
    let links = |of: fn(&Indicator) -> Vec<usize>| -> Vec<Vec<Param>> {
        pairs()
            .flat_map(|(ind, id)| {
                of(ind).into_iter().enumerate().map(move |(j, target)| {
                    vec![id.into(), j.into(), plan_id.into(), target.into()]
                })
            })
            .collect()
    };
    let projects = links(|i| i.projects.iter().map(|p| p.index()).collect());
    let columns = ["indicator_id", "position", "plan_id", "project"];
    rows::insert(tx, "indicator_projects", &columns, &projects).await?;
    let notes = links(|i| i.notes.iter().map(|n| n.index()).collect());
    let columns = ["indicator_id", "position", "plan_id", "note"];
    rows::insert(tx, "indicator_notes", &columns, &notes).await?;
    let cells: Vec<_> = pairs()
        .flat_map(|(ind, id)| {
            let values = ind
                .cell_locations
                .iter()
                .map(|p| (values::series_code(p.series), p.year, p.row, p.column));
            let grades = ind
                .self_assessment_cells
                .iter()
                .map(|(y, r, c)| (SELF_GRADE, *y, *r, *c));
            values
                .chain(grades)
                .enumerate()
                .map(move |(j, (series, year, row, column))| {
                    vec![
                        id.into(),
                        j.into(),
                        series.into(),
                        i64::from(year.start_year()).into(),
                        i64::from(row).into(),
                        i64::from(column).into(),
                    ]
                })
        })
        .collect();
    let columns = [
        "indicator_id",
        "read_order",
        "series",
        "fiscal_year",
        "read_row",
        "read_column",
    ];
    rows::insert(tx, "read_cells", &columns, &cells).await
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

/// Writes every value of a new plan's indicators in one bulk insert; returns how many.
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
    let count = rows.len();
    values::insert(tx, rows, at, by).await?;
    Ok(count)
}
