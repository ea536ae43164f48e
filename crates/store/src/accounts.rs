//! The accounts that sign in to the web application: who they are, what role they hold, their
//! record of failed sign-ins (the lockout is kept here, so it holds across every instance behind
//! a proxy). Passwords arrive already hashed: the store never sees one.

use crate::audit::{self, Actor, Change};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use shinchoku_core::municipality::MunicipalityCode;

/// What an account may do, broadly; the web's authorization decides each action from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, including accounts.
    Admin,
    /// Reads everything of its municipality, changes its department's indicators.
    Editor,
    /// Reads.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Viewer];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// As the interface names it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理者",
            Role::Editor => "編集者",
            Role::Viewer => "閲覧者",
        }
    }
}

/// A person who signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The municipality whose plans it sees; `None`: every plan of the deployment.
    pub municipality_code: Option<String>,
    /// The department (所管課) whose indicators an editor changes.
    pub department: Option<String>,
}

/// What an account may do, as set by an administrator.
#[derive(Debug, Clone, Copy)]
pub struct NewRights<'a> {
    pub role: Role,
    /// The municipality whose plans it sees; `None`: every plan of the deployment.
    pub municipality: Option<&'a MunicipalityCode>,
    /// The department whose indicators an editor changes.
    pub department: Option<&'a str>,
}

impl NewRights<'_> {
    /// The account `id` named `name` with these rights, as stored: the department trimmed (an
    /// empty one is none), the municipality as its code.
    fn account(&self, id: i64, name: &str) -> Account {
        Account {
            id,
            name: name.to_owned(),
            role: self.role,
            municipality_code: self.municipality.map(MunicipalityCode::to_string),
            department: self
                .department
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
        }
    }
}

/// An account's rights in words, for the audit log: `編集者 子ども課 122203`.
fn described(a: &Account) -> String {
    [
        Some(a.role.label()),
        a.department.as_deref(),
        a.municipality_code.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
}

/// An account to create.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub name: &'a str,
    /// An argon2id PHC string.
    pub password_hash: &'a str,
    pub rights: NewRights<'a>,
}

/// What signing in checks: the account, its password hash and its lockout.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub account: Account,
    pub password_hash: String,
    pub failed_logins: i64,
    pub locked_until: Option<DateTime<Utc>>,
}

/// The longest account name: a name is typed at every sign-in and shown on every page.
const NAME_LIMIT: usize = 64;

pub(crate) type AccountRow = (i64, String, String, Option<String>, Option<String>);

pub(crate) const ACCOUNT_COLUMNS: &str = "a.id, a.name, a.role, a.municipality_code, a.department";

pub(crate) fn account(r: AccountRow) -> Result<Account, StoreError> {
    let role = Role::parse(&r.2)
        .ok_or_else(|| StoreError::BadValue(format!("アカウント {} の役割「{}」", r.1, r.2)))?;
    Ok(Account {
        id: r.0,
        name: r.1,
        role,
        municipality_code: r.3,
        department: r.4,
    })
}

/// Refuses a name a person could not type or tell apart: empty, too long, or with spaces or
/// control characters.
fn check_name(name: &str) -> Result<(), StoreError> {
    let fits = !name.is_empty()
        && name.chars().count() <= NAME_LIMIT
        && !name.chars().any(|c| c.is_whitespace() || c.is_control());
    if fits {
        Ok(())
    } else {
        Err(StoreError::BadAccountName(name.to_owned()))
    }
}

impl Store {
    /// Creates an account, audited.
    pub async fn add_account(
        &self,
        new: NewAccount<'_>,
        actor: &Actor,
    ) -> Result<Account, StoreError> {
        check_name(new.name)?;
        // the account as it will be stored, its id given by the insert
        let mut created = new.rights.account(0, new.name);
        let at = crate::now();
        let mut tx = self.begin_write().await?;
        let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT count(*) FROM accounts WHERE name = $1")
            .bind(new.name).fetch_one(&mut *c).await)?;
        if taken > 0 {
            tx.rollback().await?;
            return Err(StoreError::AccountExists(new.name.to_owned()));
        }
        if let Some(code) = &created.municipality_code {
            crate::save::ensure_municipality(&mut tx, code, None, at).await?;
        }
        created.id = on_tx!(&mut tx, c => sqlx::query_scalar(
            "INSERT INTO accounts (name, password_hash, role, municipality_code, department, \
             created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(new.name)
        .bind(new.password_hash)
        .bind(created.role.code())
        .bind(created.municipality_code.as_deref())
        .bind(created.department.as_deref())
        .bind(at)
        .fetch_one(&mut *c).await)?;
        account_change(
            &mut tx,
            actor,
            at,
            "account.create",
            format!("アカウント {}", new.name),
            None,
            Some(described(&created)),
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    /// The names of the disabled accounts, by name.
    pub async fn disabled_accounts(&self) -> Result<Vec<String>, StoreError> {
        on_pool!(self, p => sqlx::query_scalar(
            "SELECT name FROM accounts WHERE disabled_at IS NOT NULL ORDER BY name",
        )
        .fetch_all(p).await)
        .map_err(StoreError::from)
    }

    /// Disables the account named `name` (it cannot sign in, its sessions end) or enables it
    /// again, audited. Disabling a disabled account, or enabling an enabled one, changes
    /// nothing and records nothing.
    pub async fn set_account_enabled(
        &self,
        name: &str,
        enabled: bool,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let at = crate::now();
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, Option<DateTime<Utc>>)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT id, disabled_at FROM accounts WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&mut *c).await)?;
        let Some((id, disabled_at)) = found else {
            tx.rollback().await?;
            return Err(StoreError::AccountNotFound(name.to_owned()));
        };
        if disabled_at.is_none() == enabled {
            tx.rollback().await?;
            return Ok(());
        }
        on_tx!(&mut tx, c => sqlx::query(
            "UPDATE accounts SET disabled_at = $2, version = version + 1 WHERE id = $1",
        )
        .bind(id)
        .bind((!enabled).then_some(at))
        .execute(&mut *c).await.map(|_| ()))?;
        if !enabled {
            on_tx!(&mut tx, c => sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(id).execute(&mut *c).await.map(|_| ()))?;
        }
        let (action, before, after) = if enabled {
            ("account.enable", "無効", "有効")
        } else {
            ("account.disable", "有効", "無効")
        };
        account_change(
            &mut tx,
            actor,
            at,
            action,
            format!("アカウント {name}"),
            Some(before.to_owned()),
            Some(after.to_owned()),
        )
        .await?;
        tx.commit().await
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.name");
        let rows: Vec<AccountRow> = on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        rows.into_iter().map(account).collect()
    }

    /// The account named `name`, with what signing in checks.
    pub async fn credentials(&self, name: &str) -> Result<Option<Credentials>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            i64,
            Option<DateTime<Utc>>,
        );
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, a.password_hash, a.failed_logins, a.locked_until \
             FROM accounts a WHERE a.name = $1 AND a.disabled_at IS NULL"
        );
        let row: Option<Row> =
            on_pool!(self, p => sqlx::query_as(&sql).bind(name).fetch_optional(p).await)?;
        row.map(|r| {
            Ok(Credentials {
                account: account((r.0, r.1, r.2, r.3, r.4))?,
                password_hash: r.5,
                failed_logins: r.6,
                locked_until: r.7,
            })
        })
        .transpose()
    }

    /// Counts a failed sign-in at `now`; the `limit`-th in a row locks the account until
    /// `now + lock_for`. A lock that has run out starts the count again. Returns whether the
    /// account is now locked.
    pub async fn record_failed_login(
        &self,
        id: i64,
        now: DateTime<Utc>,
        limit: i64,
        lock_for: chrono::TimeDelta,
    ) -> Result<bool, StoreError> {
        let until = now + lock_for;
        // one statement, so that concurrent attempts each count
        let locked: Option<Option<DateTime<Utc>>> = on_pool!(self, p => sqlx::query_scalar(
            "UPDATE accounts SET \
               failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 \
                                    THEN 1 ELSE failed_logins + 1 END, \
               locked_until = CASE \
                 WHEN locked_until IS NOT NULL AND locked_until > $2 THEN locked_until \
                 WHEN locked_until IS NOT NULL THEN NULL \
                 WHEN failed_logins + 1 >= $3 THEN $4 \
                 ELSE NULL END \
             WHERE id = $1 RETURNING locked_until",
        )
        .bind(id)
        .bind(now)
        .bind(limit)
        .bind(until)
        .fetch_optional(p).await)?;
        Ok(matches!(locked, Some(Some(t)) if t > now))
    }

    /// A successful sign-in: the count of failures starts again.
    pub async fn record_login(&self, id: i64) -> Result<(), StoreError> {
        on_pool!(self, p => sqlx::query(
            "UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1",
        )
        .bind(id)
        .execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Sets what the account named `name` may do — its role, the municipality whose plans it
    /// sees (none: every one), its department — and ends every session it has, so the new
    /// rights hold from its next sign-in; audited with the rights before and after.
    pub async fn set_account_rights(
        &self,
        name: &str,
        rights: NewRights<'_>,
        actor: &Actor,
    ) -> Result<Account, StoreError> {
        let at = crate::now();
        let mut tx = self.begin_write().await?;
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.name = $1");
        let before: Option<AccountRow> =
            on_tx!(&mut tx, c => sqlx::query_as(&sql).bind(name).fetch_optional(&mut *c).await)?;
        let Some(before) = before else {
            tx.rollback().await?;
            return Err(StoreError::AccountNotFound(name.to_owned()));
        };
        let before = account(before)?;
        let after = rights.account(before.id, &before.name);
        if let Some(code) = &after.municipality_code {
            crate::save::ensure_municipality(&mut tx, code, None, at).await?;
        }
        on_tx!(&mut tx, c => sqlx::query(
            "UPDATE accounts SET role = $2, municipality_code = $3, department = $4, \
             version = version + 1 WHERE id = $1",
        )
        .bind(before.id)
        .bind(after.role.code())
        .bind(after.municipality_code.as_deref())
        .bind(after.department.as_deref())
        .execute(&mut *c).await.map(|_| ()))?;
        on_tx!(&mut tx, c => sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(before.id).execute(&mut *c).await.map(|_| ()))?;
        account_change(
            &mut tx,
            actor,
            at,
            "account.rights",
            format!("アカウント {name} の権限"),
            Some(described(&before)),
            Some(described(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Replaces an account's password hash and ends every session it has, audited (the hash
    /// itself is not logged).
    pub async fn change_password(
        &self,
        id: i64,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let at = crate::now();
        let mut tx = self.begin_write().await?;
        let name: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
            "UPDATE accounts SET password_hash = $2, password_changed_at = $3, \
             failed_logins = 0, locked_until = NULL, version = version + 1 \
             WHERE id = $1 RETURNING name",
        )
        .bind(id)
        .bind(password_hash)
        .bind(at)
        .fetch_optional(&mut *c).await)?;
        let Some(name) = name else {
            tx.rollback().await?;
            return Err(StoreError::AccountNotFound(id.to_string()));
        };
        on_tx!(&mut tx, c => sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(id).execute(&mut *c).await.map(|_| ()))?;
        account_change(
            &mut tx,
            actor,
            at,
            "account.password",
            format!("アカウント {name} のパスワード"),
            None,
            Some("変更".to_owned()),
        )
        .await?;
        tx.commit().await
    }
}

/// Audits a change to an account (not to any plan).
async fn account_change(
    tx: &mut crate::backend::Tx,
    actor: &Actor,
    at: DateTime<Utc>,
    action: &'static str,
    subject: String,
    before: Option<String>,
    after: Option<String>,
) -> Result<(), StoreError> {
    audit::record(
        tx,
        actor,
        at,
        None,
        Change {
            action,
            plan_id: None,
            indicator_id: None,
            subject,
            before,
            after,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_back_from_their_codes() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn a_name_must_be_typable() {
        assert!(check_name("tanaka").is_ok());
        assert!(check_name("田中_子ども課").is_ok());
        for bad in ["", "a b", "tab\there", "x\u{7}", &"長".repeat(65)] {
            assert!(
                matches!(check_name(bad), Err(StoreError::BadAccountName(_))),
                "{bad:?}"
            );
        }
    }
}
