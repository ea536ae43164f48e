//! `shinchoku export` as a user runs it, on SQLite and PostgreSQL: the open data holds every
//! target and actual the database holds (the imported sheet's, and a value set afterwards), in
//! CSV (UTF-8 with a BOM, or Shift_JIS) and JSON alike; the council sheet is written to a file
//! and reads back; a bad plan or year is one line.

mod databases;

use databases::{Db, sample};
use std::collections::BTreeSet;

type Value = (String, String, String, String);

/// (indicator number, fiscal year, 目標値/実績値, raw text) of the sheet as `read --csv` gives it.
fn sheet_values(db: &Db, file: &str) -> BTreeSet<Value> {
    let text = db.ok(&["read", file, "--csv"]);
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().expect("a header").clone();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (no, year, kind, raw) = (at("指標番号"), at("年度"), at("区分"), at("値"));
    reader
        .records()
        .map(|r| r.expect("a row"))
        .filter(|r| matches!(&r[kind], "目標値" | "実績値"))
        .map(|r| {
            (
                r[no].to_owned(),
                r[year].to_owned(),
                r[kind].to_owned(),
                r[raw].to_owned(),
            )
        })
        .collect()
}

fn csv_values(bytes: &[u8]) -> (BTreeSet<Value>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let values = rows
        .iter()
        .map(|r| {
            (
                r[4].to_owned(),
                r[9].to_owned(),
                r[10].to_owned(),
                r[11].to_owned(),
            )
        })
        .collect();
    (values, rows)
}

#[test]
fn the_open_data_holds_every_value_the_database_holds() {
    for db in Db::both() {
        let file = sample("nagareyama-progress-sheet.txt");
        let file = file.to_str().expect("a path");
        db.ok(&["import", file, "--municipality", "122203"]);
        db.ok(&[
            "set",
            "--plan",
            "1",
            "--indicator",
            "3",
            "--year",
            "R1",
            "--actual",
            "2,100件",
        ]);
        let mut expected = sheet_values(&db, file);
        expected.insert((
            "3".into(),
            "令和元年度".into(),
            "実績値".into(),
            "2,100件".into(),
        ));

        let json = db.ok(&["export", "--plan", "1", "--format", "json"]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON");
        let from_json: BTreeSet<Value> = rows
            .iter()
            .map(|r| {
                (
                    r["indicator_no"].to_string(),
                    r["fiscal_year_label"].as_str().expect("a label").to_owned(),
                    match r["series"].as_str() {
                        Some("target") => "目標値".to_owned(),
                        _ => "実績値".to_owned(),
                    },
                    r["raw"].as_str().expect("raw").to_owned(),
                )
            })
            .collect();
        assert_eq!(from_json, expected, "JSON");
        let set = rows
            .iter()
            .find(|r| r["raw"] == "2,100件")
            .expect("the value set after the import");
        assert_eq!(set["value"], 2100.0);
        assert_eq!(set["municipality_code"], "122203");
        assert_eq!(set["fiscal_year"], 2019);
        assert_eq!(set["unit"], "件");

        let csv = db.run(&["export", "--plan", "1", "--format", "csv"]).stdout;
        let body = csv
            .strip_prefix("\u{feff}".as_bytes())
            .expect("a BOM for Excel");
        let (from_csv, records) = csv_values(body);
        assert_eq!(from_csv, expected, "CSV");
        assert_eq!(records.len(), rows.len(), "one CSV row per JSON row");

        let sjis = db
            .run(&[
                "export",
                "--plan",
                "1",
                "--format",
                "csv",
                "--encoding",
                "shift_jis",
            ])
            .stdout;
        let (text, _, malformed) = encoding_rs::SHIFT_JIS.decode(&sjis);
        assert!(!malformed);
        assert!(text.starts_with("団体コード,団体名,計画"));
        assert!(text.contains("2,100件"));

        let dir = tempfile::tempdir().expect("a directory");
        let xlsx = dir.path().join("進捗管理シート.xlsx");
        let xlsx = xlsx.to_str().expect("a path");
        db.ok(&[
            "export", "--plan", "1", "--year", "R1", "--format", "xlsx", "-o", xlsx,
        ]);
        let back = db.ok(&["read", xlsx, "--csv"]);
        assert!(
            back.contains("2,100件"),
            "the council sheet reads back with the value set"
        );
    }
}

#[test]
fn each_plan_is_exported_in_the_layout_its_sheet_had() {
    let db = Db::sqlite();
    for (file, code) in [
        ("nagareyama-progress-sheet.txt", "122203"),
        ("kamaishi-priority-projects.txt", "032115"),
    ] {
        let path = sample(file);
        db.ok(&[
            "import",
            path.to_str().expect("a path"),
            "--municipality",
            code,
        ]);
    }
    let dir = tempfile::tempdir().expect("a directory");
    for (plan, layout) in [("1", "matrix"), ("2", "sectioned")] {
        let out = dir.path().join(format!("{plan}.xlsx"));
        let out = out.to_str().expect("a path");
        db.ok(&["export", "--plan", plan, "--format", "xlsx", "-o", out]);
        let read = db.ok(&["read", out]);
        assert!(
            read.contains(&format!("レイアウト: {layout}")),
            "plan {plan}: {read}"
        );
    }
}

#[test]
fn a_bad_plan_or_year_is_one_line() {
    let db = Db::sqlite();
    let file = sample("kamaishi-priority-projects.txt");
    db.ok(&[
        "import",
        file.to_str().expect("a path"),
        "--municipality",
        "032115",
    ]);
    for (args, key) in [
        (
            vec!["export", "--plan", "9", "--format", "csv"],
            "(plan-not-found)",
        ),
        (
            vec![
                "export", "--plan", "1", "--year", "R40", "--format", "xlsx", "-o", "x.xlsx",
            ],
            "(year-outside-plan)",
        ),
        (
            vec![
                "export",
                "--plan",
                "1",
                "--format",
                "xlsx",
                "-o",
                "/nonexistent/dir/x.xlsx",
            ],
            "(cannot-write)",
        ),
    ] {
        let o = db.run(&args);
        assert!(!o.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(key), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}
