//! Loading a collection (see `shinchoku_core::collection`): each municipality's rows become a
//! new plan of the given name, with its indicators and values, all in one transaction that
//! either keeps everything or nothing. Rows arrive in batches while the file is still being
//! read (the reader runs on another thread), and are written as they come: plans and
//! indicators get their ids here, so that values need no round trip to learn them, and the
//! values go in by the backend's bulk path (`COPY` / multi-row inserts). Each plan gets its
//! import batch and one audit entry, as a plan created by `import` does.

mod keys;
mod loader;

pub(crate) use keys::{PLAIN_INDEXES, SET_ASIDE};

use crate::audit::Actor;
use crate::backend::Tx;
use crate::rows::{self, Param};
use crate::values::{self, BulkValue};
use crate::{SourceFile, Store, StoreError};
use loader::Loader;
use shinchoku_core::collection::{CollectionRow, RejectedRow};
use shinchoku_core::municipality::MunicipalityCode;
use tokio::sync::mpsc;

/// What the reader of a collection sends the loader.
#[derive(Debug)]
pub enum CollectionFeed {
    /// The next rows, in the file's order.
    Rows(Vec<CollectionRow>),
    /// Every row has been sent. A feed that closes without it was cut short: nothing is kept.
    End,
}

/// Where to load a collection.
#[derive(Debug, Clone)]
pub struct CollectionRequest {
    /// The name each municipality's plan gets.
    pub plan_name: String,
    pub source: SourceFile,
    pub actor: Actor,
    /// Load, then roll back: say what would be created.
    pub dry_run: bool,
    /// About how many values the collection holds (from its size): on PostgreSQL, a load at
    /// least as large as what is stored already builds the values' keys after the rows.
    pub expected_values: usize,
}

/// What loading a collection did (or, dry, would do).
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionOutcome {
    /// Each municipality's new plan, in the order the file first names them.
    pub plans: Vec<(MunicipalityCode, i64)>,
    pub indicators: usize,
    pub values: usize,
    /// Rows naming a figure an earlier row already gave: the earlier one is kept.
    pub duplicates: Vec<RejectedRow>,
    pub dry_run: bool,
}

/// The layout a collection's plans are read with, as `import_batches` and `plans` record it.
const LAYOUT: &str = "collection";

/// Values written at a time: enough for few statements, few enough to keep memory flat.
const FLUSH_VALUES: usize = 60_000;

/// Batches placed ahead of the one being written.
const PLACED_AHEAD: usize = 2;

/// Rows waiting to be written, parents first.
#[derive(Debug, Default)]
struct Pending {
    municipalities: Vec<Vec<Param>>,
    plans: Vec<Vec<Param>>,
    indicators: Vec<Vec<Param>>,
    values: Vec<BulkValue>,
}

impl Store {
    /// Loads a collection fed through `feed`. See the module comment.
    pub async fn load_collection(
        &self,
        req: CollectionRequest,
        mut feed: mpsc::Receiver<CollectionFeed>,
    ) -> Result<CollectionOutcome, StoreError> {
        let at = crate::now();
        let mut tx = self.begin_write().await?;
        let mut loader = Loader::start(&mut tx, &req).await?;
        // rows are placed (plan, indicator, ids) on a thread of their own while the batch
        // placed before is written: placed between statements, they left SQLite (sqlx's worker
        // thread) idle a quarter of the national load
        let (ready, mut placed) = mpsc::channel::<Pending>(PLACED_AHEAD);
        let placer = tokio::task::spawn_blocking(move || -> Result<Loader, StoreError> {
            loop {
                let (pending, ended) = loader.fill(&mut feed, at)?;
                // a closed channel: the writer stopped, and its error is the one to tell
                if ready.blocking_send(pending).is_err() || ended {
                    return Ok(loader);
                }
            }
        });
        let by = req.actor.name.as_str();
        let mut written = Ok(());
        while let Some(pending) = placed.recv().await {
            written = pending.write(&mut tx, at, by).await;
            if written.is_err() {
                break;
            }
        }
        // lets the placer stop at its next batch
        drop(placed);
        let loader = placer.await;
        written?;
        let loader = loader.map_err(|_| {
            StoreError::BadValue(
                "一括取込の処理が途中で止まりました。何も書き込んでいません".into(),
            )
        })??;
        if loader.order.is_empty() {
            // the transaction is dropped, rolled back: nothing was written anyway
            return Err(StoreError::EmptyCollection {
                file: req.source.file_name.clone(),
            });
        }
        loader.finish(&mut tx, &req, at).await?;
        let outcome = CollectionOutcome {
            plans: loader
                .order
                .iter()
                .filter_map(|m| loader.plans.get(m).map(|p| (*m, p.id)))
                .collect(),
            indicators: loader.indicators.len(),
            values: loader.values,
            duplicates: loader.duplicates,
            dry_run: req.dry_run,
        };
        if req.dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(outcome)
    }
}

impl Pending {
    /// The values in key order, so that each row lands at the end of the key's b-tree (a
    /// collection gives an indicator's years with target and actual interleaved).
    fn sorted(mut self) -> Pending {
        self.values.sort_unstable_by(|a, b| {
            (a.indicator_id, a.series, a.fiscal_year).cmp(&(
                b.indicator_id,
                b.series,
                b.fiscal_year,
            ))
        });
        self
    }

    /// Writes the rows, parents first.
    async fn write(
        self,
        tx: &mut Tx,
        at: chrono::DateTime<chrono::Utc>,
        by: &str,
    ) -> Result<(), StoreError> {
        rows::insert(
            tx,
            "municipalities",
            &["code", "name", "created_at"],
            &self.municipalities,
        )
        .await?;
        rows::insert(
            tx,
            "plans",
            &[
                "id",
                "municipality_code",
                "name",
                "source_layout",
                "created_at",
                "updated_at",
            ],
            &self.plans,
        )
        .await?;
        rows::insert(
            tx,
            "indicators",
            &["id", "plan_id", "key", "position", "name"],
            &self.indicators,
        )
        .await?;
        values::insert(tx, self.values, at, by).await
    }
}
