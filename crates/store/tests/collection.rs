//! Loading a collection (many municipalities' figures in one long table) on both backends: one
//! plan per municipality, all or nothing, ids that later imports do not collide with.

mod common;

use common::{TestDb, read, request, samples};
use shinchoku_core::fiscal_year::FiscalYear;
use shinchoku_import::{Reading, read_sheet_or_collection};
use shinchoku_store::{
    Actor, CollectionFeed, CollectionOutcome, CollectionRequest, DatabaseLocation, SourceFile,
    StoreError, Via,
};
use std::path::Path;
use tokio::sync::mpsc;

const HEAD: &str = "municipality_code,indicator_id,fiscal_year,kind,raw,value\n";

/// Three municipalities × two indicators × 2022–2024, targets and actuals; line 4 repeats
/// line 3's figure, line 7 has a bad check digit (the reader leaves it out).
fn table() -> String {
    let mut t = HEAD.to_owned();
    t.push_str("122203,KPI001,2022,target,\"5,070\",5070\n");
    t.push_str("122203,KPI001,2022,actual,4800人,4800\n");
    t.push_str("122203,KPI001,2022,actual,4900,4900\n");
    t.push_str("122203,KPI001,2023,target,↑,\n");
    t.push_str("122203,KPI002,2024,actual,62.5%,62.5\n");
    t.push_str("122204,KPI001,2022,target,1,1\n");
    for code in ["032115", "011002"] {
        for ind in ["KPI001", "KPI002"] {
            for y in 2022..=2024 {
                t.push_str(&format!("{code},{ind},{y},target,{y},{y}\n"));
                t.push_str(&format!("{code},{ind},{y},actual,-,\n"));
            }
        }
    }
    t
}

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("a year")
}

fn collection(name: &str, text: &str, dry_run: bool, expected_values: usize) -> CollectionRequest {
    CollectionRequest {
        plan_name: name.to_owned(),
        source: SourceFile::of_bytes("c.csv", text.as_bytes(), Some("collection".into())),
        actor: Actor::new("tester", Via::Import),
        dry_run,
        expected_values,
    }
}

/// Reads `text` as the CLI does and feeds its rows in batches of `batch`; `cut` stops the
/// feed after its first batch, without the end.
async fn load(
    db: &TestDb,
    req: CollectionRequest,
    text: &str,
    batch: usize,
    cut: bool,
) -> Result<CollectionOutcome, StoreError> {
    let Reading::Collection(c) = read_sheet_or_collection(
        Path::new("c.csv"),
        text.as_bytes().to_vec(),
        &Default::default(),
    )
    .expect("it reads") else {
        panic!("a collection")
    };
    let rows: Vec<_> = c.rows().filter_map(Result::ok).collect();
    let (tx, rx) = mpsc::channel(2);
    let feeder = tokio::spawn(async move {
        for chunk in rows.chunks(batch) {
            if tx.send(CollectionFeed::Rows(chunk.to_vec())).await.is_err() || cut {
                return;
            }
        }
        let _ = tx.send(CollectionFeed::End).await;
    });
    let outcome = db.store.load_collection(req, rx).await;
    feeder.await.expect("the feeder ends");
    outcome
}

/// Each municipality's rows become its plan, read back as the table gives them.
async fn each_municipality_becomes_a_plan(db: &TestDb) {
    let text = table();
    let outcome = load(
        db,
        collection("総合戦略KPI", &text, false, 0),
        &text,
        4,
        false,
    )
    .await
    .expect("load");
    let codes: Vec<String> = outcome.plans.iter().map(|(c, _)| c.to_string()).collect();
    assert_eq!(codes, ["122203", "032115", "011002"]);
    assert_eq!(outcome.indicators, 2 + 2 + 2);
    assert_eq!(
        outcome.values,
        4 + 12 + 12,
        "the repeated figure is taken once"
    );
    assert_eq!(outcome.duplicates.len(), 1);
    assert_eq!(outcome.duplicates[0].line, 4);
    assert!(!outcome.dry_run);

    let nagareyama = db.store.load_plan(outcome.plans[0].1).await.expect("load");
    assert_eq!(nagareyama.municipality_code, "122203");
    assert_eq!(nagareyama.name, "総合戦略KPI");
    let p = &nagareyama.plan;
    assert_eq!(nagareyama.keys, ["KPI001", "KPI002"]);
    let kpi1 = &p.indicators[0];
    assert_eq!(kpi1.name, "KPI001");
    let target = kpi1.targets.get(&fy(2022)).expect("a 2022 target");
    assert_eq!(target.raw.as_str(), "5,070");
    assert_eq!(target.number().map(|q| q.value), Some(5070.0));
    let actual = kpi1.actuals.get(&fy(2022)).expect("a 2022 actual");
    assert_eq!(
        actual.raw.as_str(),
        "4800人",
        "the first of the two rows is kept"
    );
    assert_eq!(
        kpi1.targets.get(&fy(2023)).map(|c| c.raw.as_str()),
        Some("↑")
    );
    assert_eq!(
        p.indicators[1]
            .actuals
            .get(&fy(2024))
            .map(|c| c.raw.as_str()),
        Some("62.5%")
    );
    let period = p.period.expect("the years give the period");
    assert_eq!((period.first, period.last), (fy(2022), fy(2024)));
    assert_eq!(p.fiscal_years, [fy(2022), fy(2023), fy(2024)]);

    let plans = db.store.plans().await.expect("plans");
    assert_eq!(plans.len(), 3);
    assert!(
        plans
            .iter()
            .all(|s| s.last_import.as_deref() == Some("c.csv"))
    );
    for (_, id) in &outcome.plans {
        let log = db.store.plan_log(*id).await.expect("log");
        assert_eq!(log.len(), 1, "one entry per plan");
        assert_eq!(log[0].action, "plan.create");
        assert!(log[0].batch_id.is_some());
    }
    // a sheet imported afterwards gets ids of its own
    let file = "kamaishi-priority-projects.txt";
    let (plan, bytes, layout) = read(&samples().join(file));
    let after = db
        .store
        .import(request_for(&plan, &bytes, layout, file))
        .await
        .expect("import after the load");
    let id = after.plan_id.expect("an id");
    assert!(outcome.plans.iter().all(|(_, p)| *p != id));
    assert_eq!(db.store.load_plan(id).await.expect("load").plan, plan);
    assert!(db.store.check().await.expect("check").is_empty());
}

fn request_for<'a>(
    plan: &'a shinchoku_core::Plan,
    bytes: &[u8],
    layout: &str,
    file: &str,
) -> shinchoku_store::ImportRequest<'a> {
    let mut r = request(plan, bytes, layout, "032115", file);
    r.plan_name = Some("重点事業");
    r
}

/// The keys a large load builds afterwards (PostgreSQL) hold as before: the same plans.
async fn a_load_larger_than_the_table_gives_the_same_plans(db: &TestDb) {
    let text = table();
    let big = load(
        db,
        collection("大", &text, false, 1_000_000),
        &text,
        5,
        false,
    )
    .await
    .expect("load");
    let small = load(db, collection("小", &text, false, 0), &text, 5, false)
        .await
        .expect("load");
    for ((_, a), (_, b)) in big.plans.iter().zip(&small.plans) {
        let a = db.store.load_plan(*a).await.expect("load");
        let b = db.store.load_plan(*b).await.expect("load");
        assert_eq!(a.plan, b.plan);
    }
    // the keys are there again (on PostgreSQL, `check` looks for them)
    assert!(db.store.check().await.expect("check").is_empty());
    let again = load(
        db,
        collection("大", &text, false, 1_000_000),
        &text,
        5,
        false,
    )
    .await;
    assert!(
        matches!(again, Err(StoreError::PlanExists { .. })),
        "{again:?}"
    );
}

/// A plan of that name already kept for one municipality: nothing at all is written.
async fn an_existing_plan_refuses_the_whole_load(db: &TestDb) {
    let text = table();
    load(db, collection("戦略", &text, false, 0), &text, 100, false)
        .await
        .expect("first load");
    let before = backup(db).await;
    let mut more = text.clone();
    more.push_str("132012,KPI001,2022,target,1,1\n");
    let err = load(db, collection("戦略", &more, false, 0), &more, 3, false)
        .await
        .expect_err("a plan exists");
    assert_eq!(err.key(), "plan-exists");
    assert!(err.to_string().contains("122203"), "{err}");
    assert_eq!(backup(db).await, before);
}

/// A feed that stops without its end, and a dry run: nothing is written.
async fn a_cut_feed_or_a_dry_run_writes_nothing(db: &TestDb) {
    let text = table();
    let before = backup(db).await;
    let err = load(
        db,
        collection("途中", &text, false, 1_000_000),
        &text,
        3,
        true,
    )
    .await
    .expect_err("cut short");
    assert_eq!(err.key(), "bad-value");
    assert_eq!(backup(db).await, before);
    // the keys a large load set aside came back with the rollback
    assert!(db.store.check().await.expect("check").is_empty());
    let dry = load(db, collection("試し", &text, true, 0), &text, 3, false)
        .await
        .expect("dry run");
    assert!(dry.dry_run);
    assert_eq!((dry.plans.len(), dry.values), (3, 28));
    assert_eq!(backup(db).await, before);
    assert!(db.store.plans().await.expect("plans").is_empty());
}

/// More values than one write takes (the rows read next are placed while earlier ones are
/// written): every value arrives, each in its plan.
async fn a_collection_of_many_writes_arrives_whole(db: &TestDb) {
    // 150 codes of prefecture 13, each with the check digit that makes it valid
    let codes: Vec<String> = (100..250)
        .filter_map(|n| {
            (0..10)
                .map(|d| format!("13{n:03}{d}"))
                .find(|c| shinchoku_core::municipality::MunicipalityCode::parse(c).is_ok())
        })
        .collect();
    assert_eq!(codes.len(), 150);
    let mut text = HEAD.to_owned();
    for code in &codes {
        for k in 1..=60 {
            for y in 2015..2024 {
                text.push_str(&format!("{code},KPI{k:03},{y},target,{k},{k}\n"));
                text.push_str(&format!("{code},KPI{k:03},{y},actual,{y},{y}\n"));
            }
        }
    }
    let outcome = load(db, collection("多い", &text, false, 0), &text, 8192, false)
        .await
        .expect("load");
    assert_eq!(outcome.plans.len(), 150);
    assert_eq!((outcome.indicators, outcome.values), (9_000, 162_000));
    let plans = db.store.plans().await.expect("plans");
    assert!(
        plans
            .iter()
            .all(|p| p.indicators == 60 && p.values == 1_080)
    );
    let (code, last) = outcome.plans[149];
    assert_eq!(code.to_string(), codes[149]);
    let plan = db.store.load_plan(last).await.expect("load").plan;
    let kpi60 = &plan.indicators[59];
    assert_eq!(
        kpi60.targets.get(&fy(2023)).map(|c| c.raw.as_str()),
        Some("60")
    );
    assert_eq!(
        kpi60.actuals.get(&fy(2023)).map(|c| c.raw.as_str()),
        Some("2023")
    );
    assert!(db.store.check().await.expect("check").is_empty());
}

async fn backup(db: &TestDb) -> Vec<u8> {
    let mut out = Vec::new();
    db.store.backup(&mut out).await.expect("backup");
    out
}

on_both_backends!(
    each_municipality_becomes_a_plan,
    a_load_larger_than_the_table_gives_the_same_plans,
    an_existing_plan_refuses_the_whole_load,
    a_cut_feed_or_a_dry_run_writes_nothing,
    a_collection_of_many_writes_arrives_whole,
);

/// The integrity check finds a key a bulk load sets aside missing, table by table (PostgreSQL:
/// SQLite's keys are never set aside).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_check_finds_a_key_set_aside_and_not_made_again() {
    let db = TestDb::postgres().await;
    assert!(db.store.check().await.expect("check").is_empty());
    let DatabaseLocation::Postgres(url) = &db.location else {
        panic!("a PostgreSQL database");
    };
    let pool = sqlx::PgPool::connect(url).await.expect("connect");
    let run = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query(sql).execute(&pool).await.expect(sql) }
    };
    let indicators = ["indicators の主キー・外部キー・一意制約か索引がありません"];
    // an index set aside and not made again
    run("DROP INDEX indicators_by_plan").await;
    assert_eq!(db.store.check().await.expect("check"), indicators);
    run("CREATE INDEX indicators_by_plan ON indicators (plan_id, position)").await;
    assert!(db.store.check().await.expect("check").is_empty());
    // a foreign key, a uniqueness, a primary key
    run("ALTER TABLE indicators DROP CONSTRAINT indicators_plan_id_fkey").await;
    assert_eq!(db.store.check().await.expect("check"), indicators);
    run("ALTER TABLE plan_fiscal_years DROP CONSTRAINT plan_fiscal_years_plan_id_fkey").await;
    run("ALTER TABLE indicator_values DROP CONSTRAINT indicator_values_pkey").await;
    let problems = db.store.check().await.expect("check");
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("indicator_values "), "{problems:?}");
    assert!(
        problems[2].starts_with("plan_fiscal_years "),
        "{problems:?}"
    );
    pool.close().await;
    db.finish().await;
}
