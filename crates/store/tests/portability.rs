//! Backups move a deployment between SQLite and PostgreSQL losing nothing; databases that
//! cannot be used are named in one line each.

mod common;

use common::{Samples, TestDb, read, request, samples};
use shinchoku_store::{Actor, DatabaseLocation, Edit, Entry, Store, Via};

async fn fill(db: &TestDb) {
    for (file, code) in [
        ("kamaishi-priority-projects.txt", "032115"),
        ("nagareyama-progress-sheet.txt", "122203"),
    ] {
        db.import_sample(file, code).await;
    }
    let id = db.store.find_plan("1").await.expect("plan 1");
    let stored = db.store.load_plan(id).await.expect("load");
    let ind = stored.find_indicator("2").expect("indicator 2");
    let entry = Entry {
        plan_id: id,
        indicator_id: ind.id,
        indicator_name: &ind.name,
        year: shinchoku_core::FiscalYear::new(2024).expect("year"),
    };
    let who = Actor::new("改行\nと\tタブ\\の人", Via::Cli);
    db.store
        .edit(&entry, &Edit::Actual("1,234人 ※".into()), None, &who)
        .await
        .expect("edit");
}

async fn backup(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    store.backup(&mut out).await.expect("backup");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_restore_across_backends_gives_the_same_bytes() {
    let source = TestDb::sqlite().await;
    fill(&source).await;
    let a = backup(&source.store).await;
    assert!(a.len() > 10_000);

    let pg = TestDb::postgres().await;
    let restored = pg
        .store
        .restore("a.jsonl", &a[..])
        .await
        .expect("restore into PostgreSQL");
    assert!(restored > 100);
    let b = backup(&pg.store).await;
    assert!(a == b, "PostgreSQL's backup differs from SQLite's");
    for id in [1, 2] {
        let (x, y) = (
            source.store.load_plan(id).await.expect("sqlite"),
            pg.store.load_plan(id).await.expect("postgres"),
        );
        assert_eq!(x, y);
    }
    // new rows after a restore get new ids
    fill_more(&pg).await;

    let back = TestDb::sqlite().await;
    back.store
        .restore("b.jsonl", &b[..])
        .await
        .expect("restore into SQLite");
    assert!(backup(&back.store).await == b);

    let e = back
        .store
        .restore("b.jsonl", &b[..])
        .await
        .expect_err("not empty");
    assert_eq!(e.key(), "not-empty");
    for db in [source, pg, back] {
        db.finish().await;
    }
}

async fn fill_more(db: &TestDb) {
    let file = "kamaishi-priority-projects.txt";
    let (plan, bytes, layout) = read(&samples().join(file));
    let mut req = request(&plan, &bytes, layout, "032115", file);
    req.plan_name = Some("二つ目");
    let outcome = db.store.import(req).await.expect("import after restore");
    assert_eq!(outcome.plan_id, Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_backup_is_refused_whole() {
    let source = TestDb::sqlite().await;
    fill(&source).await;
    let a = String::from_utf8(backup(&source.store).await).expect("text");
    let lines: Vec<&str> = a.lines().collect();
    let target = TestDb::postgres().await;
    // cut in the middle of the values
    let cut = lines[..lines.len() * 2 / 3].join("\n");
    let e = target
        .store
        .restore("cut.jsonl", cut.as_bytes())
        .await
        .expect_err("cut");
    assert_eq!(e.key(), "bad-backup");
    assert!(
        target.store.plans().await.expect("plans").is_empty(),
        "half restored"
    );
    // a value of the wrong type names its line
    let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let at = bad
        .iter()
        .position(|l| l.starts_with("[\"032115\""))
        .expect("a municipality row");
    bad[at] = "[5, null, null]".into();
    let e = target
        .store
        .restore("bad.jsonl", bad.join("\n").as_bytes())
        .await
        .expect_err("bad");
    assert!(e.to_string().contains(&format!("{}行目", at + 1)), "{e}");
    assert!(target.store.plans().await.expect("plans").is_empty());
    source.finish().await;
    target.finish().await;
}

#[tokio::test]
async fn unusable_databases_are_named() {
    let dir = tempfile::tempdir().expect("dir");
    // a file that is not a database
    let file = dir.path().join("shinchoku.db");
    std::fs::write(&file, "これはデータベースではありません").expect("write");
    let e = Store::open(&DatabaseLocation::Sqlite(file))
        .await
        .expect_err("not a database");
    assert_eq!(e.key(), "not-a-database");
    // a PostgreSQL that refuses the connection (nothing listens on port 1)
    let e = Store::open(&DatabaseLocation::Postgres(
        "postgres://postgres@127.0.0.1:1/x".into(),
    ))
    .await
    .expect_err("refused");
    assert_eq!(e.key(), "db-unreachable");
    assert!(e.to_string().contains("127.0.0.1:1"), "{e}");
    // a database made by a newer shinchoku
    let newer = dir.path().join("newer.db");
    let location = DatabaseLocation::Sqlite(newer);
    let store = Store::open(&location).await.expect("open");
    let url = match &location {
        DatabaseLocation::Sqlite(p) => format!("sqlite:{}", p.display()),
        DatabaseLocation::Postgres(u) => u.clone(),
    };
    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .expect("connect");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (99990101000000, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)",
    )
    .execute(&mut c)
    .await
    .expect("a future migration");
    store.close().await;
    let e = Store::open(&location).await.expect_err("newer");
    assert_eq!(e.key(), "newer-schema");
}

#[cfg(unix)]
#[tokio::test]
async fn a_read_only_data_directory_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).expect("mkdir");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // root writes through permissions: then /sys, which the kernel keeps read-only, stands in
    let dir = if std::fs::File::create(ro.join("probe")).is_ok() {
        std::path::PathBuf::from("/sys/shinchoku-test")
    } else {
        ro
    };
    for data in [dir.clone(), dir.join("sub")] {
        let result = Store::open(&DatabaseLocation::Sqlite(data.join("shinchoku.db"))).await;
        let e = result.expect_err("a read-only directory");
        assert_eq!(e.key(), "read-only", "{e}");
        assert!(e.to_string().contains(&dir.display().to_string()), "{e}");
    }
}
