//! Finding a plan and an indicator the way people name them: a plan by the id `plans` prints
//! or by its name, an indicator by its key, its row number or its name.

use crate::{Store, StoreError, StoredPlan};
use chrono::{DateTime, Utc};

/// A line of `shinchoku plans`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSummary {
    pub id: i64,
    pub municipality_code: String,
    pub municipality_name: Option<String>,
    pub name: String,
    pub period: Option<(i64, i64)>,
    pub indicators: i64,
    pub values: i64,
    pub updated_at: DateTime<Utc>,
    /// The file last imported into it.
    pub last_import: Option<String>,
}

/// One indicator of a stored plan, found by what a person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorSummary {
    pub id: i64,
    pub key: String,
    pub name: String,
    /// Its place in the plan, from 0.
    pub index: usize,
}

type SummaryRow = (
    i64,
    String,
    Option<String>,
    String,
    Option<i64>,
    Option<i64>,
    i64,
    i64,
    DateTime<Utc>,
    Option<String>,
);

impl Store {
    /// Every plan, by municipality and name.
    pub async fn plans(&self) -> Result<Vec<PlanSummary>, StoreError> {
        let rows: Vec<SummaryRow> = on_pool!(self, p => sqlx::query_as(
            // counted once over each table, not once per plan: a national deployment keeps
            // thousands of plans and millions of values
            "WITH ind AS (SELECT plan_id, count(*) AS n FROM indicators \
                          WHERE position IS NOT NULL GROUP BY plan_id), \
                  val AS (SELECT i.plan_id, count(*) AS n FROM indicator_values v \
                          JOIN indicators i ON i.id = v.indicator_id \
                          WHERE i.position IS NOT NULL GROUP BY i.plan_id), \
                  last AS (SELECT plan_id, max(id) AS id FROM import_batches GROUP BY plan_id) \
             SELECT p.id, p.municipality_code, m.name, p.name, p.period_first, p.period_last, \
             COALESCE(ind.n, 0), COALESCE(val.n, 0), p.updated_at, b.file_name \
             FROM plans p JOIN municipalities m ON m.code = p.municipality_code \
             LEFT JOIN ind ON ind.plan_id = p.id \
             LEFT JOIN val ON val.plan_id = p.id \
             LEFT JOIN last ON last.plan_id = p.id \
             LEFT JOIN import_batches b ON b.id = last.id \
             ORDER BY p.municipality_code, p.name, p.id",
        )
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|r| PlanSummary {
                id: r.0,
                municipality_code: r.1,
                municipality_name: r.2,
                name: r.3,
                period: r.4.zip(r.5),
                indicators: r.6,
                values: r.7,
                updated_at: r.8,
                last_import: r.9,
            })
            .collect())
    }

    /// The plan named by `spec`: the id `plans` prints, else its name.
    pub async fn find_plan(&self, spec: &str) -> Result<i64, StoreError> {
        let spec = spec.trim();
        if let Ok(id) = spec.parse::<i64>() {
            let found: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT id FROM plans WHERE id = $1")
                .bind(id)
                .fetch_optional(p)
                .await)?;
            if let Some(id) = found {
                return Ok(id);
            }
        }
        let ids: Vec<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT id FROM plans WHERE name = $1 ORDER BY id")
            .bind(spec)
            .fetch_all(p)
            .await)?;
        match ids.as_slice() {
            [] => Err(StoreError::PlanNotFound(spec.to_owned())),
            [id] => Ok(*id),
            many => Err(StoreError::AmbiguousPlan {
                name: spec.to_owned(),
                ids: many
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }
}

impl StoredPlan {
    /// The indicator named by `spec`: its key (as `evaluate` prints it), its number in the
    /// plan's order, or its name.
    pub fn find_indicator(&self, spec: &str) -> Result<IndicatorSummary, StoreError> {
        let spec = spec.trim();
        let plan = &self.plan;
        use shinchoku_core::statement::{self, StatementError};
        let index = statement::find(plan, &self.keys, spec).map_err(|e| match e {
            StatementError::AmbiguousIndicator(name, ids) => {
                StoreError::AmbiguousIndicator { name, ids }
            }
            _ => StoreError::IndicatorNotFound {
                plan: self.id,
                indicator: spec.to_owned(),
            },
        })?;
        Ok(IndicatorSummary {
            id: self.indicator_ids[index],
            key: self.keys[index].clone(),
            name: plan.indicators[index].name.clone(),
            index,
        })
    }
}
