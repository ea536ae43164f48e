//! Changing one entry of a stored plan (an actual, a target with the reason for its revision,
//! the reason a figure is blank, the year's comment) with the version the editor saw: a stale
//! version is a conflict naming who changed what, never a silent overwrite. Each change is
//! audited in the same transaction.

use crate::audit::{self, Actor};
use crate::slot::{Current, Slot, revise_target};
use crate::{Store, StoreError};
use shinchoku_core::fiscal_year::FiscalYear;

pub use shinchoku_core::BlankReason;

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
    pub const ALL: [CommentAspect; 3] = [
        CommentAspect::Evaluation,
        CommentAspect::Issues,
        CommentAspect::Direction,
    ];

    pub fn parse(code: &str) -> Option<CommentAspect> {
        CommentAspect::ALL.into_iter().find(|a| a.code() == code)
    }

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

impl Edit {
    /// Where the entry this edit changes is kept.
    fn slot(&self) -> Slot {
        match self {
            Edit::Actual(_) => Slot::value("actual"),
            Edit::Target { .. } => Slot::value("target"),
            Edit::BlankReason(_) => Slot::blank_reason(),
            Edit::Comment { aspect, .. } => Slot::comment(aspect.code()),
        }
    }

    /// The text stored; `None` clears the entry.
    fn stored(&self) -> Option<String> {
        match self {
            Edit::Actual(text)
            | Edit::Target { raw: text, .. }
            | Edit::Comment { body: text, .. } => {
                Some(text.trim().to_owned()).filter(|t| !t.is_empty())
            }
            Edit::BlankReason(reason) => reason.map(|r| r.code().to_owned()),
        }
    }

    /// A stored text as a person reads it.
    fn shown(&self, stored: String) -> String {
        match self {
            Edit::BlankReason(_) => BlankReason::parse(&stored)
                .map(|r| r.label().to_owned())
                .unwrap_or(stored),
            _ => stored,
        }
    }

    fn action(&self) -> &'static str {
        match self {
            Edit::Actual(_) => "value.set",
            Edit::Target { .. } => "target.revise",
            Edit::BlankReason(_) => "blank_reason.set",
            Edit::Comment { .. } => "comment.set",
        }
    }

    /// What is changed, in words: 「指標」の令和6年度実績値.
    fn subject(&self, indicator: &str, year: FiscalYear) -> String {
        match self {
            Edit::Actual(_) => format!("「{indicator}」の{year}実績値"),
            Edit::Target { .. } => format!("「{indicator}」の{year}目標値"),
            Edit::BlankReason(_) => format!("「{indicator}」の{year}の空欄の理由"),
            Edit::Comment { aspect, .. } => format!("「{indicator}」の{year}の{}", aspect.label()),
        }
    }
}

impl Store {
    /// Applies `edit` to the entry. `expected_version` is the version the editor saw (0: the
    /// entry did not exist); `None` takes the current one.
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
        let y = year.start_year();
        let slot = edit.slot();
        let what = edit.subject(indicator_name, year);
        let stored = edit.stored();
        let after = stored.clone().map(|s| edit.shown(s));
        let mut tx = self.begin_write().await?;
        let shown =
            |current: Current| current.map(|(text, v, by, at)| (edit.shown(text), v, by, at));
        let current = shown(slot.read(&mut tx, indicator_id, y).await?);
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
        slot.write(&mut tx, indicator_id, y, stored.as_deref(), at, by)
            .await?;
        if let Edit::Target { reason, .. } = edit {
            let reason = reason.as_deref().unwrap_or("");
            revise_target(
                &mut tx,
                indicator_id,
                y,
                before.as_deref(),
                after.as_deref(),
                reason,
                at,
                by,
            )
            .await?;
        }
        // a row made meanwhile by another editor (nothing to lock before it existed) shows as
        // a version that moved by more than ours
        let now = shown(slot.read(&mut tx, indicator_id, y).await?);
        let new_version = now.as_ref().map_or(0, |c| c.1);
        if after.is_some() && new_version != version + 1 {
            return Err(conflict(&what, version, &now));
        }
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
                action: edit.action(),
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
            at: crate::japan_time(*at),
            version: *version,
        },
        None => StoreError::StaleVersion {
            what: what.to_owned(),
            expected,
            current: 0,
        },
    }
}
