//! `serve --demo`: a SQLite database of its own (`demo/` in the data directory) holding both
//! sample sheets, their indicators given to departments, and one account of each kind, made on
//! first start and reused after.

use crate::commands::import::created;
use shinchoku_import::ReadOptions;
use shinchoku_store::{
    Actor, DatabaseLocation, ImportRequest, NewAccount, NewRights, Role, SourceFile, Store,
    StoreError, Via,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The demo accounts' password, printed at start: the demo holds only public sample data.
pub const PASSWORD: &str = "shinchoku-demo";

/// The sample sheets, in the binary so that the demo starts from any folder.
const SAMPLES: [Sample; 2] = [
    Sample {
        file: "nagareyama-progress-sheet.txt",
        bytes: include_bytes!("../../../../samples/nagareyama-progress-sheet.txt"),
        municipality: "122203",
        // the demo splits the plan between two departments, by top-level goal
        departments: &["子ども家庭課", "保育課"],
    },
    Sample {
        file: "kamaishi-priority-projects.txt",
        bytes: include_bytes!("../../../../samples/kamaishi-priority-projects.txt"),
        municipality: "032115",
        departments: &["子育て支援課"],
    },
];

struct Sample {
    file: &'static str,
    bytes: &'static [u8],
    municipality: &'static str,
    departments: &'static [&'static str],
}

/// A demo account, as the start-up message lists it.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub name: &'static str,
    role: Role,
    municipality: Option<&'static str>,
    department: Option<&'static str>,
    pub describe: &'static str,
}

const ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount {
        name: "admin",
        role: Role::Admin,
        municipality: None,
        department: None,
        describe: "管理者(すべての計画)",
    },
    DemoAccount {
        name: "nagareyama-kodomo",
        role: Role::Editor,
        municipality: Some("122203"),
        department: Some("子ども家庭課"),
        describe: "編集者 流山市 子ども家庭課",
    },
    DemoAccount {
        name: "nagareyama-hoiku",
        role: Role::Editor,
        municipality: Some("122203"),
        department: Some("保育課"),
        describe: "編集者 流山市 保育課",
    },
    DemoAccount {
        name: "kamaishi",
        role: Role::Editor,
        municipality: Some("032115"),
        department: Some("子育て支援課"),
        describe: "編集者 釜石市 子育て支援課",
    },
    DemoAccount {
        name: "viewer",
        role: Role::Viewer,
        municipality: None,
        department: None,
        describe: "閲覧者(すべての計画)",
    },
];

/// Where the demo keeps its database: never the deployment's own.
pub fn location(data_dir: Option<&Path>) -> DatabaseLocation {
    let dir: PathBuf = DatabaseLocation::data_dir(data_dir).join("demo");
    DatabaseLocation::Sqlite(dir.join("shinchoku.db"))
}

/// Fills the demo database on first start; returns the accounts to list.
pub async fn prepare(store: &Store, out: &mut impl Write) -> anyhow::Result<Vec<DemoAccount>> {
    let actor = Actor::new("demo", Via::Import);
    if store.plans().await?.is_empty() {
        for sample in &SAMPLES {
            let plan_id = import(store, sample, &actor, out).await?;
            assign(store, plan_id, sample.departments, &actor).await?;
        }
    }
    if store.accounts().await?.is_empty() {
        let hash = shinchoku_web::hash_password(PASSWORD)?;
        for a in &ACCOUNTS {
            let code = a
                .municipality
                .map(shinchoku_core::municipality::MunicipalityCode::parse)
                .transpose()
                .map_err(StoreError::from)?;
            store
                .add_account(
                    NewAccount {
                        name: a.name,
                        password_hash: &hash,
                        rights: NewRights {
                            role: a.role,
                            municipality: code.as_ref(),
                            department: a.department,
                        },
                    },
                    &actor,
                )
                .await?;
        }
    }
    Ok(ACCOUNTS.to_vec())
}

async fn import(
    store: &Store,
    sample: &Sample,
    actor: &Actor,
    out: &mut impl Write,
) -> anyhow::Result<i64> {
    let path = Path::new(sample.file);
    let sheet = shinchoku_import::read_bytes(path, sample.bytes, &ReadOptions::default())?;
    let source = SourceFile::of_bytes(sample.file, sample.bytes, Some(sheet.layout.to_owned()));
    let outcome = store
        .import(ImportRequest {
            municipality: sample.municipality,
            plan_name: None,
            plan: &sheet.plan,
            source,
            actor: actor.clone(),
            dry_run: false,
        })
        .await?;
    let id = outcome
        .plan_id
        .ok_or_else(|| anyhow::anyhow!("the demo's import made no plan"))?;
    writeln!(
        out,
        "デモ: 計画 {id}「{}」を{}(指標 {}件)",
        outcome.plan_name,
        created(false),
        outcome.indicators
    )?;
    Ok(id)
}

/// Gives the plan's indicators to `departments`, a top-level goal at a time in turn.
async fn assign(
    store: &Store,
    plan_id: i64,
    departments: &[&str],
    actor: &Actor,
) -> Result<(), StoreError> {
    let stored = store.load_plan(plan_id).await?;
    let plan = &stored.plan;
    let mut tops: Vec<Option<usize>> = Vec::new();
    for (ind, id) in plan.indicators.iter().zip(&stored.indicator_ids) {
        let top = plan.goal_and_ancestors(ind.goal).last().map(|g| g.index());
        let turn = match tops.iter().position(|t| *t == top) {
            Some(at) => at,
            None => {
                tops.push(top);
                tops.len() - 1
            }
        };
        let department = departments[turn % departments.len()];
        store
            .assign_department(plan_id, *id, Some(department), actor)
            .await?;
    }
    Ok(())
}
