//! Evaluated plans kept between requests: loading a plan and evaluating a year costs
//! milliseconds, a page is asked for many times between changes. A kept evaluation is used
//! only while the plan's revision (its newest audit entry; every change is audited) is the one
//! it was made at. The revision itself is read again once it is older than the state's
//! `trust_for`, or at once after a change made here ([`PlanCache::forget`]): a change made
//! through this instance shows on the next page, one made elsewhere within that time.

use crate::error::WebError;
use crate::evaluation::{PlanYear, evaluate_year};
use shinchoku_core::FiscalYear;
use shinchoku_store::{AuditEntry, Store, StoredEntry, StoredPlan};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Plans kept at most; beyond, the least recently used goes.
const PLANS: usize = 256;
/// Evaluated years kept per plan.
const YEARS: usize = 16;
/// Indicators whose history and entries are kept per plan.
const INDICATORS: usize = 256;

/// What the indicator page shows beside the evaluation: its change history and its entries.
#[derive(Debug)]
pub struct IndicatorRecords {
    pub history: Vec<AuditEntry>,
    pub entries: Vec<StoredEntry>,
}

#[derive(Debug)]
struct Kept {
    revision: i64,
    /// When the revision was last read from the database; `None`: read it again.
    checked: Option<Instant>,
    plan: Arc<StoredPlan>,
    years: HashMap<Option<FiscalYear>, Arc<PlanYear>>,
    indicators: HashMap<i64, Arc<IndicatorRecords>>,
    used: u64,
}

#[derive(Debug)]
pub struct PlanCache {
    trust_for: Duration,
    plans: Mutex<HashMap<i64, Kept>>,
    clock: std::sync::atomic::AtomicU64,
}

impl PlanCache {
    pub fn new(trust_for: Duration) -> PlanCache {
        PlanCache {
            trust_for,
            plans: Mutex::new(HashMap::new()),
            clock: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Reads the plan's revision again on its next use: it was changed here.
    pub fn forget(&self, id: i64) {
        if let Ok(mut plans) = self.plans.lock() {
            if let Some(k) = plans.get_mut(&id) {
                k.checked = None;
            }
        }
    }

    /// The plan's revision: the kept one while it is trusted, else as stored now.
    async fn revision(&self, store: &Store, id: i64) -> Result<i64, WebError> {
        if let Ok(plans) = self.plans.lock() {
            if let Some(k) = plans.get(&id) {
                if k.checked.is_some_and(|at| at.elapsed() < self.trust_for) {
                    return Ok(k.revision);
                }
            }
        }
        let revision = store.plan_revision(id).await?;
        if let Ok(mut plans) = self.plans.lock() {
            if let Some(k) = plans.get_mut(&id).filter(|k| k.revision == revision) {
                k.checked = Some(Instant::now());
            }
        }
        Ok(revision)
    }

    /// The plan as stored now.
    pub async fn plan(&self, store: &Store, id: i64) -> Result<Arc<StoredPlan>, WebError> {
        let revision = self.revision(store, id).await?;
        if let Some(plan) = self.with(id, revision, |k| k.plan.clone()) {
            return Ok(plan);
        }
        let plan = Arc::new(store.load_plan(id).await?);
        self.keep(id, revision, plan.clone());
        Ok(plan)
    }

    /// The plan and its evaluation in `year` (none: its default year), as stored now.
    pub async fn year(
        &self,
        store: &Store,
        id: i64,
        year: Option<FiscalYear>,
    ) -> Result<(Arc<StoredPlan>, Arc<PlanYear>), WebError> {
        let revision = self.revision(store, id).await?;
        let found = self.with(id, revision, |k| {
            (k.plan.clone(), k.years.get(&year).cloned())
        });
        let plan = match found {
            Some((plan, Some(py))) => return Ok((plan, py)),
            Some((plan, None)) => plan,
            None => {
                let plan = Arc::new(store.load_plan(id).await?);
                self.keep(id, revision, plan.clone());
                plan
            }
        };
        // evaluating is pure CPU work: off the threads that answer requests
        let evaluated = {
            let plan = plan.clone();
            tokio::task::spawn_blocking(move || evaluate_year(&plan, year))
                .await
                .map_err(|e| WebError::Internal(format!("評価が異常終了しました: {e}")))??
        };
        let py = Arc::new(evaluated);
        if let Ok(mut plans) = self.plans.lock() {
            if let Some(k) = plans.get_mut(&id).filter(|k| k.revision == revision) {
                if k.years.len() >= YEARS {
                    k.years.clear();
                }
                k.years.insert(year, py.clone());
            }
        }
        Ok((plan, py))
    }

    /// An indicator's history and entries (the indicator a plan's own, `id` its database id),
    /// as stored now.
    pub async fn indicator(
        &self,
        store: &Store,
        plan_id: i64,
        id: i64,
    ) -> Result<Arc<IndicatorRecords>, WebError> {
        let revision = self.revision(store, plan_id).await?;
        if let Some(Some(kept)) = self.with(plan_id, revision, |k| k.indicators.get(&id).cloned()) {
            return Ok(kept);
        }
        // two reads of their own tables, made at once
        let (history, entries) = tokio::join!(store.history(id), store.entries(id));
        let records = Arc::new(IndicatorRecords {
            history: history?,
            entries: entries?,
        });
        if let Ok(mut plans) = self.plans.lock() {
            if let Some(k) = plans.get_mut(&plan_id).filter(|k| k.revision == revision) {
                if k.indicators.len() >= INDICATORS {
                    k.indicators.clear();
                }
                k.indicators.insert(id, records.clone());
            }
        }
        Ok(records)
    }

    fn with<T>(&self, id: i64, revision: i64, f: impl FnOnce(&Kept) -> T) -> Option<T> {
        let tick = self.tick();
        let mut plans = self.plans.lock().ok()?;
        let k = plans.get_mut(&id).filter(|k| k.revision == revision)?;
        k.used = tick;
        Some(f(k))
    }

    fn keep(&self, id: i64, revision: i64, plan: Arc<StoredPlan>) {
        let tick = self.tick();
        let Ok(mut plans) = self.plans.lock() else {
            return;
        };
        if plans.len() >= PLANS && !plans.contains_key(&id) {
            if let Some(oldest) = plans.iter().min_by_key(|(_, k)| k.used).map(|(id, _)| *id) {
                plans.remove(&oldest);
            }
        }
        plans.insert(
            id,
            Kept {
                revision,
                checked: Some(Instant::now()),
                plan,
                years: HashMap::new(),
                indicators: HashMap::new(),
                used: tick,
            },
        );
    }

    fn tick(&self) -> u64 {
        self.clock
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}
