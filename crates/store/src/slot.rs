//! Where one entry of an indicator in a fiscal year is kept — a value of a series, the reason
//! a figure is blank, a part of the year's comment — and how it is read, set (its version moving
//! on) and cleared. Imports and edits write entries through here alike.

use crate::StoreError;
use crate::backend::{Backend, Tx};
use crate::rows::{self, Param};
use chrono::{DateTime, Utc};

/// The table, the column holding the entry's text, and the column that tells entries of one
/// indicator and year apart, with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    table: &'static str,
    column: &'static str,
    within: Option<(&'static str, &'static str)>,
}

/// An entry as it stands: text, version, who last changed it and when.
pub(crate) type Current = Option<(String, i64, String, DateTime<Utc>)>;

impl Slot {
    /// A value of `series` (`target`, `actual` …).
    pub(crate) fn value(series: &'static str) -> Slot {
        Slot {
            table: "indicator_values",
            column: "raw",
            within: Some(("series", series)),
        }
    }

    pub(crate) fn blank_reason() -> Slot {
        Slot {
            table: "blank_reasons",
            column: "reason",
            within: None,
        }
    }

    /// The `aspect` part of the comment (`evaluation`, `issues`, `direction`).
    pub(crate) fn comment(aspect: &'static str) -> Slot {
        Slot {
            table: "comments",
            column: "body",
            within: Some(("aspect", aspect)),
        }
    }

    /// `WHERE` for the entry, with the indicator as $1 and the year as $2.
    fn key(&self) -> String {
        let mut key = "indicator_id = $1 AND fiscal_year = $2".to_owned();
        if let Some((column, value)) = self.within {
            key.push_str(&format!(" AND {column} = '{value}'"));
        }
        key
    }

    /// The entry as it stands; on PostgreSQL its row stays locked until the transaction ends,
    /// so a concurrent editor waits and then sees the new version (SQLite's write transaction
    /// already holds the whole database).
    pub(crate) async fn read(
        &self,
        tx: &mut Tx,
        indicator_id: i64,
        year: i32,
    ) -> Result<Current, StoreError> {
        let lock = match tx.backend() {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "SELECT {}, version, updated_by, updated_at FROM {} WHERE {}{lock}",
            self.column,
            self.table,
            self.key()
        );
        let current: Current = on_tx!(tx, c => sqlx::query_as(&sql)
            .bind(indicator_id)
            .bind(i64::from(year))
            .fetch_optional(&mut *c)
            .await)?;
        Ok(current)
    }

    /// Sets the entry to `text` (its version moving on), or with `None` removes it. A value
    /// keeps the figure its text reads as beside it.
    pub(crate) async fn write(
        &self,
        tx: &mut Tx,
        indicator_id: i64,
        year: i32,
        text: Option<&str>,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<(), StoreError> {
        let Some(text) = text else {
            let sql = format!("DELETE FROM {} WHERE {}", self.table, self.key());
            return rows::execute(tx, &sql, &[indicator_id.into(), i64::from(year).into()]).await;
        };
        let mut columns = vec!["indicator_id", "fiscal_year", self.column];
        let mut params: Vec<Param> = vec![indicator_id.into(), i64::from(year).into(), text.into()];
        if let Some((column, value)) = self.within {
            columns.push(column);
            params.push(value.into());
        }
        if self.table == "indicator_values" {
            columns.push("number");
            params.push(Param::Float(crate::values::number_of(
                &shinchoku_core::Cell::read(text),
            )));
        }
        columns.extend(["updated_at", "updated_by"]);
        params.extend([Param::Time(Some(at)), by.into()]);
        let conflict: Vec<&str> = ["indicator_id", "fiscal_year"]
            .into_iter()
            .chain(self.within.map(|(c, _)| c))
            .collect();
        let update: Vec<String> = columns[2..]
            .iter()
            .filter(|c| !conflict.contains(c))
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}, \
             version = {table}.version + 1",
            columns.join(", "),
            placeholders.join(", "),
            conflict.join(", "),
            update.join(", "),
            table = self.table,
        );
        rows::execute(tx, &sql, &params).await
    }
}

/// Records a target's revision and its reason (中間見直し, or the sheet it was imported from).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn revise_target(
    tx: &mut Tx,
    indicator_id: i64,
    year: i32,
    before: Option<&str>,
    after: Option<&str>,
    reason: &str,
    at: DateTime<Utc>,
    by: &str,
) -> Result<(), StoreError> {
    rows::insert(
        tx,
        "target_revisions",
        &[
            "indicator_id",
            "fiscal_year",
            "before_raw",
            "after_raw",
            "reason",
            "revised_at",
            "revised_by",
        ],
        &[vec![
            indicator_id.into(),
            i64::from(year).into(),
            before.into(),
            after.into(),
            reason.into(),
            Param::Time(Some(at)),
            by.into(),
        ]],
    )
    .await
}
