//! Accounts and sessions on both backends: creating, the sign-in record and its lockout,
//! sessions that expire and end with a password change, and accounts surviving a backup.

mod common;

use chrono::{TimeDelta, Utc};
use common::{Samples, TestDb};
use shinchoku_core::municipality::MunicipalityCode;
use shinchoku_store::{Actor, NewAccount, NewRights, Role, StoreError, Via};

fn admin() -> Actor {
    Actor::new("setup", Via::Cli)
}

fn editor<'a>(name: &'a str, code: &'a MunicipalityCode) -> NewAccount<'a> {
    NewAccount {
        name,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        rights: NewRights {
            role: Role::Editor,
            municipality: Some(code),
            department: Some(" 子ども課 "),
        },
    }
}

async fn an_account_is_created_once_and_audited(db: &TestDb) {
    let code = MunicipalityCode::parse("032115").expect("a code");
    let made = db
        .store
        .add_account(editor("tanaka", &code), &admin())
        .await
        .expect("created");
    assert_eq!(made.role, Role::Editor);
    assert_eq!(made.department.as_deref(), Some("子ども課"), "trimmed");
    assert_eq!(made.municipality_code.as_deref(), Some("032115"));

    let again = db
        .store
        .add_account(editor("tanaka", &code), &admin())
        .await;
    assert!(
        matches!(again, Err(StoreError::AccountExists(ref n)) if n == "tanaka"),
        "{again:?}"
    );
    let bad = db
        .store
        .add_account(editor("ta naka", &code), &admin())
        .await;
    assert!(matches!(bad, Err(StoreError::BadAccountName(_))), "{bad:?}");

    assert_eq!(db.store.accounts().await.expect("accounts"), vec![made]);
    let log: Vec<(String, String, Option<String>)> = db
        .store
        .account_log()
        .await
        .expect("log")
        .into_iter()
        .map(|e| (e.action, e.subject, e.after))
        .collect();
    assert_eq!(
        log,
        vec![(
            "account.create".to_owned(),
            "アカウント tanaka".to_owned(),
            Some("編集者 子ども課 032115".to_owned())
        )]
    );
}

async fn failed_sign_ins_lock_the_account_for_a_while(db: &TestDb) {
    let code = MunicipalityCode::parse("032115").expect("a code");
    let id = db
        .store
        .add_account(editor("sato", &code), &admin())
        .await
        .expect("created")
        .id;
    let now = Utc::now();
    let lock = TimeDelta::minutes(15);
    for n in 1..=4 {
        let locked = db.store.record_failed_login(id, now, 5, lock).await;
        assert_eq!(locked.ok(), Some(false), "failure {n} does not lock");
    }
    let locked = db.store.record_failed_login(id, now, 5, lock).await;
    assert_eq!(locked.ok(), Some(true), "the fifth locks");
    let held = db
        .store
        .credentials("sato")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(held.failed_logins, 5);
    assert!(held.locked_until.is_some_and(|t| t > now));

    // later failures while locked keep the lock as it was
    let later = now + TimeDelta::minutes(1);
    assert_eq!(
        db.store.record_failed_login(id, later, 5, lock).await.ok(),
        Some(true)
    );
    let still = db
        .store
        .credentials("sato")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(still.locked_until, held.locked_until);

    // once the lock has run out, the count starts again
    let after = now + TimeDelta::minutes(16);
    assert_eq!(
        db.store.record_failed_login(id, after, 5, lock).await.ok(),
        Some(false)
    );
    let fresh = db
        .store
        .credentials("sato")
        .await
        .expect("read")
        .expect("found");
    assert_eq!((fresh.failed_logins, fresh.locked_until), (1, None));

    db.store.record_login(id).await.expect("signed in");
    let clear = db
        .store
        .credentials("sato")
        .await
        .expect("read")
        .expect("found");
    assert_eq!((clear.failed_logins, clear.locked_until), (0, None));
    assert!(
        db.store
            .credentials("nobody")
            .await
            .expect("read")
            .is_none()
    );
}

async fn sessions_expire_and_end_with_a_new_password(db: &TestDb) {
    let code = MunicipalityCode::parse("032115").expect("a code");
    let account = db
        .store
        .add_account(editor("suzuki", &code), &admin())
        .await
        .expect("created");
    let now = Utc::now();
    let hour = TimeDelta::hours(1);
    db.store
        .open_session("hash-a", account.id, "csrf-a", now + hour)
        .await
        .expect("opened");
    db.store
        .open_session("hash-b", account.id, "csrf-b", now + hour)
        .await
        .expect("opened");
    let found = db
        .store
        .session("hash-a", now)
        .await
        .expect("read")
        .expect("open");
    assert_eq!(found.account, account);
    assert_eq!(found.csrf_token, "csrf-a");
    assert!(
        db.store
            .session("hash-x", now)
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        db.store
            .session("hash-a", now + hour)
            .await
            .expect("read")
            .is_none(),
        "expired at its hour"
    );

    db.store.close_session("hash-a").await.expect("closed");
    assert!(
        db.store
            .session("hash-a", now)
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        db.store
            .session("hash-b", now)
            .await
            .expect("read")
            .is_some()
    );

    db.store
        .change_password(account.id, "$argon2id$new", &Actor::new("suzuki", Via::Web))
        .await
        .expect("changed");
    assert!(
        db.store
            .session("hash-b", now)
            .await
            .expect("read")
            .is_none(),
        "a new password ends every session"
    );
    let held = db
        .store
        .credentials("suzuki")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(held.password_hash, "$argon2id$new");
    let missing = db
        .store
        .change_password(9999, "x", &Actor::new("x", Via::Web))
        .await;
    assert!(
        matches!(missing, Err(StoreError::AccountNotFound(_))),
        "{missing:?}"
    );

    db.store
        .open_session("hash-c", account.id, "csrf-c", now - hour)
        .await
        .expect("opened");
    assert_eq!(db.store.close_expired_sessions(now).await.ok(), Some(1));
}

async fn accounts_move_with_a_backup_and_sessions_do_not(db: &TestDb) {
    let code = MunicipalityCode::parse("122203").expect("a code");
    let account = db
        .store
        .add_account(editor("yamada", &code), &admin())
        .await
        .expect("created");
    db.store
        .open_session("hash", account.id, "csrf", Utc::now() + TimeDelta::hours(1))
        .await
        .expect("opened");
    let mut bytes = Vec::new();
    db.store.backup(&mut bytes).await.expect("backup");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.contains("\"table\":\"accounts\""));
    assert!(!text.contains("\"table\":\"sessions\""));

    let other = TestDb::sqlite().await;
    other
        .store
        .restore("backup.jsonl", &bytes[..])
        .await
        .expect("restored");
    let held = other
        .store
        .credentials("yamada")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(held.account, account);
    assert!(
        other
            .store
            .session("hash", Utc::now())
            .await
            .expect("read")
            .is_none()
    );
    let again = other.store.restore("backup.jsonl", &bytes[..]).await;
    assert!(
        matches!(again, Err(StoreError::NotEmpty { .. })),
        "{again:?}"
    );
    other.finish().await;
}

async fn an_indicators_department_is_assigned_and_audited(db: &TestDb) {
    let (_, plan_id) = db
        .import_sample("nagareyama-progress-sheet.txt", "122203")
        .await;
    let stored = db.store.load_plan(plan_id).await.expect("loaded");
    let first = stored.indicator_ids[0];
    let actor = Actor::new("admin", Via::Web);
    db.store
        .assign_department(plan_id, first, Some("子ども家庭課"), &actor)
        .await
        .expect("assigned");
    // the same again writes nothing
    db.store
        .assign_department(plan_id, first, Some("子ども家庭課"), &actor)
        .await
        .expect("unchanged");
    let again = db.store.load_plan(plan_id).await.expect("loaded");
    assert_eq!(
        again.plan.indicators[0].department.as_deref(),
        Some("子ども家庭課")
    );
    assert_eq!(again.plan.indicators[1].department, None);
    let history = db.store.history(first).await.expect("history");
    let said: Vec<(&str, Option<&str>)> = history
        .iter()
        .map(|e| (e.action.as_str(), e.after.as_deref()))
        .collect();
    assert_eq!(said, vec![("indicator.department", Some("子ども家庭課"))]);
    // the same sheet again names no department: the one assigned is kept, nothing changes
    let (plan, bytes, layout) =
        common::read(&common::samples().join("nagareyama-progress-sheet.txt"));
    let again = db
        .store
        .import(common::request(
            &plan,
            &bytes,
            layout,
            "122203",
            "nagareyama-progress-sheet.txt",
        ))
        .await
        .expect("re-imported");
    assert!(again.up_to_date, "{:?}", again.diff);
    let kept = db.store.load_plan(plan_id).await.expect("loaded");
    assert_eq!(
        kept.plan.indicators[0].department.as_deref(),
        Some("子ども家庭課")
    );
    let wrong = db
        .store
        .assign_department(plan_id + 1, first, Some("x"), &actor)
        .await;
    assert!(
        matches!(wrong, Err(StoreError::IndicatorNotFound { .. })),
        "an indicator of another plan: {wrong:?}"
    );
}

async fn an_accounts_rights_are_set_anew_its_sessions_end_and_it_is_audited(db: &TestDb) {
    let code = MunicipalityCode::parse("032115").expect("a code");
    let account = db
        .store
        .add_account(editor("kato", &code), &admin())
        .await
        .expect("created");
    let now = Utc::now();
    db.store
        .open_session("hash-k", account.id, "csrf-k", now + TimeDelta::hours(1))
        .await
        .expect("opened");
    let other = MunicipalityCode::parse("122203").expect("a code");
    let set = db
        .store
        .set_account_rights(
            "kato",
            NewRights {
                role: Role::Viewer,
                municipality: Some(&other),
                department: None,
            },
            &admin(),
        )
        .await
        .expect("set");
    assert_eq!(set.role, Role::Viewer);
    assert_eq!(set.municipality_code.as_deref(), Some("122203"));
    assert_eq!(set.department, None);
    assert!(
        db.store
            .session("hash-k", now)
            .await
            .expect("read")
            .is_none(),
        "its sessions ended"
    );
    let listed = db.store.accounts().await.expect("accounts");
    assert_eq!(listed.iter().find(|a| a.name == "kato"), Some(&set));
    let log = db.store.account_log().await.expect("log");
    let entry = log
        .iter()
        .find(|e| e.action == "account.rights")
        .expect("audited");
    assert_eq!(entry.before.as_deref(), Some("編集者 子ども課 032115"));
    assert_eq!(entry.after.as_deref(), Some("閲覧者 122203"));
    let unknown = db
        .store
        .set_account_rights(
            "nobody",
            NewRights {
                role: Role::Admin,
                municipality: None,
                department: None,
            },
            &admin(),
        )
        .await;
    assert!(
        matches!(unknown, Err(StoreError::AccountNotFound(_))),
        "{unknown:?}"
    );
}

async fn a_disabled_account_cannot_sign_in_and_is_kept(db: &TestDb) {
    let code = MunicipalityCode::parse("032115").expect("a code");
    let account = db
        .store
        .add_account(editor("ito", &code), &admin())
        .await
        .expect("created");
    let now = Utc::now();
    db.store
        .open_session("hash-i", account.id, "csrf-i", now + TimeDelta::hours(1))
        .await
        .expect("opened");
    db.store
        .set_account_enabled("ito", false, &admin())
        .await
        .expect("disabled");
    assert!(
        db.store.credentials("ito").await.expect("read").is_none(),
        "no sign-in: it answers as an unknown name does"
    );
    assert!(
        db.store
            .session("hash-i", now)
            .await
            .expect("read")
            .is_none()
    );
    assert_eq!(
        db.store.disabled_accounts().await.expect("read"),
        vec!["ito"]
    );
    assert!(
        db.store
            .accounts()
            .await
            .expect("read")
            .iter()
            .any(|a| a.name == "ito"),
        "kept"
    );
    // a second disable changes nothing and records nothing
    db.store
        .set_account_enabled("ito", false, &admin())
        .await
        .expect("no-op");
    // it survives a backup
    let mut backup = Vec::new();
    db.store.backup(&mut backup).await.expect("backed up");
    let other = TestDb::sqlite().await;
    other
        .store
        .restore("backup.jsonl", &backup[..])
        .await
        .expect("restored");
    assert_eq!(
        other.store.disabled_accounts().await.expect("read"),
        vec!["ito"]
    );

    db.store
        .set_account_enabled("ito", true, &admin())
        .await
        .expect("enabled");
    assert!(db.store.credentials("ito").await.expect("read").is_some());
    let log = db.store.account_log().await.expect("log");
    let changes: Vec<&str> = log
        .iter()
        .filter(|e| e.subject == "アカウント ito")
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        changes,
        ["account.create", "account.disable", "account.enable"]
    );
}

on_both_backends!(
    an_indicators_department_is_assigned_and_audited,
    an_account_is_created_once_and_audited,
    failed_sign_ins_lock_the_account_for_a_while,
    sessions_expire_and_end_with_a_new_password,
    accounts_move_with_a_backup_and_sessions_do_not,
    an_accounts_rights_are_set_anew_its_sessions_end_and_it_is_audited,
    a_disabled_account_cannot_sign_in_and_is_kept,
);
