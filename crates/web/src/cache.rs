//! Evaluated plans kept between requests: loading a plan and evaluating a year costs
//! milliseconds, a page is asked for many times between changes. A kept evaluation is used
//! only while the plan's revision (its newest audit entry; every change is audited) is the one
//! it was made at, so a change made through any instance shows on the next page.

use crate::error::WebError;
use crate::evaluation::{PlanYear, evaluate_year};
use shinchoku_core::FiscalYear;
use shinchoku_store::{Store, StoredPlan};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Plans kept at most; beyond, the least recently used goes.
const PLANS: usize = 256;
/// Evaluated years kept per plan.
const YEARS: usize = 16;

#[derive(Debug)]
struct Kept {
    revision: i64,
    plan: Arc<StoredPlan>,
    years: HashMap<Option<FiscalYear>, Arc<PlanYear>>,
    used: u64,
}

#[derive(Debug, Default)]
pub struct PlanCache {
    plans: Mutex<HashMap<i64, Kept>>,
    clock: std::sync::atomic::AtomicU64,
}

impl PlanCache {
    /// The plan as stored now.
    pub async fn plan(&self, store: &Store, id: i64) -> Result<Arc<StoredPlan>, WebError> {
        let revision = store.plan_revision(id).await?;
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
        let revision = store.plan_revision(id).await?;
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
                plan,
                years: HashMap::new(),
                used: tick,
            },
        );
    }

    fn tick(&self) -> u64 {
        self.clock
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}
