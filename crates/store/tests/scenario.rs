//! One story of a plan's life, run against SQLite and against PostgreSQL: import, re-import,
//! an updated sheet, edits with versions, history, evaluation, backup and restore.

mod common;

use common::{Samples, TestDb, read, request, samples};
use shinchoku_core::fiscal_year::FiscalYear;
use shinchoku_core::ids::indicator_keys;
use shinchoku_store::{Actor, Change, Edit, Entry, IndicatorSummary, StoreError, Via};

fn entry(plan_id: i64, ind: &IndicatorSummary, year: FiscalYear) -> Entry<'_> {
    Entry {
        plan_id,
        indicator_id: ind.id,
        indicator_name: &ind.name,
        year,
    }
}

const KAMAISHI: &str = "032115";
const NAGAREYAMA: &str = "122203";

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("a year")
}

/// Both samples are stored and come back as the very plans their sheets read as.
async fn a_stored_plan_is_the_plan_its_sheet_reads_as(db: &TestDb) {
    for (file, code) in [
        ("kamaishi-priority-projects.txt", KAMAISHI),
        ("nagareyama-progress-sheet.txt", NAGAREYAMA),
    ] {
        let (plan, bytes, layout) = read(&samples().join(file));
        let outcome = db
            .store
            .import(request(&plan, &bytes, layout, code, file))
            .await
            .expect("import");
        assert!(outcome.created && !outcome.up_to_date);
        let id = outcome.plan_id.expect("an id");
        let stored = db.store.load_plan(id).await.expect("load");
        assert_eq!(stored.keys, indicator_keys(&plan));
        assert_eq!(stored.plan.findings, plan.findings, "{file}: findings");
        for (a, b) in stored.plan.indicators.iter().zip(&plan.indicators) {
            assert_eq!(a, b, "{file}: indicator {}", b.name);
        }
        assert_eq!(stored.plan, plan, "{file}");
        assert_eq!(stored.municipality_code, code);
    }
    let plans = db.store.plans().await.expect("plans");
    assert_eq!(plans.len(), 2);
    assert!(plans.iter().all(|p| p.indicators > 10 && p.values > 20));
}

/// The same file twice: the second import writes nothing, not even a batch or an audit row.
async fn importing_the_same_sheet_again_changes_nothing(db: &TestDb) {
    let file = "kamaishi-priority-projects.txt";
    let (plan, bytes, layout) = read(&samples().join(file));
    let first = db
        .store
        .import(request(&plan, &bytes, layout, KAMAISHI, file))
        .await
        .expect("import");
    let id = first.plan_id.expect("an id");
    let mut before = Vec::new();
    db.store.backup(&mut before).await.expect("backup");
    let again = db
        .store
        .import(request(&plan, &bytes, layout, KAMAISHI, file))
        .await
        .expect("again");
    assert!(again.up_to_date && !again.created, "{again:?}");
    assert_eq!(again.plan_id, Some(id));
    assert_eq!(again.batch_id, None);
    let mut after = Vec::new();
    db.store.backup(&mut after).await.expect("backup");
    assert!(before == after, "a re-import wrote something");
}

/// A sheet with one actual changed and one indicator gone: the diff says exactly that, the
/// dry run writes nothing, and applying audits each change.
async fn an_updated_sheet_applies_only_its_changes(db: &TestDb) {
    let (plan, id) = db
        .import_sample("nagareyama-progress-sheet.txt", NAGAREYAMA)
        .await;
    let stored = db.store.load_plan(id).await.expect("load");
    let layout = stored
        .layout
        .as_deref()
        .expect("the layout it was read with");
    let log_before = db.store.plan_log(id).await.expect("log").len();

    // change the plan in memory as an updated sheet would
    let mut updated = plan.clone();
    let keys = indicator_keys(&plan);
    let (year, old_actual) = {
        let ind = &updated.indicators[0];
        let (y, c) = ind.actuals.iter().next_back().expect("an actual");
        (*y, c.raw.to_string())
    };
    updated.indicators[0]
        .actuals
        .insert(year, shinchoku_core::Cell::read("999"));
    let removed = updated.indicators.remove(updated.indicators.len() - 1);

    let mut req = request(
        &updated,
        b"updated sheet",
        layout,
        NAGAREYAMA,
        "updated.txt",
    );
    req.dry_run = true;
    let dry = db.store.import(req.clone()).await.expect("dry run");
    assert!(dry.dry_run && !dry.up_to_date && dry.batch_id.is_none());
    assert_eq!(db.store.plan_log(id).await.expect("log").len(), log_before);

    req.dry_run = false;
    let applied = db.store.import(req).await.expect("apply");
    let changes = &applied.diff.changes;
    assert_eq!(changes.len(), 2, "{changes:#?}");
    assert!(changes.iter().any(|c| matches!(c,
        Change::Value { key, series: "actual", year: y, before: Some(b), after: Some(a), .. }
            if key == &keys[0] && *y == year && b == &old_actual && a == "999")));
    assert!(changes.iter().any(|c| matches!(c,
        Change::IndicatorRemoved { name, .. } if name == &removed.name)));
    let log = db.store.plan_log(id).await.expect("log");
    let new: Vec<_> = log[log_before..]
        .iter()
        .map(|e| e.action.as_str())
        .collect();
    assert!(
        new.contains(&"value.import") && new.contains(&"indicator.remove"),
        "{new:?}"
    );
    assert!(
        log[log_before..]
            .iter()
            .all(|e| e.batch_id == applied.batch_id && e.via == "import")
    );

    let stored = db.store.load_plan(id).await.expect("load");
    assert_eq!(stored.plan.indicators, updated.indicators);
    // and the updated sheet again is up to date
    let again = db
        .store
        .import(request(
            &updated,
            b"updated sheet",
            layout,
            NAGAREYAMA,
            "updated.txt",
        ))
        .await
        .expect("again");
    assert!(again.up_to_date, "{:#?}", again.diff);
}

/// Edits with the version the editor saw; a stale one is a conflict naming who changed what.
async fn edits_are_versioned_and_audited(db: &TestDb) {
    let (_, id) = db
        .import_sample("kamaishi-priority-projects.txt", KAMAISHI)
        .await;
    let stored = db.store.load_plan(id).await.expect("load");
    let ind = stored.find_indicator("1").expect("the first indicator");
    let alice = Actor::new("alice", Via::Cli);
    let bob = Actor::new("bob", Via::Web);
    let year = fy(2024);
    let first = db
        .store
        .edit(
            &entry(id, &ind, year),
            &Edit::Actual("25回".into()),
            None,
            &alice,
        )
        .await
        .expect("set");
    assert!(!first.unchanged);
    // bob saw the version before alice's change
    let stale = db
        .store
        .edit(
            &entry(id, &ind, year),
            &Edit::Actual("26回".into()),
            Some(first.version - 1),
            &bob,
        )
        .await;
    match stale {
        Err(e @ StoreError::Conflict { .. }) => {
            let text = e.to_string();
            assert!(
                text.contains("alice") && text.contains("25回") && text.ends_with("(conflict)"),
                "{text}"
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let revised = db
        .store
        .edit(
            &entry(id, &ind, fy(2024)),
            &Edit::Target {
                raw: "30回".into(),
                reason: Some("中間見直し".into()),
            },
            None,
            &bob,
        )
        .await
        .expect("revise");
    assert_eq!(revised.after.as_deref(), Some("30回"));
    let comment = Edit::Comment {
        aspect: shinchoku_store::CommentAspect::Evaluation,
        body: "順調".into(),
    };
    db.store
        .edit(&entry(id, &ind, year), &comment, Some(0), &alice)
        .await
        .expect("comment");
    let same = db
        .store
        .edit(&entry(id, &ind, year), &comment, None, &alice)
        .await
        .expect("same");
    assert!(same.unchanged);
    let reason = Edit::BlankReason(shinchoku_store::BlankReason::parse("未把握"));
    db.store
        .edit(&entry(id, &ind, fy(2023)), &reason, None, &alice)
        .await
        .expect("blank reason");

    let history = db.store.history(ind.id).await.expect("history");
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "value.set",
            "target.revise",
            "comment.set",
            "blank_reason.set"
        ]
    );
    assert_eq!(history[0].actor, "alice");
    assert_eq!(history[1].after.as_deref(), Some("30回(理由: 中間見直し)"));
    let loaded = db.store.load_plan(id).await.expect("load");
    let cell = loaded.plan.indicators[ind.index]
        .actuals
        .get(&year)
        .expect("the actual");
    assert_eq!(cell.raw, "25回");
}

/// Fifty editors save one value at once, each with the version they saw: one wins, 49 are
/// told of the conflict, and the log has one entry.
async fn fifty_concurrent_edits_one_wins(db: &TestDb) {
    let (_, id) = db
        .import_sample("kamaishi-priority-projects.txt", KAMAISHI)
        .await;
    let stored = db.store.load_plan(id).await.expect("load");
    let ind = stored.find_indicator("1").expect("indicator");
    let year = *stored.plan.indicators[ind.index]
        .actuals
        .keys()
        .next()
        .expect("an actual year");
    let log_before = db.store.history(ind.id).await.expect("history").len();
    let mut tasks = Vec::new();
    for n in 0..50 {
        let store = db.store.clone();
        let name = ind.name.clone();
        let indicator = ind.id;
        tasks.push(tokio::spawn(async move {
            let who = Actor::new(format!("editor{n}"), Via::Web);
            store
                .edit(
                    &Entry {
                        plan_id: id,
                        indicator_id: indicator,
                        indicator_name: &name,
                        year,
                    },
                    &Edit::Actual(format!("{}回", 100 + n)),
                    Some(1),
                    &who,
                )
                .await
        }));
    }
    let mut won = Vec::new();
    let mut conflicts = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(e) => won.push(e),
            Err(StoreError::Conflict { .. } | StoreError::StaleVersion { .. }) => conflicts += 1,
            Err(e) => panic!("unexpected: {e}"),
        }
    }
    assert_eq!((won.len(), conflicts), (1, 49));
    let history = db.store.history(ind.id).await.expect("history");
    assert_eq!(history.len(), log_before + 1);
    let stored = db.store.load_plan(id).await.expect("load");
    let kept = stored.plan.indicators[ind.index]
        .actuals
        .get(&year)
        .expect("value");
    assert_eq!(Some(kept.raw.to_string()), won[0].after);
}

/// The audit log cannot be changed, only added to.
async fn the_audit_log_is_append_only(db: &TestDb) {
    db.import_sample("kamaishi-priority-projects.txt", KAMAISHI)
        .await;
    let url = match &db.location {
        shinchoku_store::DatabaseLocation::Sqlite(p) => format!("sqlite:{}", p.display()),
        shinchoku_store::DatabaseLocation::Postgres(u) => u.clone(),
    };
    for sql in [
        "UPDATE audit_log SET actor = 'mallory'",
        "DELETE FROM audit_log",
    ] {
        let result = if url.starts_with("sqlite:") {
            let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
                .await
                .expect("connect");
            sqlx::query(sql).execute(&mut c).await.map(|_| ())
        } else {
            let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
                .await
                .expect("connect");
            sqlx::query(sql).execute(&mut c).await.map(|_| ())
        };
        let e = result.expect_err(sql);
        assert!(e.to_string().contains("append-only"), "{e}");
    }
}

/// Bad input: a municipality code with a wrong check digit, a plan or indicator that does not
/// exist. One clear message each, nothing written.
async fn bad_requests_are_named_and_write_nothing(db: &TestDb) {
    let file = "kamaishi-priority-projects.txt";
    let (plan, bytes, layout) = read(&samples().join(file));
    let e = db
        .store
        .import(request(&plan, &bytes, layout, "032116", file))
        .await
        .expect_err("bad code");
    assert_eq!(e.key(), "bad-municipality");
    assert!(e.to_string().contains("検査数字"), "{e}");
    assert!(db.store.plans().await.expect("plans").is_empty());
    let e = db
        .store
        .find_plan("存在しない計画")
        .await
        .expect_err("no plan");
    assert_eq!(e.key(), "plan-not-found");
    let e = db.store.load_plan(12345).await.expect_err("no plan");
    assert_eq!(e.key(), "plan-not-found");
    let id = db
        .store
        .import(request(&plan, &bytes, layout, KAMAISHI, file))
        .await
        .expect("import")
        .plan_id
        .expect("id");
    assert_eq!(
        db.store.find_plan(&id.to_string()).await.expect("by id"),
        id
    );
    assert_eq!(
        db.store
            .find_plan(&plan.title.clone().expect("a title"))
            .await
            .expect("by name"),
        id
    );
    let stored = db.store.load_plan(id).await.expect("load");
    assert_eq!(
        stored.find_indicator("ない指標").expect_err("none").key(),
        "indicator-not-found"
    );
}

/// A blank actual with a recorded reason is explained in the evaluation, not reported as a
/// gap; the other blanks of that year still are.
async fn a_blank_with_its_reason_is_explained_not_flagged(db: &TestDb) {
    use shinchoku_core::evaluate::{self, Judgement, Policy, Unevaluable};
    use shinchoku_core::{BlankReason, FindingKind};
    let (_, id) = db
        .import_sample("kamaishi-priority-projects.txt", KAMAISHI)
        .await;
    let stored = db.store.load_plan(id).await.expect("load");
    let policy = Policy::default();
    // an indicator with a target and an actual in a year of the plan: clearing the actual
    // makes a gap
    let period = stored.plan.effective_period().expect("the plan's period");
    let (index, year) = stored
        .plan
        .fiscal_years
        .iter()
        .filter(|y| period.contains(**y))
        .find_map(|y| {
            evaluate::evaluate_plan(&stored.plan, *y, &policy)
                .iter()
                .position(|e| e.actual.is_some() && e.target.is_some())
                .map(|n| (n, *y))
        })
        .expect("an indicator with a target and an actual");
    let ind = shinchoku_store::IndicatorSummary {
        id: stored.indicator_ids[index],
        key: stored.keys[index].clone(),
        name: stored.plan.indicators[index].name.clone(),
        index,
    };
    let alice = Actor::new("alice", Via::Cli);
    let blanks = |plan: &shinchoku_core::Plan| -> Vec<String> {
        evaluate::findings(&evaluate::evaluate_plan(plan, year, &policy))
            .into_iter()
            .filter_map(|f| match f.kind {
                FindingKind::BlankActualWithoutReason { indicators, .. } => Some(indicators),
                _ => None,
            })
            .flatten()
            .collect()
    };
    let before = blanks(&stored.plan);
    db.store
        .edit(
            &entry(id, &ind, year),
            &Edit::Actual(String::new()),
            None,
            &alice,
        )
        .await
        .expect("clear the actual");
    let cleared = db.store.load_plan(id).await.expect("load");
    let gap = blanks(&cleared.plan);

    assert_eq!(gap.len(), before.len() + 1, "{gap:?}");
    assert!(gap.contains(&ind.name));

    let reason = Edit::BlankReason(BlankReason::parse("調査年でない"));
    db.store
        .edit(&entry(id, &ind, year), &reason, None, &alice)
        .await
        .expect("blank reason");
    let after = db.store.load_plan(id).await.expect("load");
    let explained = &after.plan.indicators[ind.index];
    assert_eq!(
        explained.blank_reasons.get(&year),
        Some(&BlankReason::NotSurveyYear)
    );
    let evaluations = evaluate::evaluate_plan(&after.plan, year, &policy);
    assert_eq!(
        evaluations[ind.index].judgement,
        Judgement::NotEvaluable(Unevaluable::BlankWithReason(BlankReason::NotSurveyYear))
    );
    assert_eq!(
        blanks(&after.plan),
        before,
        "explained, it is no longer a gap"
    );
}

on_both_backends!(
    a_blank_with_its_reason_is_explained_not_flagged,
    a_stored_plan_is_the_plan_its_sheet_reads_as,
    importing_the_same_sheet_again_changes_nothing,
    an_updated_sheet_applies_only_its_changes,
    edits_are_versioned_and_audited,
    fifty_concurrent_edits_one_wins,
    the_audit_log_is_append_only,
    bad_requests_are_named_and_write_nothing,
);
