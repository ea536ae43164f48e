//! Shapes seen in real published tables (issue 16), each written small: small tables under
//! captions, values whose year a numbered note gives, a name and its figure in one cell. Each
//! test states the facts a correct reader recovers from its sheet.

use shinchoku_core::{CellValue, FiscalYear, Plan, Series};
use shinchoku_import::{ReadOptions, ReadSheet, read_bytes};
use std::path::Path;

fn read(text: &str) -> ReadSheet {
    read_bytes(
        Path::new("shape.tsv"),
        text.as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The figure of `name` (and `group`) in `series` for `year`.
fn figure(plan: &Plan, name: &str, group: Option<&str>, series: Series, year: i32) -> Option<f64> {
    let ind = plan
        .indicators
        .iter()
        .find(|i| i.name == name && i.group.as_deref() == group)?;
    let year = FiscalYear::new(year).expect("in range");
    match &ind.series(series).get(&year)?.value {
        CellValue::Number(q) => Some(q.value),
        _ => None,
    }
}

#[test]
fn small_tables_under_captions_are_one_measure_each_with_its_groups() {
    // a year over each pair; only the target of the pair is labelled
    let sheet = read(
        "○健診実施率\n\
         \t平成20年度\t\t平成21年度\t\n\
         \t\t目標値\t\t目標値\n\
         北海道\t21.0%\t29.0%\t21.6%\t37.7%\n\
         全 国\t30.9%\t―\t31.4%\t―\n\
         \n\
         ○保健指導実施率\n\
         \t平成20年度\t\t平成21年度\t\n\
         \t\t目標値\t\t目標値\n\
         北海道\t18.1%\t25.0%\t28.8%\t29.7%\n\
         全 国\t14.1%\t―\t19.5%\t―\n",
    );
    assert_eq!(sheet.layout, "wide", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let found: Vec<(&str, Option<&str>)> = p
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), i.group.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("健診実施率", Some("北海道")),
            ("健診実施率", Some("全 国")),
            ("保健指導実施率", Some("北海道")),
            ("保健指導実施率", Some("全 国")),
        ]
    );
    let at = |name, group, series, year| figure(p, name, Some(group), series, year);
    assert_eq!(at("健診実施率", "北海道", Series::Actual, 2008), Some(21.0));
    assert_eq!(at("健診実施率", "北海道", Series::Target, 2009), Some(37.7));
    assert_eq!(
        at("保健指導実施率", "全 国", Series::Actual, 2009),
        Some(19.5)
    );
    assert_eq!(at("保健指導実施率", "全 国", Series::Target, 2009), None);
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn numbered_notes_under_a_table_date_its_measured_values() {
    let sheet = read(
        "目標値は計画期間最終年度である平成32年度の数値とします。\n\
         指 標\t\t現状値\t目 標\n\
         (1)\t推進員養成講座修了者数\t256人\t350人以上\n\
         (2)\tコンクール参加者数\t18人\t増加\n\
         \n\
         【現状値の出典】\n\
         (1) 推進員研修会修了者(平成26年度)\n\
         (2) 平成27年度 コンクール結果\n",
    );
    assert_eq!(sheet.layout, "summary", "{:?}", sheet.recognitions());
    let p = &sheet.plan;
    let first = "推進員養成講座修了者数";
    let second = "コンクール参加者数";
    let baseline = |name: &str| {
        let i = p.indicators.iter().find(|i| i.name == name)?;
        let b = i.baseline.as_ref()?;
        Some((b.year?.start_year(), b.cell.number()?.value))
    };
    assert_eq!(baseline(first), Some((2014, 256.0)));
    assert_eq!(baseline(second), Some((2015, 18.0)));
    assert_eq!(figure(p, first, None, Series::Target, 2020), Some(350.0));
    // the notes are said to have been read, not lost
    let notes = p
        .findings
        .iter()
        .filter(|f| f.to_string().contains("推進員研修会修了者"))
        .count();
    assert_eq!(notes, 1, "{:#?}", p.findings);
}
