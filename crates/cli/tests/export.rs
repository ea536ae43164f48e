//! `shinchoku export` as a user runs it, on SQLite and PostgreSQL: the open data holds every
//! target and actual the database holds (the imported sheet's, and a value set afterwards), in
//! CSV (UTF-8 with a BOM, or Shift_JIS) and JSON alike; the council sheet is written to a file
//! and reads back; a bad plan or year is one line.

mod databases;

use databases::{Db, sample};
use std::collections::BTreeSet;

type Value = (String, String, String, String);

/// Keeps a sample sheet as a plan of the municipality `code`.
fn import(db: &Db, name: &str, code: &str) {
    let file = sample(name);
    db.ok(&[
        "import",
        file.to_str().expect("a path"),
        "--municipality",
        code,
    ]);
}

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
        import(&db, file, code);
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

/// Where the first page of each printed report is kept as a picture: `$SHINCHOKU_ARTEFACTS`
/// (default `artefacts/` at the repository's root).
fn artefacts() -> std::path::PathBuf {
    let dir = std::env::var_os("SHINCHOKU_ARTEFACTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artefacts")
        });
    std::fs::create_dir_all(&dir).expect("the artefacts directory");
    dir
}

fn poppler(tool: &str, args: &[&str]) -> String {
    let o = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(
        o.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_printed_report_is_a_pdf_with_its_japanese_text_charts_and_comments() {
    for db in Db::both() {
        import(&db, "kamaishi-priority-projects.txt", "032115");
        db.ok(&[
            "set",
            "--plan",
            "1",
            "--indicator",
            "1",
            "--year",
            "R5",
            "--comment",
            "掲載回数は目標に近い",
        ]);
        let dir = tempfile::tempdir().expect("a directory");
        for (paper, size) in [("a4", "A4"), ("a3", "A3")] {
            let pdf = dir.path().join(format!("report-{paper}.pdf"));
            let pdf = pdf.to_str().expect("a path");
            db.ok(&[
                "export", "--plan", "1", "--year", "R5", "--format", "pdf", "--paper", paper, "-o",
                pdf,
            ]);
            let info = poppler("pdfinfo", &[pdf]);
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|n| n.trim().parse().ok())
                .expect("a page count");
            // a cover, the summary, and the 26 indicators at one or two a page
            assert!((15..=40).contains(&pages), "{pages} pages");
            assert!(info.contains(&format!("({size})")), "{paper}: {info}");
            let size: Vec<f64> = info
                .lines()
                .find_map(|l| l.strip_prefix("Page size:"))
                .expect("a page size")
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            assert_eq!(
                size[0] > size[1],
                paper == "a3",
                "landscape for A3 only: {info}"
            );
            let text = poppler("pdftotext", &[pdf, "-"]);
            for words in [
                "進捗状況報告書",
                "釜石市",
                "令和5年度の評価",
                "基本目標ごとの評価",
                "広報に子育て情報を掲載した回数",
                "掲載回数は目標に近い",
                "5,070人",
                // 有/無 only: no figure to chart, said instead of an empty chart
                "グラフはありません",
            ] {
                assert!(text.contains(words), "{paper}: {words} is not in the text");
            }
            assert!(!text.contains('\u{FFFD}') && !text.contains('□'), "no tofu");
            let fonts = poppler("pdffonts", &[pdf]);
            assert!(
                fonts.lines().skip(2).all(|l| l.contains(" yes ")),
                "fonts embedded: {fonts}"
            );
        }
        let png = artefacts().join(format!("report-first-page-{}", db.name()));
        let a4 = dir.path().join("report-a4.pdf");
        poppler(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "2",
                a4.to_str().expect("a path"),
                png.to_str().expect("a path"),
            ],
        );
    }
}

#[test]
fn without_a_browser_the_pdf_is_one_sentence_and_nothing_is_written() {
    let db = Db::sqlite();
    import(&db, "kamaishi-priority-projects.txt", "032115");
    let dir = tempfile::tempdir().expect("a directory");
    let pdf = dir.path().join("report.pdf");
    let o = db
        .command(&[
            "export",
            "--plan",
            "1",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().expect("a path"),
        ])
        .env("SHINCHOKU_CHROMIUM", dir.path().join("no-such-browser"))
        .output()
        .expect("runs");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("(no-browser)"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!pdf.exists());
}

#[test]
fn a_bad_plan_or_year_is_one_line() {
    let db = Db::sqlite();
    import(&db, "kamaishi-priority-projects.txt", "032115");
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
