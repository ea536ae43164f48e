//! Which department (所管課) keeps an indicator: the web lets an editor change only its own
//! department's indicators. Set by a person (or a sheet's 担当課 column), audited.

use crate::audit::{self, Actor, Change};
use crate::{Store, StoreError};

impl Store {
    /// Makes `department` (none: no department) the keeper of the plan's indicator.
    pub async fn assign_department(
        &self,
        plan_id: i64,
        indicator_id: i64,
        department: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let department = department.map(str::trim).filter(|d| !d.is_empty());
        let at = crate::now();
        let mut tx = self.begin_write().await?;
        let found: Option<(String, String, Option<String>)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT p.municipality_code, i.name, d.name FROM indicators i \
             JOIN plans p ON p.id = i.plan_id \
             LEFT JOIN departments d ON d.id = i.department_id \
             WHERE i.id = $1 AND i.plan_id = $2",
        )
        .bind(indicator_id)
        .bind(plan_id)
        .fetch_optional(&mut *c).await)?;
        let Some((municipality, name, before)) = found else {
            tx.rollback().await?;
            return Err(StoreError::IndicatorNotFound {
                plan: plan_id,
                indicator: indicator_id.to_string(),
            });
        };
        if before.as_deref() == department {
            return tx.rollback().await;
        }
        let id: Option<i64> = match department {
            None => None,
            Some(d) => Some(on_tx!(&mut tx, c => sqlx::query_scalar(
                // DO UPDATE (to itself) so that RETURNING gives the id of an existing row too
                "INSERT INTO departments (municipality_code, name) VALUES ($1, $2) \
                 ON CONFLICT (municipality_code, name) DO UPDATE SET name = excluded.name \
                 RETURNING id",
            )
            .bind(&municipality)
            .bind(d)
            .fetch_one(&mut *c).await)?),
        };
        on_tx!(&mut tx, c => sqlx::query(
            "UPDATE indicators SET department_id = $1, version = version + 1 WHERE id = $2",
        )
        .bind(id)
        .bind(indicator_id)
        .execute(&mut *c).await.map(|_| ()))?;
        audit::record(
            &mut tx,
            actor,
            at,
            None,
            Change {
                action: "indicator.department",
                plan_id: Some(plan_id),
                indicator_id: Some(indicator_id),
                subject: format!("「{name}」の所管課"),
                before,
                after: department.map(str::to_owned),
            },
        )
        .await?;
        tx.commit().await
    }
}
