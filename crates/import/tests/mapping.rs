//! Reading by a mapping: a sheet no layout recognises, read as a person describes it; the
//! mapping the reader suggests, which reads a regular sheet as the layout does; and mappings
//! that do not fit, refused naming the field.

mod common;

use common::sheets;
use shinchoku_core::{CellValue, FiscalYear, Plan};
use shinchoku_import::mapping::Mapping;
use shinchoku_import::{ReadOptions, read_bytes, suggest_mapping};
use std::path::Path;

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("in range")
}

fn read_with(
    text: &str,
    mapping: &str,
) -> Result<shinchoku_import::ReadSheet, shinchoku_import::ImportError> {
    let options = ReadOptions {
        mapping: Some(Mapping::parse(mapping).expect("a mapping")),
        ..ReadOptions::default()
    };
    read_bytes(Path::new("m.txt"), text.as_bytes(), &options)
}

fn figures(plan: &Plan) -> Vec<(String, &'static str, i32, f64)> {
    let mut out = Vec::new();
    for ind in &plan.indicators {
        for (series, name) in [(&ind.targets, "target"), (&ind.actuals, "actual")] {
            for (y, c) in series {
                if let CellValue::Number(q) = &c.value {
                    out.push((ind.name.clone(), name, y.start_year(), q.value));
                }
            }
        }
    }
    out.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    out
}

/// Column titles no dictionary knows, and years only in the mapping.
const UNKNOWN: &str = "事業名称一覧\n\
    区\t測るもの\t数え方\t前期\t後期\t見通し\n\
    A地区\t公民館の利用者数\t人\t1,200\t1,350\t1,500\n\
    B地区\t公民館の利用者数\t人\t800\t760\t900\n";

const UNKNOWN_MAPPING: &str = r#"
header_row = 2
[columns]
indicator = "測るもの"
group = "A"
unit = 3
[years]
D = "令和4年度"
E = "令和5年度"
[[values]]
column = "F"
year = "令和6年度"
kind = "目標値"
"#;

#[test]
fn a_sheet_no_layout_recognises_is_read_by_its_mapping() {
    assert!(
        read_bytes(
            Path::new("u.txt"),
            UNKNOWN.as_bytes(),
            &ReadOptions::default()
        )
        .is_err()
    );
    let sheet = read_with(UNKNOWN, UNKNOWN_MAPPING).expect("reads");
    assert_eq!(sheet.layout, "mapping");
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 2);
    assert_eq!(p.indicators[1].group.as_deref(), Some("B地区"));
    assert_eq!(
        p.indicators[1].unit.as_ref().map(|u| u.as_str()),
        Some("人")
    );
    let b = &p.indicators[1];
    assert_eq!(
        b.actuals.get(&fy(2023)).map(|c| c.raw.as_str()),
        Some("760")
    );
    assert_eq!(
        b.targets.get(&fy(2024)).map(|c| c.raw.as_str()),
        Some("900")
    );
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn the_suggested_mapping_reads_a_regular_sheet_as_the_layout_does() {
    let text = sheets::MATRIX_OTHER_WORDS;
    let suggested = suggest_mapping(Path::new("s.txt"), text.as_bytes(), &ReadOptions::default())
        .expect("a suggestion");
    assert!(
        suggested.starts_with("# shinchoku の対応づけ(推定)"),
        "{suggested}"
    );
    assert!(suggested.contains("label = "), "{suggested}");
    let by_layout =
        read_bytes(Path::new("s.txt"), text.as_bytes(), &ReadOptions::default()).expect("reads");
    let by_mapping = read_with(text, &suggested).expect("reads by the suggestion");
    assert_eq!(
        figures(&by_mapping.plan),
        figures(&by_layout.plan),
        "{suggested}"
    );
}

#[test]
fn a_mapping_that_does_not_fit_names_the_field() {
    let no_column = read_with(
        UNKNOWN,
        "header_row = 2\n[columns]\nindicator = \"指標\"\n[years]\nD = \"令和4年度\"\n",
    )
    .expect_err("no such column");
    assert_eq!(no_column.key(), "mapping");
    assert!(
        no_column.to_string().contains("columns.indicator")
            && no_column.to_string().contains("指標"),
        "{no_column}"
    );
    let bad_year = read_with(
        UNKNOWN,
        "header_row = 2\n[columns]\nindicator = \"B\"\n[years]\nD = \"来年\"\n",
    )
    .expect_err("bad year");
    assert!(
        bad_year.to_string().contains("years.D") && bad_year.to_string().contains("来年"),
        "{bad_year}"
    );
    let no_values = read_with(UNKNOWN, "[columns]\nindicator = \"B\"\n").expect_err("no values");
    assert!(
        no_values.to_string().contains("years・values・long"),
        "{no_values}"
    );
}

#[test]
fn a_sheet_of_bare_years_is_suggested_as_actuals_and_says_so() {
    let text = "No.\t指標\tH30\tR1\tR2\n\
                1\t保育所定員(人)\t1200\t1250\t1300\n\
                2\t放課後児童クラブ登録者数\t800\t850\t900\n";
    let suggested = suggest_mapping(Path::new("y.txt"), text.as_bytes(), &ReadOptions::default())
        .expect("a suggestion");
    assert!(
        suggested.contains("すべて実績値として読みます") && suggested.contains("default_kind"),
        "{suggested}"
    );
    let sheet = read_with(text, &suggested).expect("reads by the suggestion");
    let p = &sheet.plan;
    assert_eq!(p.indicators[0].name, "保育所定員");
    assert_eq!(
        p.indicators[0].unit.as_ref().map(|u| u.as_str()),
        Some("人")
    );
    assert_eq!(p.indicators[1].unit, None);
    assert!(figures(p).contains(&("保育所定員".to_owned(), "actual", 2020, 1300.0)));
    // the person says they are targets
    let corrected = format!("default_kind = \"目標値\"\n{suggested}");
    let sheet = read_with(text, &corrected).expect("reads as targets");
    assert!(figures(&sheet.plan).contains(&("保育所定員".to_owned(), "target", 2020, 1300.0)));
}
