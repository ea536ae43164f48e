//! Writing many values at once, the way each backend does it fastest: PostgreSQL's `COPY`,
//! SQLite's multi-row inserts of prepared statements in the caller's transaction. Also the
//! words the schema uses for series, polarity and accumulation.

use crate::StoreError;
use crate::backend::Tx;
use chrono::{DateTime, Utc};
use shinchoku_core::indicator::{Accumulation, Polarity, Series};
use shinchoku_core::{Cell, CellValue};

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
    ["target", "actual", SELF_GRADE, STATED_ACHIEVEMENT]
        .into_iter()
        .find(|c| *c == code)
}

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

/// Rows of one SQLite statement: 7 parameters each, under SQLite's 32,766.
const SQLITE_ROWS: usize = 4000;

/// Inserts `values`, all new, stamped `at` by `by`.
pub(crate) async fn insert(
    tx: &mut Tx,
    values: &[BulkValue],
    at: DateTime<Utc>,
    by: &str,
) -> Result<(), StoreError> {
    match tx {
        Tx::Sqlite(t) => {
            // anonymous parameters: see rows::placeholder
            let row = "(?,?,?,?,?,?,?)";
            for chunk in values.chunks(SQLITE_ROWS) {
                let mut sql = String::with_capacity(128 + chunk.len() * (row.len() + 1));
                sql.push_str(
                    "INSERT INTO indicator_values (indicator_id, series, fiscal_year, raw, number, updated_at, updated_by) VALUES ",
                );
                for i in 0..chunk.len() {
                    if i > 0 {
                        sql.push(',');
                    }
                    sql.push_str(row);
                }
                let mut q = sqlx::query(&sql);
                for v in chunk {
                    q = q
                        .bind(v.indicator_id)
                        .bind(v.series)
                        .bind(i64::from(v.fiscal_year))
                        .bind(v.raw.as_str())
                        .bind(v.number)
                        .bind(at)
                        .bind(by);
                }
                q.execute(&mut **t).await?;
            }
        }
        Tx::Postgres(t) => {
            let mut copy = t
                .copy_in_raw(
                    "COPY indicator_values (indicator_id, series, fiscal_year, raw, number, updated_at, updated_by) FROM STDIN",
                )
                .await?;
            let stamp = format!(
                "{}\t{}\n",
                at.format("%Y-%m-%d %H:%M:%S%.6f+00"),
                copy_text(by)
            );
            let mut buf = String::with_capacity(1 << 20);
            for v in values {
                use std::fmt::Write;
                let _ = write!(buf, "{}\t{}\t{}\t", v.indicator_id, v.series, v.fiscal_year);
                buf.push_str(&copy_text(&v.raw));
                buf.push('\t');
                match v.number {
                    Some(n) => {
                        let _ = write!(buf, "{n:?}");
                    }
                    None => buf.push_str("\\N"),
                }
                buf.push('\t');
                buf.push_str(&stamp);
                if buf.len() > (1 << 20) - 4096 {
                    copy.send(buf.as_bytes()).await?;
                    buf.clear();
                }
            }
            if !buf.is_empty() {
                copy.send(buf.as_bytes()).await?;
            }
            copy.finish().await?;
        }
    }
    Ok(())
}

/// Text as COPY's text format wants it: backslash, tab, newline and carriage return escaped.
fn copy_text(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\\', '\t', '\n', '\r']) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_copy_reads_as_syntax() {
        assert_eq!(copy_text("5,070人"), "5,070人");
        assert_eq!(copy_text("a\tb\nc\\d\r"), "a\\tb\\nc\\\\d\\r");
    }
}
