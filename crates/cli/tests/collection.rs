//! `shinchoku import` of a collection — a long CSV of many municipalities, as a prefecture
//! gathers it — as a user runs it, on SQLite and on PostgreSQL.

mod databases;

use databases::{Db, sample};
use std::path::Path;

/// Two municipalities × two indicators × two years, in Shift_JIS as Excel saves a CSV; line 4
/// has a code with a wrong check digit, line 7 a year nobody can read.
fn write_collection(path: &Path) {
    let text = "団体コード,指標ID,指標名,年度,区分,値\n\
                122203,1,待機児童数,R4,目標値,0人\n\
                122203,1,待機児童数,R4,実績値,3人\n\
                122204,1,待機児童数,R4,実績値,3人\n\
                122203,2,相談件数,R5,実績値,\"1,250件\"\n\
                032115,1,待機児童数,R4,目標値,0人\n\
                032115,1,待機児童数,来年,実績値,2人\n\
                032115,1,待機児童数,R5,実績値,1人\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    std::fs::write(path, bytes).expect("write the collection");
}

#[test]
fn a_collection_becomes_one_plan_per_municipality() {
    for db in Db::both() {
        let dir = tempfile::tempdir().expect("a folder");
        let file = dir.path().join("子育てKPI.csv");
        write_collection(&file);
        let f = file.to_str().expect("a UTF-8 path");

        let o = db.run(&["import", f, "--municipality", "032115"]);
        let out = String::from_utf8_lossy(&o.stdout);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{out}{err}");
        assert!(err.contains("(ignored-option)"), "{err}");
        assert!(
            out.contains("計画「子育てKPI」を2団体に作成しました: 指標 3件、値 5件"),
            "{out}"
        );
        assert!(out.contains("取り込めなかった行 2件"), "{out}");
        assert!(out.contains("4行目「団体コード」列"), "{out}");
        assert!(
            out.contains("7行目「年度」列: 「来年」を年度として読めません"),
            "{out}"
        );
        let warned = db.run(&["import", f, "--dry-run"]);
        assert!(!warned.status.success(), "the plans exist now");

        let plans = db.ok(&["plans"]);
        assert_eq!(plans.matches("| 子育てKPI |").count(), 2, "{plans}");
        let nagareyama = plans
            .lines()
            .find(|l| l.contains("122203"))
            .and_then(|l| l.split('|').nth(1))
            .map(str::trim)
            .expect("Nagareyama's plan is listed")
            .to_owned();
        let json = db.ok(&[
            "evaluate",
            "--plan",
            &nagareyama,
            "--year",
            "R4",
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let text = v.to_string();
        assert!(
            text.contains("待機児童数") && text.contains("3人"),
            "{text}"
        );

        // the same file again: every plan exists, nothing is written
        let before = db.backup();
        let again = db.run(&["import", f]);
        let err = String::from_utf8_lossy(&again.stderr);
        assert!(!again.status.success());
        assert!(
            err.contains("(plan-exists)") && err.contains("122203"),
            "{err}"
        );
        assert_eq!(db.backup(), before);
    }
}

#[test]
fn a_collection_with_no_row_to_take_writes_nothing_and_says_why() {
    let db = Db::sqlite();
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "団体コード,指標,年度,区分,値\n122204,待機児童数,R4,実績値,3\n032116,待機児童数,R4,実績値,2\n",
    )
    .expect("write");
    let o = db.run(&["import", file.to_str().expect("UTF-8")]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("(empty-collection)"), "{err}");
    assert!(
        err.contains("2行目「団体コード」列") && err.contains("3行目"),
        "{err}"
    );
    assert!(db.ok(&["plans"]).contains("計画はまだありません"));
}

#[test]
fn a_sheet_without_a_municipality_is_refused_before_anything_is_written() {
    let db = Db::sqlite();
    let sheet = sample("kamaishi-priority-projects.txt");
    let o = db.run(&["import", sheet.to_str().expect("UTF-8")]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("--municipality") && err.contains("(missing-municipality)"),
        "{err}"
    );
    assert!(db.ok(&["plans"]).contains("計画はまだありません"));
}
