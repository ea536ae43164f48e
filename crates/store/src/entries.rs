//! What a person has entered for an indicator, year by year, with the version each entry is
//! at: the entry form shows these and sends the version back, so that a change made meanwhile
//! by someone else is a conflict and never silently overwritten.

use crate::edit::CommentAspect;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use shinchoku_core::FiscalYear;

/// Which entry of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Actual,
    Target,
    BlankReason,
    Comment(CommentAspect),
}

/// One entry as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    pub year: FiscalYear,
    pub kind: EntryKind,
    /// As stored: the raw text of a figure, the code of a blank reason, a comment's text.
    pub text: String,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

type Row = (i64, String, String, i64, String, DateTime<Utc>);

impl Store {
    /// Every entry of an indicator: its targets and actuals, blank reasons and comments, by
    /// year.
    pub async fn entries(&self, indicator_id: i64) -> Result<Vec<StoredEntry>, StoreError> {
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(
            "SELECT fiscal_year, series, raw, version, updated_by, updated_at \
             FROM indicator_values WHERE indicator_id = $1 AND series IN ('target', 'actual') \
             UNION ALL \
             SELECT fiscal_year, 'blank_reason', reason, version, updated_by, updated_at \
             FROM blank_reasons WHERE indicator_id = $1 \
             UNION ALL \
             SELECT fiscal_year, aspect, body, version, updated_by, updated_at \
             FROM comments WHERE indicator_id = $1 \
             ORDER BY 1",
        )
        .bind(indicator_id)
        .fetch_all(p).await)?;
        rows.into_iter()
            .map(|(year, kind, text, version, updated_by, updated_at)| {
                let bad = || {
                    StoreError::BadValue(format!("指標 {indicator_id} の入力「{kind}」({year})"))
                };
                let kind = match kind.as_str() {
                    "actual" => EntryKind::Actual,
                    "target" => EntryKind::Target,
                    "blank_reason" => EntryKind::BlankReason,
                    other => EntryKind::Comment(CommentAspect::parse(other).ok_or_else(bad)?),
                };
                let year = i32::try_from(year)
                    .ok()
                    .and_then(|y| FiscalYear::new(y).ok())
                    .ok_or_else(bad)?;
                Ok(StoredEntry {
                    year,
                    kind,
                    text,
                    version,
                    updated_by,
                    updated_at,
                })
            })
            .collect()
    }
}

impl Store {
    /// Each indicator's comment for `year`, in the plan's order (empty where none): its parts
    /// in the order 評価, 課題, 今後の方向性, one line each, labelled as a council sheet shows them.
    pub async fn year_comments(
        &self,
        stored: &crate::StoredPlan,
        year: FiscalYear,
    ) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(i64, String, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT c.indicator_id, c.aspect, c.body FROM comments c \
             JOIN indicators i ON i.id = c.indicator_id \
             WHERE i.plan_id = $1 AND c.fiscal_year = $2",
        )
        .bind(stored.id)
        .bind(i64::from(year.start_year()))
        .fetch_all(p).await)?;
        let mut parts: std::collections::HashMap<i64, Vec<(CommentAspect, String)>> =
            std::collections::HashMap::new();
        for (indicator, aspect, body) in rows {
            let aspect = CommentAspect::parse(&aspect).ok_or_else(|| {
                StoreError::BadValue(format!("指標 {indicator} のコメント「{aspect}」"))
            })?;
            parts.entry(indicator).or_default().push((aspect, body));
        }
        Ok(stored
            .indicator_ids
            .iter()
            .map(|id| {
                let mut mine = parts.remove(id).unwrap_or_default();
                mine.sort_by_key(|(a, _)| CommentAspect::ALL.iter().position(|x| x == a));
                mine.iter()
                    .map(|(a, body)| format!("{}: {body}", a.label()))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect())
    }
}
