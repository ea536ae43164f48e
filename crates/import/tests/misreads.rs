//! Sheets the reader used to misread without a word (issue 12): a year cell it cannot read in
//! a long sheet, two values for one indicator and year, a figure the cell grammar cannot read,
//! and a forced layout that does not fit. Each is read as far as it honestly can be, and the
//! rest is said.

use shinchoku_core::finding::{Finding, FindingKind};
use shinchoku_core::{CellValue, FiscalYear, Plan, Series};
use shinchoku_import::{ReadOptions, ReadSheet, read_bytes};
use std::path::Path;

fn read_as(file: &str, text: &str) -> ReadSheet {
    read_bytes(Path::new(file), text.as_bytes(), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("in range")
}

fn findings<'p>(plan: &'p Plan, key: &str) -> Vec<&'p Finding> {
    plan.findings
        .iter()
        .filter(|f| f.kind.key() == key)
        .collect()
}

fn raw(plan: &Plan, name: &str, series: Series, year: i32) -> Option<String> {
    let ind = plan.indicators.iter().find(|i| i.name == name)?;
    Some(ind.series(series).get(&fy(year))?.raw.to_string())
}

fn names(plan: &Plan) -> Vec<&str> {
    plan.indicators.iter().map(|i| i.name.as_str()).collect()
}

/// A long sheet whose value columns are named 目標値 | 実績値, with `year` in its first row.
fn long_sheet(year: &str) -> String {
    format!(
        "指標,単位,年度,目標値,実績値\n\
         保育所待機児童数,人,{year},0,2\n\
         保育所待機児童数,人,令和2年度,0,5\n\
         保育所待機児童数,人,令和3年度,0,3\n\
         相談件数,件,令和2年度,100,90\n\
         相談件数,件,令和3年度,110,120\n"
    )
}

#[test]
fn one_unreadable_year_keeps_a_long_sheet_long_and_is_reported_at_its_cell() {
    for year in ["令和4・5年度", "2023/24", "H30.4", "R0", "令和〇年度"] {
        let sheet = read_as("long.csv", &long_sheet(year));
        assert_eq!(sheet.layout, "long", "{year}: {:?}", sheet.recognitions());
        let p = &sheet.plan;
        assert_eq!(names(p), ["保育所待機児童数", "相談件数"], "{year}");
        assert_eq!(
            raw(p, "保育所待機児童数", Series::Actual, 2021).as_deref(),
            Some("3")
        );
        let found = findings(p, "year-not-understood");
        assert_eq!(found.len(), 1, "{year}: {:#?}", p.findings);
        assert!(
            matches!(&found[0].kind, FindingKind::YearNotUnderstood { raw, .. } if raw == year),
            "{:?}",
            found[0]
        );
        assert_eq!(
            found[0].location.as_ref().map(ToString::to_string),
            Some("2行3列".to_owned()),
            "{year}"
        );
    }
}

#[test]
fn an_unreadable_year_in_the_middle_of_a_long_sheet_is_reported_too() {
    let text = long_sheet("令和元年度").replace("相談件数,件,令和2年度", "相談件数,件,2023/24");
    let sheet = read_as("long.csv", &text);
    assert_eq!(sheet.layout, "long");
    let found = findings(&sheet.plan, "year-not-understood");
    assert_eq!(found.len(), 1, "{:#?}", sheet.plan.findings);
    assert_eq!(
        found[0].location.as_ref().map(ToString::to_string),
        Some("5行3列".to_owned())
    );
}

#[test]
fn a_year_in_kanji_numerals_is_read() {
    let sheet = read_as("long.csv", &long_sheet("令和五年度"));
    assert_eq!(sheet.layout, "long");
    let p = &sheet.plan;
    assert_eq!(
        raw(p, "保育所待機児童数", Series::Actual, 2023).as_deref(),
        Some("2")
    );
    assert!(
        findings(p, "year-not-understood").is_empty(),
        "{:#?}",
        p.findings
    );
}

#[test]
fn heisei_31_and_reiwa_1_in_a_long_sheet_are_one_year_with_two_values() {
    let text = "指標,年度,区分,値\n\
                相談件数,平成30年度,実績値,8\n\
                相談件数,平成31年度,実績値,10\n\
                相談件数,令和元年度,実績値,90\n\
                相談件数,令和2年度,実績値,12\n";
    let sheet = read_as("long.csv", text);
    assert_eq!(sheet.layout, "long");
    let p = &sheet.plan;
    assert_eq!(
        raw(p, "相談件数", Series::Actual, 2019).as_deref(),
        Some("10")
    );
    let found = findings(p, "duplicate-value");
    assert_eq!(found.len(), 1, "{:#?}", p.findings);
    let message = found[0].to_string();
    for part in [
        "令和元年度",
        "実績値",
        "「10」(3行4列)",
        "「90」(4行4列)",
        "先に書かれた「10」を使い",
    ] {
        assert!(message.contains(part), "{part} not in {message}");
    }
    assert_eq!(
        found[0].location.as_ref().map(ToString::to_string),
        Some("4行4列".to_owned())
    );
}

#[test]
fn a_row_written_twice_in_a_long_sheet_is_reported() {
    let text = "指標,年度,区分,値\n\
                相談件数,令和2年度,目標値,100\n\
                相談件数,令和2年度,実績値,90\n\
                相談件数,令和2年度,目標値,100\n";
    let sheet = read_as("long.csv", text);
    let p = &sheet.plan;
    assert_eq!(
        raw(p, "相談件数", Series::Target, 2020).as_deref(),
        Some("100")
    );
    let found = findings(p, "duplicate-value");
    assert_eq!(found.len(), 1, "{:#?}", p.findings);
    assert!(
        found[0]
            .to_string()
            .contains("目標値「100」が2回書かれています(2行4列と4行4列)"),
        "{}",
        found[0]
    );
}

/// Each layout, with one indicator given two values for one year: the first is kept and the
/// second reported, never the last kept in silence. (The wide layout refuses a header with
/// two columns for one year and series outright: it is not recognised.)
#[test]
fn every_layout_reports_two_values_for_one_year() {
    let sheets: &[(&str, &str, Series, &str, &str)] = &[
        (
            "transposed",
            "年度\t相談件数(件)\t利用者数(人)\n\
             平成30年度\t80\t400\n\
             平成31年度\t10\t500\n\
             令和元年度\t90\t500\n",
            Series::Actual,
            "10",
            "90",
        ),
        (
            "summary",
            "指標名\t単位\t平成31年度目標\t平成31年度実績\t令和元年度目標\t令和元年度実績\n\
             相談件数\t件\t100\t10\t100\t90\n",
            Series::Actual,
            "10",
            "90",
        ),
        (
            "sectioned",
            "第3期 こども計画 進捗状況\n\
             \n\
             基本目標1 子どもの居場所づくり\n\
             \n\
             (1)相談\n\
             指標\t目標値(令和6年度)\t平成31年度\t令和元年度\n\
             相談件数\t150件\t10件\t90件\n\
             \n\
             (2)遊び場\n\
             指標\t目標値(令和6年度)\t令和4年度\t令和5年度\n\
             公園の整備数\t3か所\t1か所\t2か所\n",
            Series::Actual,
            "10件",
            "90件",
        ),
        (
            "matrix",
            "指標\t区分\tR5\tR6\t目標値(R6)\n\
             相談件数\t目標\t100\t110\t150\n\
             \t実績\t95\t\t\n",
            Series::Target,
            "110",
            "150",
        ),
    ];
    for (layout, text, series, kept, dropped) in sheets {
        let sheet = read_as("sheet.txt", text);
        assert_eq!(sheet.layout, *layout, "{:?}", sheet.recognitions());
        let p = &sheet.plan;
        let year = if *layout == "matrix" { 2024 } else { 2019 };
        assert_eq!(
            raw(p, "相談件数", *series, year).as_deref(),
            Some(*kept),
            "{layout}"
        );
        let found: Vec<&Finding> = findings(p, "duplicate-value")
            .into_iter()
            .filter(|f| {
                matches!(&f.kind, FindingKind::DuplicateValue { indicator, series: s, .. }
                    if indicator == "相談件数" && s == series)
            })
            .collect();
        assert_eq!(found.len(), 1, "{layout}: {:#?}", p.findings);
        assert!(
            matches!(
                &found[0].kind,
                FindingKind::DuplicateValue { kept: k, dropped: d, .. } if k == kept && d == dropped
            ),
            "{layout}: {}",
            found[0]
        );
        assert!(found[0].location.is_some(), "{layout}");
    }
}

#[test]
fn a_figure_the_grammar_cannot_read_is_text_with_a_finding() {
    let text = "指標,単位,年度,目標値,実績値\n\
                参加人数,人,令和2年度,5〜10,7\n\
                相談回数,回,令和2年度,(5),1e\n\
                補助額,円,令和2年度,¥5000,5-\n\
                講座数,回,令和2年度,12.,11\n";
    let sheet = read_as("long.csv", text);
    let p = &sheet.plan;
    let not_numbers: Vec<String> = findings(p, "not-a-number")
        .iter()
        .map(|f| match &f.kind {
            FindingKind::NotANumber { raw, series, .. } => {
                format!(
                    "{raw} {series} @{}",
                    f.location
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                )
            }
            other => format!("{other}"),
        })
        .collect();
    assert_eq!(
        not_numbers,
        [
            "5〜10 目標値 @2行4列",
            "(5) 目標値 @3行4列",
            "1e 実績値 @3行5列",
            "5- 実績値 @4行5列"
        ]
    );
    let ind = |name: &str| p.indicators.iter().find(|i| i.name == name).expect(name);
    // ¥ means yen, and a trailing point ends a figure: both are read
    let yen = ind("補助額")
        .targets
        .get(&fy(2020))
        .map(|c| c.value.clone());
    assert!(
        matches!(&yen, Some(CellValue::Number(q)) if q.value == 5000.0 && q.unit.as_ref().map(|u| u.as_str()) == Some("円")),
        "{yen:?}"
    );
    let point = ind("講座数")
        .targets
        .get(&fy(2020))
        .map(|c| c.value.clone());
    assert!(
        matches!(&point, Some(CellValue::Number(q)) if q.value == 12.0 && q.unit.is_none()),
        "{point:?}"
    );
}

#[test]
fn a_forced_layout_that_does_not_fit_is_an_error_naming_it_and_why() {
    let options = ReadOptions {
        layout: Some("matrix".into()),
        ..ReadOptions::default()
    };
    let text = long_sheet("令和元年度");
    let e = match read_bytes(Path::new("long.csv"), text.as_bytes(), &options) {
        Ok(sheet) => panic!(
            "read as matrix with {} indicators and findings {:#?}",
            sheet.plan.indicators.len(),
            sheet.plan.findings
        ),
        Err(e) => e,
    };
    assert_eq!(e.key(), "layout-does-not-fit");
    let message = e.to_string();
    for part in [
        "long.csv",
        "「matrix」",
        "年度が2つ以上並ぶ見出し行がありません",
        "long",
    ] {
        assert!(message.contains(part), "{part} not in {message}");
    }
    // a forced layout that fits still reads
    let options = ReadOptions {
        layout: Some("long".into()),
        ..ReadOptions::default()
    };
    let sheet = read_bytes(Path::new("long.csv"), text.as_bytes(), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sheet.plan.indicators.len(), 2);
}

#[test]
fn two_layouts_that_read_a_sheet_almost_equally_well_are_said_to_need_a_look() {
    // small numbered tables of years and a target: the sectioned layout's, or a summary's
    let table = |n: usize, name: &str| {
        format!(
            "({n}) 見出し{n}\n指標\t単位\t令和2年度\t令和3年度\t目標値\n{name}\t件\t90\t120\t150\n\n"
        )
    };
    let text = [
        table(1, "相談件数"),
        table(2, "訪問件数"),
        table(3, "講座回数"),
    ]
    .concat();
    let sheet = read_as("close.tsv", &text);
    let close = findings(&sheet.plan, "layout-close");
    assert_eq!(close.len(), 1, "{:#?}", sheet.plan.findings);
    assert!(close[0].to_string().contains("区切り型"), "{}", close[0]);
    // a layout the user names is their choice: nothing to check
    let options = ReadOptions {
        layout: Some("sectioned".into()),
        ..ReadOptions::default()
    };
    let forced = read_bytes(Path::new("close.tsv"), text.as_bytes(), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(findings(&forced.plan, "layout-close").is_empty());
    // a sheet one layout reads clearly best says nothing of the others
    let clear = read_as("clear.tsv", "指標\t目標値\t実績値\n相談件数\t100\t90\n");
    assert!(findings(&clear.plan, "layout-close").is_empty());
}
