//! A value's year in every layout comes from one resolver (issue 16): its cell, its heading,
//! then a sentence around the table or the plan's period, and a year read from context is a
//! finding at the cell. Each test is a layout whose value column states no year.

mod common;

use common::inline::{assumed_a_target_year, figure, read_text as read, said, years_from_context};
use shinchoku_core::Series;

#[test]
fn a_final_target_column_of_a_matrix_takes_the_year_a_sentence_gives() {
    let sheet = read(
        "※最終目標は令和6年度の目標値です。\n\
         指標\t区分\tR2\tR3\tR4\t最終目標\n\
         待機児童数\t目標値\t10\t5\t3\t0\n\
         \t実績値\t12\t6\t4\t\n\
         里親登録数\t目標値\t10\t15\t20\t30人(R7)\n\
         \t実績値\t9\t14\t18\t\n",
    );
    assert_eq!(sheet.layout, "matrix", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    assert_eq!(
        figure(p, "待機児童数", None, Series::Target, 2024),
        Some(0.0)
    );
    assert_eq!(
        figure(p, "待機児童数", None, Series::Target, 2022),
        Some(3.0)
    );
    // a year in the cell is the cell's own: no finding
    assert_eq!(
        figure(p, "里親登録数", None, Series::Target, 2025),
        Some(30.0)
    );
    assert_eq!(
        years_from_context(p),
        [(
            "0".to_owned(),
            2024,
            "表の上下の文に書かれた年度".to_owned()
        )]
    );
}

#[test]
fn a_final_target_with_no_year_anywhere_is_kept_out_and_said() {
    let sheet = read(
        "指標\t区分\tR2\tR3\tR4\t最終目標\n\
         待機児童数\t目標値\t10\t5\t3\t0\n\
         \t実績値\t12\t6\t4\t\n",
    );
    assert_eq!(sheet.layout, "matrix", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let targets = &p.indicators[0].targets;
    assert_eq!(targets.len(), 3, "no invented year: {targets:?}");
    assert!(said(p, "年度が分からない目標値"), "{:#?}", p.findings);
}

#[test]
fn a_sectioned_target_takes_the_stated_plan_period_before_its_tables_last_year() {
    let sheet = read(
        "計画期間:令和2年度～令和6年度\n\
         ①待機児童の解消\n\
         指標\t目標値\t実績値\n\
         \t\tR2\tR3\n\
         待機児童数\t0\t12\t6\n\
         保育所定員\t500人(R5)\t420\t450\n",
    );
    assert_eq!(sheet.layout, "sectioned", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    assert_eq!(
        figure(p, "待機児童数", None, Series::Target, 2024),
        Some(0.0)
    );
    assert_eq!(figure(p, "待機児童数", None, Series::Target, 2021), None);
    assert_eq!(
        figure(p, "保育所定員", None, Series::Target, 2023),
        Some(500.0)
    );
    assert_eq!(
        figure(p, "保育所定員", None, Series::Actual, 2021),
        Some(450.0)
    );
    assert_eq!(
        years_from_context(p),
        [("0".to_owned(), 2024, "計画期間の最終年度".to_owned())]
    );
    // the period answered: nothing was assumed
    assert!(!assumed_a_target_year(p), "{:#?}", p.findings);
}

#[test]
fn a_sectioned_target_with_no_stated_year_is_still_assumed_its_tables_last() {
    let sheet = read(
        "①待機児童の解消\n\
         指標\t目標値\t実績値\n\
         \t\tR2\tR3\n\
         待機児童数\t0\t12\t6\n",
    );
    let p = &sheet.plan;
    assert_eq!(
        figure(p, "待機児童数", None, Series::Target, 2021),
        Some(0.0)
    );
    let explained = format!("{:?}", sheet.recognitions());
    assert!(
        explained.contains(
            "「目標値」の年度はセルに書かれた年度、なければその表の年度の行の最後の年度と仮定"
        ),
        "{explained}"
    );
    assert!(assumed_a_target_year(p), "{:#?}", p.findings);
}

#[test]
fn a_form_value_without_a_year_takes_the_sentences() {
    let sheet = read(
        "成果指標の一覧(現状は令和2年度、目標は令和8年度の値です。)\n\
         \n\
         施策\t感染症対策の強化\n\
         指標\t感染症専門研修受講者数\n\
         現状値\t12人\t目標値\t542人\n",
    );
    assert_eq!(sheet.layout, "form", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let name = "感染症専門研修受講者数";
    assert_eq!(figure(p, name, None, Series::Target, 2026), Some(542.0));
    let context = years_from_context(p);
    assert!(
        context.contains(&(
            "542人".to_owned(),
            2026,
            "表の上下の文に書かれた年度".to_owned()
        )),
        "{context:?}"
    );
}

#[test]
fn a_column_dated_by_a_day_is_that_years_actual_so_far() {
    let sheet = read(
        "指標名\t単位\t現状値(R4)\t令和6年9月30日現在\tR6見込\t目標値(R8)\n\
         待機児童数\t人\t12\t8\t5\t0\n\
         里親登録数\t世帯\t10\t12\t14\t20\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    assert_eq!(
        figure(p, "待機児童数", None, Series::Actual, 2024),
        Some(8.0)
    );
    assert_eq!(
        figure(p, "里親登録数", None, Series::Actual, 2024),
        Some(12.0)
    );
    assert_eq!(
        figure(p, "里親登録数", None, Series::Target, 2026),
        Some(20.0)
    );
    // a person checks that these are the year's figures so far
    let part = "列見出しの日付(年度の途中の時点の実績)".to_owned();
    assert_eq!(
        years_from_context(p),
        [
            ("8".to_owned(), 2024, part.clone()),
            ("12".to_owned(), 2024, part)
        ]
    );
    // the forecast is never an actual: said at its cells
    assert!(said(p, "見込(予測)の列"), "{:#?}", p.findings);
    assert!(
        !p.indicators
            .iter()
            .any(|i| i.actuals.values().any(|c| c.raw == "5" || c.raw == "14")),
        "a forecast read as an actual"
    );
}

#[test]
fn the_year_a_title_reports_on_dates_the_results() {
    let sheet = read(
        "令和5年度 第2期子ども・子育て支援事業計画 進捗状況\n\
         \n\
         指標名\t単位\t目標値\t実績値\t評価\n\
         待機児童数\t人\t0\t3\tB\n\
         放課後児童クラブ定員\t人\t500\t480\tA\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    assert_eq!(
        figure(p, "待機児童数", None, Series::Actual, 2023),
        Some(3.0)
    );
    assert_eq!(
        figure(p, "放課後児童クラブ定員", None, Series::Actual, 2023),
        Some(480.0)
    );
    // the target: the plan period's end (the statutory term the title names) comes first
    assert_eq!(
        figure(p, "放課後児童クラブ定員", None, Series::Target, 2024),
        Some(500.0)
    );
    let context = years_from_context(p);
    let title = "表題の年度(報告の対象の年度)".to_owned();
    assert!(
        context.contains(&("3".to_owned(), 2023, title.clone()))
            && context.contains(&("480".to_owned(), 2023, title)),
        "{context:?}"
    );
    // the city's own grade is of the year reported on
    assert!(!said(p, "どの年度の評価か分からない"), "{:#?}", p.findings);
}

#[test]
fn a_title_naming_only_its_plans_period_dates_nothing() {
    let sheet = read(
        "子ども・子育て支援事業計画(令和2年度～令和6年度)の進捗状況\n\
         \n\
         指標名\t単位\t目標値\t実績値\n\
         待機児童数\t人\t0\t3\n",
    );
    let p = &sheet.plan;
    assert!(p.indicators[0].actuals.is_empty(), "{:?}", p.indicators[0]);
    assert!(said(p, "年度が分からない値"), "{:#?}", p.findings);
}
