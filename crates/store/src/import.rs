//! Importing a read sheet into a plan, in one transaction: a new plan is written whole; an
//! existing one gets only what the sheet changes, each change audited, and a sheet that
//! changes nothing writes nothing at all.

use crate::audit::{self, Actor};
use crate::backend::Tx;
use crate::diff::{self, Change, PlanDiff};
use crate::slot::{self, Slot};
use crate::values;
use crate::{Store, StoreError, StoredPlan, save};
use chrono::{DateTime, Utc};
use sha2::Digest;
use shinchoku_core::Plan;
use shinchoku_core::municipality::MunicipalityCode;
use std::collections::HashMap;

/// The file a plan is imported from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub file_name: String,
    /// SHA-256 of the file's bytes, in lowercase hex.
    pub sha256: String,
    pub byte_size: u64,
    /// The layout it was read with.
    pub layout: Option<String>,
}

impl SourceFile {
    pub fn of_bytes(file_name: impl Into<String>, bytes: &[u8], layout: Option<String>) -> Self {
        let digest = sha2::Sha256::digest(bytes);
        SourceFile {
            file_name: file_name.into(),
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            byte_size: bytes.len() as u64,
            layout,
        }
    }
}

/// What to import, into which plan.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    /// 全国地方公共団体コード as typed; its check digit is verified.
    pub municipality: &'a str,
    /// The plan's name; by default the sheet's title, else the file's name.
    pub plan_name: Option<&'a str>,
    pub plan: &'a Plan,
    pub source: SourceFile,
    pub actor: Actor,
    /// Only say what would change.
    pub dry_run: bool,
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOutcome {
    /// None only for a dry run of a new plan.
    pub plan_id: Option<i64>,
    pub plan_name: String,
    pub municipality_code: String,
    pub created: bool,
    /// The stored plan already says what the sheet says: nothing was written.
    pub up_to_date: bool,
    pub diff: PlanDiff,
    pub indicators: usize,
    pub values: usize,
    pub batch_id: Option<i64>,
    pub dry_run: bool,
}

impl Store {
    /// Imports a read sheet. See the module comment.
    pub async fn import(&self, req: ImportRequest<'_>) -> Result<ImportOutcome, StoreError> {
        let code = MunicipalityCode::parse(req.municipality)?.to_string();
        let name = plan_name(&req);
        let existing: Option<i64> = on_pool!(self, p => sqlx::query_scalar(
            "SELECT id FROM plans WHERE municipality_code = $1 AND name = $2",
        )
        .bind(&code)
        .bind(&name)
        .fetch_optional(p)
        .await)?;
        let values: usize = req
            .plan
            .indicators
            .iter()
            .map(|i| save::entries(i).count())
            .sum();
        let mut outcome = ImportOutcome {
            plan_id: existing,
            plan_name: name.clone(),
            municipality_code: code.clone(),
            created: existing.is_none(),
            up_to_date: false,
            diff: PlanDiff::default(),
            indicators: req.plan.indicators.len(),
            values,
            batch_id: None,
            dry_run: req.dry_run,
        };
        match existing {
            None if req.dry_run => Ok(outcome),
            None => {
                let (id, batch) = self.create(&req, &code, &name).await?;
                outcome.plan_id = Some(id);
                outcome.batch_id = Some(batch);
                Ok(outcome)
            }
            Some(id) => {
                let stored = self.load_plan(id).await?;
                let revived = self.removed_indicators(id).await?;
                let kept = with_assigned_departments(&stored, req.plan);
                let req = ImportRequest {
                    plan: kept.as_ref().unwrap_or(req.plan),
                    ..req
                };
                let plan = Update::new(&stored, req.plan, &revived);
                outcome.diff = plan.diff.clone();
                outcome.up_to_date = outcome.diff.is_empty();
                if !outcome.up_to_date && !req.dry_run {
                    outcome.batch_id = Some(self.apply(&req, &code, id, plan).await?);
                }
                Ok(outcome)
            }
        }
    }

    async fn create(
        &self,
        req: &ImportRequest<'_>,
        code: &str,
        name: &str,
    ) -> Result<(i64, i64), StoreError> {
        let at = crate::now();
        let plan = req.plan;
        let keys = shinchoku_core::ids::indicator_keys(plan);
        let mut tx = self.begin_write().await?;
        save::ensure_municipality(&mut tx, code, plan.municipality.as_deref(), at).await?;
        let id =
            save::insert_plan(&mut tx, code, name, req.source.layout.as_deref(), plan, at).await?;
        let ids = save::write_indicators(&mut tx, id, code, plan, &keys, &[]).await?;
        let values = save::insert_all_values(&mut tx, plan, &ids, at, &req.actor.name).await?;
        save::replace_structure(&mut tx, id, plan, &ids).await?;
        let batch = insert_batch(&mut tx, id, &req.source, values as i64, at, &req.actor).await?;
        audit::record(
            &mut tx,
            &req.actor,
            at,
            Some(batch),
            audit::Change::plan_created(
                id,
                name,
                &req.source.file_name,
                plan.indicators.len(),
                values,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok((id, batch))
    }

    /// The plan's indicators no longer in its sheet, by key: id and values.
    async fn removed_indicators(
        &self,
        plan_id: i64,
    ) -> Result<HashMap<String, (i64, diff::ValueSet)>, StoreError> {
        let rows: Vec<RemovedValue> = on_pool!(self, p => sqlx::query_as(
                "SELECT i.id, i.key, v.series, v.fiscal_year, v.raw FROM indicators i \
                 LEFT JOIN indicator_values v ON v.indicator_id = i.id \
                 WHERE i.plan_id = $1 AND i.position IS NULL",
            )
            .bind(plan_id)
            .fetch_all(p)
            .await)?;
        let mut out: HashMap<String, (i64, diff::ValueSet)> = HashMap::new();
        for (id, key, series, year, raw) in rows {
            let (_, set) = out
                .entry(key)
                .or_insert_with(|| (id, diff::ValueSet::new()));
            if let (Some(series), Some(year), Some(raw)) = (series, year, raw) {
                let series = values::series_named(&series)
                    .ok_or_else(|| StoreError::BadValue(format!("区分「{series}」を読めません")))?;
                set.insert((series, crate::load::year(year)?), raw);
            }
        }
        Ok(out)
    }

    async fn apply(
        &self,
        req: &ImportRequest<'_>,
        code: &str,
        plan_id: i64,
        update: Update,
    ) -> Result<i64, StoreError> {
        let at = crate::now();
        let actor = &req.actor;
        let plan = req.plan;
        let mut tx = self.begin_write().await?;
        let batch = insert_batch(
            &mut tx,
            plan_id,
            &req.source,
            update.diff.changes.len() as i64,
            at,
            actor,
        )
        .await?;
        let ids =
            save::write_indicators(&mut tx, plan_id, code, plan, &update.keys, &update.ids).await?;
        let by_key: HashMap<&str, i64> = update
            .keys
            .iter()
            .map(String::as_str)
            .zip(ids.iter().copied())
            .collect();
        for change in &update.diff.changes {
            let (indicator_id, action, subject, before, after) = match change {
                Change::IndicatorAdded { key, name } => (
                    by_key.get(key.as_str()).copied(),
                    "indicator.add",
                    name.clone(),
                    None,
                    Some(key.clone()),
                ),
                Change::IndicatorRemoved { key, name } => {
                    let id = update.removed.get(key).copied();
                    if let Some(id) = id {
                        on_tx!(&mut tx, c => sqlx::query(
                            "UPDATE indicators SET position = NULL, goal = NULL, outcome = NULL, \
                             version = version + 1 WHERE id = $1",
                        )
                        .bind(id)
                        .execute(&mut *c)
                        .await.map(|_| ()))?;
                    }
                    (
                        id,
                        "indicator.remove",
                        name.clone(),
                        Some(key.clone()),
                        None,
                    )
                }
                Change::Attribute {
                    key,
                    name,
                    attribute,
                    before,
                    after,
                } => (
                    by_key.get(key.as_str()).copied(),
                    "indicator.change",
                    format!("{name} の{attribute}"),
                    before.clone(),
                    after.clone(),
                ),
                Change::Value {
                    key,
                    name,
                    series,
                    year,
                    before,
                    after,
                } => {
                    let id = by_key.get(key.as_str()).copied();
                    if let Some(id) = id {
                        Slot::value(series)
                            .write(
                                &mut tx,
                                id,
                                year.start_year(),
                                after.as_deref(),
                                at,
                                &actor.name,
                            )
                            .await?;
                        if *series == "target" {
                            slot::revise_target(
                                &mut tx,
                                id,
                                year.start_year(),
                                before.as_deref(),
                                after.as_deref(),
                                &format!("シートの取込 ({})", req.source.file_name),
                                at,
                                &actor.name,
                            )
                            .await?;
                        }
                    }
                    (
                        id,
                        "value.import",
                        format!("{name} {year} {}", diff::series_label(series)),
                        before.clone(),
                        after.clone(),
                    )
                }
            };
            audit::record(
                &mut tx,
                actor,
                at,
                Some(batch),
                audit::Change {
                    action,
                    plan_id: Some(plan_id),
                    indicator_id,
                    subject,
                    before,
                    after,
                },
            )
            .await?;
        }
        save::replace_structure(&mut tx, plan_id, plan, &ids).await?;
        save::update_plan(&mut tx, plan_id, req.source.layout.as_deref(), plan, at).await?;
        if !update.diff.structure.is_empty() {
            audit::record(
                &mut tx,
                actor,
                at,
                Some(batch),
                audit::Change {
                    action: "plan.structure",
                    plan_id: Some(plan_id),
                    indicator_id: None,
                    subject: "シートの構成".to_owned(),
                    before: None,
                    after: Some(update.diff.structure.join("・")),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(batch)
    }
}

/// A value of an indicator no longer in the sheet: id, key, and series, year and raw text
/// when it has values.
type RemovedValue = (i64, String, Option<String>, Option<i64>, Option<String>);

/// The import of an updated sheet, worked out before anything is written.
#[derive(Debug)]
struct Update {
    diff: PlanDiff,
    keys: Vec<String>,
    /// The database id of each new indicator that has one already (kept or revived).
    ids: Vec<Option<i64>>,
    /// Indicators no longer in the sheet: key → id.
    removed: HashMap<String, i64>,
}

impl Update {
    /// What `plan` changes in `stored`; `revived` holds the indicators the stored plan once
    /// had and no longer shows, whose rows a returning indicator takes up again.
    fn new(
        stored: &crate::StoredPlan,
        plan: &Plan,
        revived: &HashMap<String, (i64, diff::ValueSet)>,
    ) -> Update {
        let keys = shinchoku_core::ids::indicator_keys(plan);
        let old_at: HashMap<&str, usize> = stored
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let mut changes = Vec::new();
        let mut pairs = Vec::with_capacity(keys.len());
        let mut ids = Vec::with_capacity(keys.len());
        let empty = diff::ValueSet::new();
        for (ind, key) in plan.indicators.iter().zip(&keys) {
            let old = old_at.get(key.as_str()).copied();
            pairs.push(old);
            let new_values = diff::value_set(ind);
            match old {
                Some(o) => {
                    let before = &stored.plan.indicators[o];
                    ids.push(Some(stored.indicator_ids[o]));
                    for ((attribute, a), (_, b)) in diff::attributes(before)
                        .into_iter()
                        .zip(diff::attributes(ind))
                    {
                        if a != b {
                            changes.push(Change::Attribute {
                                key: key.clone(),
                                name: ind.name.clone(),
                                attribute,
                                before: a,
                                after: b,
                            });
                        }
                    }
                    diff::value_changes(
                        key,
                        &ind.name,
                        &diff::value_set(before),
                        &new_values,
                        &mut changes,
                    );
                }
                None => {
                    changes.push(Change::IndicatorAdded {
                        key: key.clone(),
                        name: ind.name.clone(),
                    });
                    let (id, old_values) = match revived.get(key) {
                        Some((id, v)) => (Some(*id), v),
                        None => (None, &empty),
                    };
                    ids.push(id);
                    diff::value_changes(key, &ind.name, old_values, &new_values, &mut changes);
                }
            }
        }
        let mut removed = HashMap::new();
        for (o, key) in stored.keys.iter().enumerate() {
            if !keys.contains(key) {
                removed.insert(key.clone(), stored.indicator_ids[o]);
                changes.push(Change::IndicatorRemoved {
                    key: key.clone(),
                    name: stored.plan.indicators[o].name.clone(),
                });
            }
        }
        let structure = diff::structure(&stored.plan, plan, &pairs);
        Update {
            diff: PlanDiff { changes, structure },
            keys,
            ids,
            removed,
        }
    }
}

/// The sheet's plan with the department a person assigned to each indicator, where the sheet
/// names none (most sheets have no 所管課 column: saying nothing, they do not take it away).
/// `None` when there is nothing to keep.
fn with_assigned_departments(stored: &StoredPlan, plan: &Plan) -> Option<Plan> {
    let assigned: HashMap<&str, &str> = stored
        .keys
        .iter()
        .zip(&stored.plan.indicators)
        .filter_map(|(k, i)| Some((k.as_str(), i.department.as_deref()?)))
        .collect();
    if assigned.is_empty() {
        return None;
    }
    let keys = shinchoku_core::ids::indicator_keys(plan);
    let mut kept = plan.clone();
    let mut any = false;
    for (ind, key) in kept.indicators.iter_mut().zip(&keys) {
        if ind.department.is_none() {
            if let Some(d) = assigned.get(key.as_str()) {
                ind.department = Some((*d).to_owned());
                any = true;
            }
        }
    }
    any.then_some(kept)
}

fn plan_name(req: &ImportRequest<'_>) -> String {
    if let Some(n) = req.plan_name.map(str::trim).filter(|n| !n.is_empty()) {
        return n.to_owned();
    }
    if let Some(t) = req
        .plan
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return t.to_owned();
    }
    std::path::Path::new(&req.source.file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| req.source.file_name.clone())
}

async fn insert_batch(
    tx: &mut Tx,
    plan_id: i64,
    source: &SourceFile,
    changes: i64,
    at: DateTime<Utc>,
    actor: &Actor,
) -> Result<i64, StoreError> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO import_batches (plan_id, file_name, sha256, byte_size, layout, changes, imported_at, imported_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(plan_id)
    .bind(&source.file_name)
    .bind(&source.sha256)
    .bind(source.byte_size as i64)
    .bind(&source.layout)
    .bind(changes)
    .bind(at)
    .bind(&actor.name)
    .fetch_one(&mut *c)
    .await)?;
    Ok(id)
}
