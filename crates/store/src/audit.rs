//! The audit log: who changed what, when, by which way, before → after. Rows are only ever
//! added; the schema's triggers refuse an update or a delete on either backend.

use crate::StoreError;
use crate::backend::Tx;
use crate::rows::{self, Param};
use chrono::{DateTime, Utc};

/// The way a change came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Web,
    Cli,
    Import,
    Restore,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Web => "web",
            Via::Cli => "cli",
            Via::Import => "import",
            Via::Restore => "restore",
        }
    }
}

/// Who makes a change, and by which way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub via: Via,
}

impl Actor {
    pub fn new(name: impl Into<String>, via: Via) -> Actor {
        Actor {
            name: name.into(),
            via,
        }
    }

    /// The person at this terminal: `SHINCHOKU_USER`, else the login name of the account
    /// running the command (from the environment, else the system's account database: a
    /// service or a container often sets no USER).
    pub fn from_environment(via: Via) -> Actor {
        let name = ["SHINCHOKU_USER", "USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .or_else(account_name)
            .unwrap_or_else(|| "unknown".to_owned());
        Actor::new(name, via)
    }
}

#[cfg(unix)]
fn account_name() -> Option<String> {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .filter(|n| !n.is_empty())
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub via: String,
    pub action: String,
    pub plan_id: Option<i64>,
    pub indicator_id: Option<i64>,
    /// What was changed, in words (`actual 令和5年度`).
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub batch_id: Option<i64>,
}

/// A change to write to the log.
#[derive(Debug, Clone)]
pub(crate) struct Change<'a> {
    pub action: &'a str,
    pub plan_id: Option<i64>,
    pub indicator_id: Option<i64>,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Change<'_> {
    /// A plan created from a file, with what it holds: `import` and a collection's plans
    /// say it alike.
    pub(crate) fn plan_created(
        plan_id: i64,
        name: &str,
        file_name: &str,
        indicators: usize,
        values: usize,
    ) -> Change<'static> {
        Change {
            action: "plan.create",
            plan_id: Some(plan_id),
            indicator_id: None,
            subject: name.to_owned(),
            before: None,
            after: Some(format!("{file_name} から 指標{indicators}件・値{values}件")),
        }
    }
}

pub(crate) async fn record(
    tx: &mut Tx,
    actor: &Actor,
    at: DateTime<Utc>,
    batch_id: Option<i64>,
    change: Change<'_>,
) -> Result<(), StoreError> {
    record_all(tx, actor, at, [(batch_id, change)]).await
}

/// Writes many changes, each with its import batch, in a few statements.
pub(crate) async fn record_all<'a>(
    tx: &mut Tx,
    actor: &Actor,
    at: DateTime<Utc>,
    changes: impl IntoIterator<Item = (Option<i64>, Change<'a>)>,
) -> Result<(), StoreError> {
    let rows: Vec<Vec<Param>> = changes
        .into_iter()
        .map(|(batch_id, change)| {
            vec![
                Param::Time(Some(at)),
                actor.name.as_str().into(),
                actor.via.as_str().into(),
                change.action.into(),
                change.plan_id.into(),
                change.indicator_id.into(),
                change.subject.into(),
                change.before.into(),
                change.after.into(),
                batch_id.into(),
            ]
        })
        .collect();
    rows::insert(
        tx,
        "audit_log",
        &[
            "at",
            "actor",
            "via",
            "action",
            "plan_id",
            "indicator_id",
            "subject",
            "before",
            "after",
            "batch_id",
        ],
        &rows,
    )
    .await
}

type Row = (
    i64,
    DateTime<Utc>,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
);

fn entry(r: Row) -> AuditEntry {
    AuditEntry {
        id: r.0,
        at: r.1,
        actor: r.2,
        via: r.3,
        action: r.4,
        plan_id: r.5,
        indicator_id: r.6,
        subject: r.7,
        before: r.8,
        after: r.9,
        batch_id: r.10,
    }
}

const COLUMNS: &str =
    "id, at, actor, via, action, plan_id, indicator_id, subject, before, after, batch_id";

impl crate::Store {
    /// The history of one indicator, oldest first: every change to its values, target
    /// revisions, blank reasons, comments and attributes.
    pub async fn history(&self, indicator_id: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE indicator_id = $1 ORDER BY id");
        let rows: Vec<Row> =
            on_pool!(self, p => sqlx::query_as(&sql).bind(indicator_id).fetch_all(p).await)?;
        Ok(rows.into_iter().map(entry).collect())
    }

    /// The whole log of a plan, oldest first.
    pub async fn plan_log(&self, plan_id: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE plan_id = $1 ORDER BY id");
        let rows: Vec<Row> =
            on_pool!(self, p => sqlx::query_as(&sql).bind(plan_id).fetch_all(p).await)?;
        Ok(rows.into_iter().map(entry).collect())
    }

    /// The plan's revision: its newest audit entry. Every change to a plan is audited, so a
    /// kept copy of the plan (the web's cache) is current while this stays the same.
    pub async fn plan_revision(&self, plan_id: i64) -> Result<i64, StoreError> {
        let newest: Option<i64> = on_pool!(self, p => sqlx::query_scalar(
            "SELECT max(id) FROM audit_log WHERE plan_id = $1",
        )
        .bind(plan_id)
        .fetch_one(p).await)?;
        Ok(newest.unwrap_or(0))
    }

    /// The changes to accounts, oldest first.
    pub async fn account_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let sql =
            format!("SELECT {COLUMNS} FROM audit_log WHERE action LIKE 'account.%' ORDER BY id");
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        Ok(rows.into_iter().map(entry).collect())
    }
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn the_account_is_named_as_id_names_it() {
        let id = std::process::Command::new("id").arg("-un").output();
        if let Some(out) = id.ok().filter(|o| o.status.success()) {
            let name = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            assert_eq!(super::account_name(), Some(name));
        }
    }
}
