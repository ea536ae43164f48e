//! The reading options of `shinchoku read` as a user meets them: a mapping suggested, corrected
//! and used; an encoding forced; a workbook sheet chosen; the long CSV written and read back;
//! a sheet 20,000 columns wide. Every refusal is one line with its key.

use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::process::{Command, Output};

fn shinchoku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

/// One line on stderr with the key, naming what it is about, and a failing exit.
fn assert_refused(o: &Output, key: &str, names: &str) {
    let err = stderr(o);
    assert!(!o.status.success(), "succeeded: {}", stdout(o));
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("エラー: "), "{err}");
    assert!(err.contains(&format!("({key})")), "key {key}: {err}");
    assert!(err.contains(names), "names {names}: {err}");
}

/// A sheet no layout knows: the indicator column is headed 内容, which names nothing.
const UNKNOWN_SHEET: &str = "事業評価調書\n\n\
    施策名\t内容\t単位\tR3値\tR4値\tR5値\n\
    子育て支援\t相談件数\t件\t120\t135\t150\n\
    子育て支援\t訪問件数\t件\t30\t28\t35\n";

#[test]
fn a_mapping_is_suggested_corrected_and_used() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sheet = dir.path().join("chousho.txt");
    std::fs::write(&sheet, UNKNOWN_SHEET).expect("written");

    let o = shinchoku(&["read", path(&sheet)]);
    assert_refused(&o, "no-layout", path(&sheet));

    let o = shinchoku(&["read", "--suggest-mapping", path(&sheet)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let suggested = stdout(&o);
    assert!(suggested.contains("header_row = 3"), "{suggested}");
    assert!(suggested.contains("D = \"令和3年度\""), "{suggested}");
    // what it could not tell is said in a comment, for the person to fill in
    assert!(suggested.contains("columns.indicator"), "{suggested}");

    let corrected = suggested.replace("[columns]", "[columns]\nindicator = \"内容\"");
    let mapping = dir.path().join("chousho.toml");
    std::fs::write(&mapping, corrected).expect("written");
    let doc = json(&shinchoku(&[
        "read",
        "--json",
        "--mapping",
        path(&mapping),
        path(&sheet),
    ]));
    let names: Vec<&str> = doc["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names, ["相談件数", "訪問件数"]);
    assert_eq!(doc["indicators"][0]["actuals"]["2022"]["value"], 135);
    assert_eq!(
        doc["indicators"][1]["path"],
        serde_json::json!(["子育て支援"])
    );
    assert_eq!(doc["source"]["layout"], "mapping");
}

#[test]
fn a_bad_mapping_names_the_file_and_the_place() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sheet = dir.path().join("chousho.txt");
    std::fs::write(&sheet, UNKNOWN_SHEET).expect("written");
    let mapping = dir.path().join("map.toml");

    std::fs::write(&mapping, "header_row = 3\n[colums]\nindicator = \"B\"\n").expect("written");
    let o = shinchoku(&["read", "--mapping", path(&mapping), path(&sheet)]);
    assert_refused(&o, "mapping", "2行");
    assert!(stderr(&o).contains(path(&mapping)), "{}", stderr(&o));

    std::fs::write(
        &mapping,
        "header_row = 3\n[columns]\nindicator = \"指標名\"\n[years]\nD = \"R3\"\n",
    )
    .expect("written");
    let o = shinchoku(&["read", "--mapping", path(&mapping), path(&sheet)]);
    assert_refused(&o, "mapping", "columns.indicator");
    assert!(stderr(&o).contains("指標名"), "{}", stderr(&o));

    let missing = dir.path().join("none.toml");
    let o = shinchoku(&["read", "--mapping", path(&missing), path(&sheet)]);
    assert_refused(&o, "mapping", "見つかりません");
}

#[test]
fn an_encoding_can_be_forced_and_an_unknown_one_is_named() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sheet = dir.path().join("sjis.csv");
    let text = "指標,単位,区分,R4,R5\n相談件数,件,目標値,10,12\n,,実績値,9,13\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    std::fs::write(&sheet, &bytes).expect("written");

    let detected = json(&shinchoku(&["read", "--json", path(&sheet)]));
    assert_eq!(detected["source"]["format"], "Shift_JIS");
    assert_eq!(detected["indicators"][0]["name"], "相談件数");
    let forced = json(&shinchoku(&[
        "read",
        "--json",
        "--encoding",
        "cp932",
        path(&sheet),
    ]));
    assert_eq!(forced["indicators"], detected["indicators"]);

    // forced wrongly, the bytes are not UTF-8: the line is named
    let o = shinchoku(&["read", "--encoding", "utf-8", path(&sheet)]);
    assert_refused(&o, "encoding", "1行目");
    let o = shinchoku(&["read", "--encoding", "klingon", path(&sheet)]);
    assert_refused(&o, "unknown-encoding", "klingon");
}

#[test]
fn a_sheet_of_a_workbook_is_chosen_by_name() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let book = dir.path().join("shinchoku.xlsx");
    let mut workbook = Workbook::new();
    let cover = workbook.add_worksheet();
    cover.set_name("表紙").expect("named");
    cover
        .write_string(0, 0, "令和5年度 進捗状況")
        .expect("written");
    let figures = workbook.add_worksheet();
    figures.set_name("指標").expect("named");
    let rows: [[&str; 5]; 3] = [
        ["指標", "単位", "", "R4", "R5"],
        ["相談件数", "件", "目標値", "10", "12"],
        ["", "", "実績値", "9", "13"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) => figures.write_number(r, c, n),
                Err(_) => figures.write_string(r, c, *cell),
            }
            .expect("written");
        }
    }
    workbook.save(&book).expect("saved");

    let doc = json(&shinchoku(&[
        "read",
        "--json",
        "--sheet",
        "指標",
        path(&book),
    ]));
    assert_eq!(doc["indicators"][0]["actuals"]["2023"]["value"], 13);
    assert_eq!(doc["indicators"][0]["actuals"]["2023"]["raw"], "13");
    assert_eq!(doc["source"]["format"], "xlsx");
    assert_eq!(doc["source"]["sheets"], serde_json::json!(["指標"]));

    let o = shinchoku(&["read", "--sheet", "集計", path(&book)]);
    assert_refused(&o, "sheet-not-found", "表紙");
}

#[test]
fn the_long_csv_reads_back_to_the_same_plan() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/kamaishi-priority-projects.txt");
    let o = shinchoku(&["read", "--csv", path(&sample)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let long = dir.path().join("kamaishi.csv");
    std::fs::write(&long, &o.stdout).expect("written");

    // where each indicator was read differs (the sheet's cell, then the CSV's line); the rest
    // is the same
    let indicators = |o: &Output| {
        let mut doc = json(o);
        for i in doc["indicators"].as_array_mut().expect("indicators") {
            i.as_object_mut().expect("an indicator").remove("location");
        }
        doc
    };
    let first = indicators(&shinchoku(&["read", "--json", path(&sample)]));
    let again = indicators(&shinchoku(&["read", "--json", path(&long)]));
    assert_eq!(again["source"]["layout"], "long");
    assert_eq!(again["indicators"].as_array().map(Vec::len), Some(26));
    assert_eq!(again["indicators"], first["indicators"]);
}

#[test]
fn a_sheet_20000_columns_wide_is_read_with_one_finding_per_row() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sheet = dir.path().join("wide.csv");
    let mut text = String::from("指標,単位,区分,R3,R4,R5");
    text.push_str(&",".repeat(20_000 - 6));
    text.push('\n');
    for (name, kind) in [("相談件数", "目標値"), ("", "実績値")] {
        text.push_str(&format!("{name},件,{kind},10,11,12"));
        for c in 6..20_000 {
            text.push_str(&format!(",{}", c % 97));
        }
        text.push('\n');
    }
    std::fs::write(&sheet, text).expect("written");

    let doc = json(&shinchoku(&["read", "--json", path(&sheet)]));
    assert_eq!(doc["indicators"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc["indicators"][0]["actuals"]["2023"]["value"], 12);
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 2, "{findings:?}");
    for (f, line) in findings.iter().zip([2, 3]) {
        assert_eq!(f["kind"], "unplaced-cells");
        assert_eq!(f["location"], format!("{line}行7列"));
        assert!(
            f["message"].as_str().is_some_and(|m| m.contains("19994個")),
            "{f}"
        );
    }

    // as wide, with nothing a layout knows: refused in one line
    let noise = dir.path().join("noise.csv");
    let row: Vec<String> = (0..20_000).map(|c| format!("列{c}")).collect();
    std::fs::write(&noise, format!("{}\n{}\n", row.join(","), row.join(","))).expect("written");
    let o = shinchoku(&["read", path(&noise)]);
    assert_refused(&o, "no-layout", path(&noise));
}
