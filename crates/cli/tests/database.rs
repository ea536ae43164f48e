//! The database commands as a user runs them, on SQLite (a data directory) and on PostgreSQL
//! (`DATABASE_URL`, a fresh database on the server of `SHINCHOKU_TEST_POSTGRES`, default
//! `postgres://postgres@127.0.0.1:5432`): evaluating a stored plan gives what evaluating its
//! file gives, re-imports and updated sheets, and an import killed midway leaves the database
//! as it was.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod databases;

use databases::{Db, sample};

fn json_without_file(text: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(text).expect("JSON");
    v.as_object_mut().expect("an object").remove("file");
    v
}

#[test]
fn evaluating_a_stored_plan_gives_what_its_file_gives() {
    for db in Db::both() {
        for (file, code, id) in [
            ("kamaishi-priority-projects.txt", "032115", "1"),
            ("nagareyama-progress-sheet.txt", "122203", "2"),
        ] {
            let path = sample(file);
            let path = path.to_str().expect("a path");
            db.ok(&["import", path, "--municipality", code]);
            for year in [None, Some("2021"), Some("R5")] {
                let mut from_file = vec!["evaluate", path, "--format", "json"];
                let mut from_db = vec!["evaluate", "--plan", id, "--format", "json"];
                if let Some(y) = year {
                    from_file.extend(["--year", y]);
                    from_db.extend(["--year", y]);
                }
                let a = db.run(&from_file);
                let b = db.run(&from_db);
                assert_eq!(a.status.success(), b.status.success(), "{file} {year:?}");
                if a.status.success() {
                    let (a, b) = (
                        json_without_file(&String::from_utf8_lossy(&a.stdout)),
                        json_without_file(&String::from_utf8_lossy(&b.stdout)),
                    );
                    assert_eq!(a, b, "{file} {year:?}");
                    assert!(a["evaluations"].as_array().is_some_and(|e| e.len() > 10));
                }
            }
        }
        let plans = db.ok(&["plans"]);
        assert!(
            plans.contains("釜石市") && plans.contains("流山市"),
            "{plans}"
        );
        // --timings also loads the plan again on the same connection, and says so; the output
        // is the same
        let timed = db.run(&["evaluate", "--plan", "1", "--format", "json", "--timings"]);
        let said = String::from_utf8_lossy(&timed.stderr);
        assert!(
            said.contains("、読み込み ") && said.contains("同じ接続でもう一度読み込み "),
            "{said}"
        );
        let plain = db.run(&["evaluate", "--plan", "1", "--format", "json"]);
        assert_eq!(
            json_without_file(&String::from_utf8_lossy(&timed.stdout)),
            json_without_file(&String::from_utf8_lossy(&plain.stdout))
        );
    }
}

#[test]
fn re_imports_and_updated_sheets_as_a_user_sees_them() {
    let dir = tempfile::tempdir().expect("dir");
    let original =
        std::fs::read_to_string(sample("kamaishi-priority-projects.txt")).expect("sample");
    // one actual changed: 23回 → 22回 (the first indicator's 令和5年度)
    assert!(original.contains("23回"));
    let edited = original.replacen("23回", "22回", 1);
    let edited_path = dir.path().join("kamaishi-r6.txt");
    std::fs::write(&edited_path, edited).expect("write");
    let path = sample("kamaishi-priority-projects.txt");
    let path = path.to_str().expect("a path");
    for db in Db::both() {
        db.ok(&["import", path, "--municipality", "032115"]);
        let before = db.backup();
        let again = db.ok(&["import", path, "--municipality", "032115"]);
        assert!(again.contains("最新です"), "{again}");
        assert!(db.backup() == before, "a re-import wrote something");

        let edited = edited_path.to_str().expect("a path");
        let dry = db.ok(&["import", edited, "--municipality", "032115", "--dry-run"]);
        assert!(
            dry.contains("変更 1件") && dry.contains("23回 → 22回") && dry.contains("--dry-run"),
            "{dry}"
        );
        assert!(db.backup() == before, "a dry run wrote something");
        let applied = db.ok(&["import", edited, "--municipality", "032115"]);
        assert!(applied.contains("反映しました"), "{applied}");
        let history = db.ok(&["history", "--plan", "1", "--indicator", "1"]);
        assert!(
            history.contains("23回 → 22回") && history.contains("tester (取込)"),
            "{history}"
        );

        let set = db.ok(&[
            "set",
            "--plan",
            "1",
            "--indicator",
            "1",
            "--year",
            "R6",
            "--actual",
            "25回",
        ]);
        assert!(
            set.contains("(なし) → 25回") && set.contains("数値 25回"),
            "{set}"
        );
        let stale = db.run(&[
            "set",
            "--plan",
            "1",
            "--indicator",
            "1",
            "--year",
            "R6",
            "--actual",
            "26回",
            "--version",
            "0",
        ]);
        let err = String::from_utf8_lossy(&stale.stderr);
        assert!(
            !stale.status.success() && err.contains("(conflict)") && err.contains("25回"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        let check = db.ok(&["db", "check"]);
        assert!(check.contains("問題はありません"), "{check}");
    }
}

#[test]
fn bad_input_is_one_line_and_writes_nothing() {
    let path = sample("kamaishi-priority-projects.txt");
    let path = path.to_str().expect("a path");
    for db in Db::both() {
        for (args, key) in [
            (
                vec!["import", path, "--municipality", "032116"],
                "(bad-check-digit)",
            ),
            (
                vec!["import", path, "--municipality", "12345"],
                "(not-six-digits)",
            ),
            (vec!["evaluate", "--plan", "ない計画"], "(plan-not-found)"),
            (
                vec!["history", "--plan", "7", "--indicator", "1"],
                "(plan-not-found)",
            ),
        ] {
            let o = db.run(&args);
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(!o.status.success() && err.contains(key), "{args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{err}");
        }
        let plans = db.ok(&["plans"]);
        assert!(plans.contains("計画はまだありません"), "{plans}");
        db.ok(&["import", path, "--municipality", "032115"]);
        let o = db.run(&[
            "set",
            "--plan",
            "1",
            "--indicator",
            "ない指標",
            "--year",
            "R6",
            "--actual",
            "1",
        ]);
        assert!(String::from_utf8_lossy(&o.stderr).contains("(indicator-not-found)"));
    }
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("shinchoku.db"), "not a database").expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["plans", "--data-dir", dir.path().to_str().expect("path")])
        .env_remove("DATABASE_URL")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&o.stderr).contains("(not-a-database)"));
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["plans"])
        .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/none")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("(db-unreachable)") && err.contains("Connection refused"),
        "{err}"
    );
}

/// A long CSV of `indicators` indicators × 10 years × target and actual.
fn write_large_sheet(path: &Path, indicators: usize) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("sheet"));
    writeln!(
        out,
        "指標番号,計画,団体,計画期間,目標階層1,指標,単位,年度,区分,値"
    )
    .expect("write");
    for i in 1..=indicators {
        for year in 1..=10 {
            for kind in ["目標値", "実績値"] {
                writeln!(
                    out,
                    "{i},第2期総合戦略,釜石市,令和元年度〜令和10年度,基本目標{},指標{i},人,令和{year}年度,{kind},{}",
                    i % 5 + 1,
                    (i * 7 + year * 13) % 1000
                )
                .expect("write");
            }
        }
    }
    out.flush().expect("write");
}

/// How long `shinchoku ARGS` takes on `db`, its output dropped.
fn timed(db: &Db, args: &[&str]) -> Duration {
    let started = Instant::now();
    let status = db
        .command(args)
        .stdout(Stdio::null())
        .status()
        .expect("runs");
    assert!(status.success(), "{args:?}");
    started.elapsed()
}

#[test]
fn an_import_killed_midway_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().expect("dir");
    let large = dir.path().join("large.csv");
    write_large_sheet(&large, 8_000);
    let large = large.to_str().expect("path");
    let import = [
        "import",
        large,
        "--municipality",
        "032115",
        "--plan",
        "大きな計画",
    ];
    let path = sample("kamaishi-priority-projects.txt");
    for db in Db::both() {
        // when the import writes: after the time a dry run takes (reading the sheet, opening
        // the database, finding the plan new), before a whole import ends (both timed on a
        // database of the same kind)
        let fresh = db.like();
        let mut dry = import.to_vec();
        dry.push("--dry-run");
        let reading = timed(&fresh, &dry);
        let whole = timed(&fresh, &import);
        let writing = whole.saturating_sub(reading);
        db.ok(&[
            "import",
            path.to_str().expect("path"),
            "--municipality",
            "032115",
        ]);
        let before = db.backup();
        let mut killed_writing = 0;
        for fifth in 1..=3 {
            let delay = reading + writing * fifth / 5;
            let mut child = db
                .command(&import)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn");
            std::thread::sleep(delay);
            let running = child.try_wait().expect("wait").is_none();
            if running {
                child.kill().expect("SIGKILL");
            }
            child.wait().expect("wait");
            let check = db.ok(&["db", "check"]);
            assert!(check.contains("問題はありません"), "{check}");
            if db.backup() == before {
                killed_writing += usize::from(running);
                continue;
            }
            // otherwise it had committed before the signal: then all of it is there
            let plans = db.ok(&["plans"]);
            assert!(
                plans.contains("大きな計画") && plans.contains("160000"),
                "killed after {delay:?} of {whole:?}: the database holds part of the import\n{plans}"
            );
            break;
        }
        assert!(
            killed_writing >= 2,
            "the import was not caught writing twice ({whole:?} in all, {reading:?} reading)"
        );
        if !db.ok(&["plans"]).contains("大きな計画") {
            // and let alone, the same import completes
            let done = db.ok(&import);
            assert!(done.contains("指標 8000件"), "{done}");
        }
    }
}
