//! The load in progress: what exists when it starts, the ids it hands out, each row placed in
//! its plan and indicator, and each plan's closing rows (period, fiscal years, batch, audit).

use super::keys::SetAside;
use super::{CollectionFeed, CollectionRequest, FLUSH_VALUES, LAYOUT, Pending};
use crate::StoreError;
use crate::audit;
use crate::backend::Tx;
use crate::rows::{self, Param};
use crate::values::{self, BulkValue};
use shinchoku_core::collection::{CollectionRow, RejectedRow};
use shinchoku_core::municipality::MunicipalityCode;
use shinchoku_core::{FiscalYear, Series};
use std::collections::{BTreeSet, HashMap, HashSet};
use tokio::sync::mpsc;

/// A plan being loaded.
#[derive(Debug)]
pub(super) struct PlanState {
    pub(super) id: i64,
    pub(super) indicators: HashMap<String, usize>,
    pub(super) years: BTreeSet<FiscalYear>,
}

/// An indicator being loaded: its id and the figures already given (year × series).
#[derive(Debug)]
pub(super) struct IndicatorState {
    id: i64,
    given: Vec<(FiscalYear, Series)>,
}

/// The load in progress: ids handed out, rows waiting to be written.
#[derive(Debug)]
pub(super) struct Loader {
    pub(super) plan_name: String,
    pub(super) existing: HashSet<String>,
    pub(super) known_municipalities: HashSet<String>,
    pub(super) plans: HashMap<MunicipalityCode, PlanState>,
    pub(super) order: Vec<MunicipalityCode>,
    pub(super) indicators: Vec<IndicatorState>,
    pub(super) next_plan: i64,
    pub(super) next_indicator: i64,
    pub(super) pending: Pending,
    pub(super) values: usize,
    pub(super) duplicates: Vec<RejectedRow>,
    /// Keys dropped for the load, to be made again after it (PostgreSQL).
    pub(super) set_aside: Option<SetAside>,
}

/// Rows of duplicates kept to report; the count goes on.
const DUPLICATES_KEPT: usize = 1_000;

impl Loader {
    /// Takes the write lock's view of what exists: plans of this name, municipalities, the
    /// highest ids.
    pub(super) async fn start(tx: &mut Tx, req: &CollectionRequest) -> Result<Loader, StoreError> {
        let plan_name = req.plan_name.as_str();
        let mut set_aside = None;
        if let Tx::Postgres(t) = &mut *tx {
            // ids are handed out here: no other writer may take one until this commits
            sqlx::query("LOCK TABLE municipalities, plans, indicators, import_batches IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut **t)
                .await?;
            // a load at least as large as what is stored is faster with the keys made after
            // it (see keys.rs); the tables stay locked for it until commit
            let stored: f32 = sqlx::query_scalar(
                "SELECT reltuples FROM pg_class WHERE oid = 'indicator_values'::regclass",
            )
            .fetch_one(&mut **t)
            .await?;
            if req.expected_values as f64 >= f64::from(stored.max(0.0)) {
                set_aside = Some(SetAside::remove(t).await?);
            }
        }
        let existing: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT municipality_code FROM plans WHERE name = $1",
        )
        .bind(plan_name)
        .fetch_all(&mut *c)
        .await)?;
        let municipalities: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT code FROM municipalities",
        )
        .fetch_all(&mut *c)
        .await)?;
        let max = |table: &'static str| format!("SELECT COALESCE(MAX(id), 0) FROM {table}");
        let last_plan: i64 =
            on_tx!(tx, c => sqlx::query_scalar(&max("plans")).fetch_one(&mut *c).await)?;
        let last_indicator: i64 =
            on_tx!(tx, c => sqlx::query_scalar(&max("indicators")).fetch_one(&mut *c).await)?;
        Ok(Loader {
            plan_name: plan_name.to_owned(),
            existing: existing.into_iter().collect(),
            known_municipalities: municipalities.into_iter().collect(),
            plans: HashMap::new(),
            order: Vec::new(),
            indicators: Vec::new(),
            next_plan: last_plan + 1,
            next_indicator: last_indicator + 1,
            pending: Pending::default(),
            values: 0,
            duplicates: Vec::new(),
            set_aside,
        })
    }

    /// Places one row: its plan and indicator, made on first sight, and its value.
    fn take(
        &mut self,
        row: CollectionRow,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let code = row.municipality;
        if !self.plans.contains_key(&code) {
            let text = code.to_string();
            if self.existing.contains(&text) {
                return Err(StoreError::PlanExists {
                    municipality: text,
                    plan: self.plan_name.clone(),
                });
            }
            if self.known_municipalities.insert(text.clone()) {
                self.pending.municipalities.push(vec![
                    text.as_str().into(),
                    Param::Text(None),
                    Param::Time(Some(at)),
                ]);
            }
            let id = self.next_plan;
            self.next_plan += 1;
            self.pending.plans.push(vec![
                id.into(),
                text.into(),
                self.plan_name.as_str().into(),
                LAYOUT.into(),
                Param::Time(Some(at)),
                Param::Time(Some(at)),
            ]);
            self.plans.insert(
                code,
                PlanState {
                    id,
                    indicators: HashMap::new(),
                    years: BTreeSet::new(),
                },
            );
            self.order.push(code);
        }
        let Some(plan) = self.plans.get_mut(&code) else {
            return Ok(());
        };
        plan.years.insert(row.fiscal_year);
        let index = match plan.indicators.get(&row.indicator) {
            Some(i) => *i,
            None => {
                let id = self.next_indicator;
                self.next_indicator += 1;
                let position = plan.indicators.len();
                self.pending.indicators.push(vec![
                    id.into(),
                    plan.id.into(),
                    row.indicator.as_str().into(),
                    position.into(),
                    row.name.as_deref().unwrap_or(&row.indicator).into(),
                ]);
                plan.indicators
                    .insert(row.indicator.clone(), self.indicators.len());
                self.indicators.push(IndicatorState {
                    id,
                    given: Vec::new(),
                });
                self.indicators.len() - 1
            }
        };
        let indicator = &mut self.indicators[index];
        let slot = (row.fiscal_year, row.series);
        if indicator.given.contains(&slot) {
            if self.duplicates.len() < DUPLICATES_KEPT {
                self.duplicates.push(RejectedRow {
                    line: row.line,
                    column: None,
                    reason: format!(
                        "団体 {code}・指標「{}」・{}・{}の値は前の行にもあります(前の行を取りました)",
                        row.indicator,
                        row.fiscal_year,
                        row.series
                    ),
                });
            }
            return Ok(());
        }
        indicator.given.push(slot);
        self.values += 1;
        self.pending.values.push(BulkValue {
            indicator_id: indicator.id,
            series: values::series_code(row.series),
            fiscal_year: row.fiscal_year.start_year(),
            raw: row.raw,
            number: row.number,
        });
        Ok(())
    }

    /// Takes rows from the feed until enough values wait to be written or the feed ends;
    /// returns what waits, in key order, and whether the feed has ended. Blocks: it runs on a
    /// thread of its own.
    pub(super) fn fill(
        &mut self,
        feed: &mut mpsc::Receiver<CollectionFeed>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Pending, bool), StoreError> {
        while self.pending.values.len() < FLUSH_VALUES {
            match feed.blocking_recv() {
                Some(CollectionFeed::Rows(rows)) => {
                    for row in rows {
                        self.take(row, at)?;
                    }
                }
                Some(CollectionFeed::End) => {
                    return Ok((std::mem::take(&mut self.pending).sorted(), true));
                }
                // the reader stopped before the end: the transaction is dropped, rolled back
                None => {
                    return Err(StoreError::BadValue(
                        "一括取込のファイルを最後まで読めませんでした。何も書き込んでいません"
                            .into(),
                    ));
                }
            }
        }
        Ok((std::mem::take(&mut self.pending).sorted(), false))
    }

    /// Each plan's period and fiscal years, its import batch and audit entry; on PostgreSQL
    /// the id sequences moved past the ids handed out here.
    pub(super) async fn finish(
        &self,
        tx: &mut Tx,
        req: &CollectionRequest,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let mut periods = Vec::new();
        let mut years = Vec::new();
        let mut batches = Vec::new();
        let last_batch: i64 = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT COALESCE(MAX(id), 0) FROM import_batches",
        )
        .fetch_one(&mut *c)
        .await)?;
        let mut changes = Vec::new();
        for (n, code) in self.order.iter().enumerate() {
            let Some(plan) = self.plans.get(code) else {
                continue;
            };
            let (Some(first), Some(last)) = (plan.years.first(), plan.years.last()) else {
                continue;
            };
            periods.push(vec![
                plan.id.into(),
                i64::from(first.start_year()).into(),
                i64::from(last.start_year()).into(),
            ]);
            for (position, y) in plan.years.iter().enumerate() {
                years.push(vec![
                    plan.id.into(),
                    position.into(),
                    i64::from(y.start_year()).into(),
                ]);
            }
            let batch = last_batch + 1 + n as i64;
            let values: usize = plan
                .indicators
                .values()
                .map(|i| self.indicators[*i].given.len())
                .sum();
            batches.push(vec![
                batch.into(),
                plan.id.into(),
                req.source.file_name.as_str().into(),
                req.source.sha256.as_str().into(),
                Param::Int(i64::try_from(req.source.byte_size).ok()),
                LAYOUT.into(),
                values.into(),
                Param::Time(Some(at)),
                req.actor.name.as_str().into(),
            ]);
            changes.push((
                Some(batch),
                audit::Change::plan_created(
                    plan.id,
                    &self.plan_name,
                    &req.source.file_name,
                    plan.indicators.len(),
                    values,
                ),
            ));
        }
        // the period the years span, as a sheet's columns give it
        for chunk in periods.chunks(1000) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|r| {
                    let p = |k: usize| rows::placeholder(tx.backend(), r * 3 + k);
                    format!("({}, {}, {})", p(1), p(2), p(3))
                })
                .collect();
            let sql = format!(
                "UPDATE plans SET period_first = v.column2, period_last = v.column3, \
                 period_source = 'sheet_columns' FROM (VALUES {}) AS v WHERE plans.id = v.column1",
                rows.join(",")
            );
            rows::execute(tx, &sql, chunk.iter().flatten()).await?;
        }
        rows::insert(
            tx,
            "plan_fiscal_years",
            &["plan_id", "position", "fiscal_year"],
            &years,
        )
        .await?;
        rows::insert(
            tx,
            "import_batches",
            &[
                "id",
                "plan_id",
                "file_name",
                "sha256",
                "byte_size",
                "layout",
                "changes",
                "imported_at",
                "imported_by",
            ],
            &batches,
        )
        .await?;
        audit::record_all(tx, &req.actor, at, changes).await?;
        if let Tx::Postgres(t) = &mut *tx {
            if let Some(keys) = &self.set_aside {
                keys.restore(t).await?;
            }
            // the planner's statistics, as its manual advises after a bulk load: without them
            // loading one plan right after the national load took 75 ms instead of 5. Only the
            // columns a plan is found and loaded by (130 ms instead of 220 for the national
            // load), from under a third of the usual sample (35 ms instead of 105; loading a
            // plan again on the same connection took 3.7 ms as with the full sample, and 12.5
            // ms from a tenth of it); autovacuum's own analyze fills in the rest later.
            sqlx::query("SET LOCAL default_statistics_target = 30")
                .execute(&mut **t)
                .await?;
            sqlx::query(
                "ANALYZE municipalities, plans, indicators (id, plan_id, position), indicator_values (indicator_id)",
            )
            .execute(&mut **t)
            .await?;
        }
        tx.move_ids_past_written(&["plans", "indicators", "import_batches"])
            .await
    }
}
