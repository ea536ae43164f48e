//! Sheets that are not the fixtures: other header words and orders, extra columns, other ways
//! of writing years, shifted rows, a bad row among good ones. The reader must recognise them by
//! content and say what it could not place — and never panic, whatever it is given.

use proptest::prelude::*;
use shinchoku_core::document::PlanDocument;
use shinchoku_core::finding::FindingKind;
use shinchoku_core::location::Location;
use shinchoku_core::{CellValue, FiscalYear, Plan};
use shinchoku_import::{ImportError, ReadOptions, ReadSheet, read_bytes};
use std::path::Path;

mod common;
use common::inline::assumed_a_target_year;
use common::sheets;

fn read(text: &str) -> ReadSheet {
    read_bytes(
        Path::new("test.txt"),
        text.as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("in range")
}

/// The raw text of every cell the reader reported it could not place, in order.
fn unplaced_cells(plan: &Plan) -> Vec<String> {
    plan.findings
        .iter()
        .filter_map(|f| match &f.kind {
            FindingKind::UnplacedCell { raw, .. } => Some(raw.clone()),
            _ => None,
        })
        .collect()
}

/// Each indicator's name and unit, in order.
fn names_and_units(plan: &Plan) -> Vec<(&str, Option<&str>)> {
    plan.indicators
        .iter()
        .map(|i| (i.name.as_str(), i.unit.as_ref().map(|u| u.as_str())))
        .collect()
}

fn value(plan: &Plan, name: &str, series: &str, year: i32) -> Option<f64> {
    let ind = plan.indicators.iter().find(|i| i.name == name)?;
    let map = if series == "target" {
        &ind.targets
    } else {
        &ind.actuals
    };
    match &map.get(&fy(year))?.value {
        CellValue::Number(q) => Some(q.value),
        _ => None,
    }
}

#[test]
fn a_matrix_with_other_words_and_columns() {
    let sheet = read(sheets::MATRIX_OTHER_WORDS);
    assert_eq!(sheet.layout, "matrix");
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 2);
    assert_eq!(value(p, "子育て相談件数", "target", 2022), Some(1350.0));
    assert_eq!(value(p, "子育て相談件数", "actual", 2021), Some(1320.0));
    assert_eq!(value(p, "保育所待機児童数", "actual", 2020), Some(12.0));
    let ind = &p.indicators[0];
    assert_eq!(ind.department.as_deref(), Some("子ども家庭課"));
    assert_eq!(
        ind.baseline.as_ref().map(|b| b.cell.raw.as_str()),
        Some("1,200")
    );
    assert_eq!(
        p.path(ind.goal),
        ["基本目標1 安心して子育てできるまち", "(1)子育て相談の充実"]
    );
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn a_matrix_with_gregorian_years_and_rows_shifted_both_ways() {
    let sheet = read(sheets::MATRIX_SHIFTED_ROWS);
    assert_eq!(sheet.layout, "matrix");
    let p = &sheet.plan;
    // the actual row shifted right by one and the one shifted left still land on their years
    assert_eq!(value(p, "利用者数", "actual", 2020), Some(95.0));
    assert_eq!(value(p, "利用者数", "actual", 2021), Some(115.0));
    assert_eq!(value(p, "講座開催回数", "actual", 2022), Some(4.0));
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn a_bad_row_is_reported_and_the_good_rows_are_kept() {
    let sheet = read(sheets::MATRIX_BAD_ROW);
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 2);
    assert_eq!(value(p, "訪問件数", "actual", 2021), Some(7.0));
    let unplaced: Vec<String> = p
        .findings
        .iter()
        .filter_map(|f| match &f.kind {
            FindingKind::UnplacedCell { raw, .. } => Some(format!(
                "{raw}@{}",
                f.location
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            )),
            _ => None,
        })
        .collect();
    // the stray note's second cell, and the two cells past the last year
    assert!(
        unplaced.contains(&"あとで入力@4行4列".to_owned()),
        "{unplaced:?}"
    );
    assert!(unplaced.contains(&"8@6行6列".to_owned()), "{unplaced:?}");
    assert!(unplaced.contains(&"9@6行7列".to_owned()), "{unplaced:?}");
}

#[test]
fn a_matrix_filled_down_is_one_indicator_per_pair_of_rows() {
    let sheet = read(sheets::MATRIX_FILLED_DOWN);
    assert_eq!(sheet.layout, "matrix");
    let p = &sheet.plan;
    let names: Vec<&str> = p.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        ["乳幼児健診受診率", "相談件数", "相談件数", "待機児童数"]
    );
    assert_eq!(p.goals.len(), 2, "{:?}", p.goals);
    assert_eq!(value(p, "乳幼児健診受診率", "actual", 2022), Some(96.5));
    assert_eq!(p.indicators[2].actuals.len(), 2);
    assert_eq!(p.path(p.indicators[3].goal), ["2 安心して子育てできる環境"]);
    // the name used twice is still worth a look
    let duplicates = p
        .findings
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::DuplicateIndicator { .. }))
        .count();
    assert_eq!(duplicates, 1, "{:#?}", p.findings);
}

#[test]
fn two_digit_years_take_the_era_of_the_title() {
    let sheet = read(sheets::MATRIX_TWO_DIGIT_YEARS);
    let years: Vec<i32> = sheet
        .plan
        .fiscal_years
        .iter()
        .map(|y| y.start_year())
        .collect();
    assert_eq!(years, [2010, 2011, 2012]);
}

#[test]
fn a_sectioned_sheet_with_years_in_the_header_and_numbered_notes() {
    let sheet = read(sheets::SECTIONED_NUMBERED_NOTES);
    assert_eq!(sheet.layout, "sectioned");
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 3);
    assert_eq!(
        value(p, "放課後児童クラブ登録児童数", "target", 2024),
        Some(1500.0)
    );
    assert_eq!(
        value(p, "放課後児童クラブ登録児童数", "actual", 2023),
        Some(1410.0)
    );
    let notes = |name: &str| -> Vec<String> {
        let i = p.indicators.iter().find(|i| i.name == name).expect(name);
        i.notes.iter().map(|n| p.note(*n).text.clone()).collect()
    };
    assert_eq!(notes("放課後児童クラブ登録児童数"), ["※1 年度末時点"]);
    assert_eq!(notes("子ども食堂の数"), ["※2 市の補助を受けている団体のみ"]);
    let park = p
        .indicators
        .iter()
        .find(|i| i.name == "公園の整備数")
        .expect("park");
    assert_eq!(
        p.path(park.goal),
        ["基本目標1 子どもの居場所づくり", "(2)遊び場"]
    );
    // the target year is written in the header: nothing was assumed
    assert!(!assumed_a_target_year(p), "{:#?}", p.findings);
}

#[test]
fn a_summary_sheet_takes_its_years_from_cells_headers_and_a_sentence() {
    let sheet = read(sheets::SUMMARY_WITH_YEARS_AND_GROUPS);
    assert_eq!(sheet.layout, "summary");
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 4);
    // 22年度 in a 平成24年度 sheet is FY2010; the target year comes from the sentence
    assert_eq!(
        value(p, "子育てに満足している市民の割合", "actual", 2010),
        Some(54.6)
    );
    assert_eq!(
        value(p, "子育てに満足している市民の割合", "target", 2014),
        Some(60.0)
    );
    let ind = &p.indicators[0];
    let baseline = ind.baseline.as_ref().expect("a baseline");
    assert_eq!(
        (baseline.cell.raw.as_str(), baseline.year),
        ("45.0%", Some(fy(2008)))
    );
    assert_eq!(
        ind.self_assessments.get(&fy(2010)).map(String::as_str),
        Some("B")
    );
    assert_eq!(
        ind.stated_achievements
            .get(&fy(2010))
            .map(|c| c.raw.as_str()),
        Some("91.0%")
    );
    assert_eq!(p.path(ind.goal), ["(1)子育て支援の充実"]);
    // one measure, two groups: two indicators with the same name
    let groups: Vec<(&str, Option<&str>)> = p.indicators[2..]
        .iter()
        .map(|i| (i.name.as_str(), i.group.as_deref()))
        .collect();
    assert_eq!(
        groups,
        [
            ("朝食を毎日食べる子どもの割合", Some("就学前児童")),
            ("朝食を毎日食べる子どもの割合", Some("小学生"))
        ]
    );
    assert_eq!(
        value(p, "朝食を毎日食べる子どもの割合", "actual", 2011),
        Some(92.3)
    );
    // the cells dated by the sentence, not by themselves, are the ones to check
    assert_eq!(
        years_from_context(p),
        [
            "45.0%", "60.0%", "120", "0", "90.1%", "100%", "85.0%", "100%"
        ]
    );
}

/// The raw cells whose year the reader took from around them, in order; panics on any other
/// finding.
fn years_from_context(plan: &Plan) -> Vec<&str> {
    plan.findings
        .iter()
        .map(|f| match &f.kind {
            FindingKind::YearFromContext { raw, .. } => raw.as_str(),
            other => panic!("unexpected finding {other:?}"),
        })
        .collect()
}

#[test]
fn a_kpi_list_takes_each_columns_year_from_its_header() {
    let sheet = read(sheets::SUMMARY_YEAR_COLUMNS);
    assert_eq!(sheet.layout, "summary");
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 3);
    for (year, figure) in [(2020, 18.0), (2021, 29.0), (2022, 41.0)] {
        assert_eq!(value(p, "新規創業者数(累計)", "actual", year), Some(figure));
    }
    assert_eq!(value(p, "新規創業者数(累計)", "target", 2024), Some(60.0));
    let ind = &p.indicators[2];
    let baseline = ind.baseline.as_ref().expect("a baseline");
    assert_eq!(
        (baseline.cell.raw.as_str(), baseline.year),
        ("▲120人", Some(fy(2018)))
    );
    assert_eq!(value(p, "転入超過数", "actual", 2022), Some(-60.0));
    // the sheet's 評価 is of its latest actual
    assert_eq!(
        ind.self_assessments.get(&fy(2022)).map(String::as_str),
        Some("C")
    );
    assert_eq!(p.path(p.indicators[1].goal), ["1 しごとをつくる"]);
    assert_eq!(p.path(ind.goal), ["2 ひとの流れをつくる"]);
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn a_header_row_with_a_target_and_an_actual_column_per_year() {
    let sheet = read(sheets::SUMMARY_PAIRED_YEAR_COLUMNS);
    assert_eq!(sheet.layout, "summary");
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 2);
    let name = "ファミリー・サポート・センターの会員数";
    assert_eq!(value(p, name, "target", 2020), Some(400.0));
    assert_eq!(value(p, name, "actual", 2020), Some(385.0));
    assert_eq!(value(p, name, "target", 2021), Some(420.0));
    assert_eq!(value(p, name, "actual", 2021), Some(431.0));
    assert_eq!(value(p, "一時預かりの利用者数", "actual", 2021), None);
    assert_eq!(
        p.indicators[1].unit.as_ref().map(|u| u.as_str()),
        Some("人日")
    );
}

#[test]
fn a_project_plan_names_its_indicators_by_project_and_its_targets_as_plan() {
    let sheet = read(sheets::MATRIX_PROJECT_PLAN_ROWS);
    assert_eq!(sheet.layout, "matrix");
    let p = &sheet.plan;
    assert_eq!(
        names_and_units(p),
        [
            ("延長保育事業", Some("人")),
            ("一時預かり事業", Some("人日"))
        ]
    );
    assert_eq!(value(p, "延長保育事業", "target", 2024), Some(360.0));
    assert_eq!(value(p, "一時預かり事業", "actual", 2022), Some(1290.0));
    assert_eq!(value(p, "一時預かり事業", "actual", 2023), None);
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    let explained = sheet
        .recognitions()
        .iter()
        .flat_map(|(_, r)| r.reasons.iter())
        .any(|r| r.contains("「事業名」の列を指標名として読みます"));
    assert!(explained, "{:#?}", sheet.recognitions());
}

#[test]
fn bare_year_columns_beside_a_target_column_hold_the_actuals() {
    let sheet = read(sheets::SUMMARY_BARE_YEAR_ACTUALS);
    assert_eq!(sheet.layout, "summary");
    let p = &sheet.plan;
    let name = "子育てが楽しいと感じる親の割合";
    assert_eq!(value(p, name, "actual", 2021), Some(69.5));
    assert_eq!(value(p, name, "actual", 2022), Some(72.4));
    assert_eq!(value(p, name, "target", 2024), Some(80.0));
    assert_eq!(value(p, name, "target", 2022), None);
    let baseline = p.indicators[1].baseline.as_ref().expect("a baseline");
    assert_eq!(
        (baseline.cell.raw.as_str(), baseline.year),
        ("70.2", Some(fy(2018)))
    );
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    // such a header over rows labelled 目標値 / 実績値 stays a matrix
    let matrix =
        read("指標\t区分\tR2\tR3\t目標値(R6)\n相談件数\t目標値\t10\t12\t15\n\t実績値\t9\t13\t\n");
    assert_eq!(matrix.layout, "matrix");
    assert_eq!(value(&matrix.plan, "相談件数", "actual", 2021), Some(13.0));
}

#[test]
fn a_summary_reads_targets_by_other_names_and_reports_columns_it_cannot_name() {
    let sheet = read(
        "施策\t指標\t現状値(R1)\t実績値(R5)\t数値目標(R6)\t備考\tメモ欄\n\
         子育て支援\t子育て支援センター利用者数\t12,000人\t13,250人\t15,000人\t延べ人数\t要確認\n",
    );
    assert_eq!(sheet.layout, "summary");
    let p = &sheet.plan;
    let name = "子育て支援センター利用者数";
    assert_eq!(value(p, name, "target", 2024), Some(15000.0));
    assert_eq!(value(p, name, "actual", 2023), Some(13250.0));
    let notes: Vec<&str> = p.indicators[0]
        .notes
        .iter()
        .map(|n| p.note(*n).text.as_str())
        .collect();
    assert_eq!(notes, ["延べ人数"]);
    let unplaced = unplaced_cells(p);
    assert_eq!(unplaced, ["要確認"], "{:#?}", p.findings);
}

#[test]
fn two_goal_columns_are_two_levels_of_the_path() {
    let sheet = read(sheets::MATRIX_TWO_GOAL_COLUMNS);
    assert_eq!(sheet.layout, "matrix");
    let p = &sheet.plan;
    let paths: Vec<(&str, Vec<&str>)> = p
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), p.path(i.goal)))
        .collect();
    assert_eq!(
        paths,
        [
            ("乳幼児健診受診率", vec!["1 子どもの育ち", "(1)母子保健"]),
            ("子育て相談件数", vec!["1 子どもの育ち", "(2)相談体制"]),
            ("待機児童数", vec!["2 安心して産み育てる", "(1)保育"]),
        ]
    );
    // filled-down goals are not written twice
    assert_eq!(p.goals.len(), 5, "{:#?}", p.goals);
    assert_eq!(value(p, "子育て相談件数", "actual", 2022), Some(1350.0));
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn a_table_reads_its_unit_and_baseline_columns() {
    let sheet = read(sheets::SECTIONED_UNIT_AND_BASELINE);
    assert_eq!(sheet.layout, "sectioned");
    let p = &sheet.plan;
    let ind = &p.indicators[1];
    assert_eq!(ind.unit.as_ref().map(|u| u.as_str()), Some("件"));
    let baseline = ind.baseline.as_ref().expect("a baseline");
    assert_eq!(
        (baseline.cell.raw.as_str(), baseline.year),
        ("1,100", Some(fy(2018)))
    );
    // the baseline is not an actual of its year
    assert_eq!(value(p, "子育て相談件数", "actual", 2018), None);
    assert_eq!(value(p, "子育て相談件数", "actual", 2022), Some(1350.0));
    assert_eq!(value(p, "子育て相談件数", "target", 2024), Some(1500.0));
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn a_summary_takes_its_years_from_a_second_header_row() {
    let sheet = read(sheets::SUMMARY_YEARS_UNDER_HEADER);
    assert_eq!(sheet.layout, "summary");
    let p = &sheet.plan;
    assert_eq!(value(p, "子育て相談件数", "actual", 2022), Some(1350.0));
    assert_eq!(value(p, "子育て相談件数", "target", 2024), Some(1500.0));
    let ind = &p.indicators[1];
    let baseline = ind.baseline.as_ref().expect("a baseline");
    assert_eq!(baseline.year, Some(fy(2018)));
    assert_eq!(
        ind.self_assessments.get(&fy(2022)).map(String::as_str),
        Some("A")
    );
    assert_eq!(p.path(ind.goal), ["(2)相談"]);
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn a_transposed_sheet_with_a_target_and_an_actual_column_per_indicator() {
    let sheet = read(sheets::TRANSPOSED_TARGET_ACTUAL_PAIRS);
    assert_eq!(sheet.layout, "transposed");
    let p = &sheet.plan;
    assert_eq!(
        names_and_units(p),
        [("相談件数", Some("件")), ("利用者数", Some("人"))]
    );
    assert_eq!(value(p, "相談件数", "target", 2021), Some(110.0));
    assert_eq!(value(p, "相談件数", "actual", 2021), Some(112.0));
    assert_eq!(value(p, "利用者数", "target", 2022), Some(540.0));
    assert_eq!(value(p, "利用者数", "actual", 2022), None);
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn a_label_at_the_end_of_the_name_makes_a_matrix_row() {
    let sheet = read(sheets::MATRIX_LABEL_IN_NAME);
    assert_eq!(sheet.layout, "matrix");
    let p = &sheet.plan;
    assert_eq!(
        names_and_units(p),
        [("相談件数", Some("件")), ("利用者数", None)]
    );
    assert_eq!(value(p, "相談件数", "target", 2022), Some(120.0));
    assert_eq!(value(p, "相談件数", "actual", 2021), Some(112.0));
    assert_eq!(value(p, "利用者数", "actual", 2020), Some(480.0));
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn stated_achievement_and_grade_rows_are_kept_per_year() {
    let sheet = read(sheets::MATRIX_STATED_ROWS);
    assert_eq!(sheet.layout, "matrix");
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 2);
    let ind = &p.indicators[1];
    assert_eq!(
        ind.stated_achievements
            .get(&fy(2021))
            .map(|c| c.raw.as_str()),
        Some("96%")
    );
    assert_eq!(
        ind.self_assessments.get(&fy(2022)).map(String::as_str),
        Some("◎")
    );
    // the 評価 cell itself: line 9, the R4 column
    assert_eq!(
        ind.self_assessment_location(fy(2022)),
        Some(Location::text(9, 4))
    );
    assert_eq!(value(p, "利用者数", "actual", 2022), Some(530.0));
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn a_period_in_the_title_is_the_plans_and_dates_its_targets() {
    let sheet = read(sheets::SUMMARY_PERIOD_IN_TITLE);
    assert_eq!(sheet.layout, "summary");
    let p = &sheet.plan;
    let period = p.period.expect("a period");
    assert_eq!(
        (period.first.start_year(), period.last.start_year()),
        (2020, 2024)
    );
    assert_eq!(value(p, "乳幼児健診受診率", "target", 2024), Some(98.0));
    assert_eq!(value(p, "乳幼児健診受診率", "actual", 2023), Some(97.0));
    assert_eq!(years_from_context(p), ["98.0%"]);
}

#[test]
fn a_column_for_the_plan_end_target_is_read_on_the_target_rows() {
    let sheet = read(sheets::MATRIX_TARGET_COLUMN);
    assert_eq!(sheet.layout, "matrix");
    let p = &sheet.plan;
    assert_eq!(value(p, "相談件数", "target", 2024), Some(150.0));
    assert_eq!(value(p, "訪問件数", "target", 2024), Some(40.0));
    assert_eq!(value(p, "訪問件数", "actual", 2022), Some(35.0));
    assert_eq!(value(p, "訪問件数", "actual", 2024), None);
    // a figure in that column on an 実績 row is not a target: it is reported, not lost
    let unplaced = unplaced_cells(p);
    assert_eq!(unplaced, ["41"], "{:#?}", p.findings);
}

#[test]
fn a_wide_sheet_keeps_its_rates_and_reports_what_it_cannot_name() {
    let sheet = read(sheets::WIDE_WITH_RATES);
    assert_eq!(sheet.layout, "wide");
    let p = &sheet.plan;
    let ind = &p.indicators[0];
    assert_eq!(
        ind.stated_achievements
            .get(&fy(2021))
            .map(|c| c.raw.as_str()),
        Some("102%")
    );
    assert_eq!(value(p, "相談件数", "actual", 2021), Some(112.0));
    let unplaced = unplaced_cells(p);
    assert_eq!(unplaced, ["速報値"], "{:#?}", p.findings);
}

#[test]
fn cells_under_no_header_are_reported_in_long_and_transposed_sheets() {
    let unplaced = |text: &str| unplaced_cells(&read(text).plan);
    assert_eq!(
        unplaced(
            "年度\t指標名\t単位\t目標値\t実績値\tメモ\n令和2年度\t相談件数\t件\t100\t95\t速報\n令和3年度\t相談件数\t件\t110\t112\t\n"
        ),
        ["速報"]
    );
    assert_eq!(
        unplaced("年度\t相談件数\t\n令和2年度\t100\t余白メモ\n令和3年度\t110\t\n"),
        ["余白メモ"]
    );
}

#[test]
fn a_long_sheet_of_several_municipalities_says_it_is_read_as_one_plan() {
    let several = |text: &str| {
        read(text)
            .plan
            .findings
            .iter()
            .filter(|f| matches!(f.kind, FindingKind::SeveralMunicipalities { .. }))
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
    };
    let found = several(
        "団体コード\t指標\t年度\t区分\t値\n122203\t待機児童数\tR4\t目標値\t0\n\
         122203\t待機児童数\tR4\t実績値\t3\n032115\t待機児童数\tR4\t実績値\t1\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("「122203」「032115」") && found[0].contains("shinchoku import"),
        "{}",
        found[0]
    );
    assert!(
        several(
            "団体コード\t指標\t年度\t区分\t値\n122203\t待機児童数\tR4\t目標値\t0\n\
             122203\t待機児童数\tR4\t実績値\t3\n"
        )
        .is_empty()
    );
}

#[test]
fn a_wide_sheet_with_two_header_rows() {
    let sheet = read(sheets::WIDE_TWO_HEADER_ROWS);
    assert_eq!(sheet.layout, "wide");
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 3);
    assert_eq!(value(p, "乳幼児健診の受診率", "target", 2021), Some(96.0));
    assert_eq!(value(p, "乳幼児健診の受診率", "actual", 2021), Some(95.2));
    assert_eq!(value(p, "乳幼児健診の受診率", "actual", 2022), None);
    let groups: Vec<Option<&str>> = p.indicators[1..]
        .iter()
        .map(|i| i.group.as_deref())
        .collect();
    assert_eq!(groups, [Some("低学年"), Some("高学年")]);
    assert_eq!(p.indicators[2].name, "放課後児童クラブ待機児童数");
    assert_eq!(p.path(p.indicators[0].goal), ["基本目標1 すこやかな成長"]);
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn a_transposed_sheet_with_years_down_the_rows() {
    let sheet = read(sheets::TRANSPOSED_YEARS_DOWN);
    assert_eq!(sheet.layout, "transposed");
    let p = &sheet.plan;
    assert_eq!(
        names_and_units(p),
        [
            ("相談件数", Some("件")),
            ("利用者数", Some("人")),
            ("満足度", Some("%"))
        ]
    );
    assert_eq!(value(p, "利用者数", "actual", 2021), Some(5200.0));
    // the undated 目標 row is the plan-end target, said so
    assert_eq!(value(p, "満足度", "target", 2022), Some(70.0));
    assert!(assumed_a_target_year(p));
}

#[test]
fn the_json_form_round_trips_through_serde() {
    let sheet = read(sheets::MATRIX_DIRECTION_TARGETS);
    let doc = PlanDocument::new(&sheet.plan, Some(sheet.source_info()));
    let json = serde_json::to_string(&doc).expect("serialises");
    let back: PlanDocument = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, doc);
}

#[test]
fn a_table_with_no_years_is_no_layout() {
    let err = read_bytes(
        Path::new("list.txt"),
        "事業名\t担当課\n子育て相談\t子ども家庭課\n".as_bytes(),
        &ReadOptions::default(),
    )
    .expect_err("not a progress sheet");
    assert_eq!(err.key(), "no-layout");
    assert!(matches!(err, ImportError::NoLayout { .. }));
    assert!(err.to_string().contains("list.txt"));
}

const VOCABULARY: &[&str] = &[
    "",
    "",
    "",
    "目標値",
    "実績値",
    "目標",
    "実績",
    "指標",
    "指標内容",
    "単位",
    "番号",
    "事業名",
    "成果目標",
    "H30",
    "R1",
    "R2",
    "令和3年度",
    "2022年度",
    "22年度",
    "1,234",
    "5,000人",
    "△5",
    "↑",
    "→",
    "-",
    "—",
    "有り",
    "無し",
    "アンケート調査済",
    "※1",
    "※注記",
    "★☑",
    "116",
    "(1)施策",
    "基本目標1 まち",
    "①取組",
    "プロジェクト1:発信",
    "件",
    "%",
    "人日/年",
    "\"",
    "\"\"",
    "年3回",
    "累計10回",
    "80%以上",
];

fn any_grid() -> impl Strategy<Value = String> {
    let cell = prop::sample::select(VOCABULARY.to_vec());
    let row = prop::collection::vec(cell, 0..12).prop_map(|cells| cells.join("\t"));
    prop::collection::vec(row, 0..40).prop_map(|rows| rows.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Any grid of the words sheets use reads without panicking: a plan or a clear error.
    #[test]
    fn any_grid_of_sheet_words_reads_without_panicking(text in any_grid()) {
        match read_bytes(Path::new("p.txt"), text.as_bytes(), &ReadOptions::default()) {
            Ok(sheet) => {
                // every finding names its cell's line inside the file
                let lines = text.lines().count() as u32 + 1;
                for f in &sheet.plan.findings {
                    if let Some(at) = &f.location {
                        prop_assert!(at.line() <= lines, "{f}");
                    }
                }
                let _ = PlanDocument::new(&sheet.plan, None);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Any bytes at all: an error with a key, or a plan; never a panic.
    #[test]
    fn any_bytes_read_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Err(e) = read_bytes(Path::new("b.txt"), &bytes, &ReadOptions::default()) {
            prop_assert!(!e.key().is_empty());
        }
    }
}
