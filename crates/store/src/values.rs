//! Writing many values at once, the way each backend does it fastest: PostgreSQL's `COPY`,
//! SQLite's multi-row inserts of prepared statements in the caller's transaction. Also the
//! words the schema uses for series, polarity and accumulation.

use crate::StoreError;
use crate::backend::Tx;
use crate::copy::Copy;
use crate::rows;
use chrono::{DateTime, SecondsFormat, Utc};
use shinchoku_core::indicator::{Accumulation, Polarity, Series};
use shinchoku_core::{Cell, CellValue};
use sqlx::Arguments;
use sqlx::sqlite::SqliteArguments;

/// One row of `indicator_values`, to be inserted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BulkValue {
    pub indicator_id: i64,
    pub series: &'static str,
    pub fiscal_year: i32,
    pub raw: String,
    pub number: Option<f64>,
}

pub(crate) fn number_of(cell: &Cell) -> Option<f64> {
    match &cell.value {
        CellValue::Number(q) => Some(q.value),
        _ => None,
    }
}

pub(crate) fn series_code(s: Series) -> &'static str {
    match s {
        Series::Target => "target",
        Series::Actual => "actual",
    }
}

pub(crate) fn series_of(code: &str) -> Option<Series> {
    match code {
        "target" => Some(Series::Target),
        "actual" => Some(Series::Actual),
        _ => None,
    }
}

/// The series a stored code names, as the schema's own code.
pub(crate) fn series_named(code: &str) -> Option<&'static str> {
    SERIES_CODES.into_iter().find(|c| *c == code)
}

/// Every series code the schema allows.
const SERIES_CODES: [&str; 4] = ["target", "actual", SELF_GRADE, STATED_ACHIEVEMENT];

pub(crate) const SELF_GRADE: &str = "self_grade";
pub(crate) const STATED_ACHIEVEMENT: &str = "stated_achievement";

pub(crate) fn polarity_code(p: Polarity) -> &'static str {
    match p {
        Polarity::Increase => "increase",
        Polarity::Decrease => "decrease",
        Polarity::Maintain => "maintain",
    }
}

pub(crate) fn polarity_of(code: &str) -> Option<Polarity> {
    match code {
        "increase" => Some(Polarity::Increase),
        "decrease" => Some(Polarity::Decrease),
        "maintain" => Some(Polarity::Maintain),
        _ => None,
    }
}

pub(crate) fn accumulation_code(a: Accumulation) -> &'static str {
    match a {
        Accumulation::None => "none",
        Accumulation::RunningTotal => "running_total",
        Accumulation::YearlySum => "yearly_sum",
    }
}

pub(crate) fn accumulation_of(code: &str) -> Option<Accumulation> {
    match code {
        "none" => Some(Accumulation::None),
        "running_total" => Some(Accumulation::RunningTotal),
        "yearly_sum" => Some(Accumulation::YearlySum),
        _ => None,
    }
}

/// Inserts `values`, all new, stamped `at` by `by`.
pub(crate) async fn insert(
    tx: &mut Tx,
    values: Vec<BulkValue>,
    at: DateTime<Utc>,
    by: &str,
) -> Result<(), StoreError> {
    match tx {
        Tx::Sqlite(t) => {
            let mut rest = values.into_iter();
            let mut next = sqlite_rows(&mut rest, at, by)?;
            while let Some((rows, args)) = next.take() {
                let sql = sqlite_insert(rows);
                // the next statement's arguments are made while this one runs on sqlx's
                // worker thread, which otherwise waited for them between statements
                let (done, made) = futures_util::future::join(
                    sqlx::query_with(&sql, args).execute(&mut **t),
                    async { sqlite_rows(&mut rest, at, by) },
                )
                .await;
                done?;
                next = made?;
            }
        }
        Tx::Postgres(t) => {
            let mut copy = Copy::start(
                t,
                "indicator_values",
                &[
                    "indicator_id",
                    "series",
                    "fiscal_year",
                    "raw",
                    "number",
                    "updated_at",
                    "updated_by",
                ],
            )
            .await?;
            for v in &values {
                let r = &mut copy.rows;
                r.row(7);
                r.int(Some(v.indicator_id));
                r.text(Some(v.series));
                r.int(Some(i64::from(v.fiscal_year)));
                r.text(Some(&v.raw));
                r.float(v.number);
                r.time(Some(at));
                r.text(Some(by));
                copy.flush_if_full().await?;
            }
            copy.finish().await?;
        }
    }
    Ok(())
}

/// The statement inserting `rows` values: anonymous parameters (see rows::placeholder) for the
/// rows, then the stamp bound once, numbered after them — bound per row, it cost a timestamp's
/// text each time. (sqlx counts anonymous parameters from 1 whatever numbered ones come first,
/// so the numbered ones must come last in the text: hence the WITH.) The series goes as its
/// place in [`SERIES_CODES`]: a text parameter costs SQLite an allocation and a copy, and sqlx
/// another. `OR FAIL`, with the foreign key checked at commit (migration 0006), spares SQLite
/// a statement journal: a failure fails the whole load or import anyway.
fn sqlite_insert(rows: usize) -> String {
    let row = "(?,?,?,?,?)";
    let mut sql = String::with_capacity(256 + rows * (row.len() + 1));
    sql.push_str("WITH v (indicator_id, series, fiscal_year, raw, number) AS (VALUES ");
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(row);
    }
    let stamp = rows * 5;
    let series: String = SERIES_CODES
        .iter()
        .enumerate()
        .map(|(i, code)| format!(" WHEN {i} THEN '{code}'"))
        .collect();
    sql.push_str(&format!(
        ") INSERT OR FAIL INTO indicator_values (indicator_id, series, fiscal_year, raw, number, updated_at, updated_by) \
         SELECT indicator_id, CASE series{series} END, fiscal_year, raw, number, ?{}, ?{} FROM v",
        stamp + 1,
        stamp + 2
    ));
    sql
}

/// The arguments of the next statement: as many values taken from `rest` as
/// `rows::statement_rows` gives (their texts moved, not copied), then the stamp; `None` when
/// none is left.
fn sqlite_rows(
    rest: &mut std::vec::IntoIter<BulkValue>,
    at: DateTime<Utc>,
    by: &str,
) -> Result<Option<(usize, SqliteArguments<'static>)>, StoreError> {
    if rest.len() == 0 {
        return Ok(None);
    }
    let rows = rows::statement_rows(rest.len(), 5);
    let mut args = SqliteArguments::default();
    args.reserve(rows * 5 + 2, 0);
    for v in rest.by_ref().take(rows) {
        args.add(v.indicator_id).map_err(sqlx::Error::Encode)?;
        let series = SERIES_CODES.iter().position(|c| *c == v.series);
        args.add(series.and_then(|i| i64::try_from(i).ok()))
            .map_err(sqlx::Error::Encode)?;
        args.add(i64::from(v.fiscal_year))
            .map_err(sqlx::Error::Encode)?;
        args.add(v.raw).map_err(sqlx::Error::Encode)?;
        args.add(v.number).map_err(sqlx::Error::Encode)?;
    }
    // to the millisecond, in 24 bytes instead of sqlx's 32: the stamp is in every row, and a
    // row is some 80 bytes (sqlx reads either form back)
    args.add(at.to_rfc3339_opts(SecondsFormat::Millis, true))
        .map_err(sqlx::Error::Encode)?;
    args.add(by.to_owned()).map_err(sqlx::Error::Encode)?;
    Ok(Some((rows, args)))
}
