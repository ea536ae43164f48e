//! Changing one entry of a stored plan (an actual, a target with the reason for its revision,
//! the reason a figure is blank, the year's comment) with the version the editor saw: a stale
//! version is a conflict naming who changed what, never a silent overwrite. Each change is
//! audited in the same transaction.

use crate::audit::{self, Actor};
use crate::backend::Tx;
use crate::import::{insert_revision, write_value};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use shinchoku_core::fiscal_year::FiscalYear;

/// Why a figure is blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlankReason {
    /// 未把握
    NotKnown,
    /// 調査年でない
    NotSurveyYear,
    /// 事業終了
    ProjectEnded,
}

impl BlankReason {
    /// From its Japanese or English name.
    pub fn parse(s: &str) -> Option<BlankReason> {
        match s.trim() {
            "未把握" | "not_known" | "not-known" => Some(BlankReason::NotKnown),
            "調査年でない" | "調査年ではない" | "not_survey_year" | "not-survey-year" => {
                Some(BlankReason::NotSurveyYear)
            }
            "事業終了" | "project_ended" | "project-ended" => Some(BlankReason::ProjectEnded),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            BlankReason::NotKnown => "not_known",
            BlankReason::NotSurveyYear => "not_survey_year",
            BlankReason::ProjectEnded => "project_ended",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BlankReason::NotKnown => "未把握",
            BlankReason::NotSurveyYear => "調査年でない",
            BlankReason::ProjectEnded => "事業終了",
        }
    }

    fn of_code(code: &str) -> Option<BlankReason> {
        BlankReason::parse(code)
    }
}

/// Which part of the year's comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentAspect {
    /// 評価
    Evaluation,
    /// 課題
    Issues,
    /// 今後の方向性
    Direction,
}

impl CommentAspect {
    pub fn code(self) -> &'static str {
        match self {
            CommentAspect::Evaluation => "evaluation",
            CommentAspect::Issues => "issues",
            CommentAspect::Direction => "direction",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CommentAspect::Evaluation => "評価",
            CommentAspect::Issues => "課題",
            CommentAspect::Direction => "今後の方向性",
        }
    }
}

/// One change to an indicator in a fiscal year. An empty text clears the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Actual(String),
    /// A new target and why it was revised (中間見直し).
    Target {
        raw: String,
        reason: Option<String>,
    },
    BlankReason(Option<BlankReason>),
    Comment {
        aspect: CommentAspect,
        body: String,
    },
}

/// The indicator and year an edit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub plan_id: i64,
    /// The indicator's database id.
    pub indicator_id: i64,
    /// Its name, for messages.
    pub indicator_name: &'a str,
    pub year: FiscalYear,
}

/// What an edit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The entry's version now (0: it no longer exists).
    pub version: i64,
    /// The entry already said this: nothing was written.
    pub unchanged: bool,
}

/// An entry as it stands: text, version, who last changed it and when.
type Current = Option<(String, i64, String, DateTime<Utc>)>;

impl Store {
    /// Applies `edit` to the entry.
    /// `expected_version` is the version the editor saw (0: the entry did not exist); `None`
    /// takes the current one.
    pub async fn edit(
        &self,
        entry: &Entry<'_>,
        edit: &Edit,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> Result<Edited, StoreError> {
        let Entry {
            plan_id,
            indicator_id,
            indicator_name,
            year,
        } = *entry;
        let y = i64::from(year.start_year());
        let (select, what, after): (&str, String, Option<String>) = match edit {
            Edit::Actual(raw) | Edit::Target { raw, .. } => {
                let series = if matches!(edit, Edit::Actual(_)) {
                    "actual"
                } else {
                    "target"
                };
                (
                    if series == "actual" {
                        "SELECT raw, version, updated_by, updated_at FROM indicator_values WHERE indicator_id = $1 AND fiscal_year = $2 AND series = 'actual'"
                    } else {
                        "SELECT raw, version, updated_by, updated_at FROM indicator_values WHERE indicator_id = $1 AND fiscal_year = $2 AND series = 'target'"
                    },
                    format!(
                        "「{indicator_name}」の{year}{}",
                        crate::diff::series_label(series)
                    ),
                    Some(raw.trim().to_owned()).filter(|r| !r.is_empty()),
                )
            }
            Edit::BlankReason(reason) => (
                "SELECT reason, version, updated_by, updated_at FROM blank_reasons WHERE indicator_id = $1 AND fiscal_year = $2",
                format!("「{indicator_name}」の{year}の空欄の理由"),
                reason.map(|r| r.label().to_owned()),
            ),
            Edit::Comment { aspect, body } => (
                match aspect {
                    CommentAspect::Evaluation => {
                        "SELECT body, version, updated_by, updated_at FROM comments WHERE indicator_id = $1 AND fiscal_year = $2 AND aspect = 'evaluation'"
                    }
                    CommentAspect::Issues => {
                        "SELECT body, version, updated_by, updated_at FROM comments WHERE indicator_id = $1 AND fiscal_year = $2 AND aspect = 'issues'"
                    }
                    CommentAspect::Direction => {
                        "SELECT body, version, updated_by, updated_at FROM comments WHERE indicator_id = $1 AND fiscal_year = $2 AND aspect = 'direction'"
                    }
                },
                format!("「{indicator_name}」の{year}の{}", aspect.label()),
                Some(body.trim().to_owned()).filter(|b| !b.is_empty()),
            ),
        };
        let mut tx = self.begin_write().await?;
        // on PostgreSQL the row is locked until the end, so a concurrent editor waits and then
        // sees our version; SQLite's write transaction already holds the whole database
        let locked = match tx.backend() {
            crate::Backend::Postgres => format!("{select} FOR UPDATE"),
            crate::Backend::Sqlite => select.to_owned(),
        };
        let current: Current = on_tx!(&mut tx, c => sqlx::query_as(&locked)
            .bind(indicator_id)
            .bind(y)
            .fetch_optional(&mut *c)
            .await)?;
        let current = current.map(|(text, v, by, at)| {
            let text = match edit {
                Edit::BlankReason(_) => BlankReason::of_code(&text)
                    .map(|r| r.label().to_owned())
                    .unwrap_or(text),
                _ => text,
            };
            (text, v, by, at)
        });
        let version = current.as_ref().map_or(0, |c| c.1);
        if let Some(expected) = expected_version.filter(|e| *e != version) {
            return Err(conflict(&what, expected, &current));
        }
        let before = current.as_ref().map(|c| c.0.clone());
        if before == after {
            return Ok(Edited {
                subject: what,
                before,
                after,
                version,
                unchanged: true,
            });
        }
        let at = crate::now();
        let by = actor.name.as_str();
        match edit {
            Edit::Actual(_) | Edit::Target { .. } => {
                let series = if matches!(edit, Edit::Actual(_)) {
                    "actual"
                } else {
                    "target"
                };
                write_value(
                    &mut tx,
                    indicator_id,
                    series,
                    year.start_year(),
                    after.as_deref(),
                    at,
                    by,
                )
                .await?;
                if let Edit::Target { reason, .. } = edit {
                    insert_revision(
                        &mut tx,
                        indicator_id,
                        year.start_year(),
                        before.as_deref(),
                        after.as_deref(),
                        reason.as_deref().unwrap_or(""),
                        at,
                        by,
                    )
                    .await?;
                }
            }
            Edit::BlankReason(reason) => {
                write_blank_reason(&mut tx, indicator_id, y, *reason, at, by).await?;
            }
            Edit::Comment { aspect, .. } => {
                write_comment(&mut tx, indicator_id, y, *aspect, after.as_deref(), at, by).await?;
            }
        }
        // the entry's version moves on only where nobody else moved it since we read it
        let now: Current = on_tx!(&mut tx, c => sqlx::query_as(select)
            .bind(indicator_id)
            .bind(y)
            .fetch_optional(&mut *c)
            .await)?;
        let new_version = now.as_ref().map_or(0, |c| c.1);
        if after.is_some() && new_version != version + 1 {
            return Err(conflict(&what, version, &now));
        }
        let action = match edit {
            Edit::Actual(_) => "value.set",
            Edit::Target { .. } => "target.revise",
            Edit::BlankReason(_) => "blank_reason.set",
            Edit::Comment { .. } => "comment.set",
        };
        let after_logged = match (edit, &after) {
            (
                Edit::Target {
                    reason: Some(r), ..
                },
                Some(a),
            ) if !r.trim().is_empty() => Some(format!("{a}(理由: {})", r.trim())),
            _ => after.clone(),
        };
        audit::record(
            &mut tx,
            actor,
            at,
            None,
            audit::Change {
                action,
                plan_id: Some(plan_id),
                indicator_id: Some(indicator_id),
                subject: what.clone(),
                before: before.clone(),
                after: after_logged,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Edited {
            subject: what,
            before,
            after,
            version: new_version,
            unchanged: false,
        })
    }
}

fn conflict(what: &str, expected: i64, current: &Current) -> StoreError {
    match current {
        Some((text, version, by, at)) => StoreError::Conflict {
            what: what.to_owned(),
            theirs: text.clone(),
            by: by.clone(),
            at: japan_time(*at),
            version: *version,
        },
        None => StoreError::StaleVersion {
            what: what.to_owned(),
            expected,
            current: 0,
        },
    }
}

/// A time as the people of the municipality read it (JST).
fn japan_time(at: DateTime<Utc>) -> String {
    match chrono::FixedOffset::east_opt(9 * 3600) {
        Some(jst) => at.with_timezone(&jst).format("%Y-%m-%d %H:%M").to_string(),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

async fn write_blank_reason(
    tx: &mut Tx,
    indicator_id: i64,
    year: i64,
    reason: Option<BlankReason>,
    at: DateTime<Utc>,
    by: &str,
) -> Result<(), StoreError> {
    match reason {
        None => {
            on_tx!(tx, c => sqlx::query("DELETE FROM blank_reasons WHERE indicator_id = $1 AND fiscal_year = $2")
            .bind(indicator_id)
            .bind(year)
            .execute(&mut *c)
            .await.map(|_| ()))?
        }
        Some(r) => on_tx!(tx, c => sqlx::query(
            "INSERT INTO blank_reasons (indicator_id, fiscal_year, reason, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (indicator_id, fiscal_year) DO UPDATE SET \
             reason = excluded.reason, version = blank_reasons.version + 1, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(indicator_id)
        .bind(year)
        .bind(r.code())
        .bind(at)
        .bind(by)
        .execute(&mut *c)
        .await.map(|_| ()))?,
    };
    Ok(())
}

async fn write_comment(
    tx: &mut Tx,
    indicator_id: i64,
    year: i64,
    aspect: CommentAspect,
    body: Option<&str>,
    at: DateTime<Utc>,
    by: &str,
) -> Result<(), StoreError> {
    match body {
        None => on_tx!(tx, c => sqlx::query(
            "DELETE FROM comments WHERE indicator_id = $1 AND fiscal_year = $2 AND aspect = $3",
        )
        .bind(indicator_id)
        .bind(year)
        .bind(aspect.code())
        .execute(&mut *c)
        .await.map(|_| ()))?,
        Some(body) => on_tx!(tx, c => sqlx::query(
            "INSERT INTO comments (indicator_id, fiscal_year, aspect, body, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (indicator_id, fiscal_year, aspect) DO UPDATE SET \
             body = excluded.body, version = comments.version + 1, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(indicator_id)
        .bind(year)
        .bind(aspect.code())
        .bind(body)
        .bind(at)
        .bind(by)
        .execute(&mut *c)
        .await.map(|_| ()))?,
    };
    Ok(())
}
