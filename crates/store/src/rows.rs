//! Many rows into one table in a few statements instead of one round trip a row: the parts of
//! a plan written whole, a collection's plans and indicators, the tables of a restore. SQLite
//! takes multi-row inserts under its limit of 32,766 parameters; PostgreSQL a binary `COPY`
//! (from a few dozen rows on: it parses no text and plans no statement).

use crate::StoreError;
use crate::backend::{Backend, Tx};
use crate::copy::Copy;
use chrono::{DateTime, Utc};

/// A value bound to a statement, of a type both backends store.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Param {
    Int(Option<i64>),
    Text(Option<String>),
    Float(Option<f64>),
    Time(Option<DateTime<Utc>>),
}

impl From<i64> for Param {
    fn from(v: i64) -> Param {
        Param::Int(Some(v))
    }
}

impl From<Option<i64>> for Param {
    fn from(v: Option<i64>) -> Param {
        Param::Int(v)
    }
}

/// Positions and counts: a plan never holds anywhere near `i64::MAX` of anything.
impl From<usize> for Param {
    fn from(v: usize) -> Param {
        Param::Int(i64::try_from(v).ok())
    }
}

impl From<Option<usize>> for Param {
    fn from(v: Option<usize>) -> Param {
        Param::Int(v.and_then(|v| i64::try_from(v).ok()))
    }
}

impl From<&str> for Param {
    fn from(v: &str) -> Param {
        Param::Text(Some(v.to_owned()))
    }
}

impl From<String> for Param {
    fn from(v: String) -> Param {
        Param::Text(Some(v))
    }
}

impl From<Option<String>> for Param {
    fn from(v: Option<String>) -> Param {
        Param::Text(v)
    }
}

impl From<Option<&str>> for Param {
    fn from(v: Option<&str>) -> Param {
        Param::Text(v.map(str::to_owned))
    }
}

/// From how many rows PostgreSQL is sent a binary `COPY` rather than an `INSERT`.
const COPY_ROWS: usize = 64;

/// Parameters of one statement, under SQLite's limit of 32,766.
const PARAMETERS: usize = 30_000;

/// Inserts `rows` (each as many values as `columns`) into `table`.
pub(crate) async fn insert(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Param>],
) -> Result<(), StoreError> {
    let width = columns.len();
    if rows.is_empty() {
        return Ok(());
    }
    if let Tx::Postgres(t) = tx
        && rows.len() >= COPY_ROWS
    {
        let mut copy = Copy::start(t, table, columns).await?;
        for row in rows {
            copy.rows.row(i16::try_from(width).unwrap_or(i16::MAX));
            for v in row {
                match v {
                    Param::Int(x) => copy.rows.int(*x),
                    Param::Text(x) => copy.rows.text(x.as_deref()),
                    Param::Float(x) => copy.rows.float(*x),
                    Param::Time(x) => copy.rows.time(*x),
                }
            }
            copy.flush_if_full().await?;
        }
        copy.finish().await?;
        return Ok(());
    }
    let backend = tx.backend();
    let mut at = 0;
    while at < rows.len() {
        let n = statement_rows(rows.len() - at, width);
        let chunk = &rows[at..at + n];
        at += n;
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        for r in 0..chunk.len() {
            sql.push_str(if r == 0 { "(" } else { ",(" });
            for c in 0..width {
                if c > 0 {
                    sql.push(',');
                }
                sql.push_str(&placeholder(backend, r * width + c + 1));
            }
            sql.push(')');
        }
        let params: Vec<&Param> = chunk.iter().flatten().collect();
        execute(tx, &sql, params).await?;
    }
    Ok(())
}

/// Rows of the next statement when `left` rows of `width` values remain: the largest power of
/// two under the parameter limit, then halves. A table so meets a few statement shapes whatever
/// its count, each prepared once and then taken from sqlx's statement cache: a shape per count
/// had SQLite parse thousands of placeholders afresh for every batch of a collection.
pub(crate) fn statement_rows(left: usize, width: usize) -> usize {
    let most = (PARAMETERS / width.max(1)).max(1);
    let fits = left.min(most).max(1);
    1 << fits.ilog2()
}

/// The `n`-th parameter of a long statement. SQLite looks a named parameter (`$7`) up by
/// walking a list, which makes binding thousands of them quadratic; its anonymous `?` binds
/// in order. PostgreSQL numbers them.
pub(crate) fn placeholder(backend: Backend, n: usize) -> String {
    match backend {
        Backend::Sqlite => "?".to_owned(),
        Backend::Postgres => format!("${n}"),
    }
}

/// Runs one statement with `params` bound in order.
pub(crate) async fn execute<'p>(
    tx: &mut Tx,
    sql: &str,
    params: impl IntoIterator<Item = &'p Param>,
) -> Result<(), StoreError> {
    let params: Vec<&Param> = params.into_iter().collect();
    on_tx!(tx, c => {
        let mut q = sqlx::query(sql);
        for v in &params {
            q = match v {
                Param::Int(x) => q.bind(*x),
                Param::Text(x) => q.bind(x.as_deref()),
                Param::Float(x) => q.bind(*x),
                Param::Time(x) => q.bind(*x),
            };
        }
        q.execute(&mut *c).await.map(|_| ())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::statement_rows;

    #[test]
    fn statements_take_every_row_in_few_shapes() {
        for (count, width) in [(1, 5), (3000, 5), (6001, 5), (70_000, 9), (17, 30_001)] {
            let mut left = count;
            let mut shapes = std::collections::BTreeSet::new();
            while left > 0 {
                let n = statement_rows(left, width);
                assert!(n >= 1 && n <= left, "{n} of {left}");
                assert!(n * width <= 30_000 || n == 1, "{n} rows of {width}");
                shapes.insert(n);
                left -= n;
            }
            assert!(shapes.len() <= 16, "{count}: {shapes:?}");
        }
        assert_eq!(statement_rows(3000, 5), 2048);
        assert_eq!(statement_rows(952, 5), 512);
    }
}
