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

/// Rows of one SQLite statement: 5 parameters each, under SQLite's 32,766.
const SQLITE_ROWS: usize = 6000;

/// Inserts `values`, all new, stamped `at` by `by`.
pub(crate) async fn insert(
    tx: &mut Tx,
    values: &[BulkValue],
    at: DateTime<Utc>,
    by: &str,
) -> Result<(), StoreError> {
    match tx {
        Tx::Sqlite(t) => {
            // anonymous parameters (see rows::placeholder) for the rows, then the stamp bound
            // once, numbered after them: bound per row, it cost a timestamp's text each time.
            // (sqlx counts anonymous parameters from 1 whatever numbered ones come first, so
            // the numbered ones must come last in the text: hence the WITH.)
            for chunk in values.chunks(SQLITE_ROWS) {
                let row = "(?,?,?,?,?)";
                let mut sql = String::with_capacity(256 + chunk.len() * (row.len() + 1));
                sql.push_str("WITH v (indicator_id, series, fiscal_year, raw, number) AS (VALUES ");
                for i in 0..chunk.len() {
                    if i > 0 {
                        sql.push(',');
                    }
                    sql.push_str(row);
                }
                let stamp = chunk.len() * 5;
                sql.push_str(&format!(
                    ") INSERT INTO indicator_values (indicator_id, series, fiscal_year, raw, number, updated_at, updated_by) \
                     SELECT indicator_id, series, fiscal_year, raw, number, ?{}, ?{} FROM v",
                    stamp + 1,
                    stamp + 2
                ));
                let mut q = sqlx::query(&sql);
                for v in chunk {
                    q = q
                        .bind(v.indicator_id)
                        .bind(v.series)
                        .bind(i64::from(v.fiscal_year))
                        .bind(v.raw.as_str())
                        .bind(v.number);
                }
                q.bind(at).bind(by).execute(&mut **t).await?;
            }
        }
        Tx::Postgres(t) => {
            // binary COPY: the server parses no text (a timestamp's text cost it more than
            // the row's insert)
            let mut copy = t
                .copy_in_raw(
                    "COPY indicator_values (indicator_id, series, fiscal_year, raw, number, updated_at, updated_by) FROM STDIN (FORMAT binary)",
                )
                .await?;
            let mut buf = Vec::with_capacity(COPY_BUFFER);
            buf.extend_from_slice(COPY_HEADER);
            let stamp = (at.timestamp_micros() - POSTGRES_EPOCH_MICROS).to_be_bytes();
            for v in values {
                binary_row(&mut buf, v, &stamp, by);
                if buf.len() > COPY_BUFFER - 4096 {
                    copy.send(buf.as_slice()).await?;
                    buf.clear();
                }
            }
            buf.extend_from_slice(&(-1i16).to_be_bytes());
            copy.send(buf.as_slice()).await?;
            copy.finish().await?;
        }
    }
    Ok(())
}

/// Bytes sent to the server at a time.
const COPY_BUFFER: usize = 1 << 20;

/// The binary COPY format's signature, flags and header extension length.
const COPY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in Unix microseconds.
const POSTGRES_EPOCH_MICROS: i64 = 946_684_800_000_000;

/// One row of `indicator_values` in COPY's binary format: a field count, then each field as
/// its length and its bytes in network order (-1 for NULL).
fn binary_row(buf: &mut Vec<u8>, v: &BulkValue, stamp: &[u8; 8], by: &str) {
    fn field(buf: &mut Vec<u8>, bytes: &[u8]) {
        // a field is a cell of a sheet or a user's name, far below 2 GiB
        buf.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
        buf.extend_from_slice(bytes);
    }
    buf.extend_from_slice(&7i16.to_be_bytes());
    field(buf, &v.indicator_id.to_be_bytes());
    field(buf, v.series.as_bytes());
    field(buf, &i64::from(v.fiscal_year).to_be_bytes());
    field(buf, v.raw.as_bytes());
    match v.number {
        Some(n) => field(buf, &n.to_be_bytes()),
        None => buf.extend_from_slice(&(-1i32).to_be_bytes()),
    }
    field(buf, stamp);
    field(buf, by.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binary_row_is_counted_fields_each_with_its_length() {
        let v = BulkValue {
            indicator_id: 7,
            series: "actual",
            fiscal_year: 2023,
            raw: "5,070人".into(),
            number: None,
        };
        let mut buf = Vec::new();
        binary_row(&mut buf, &v, &[0; 8], "ab");
        let mut want = vec![0, 7, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 6];
        want.extend_from_slice(b"actual");
        want.extend_from_slice(&[0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x07, 0xe7]);
        want.extend_from_slice(&[0, 0, 0, 8]);
        want.extend_from_slice("5,070人".as_bytes());
        want.extend_from_slice(&[0xff, 0xff, 0xff, 0xff]);
        want.extend_from_slice(&[0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0]);
        want.extend_from_slice(&[0, 0, 0, 2, b'a', b'b']);
        assert_eq!(buf, want);
        assert_eq!(COPY_HEADER.len(), 19);
    }
}
