//! Sheets that are not the fixtures: other header words and orders, extra columns, other ways
//! of writing years, shifted rows, a bad row among good ones. The reader must recognise them by
//! content and say what it could not place — and never panic, whatever it is given.

use proptest::prelude::*;
use shinchoku_core::document::PlanDocument;
use shinchoku_core::finding::FindingKind;
use shinchoku_core::{CellValue, FiscalYear, Plan};
use shinchoku_import::{ImportError, ReadOptions, ReadSheet, read_bytes};
use std::path::Path;

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
    let sheet = read(
        "令和4年度 施策評価シート\n\
         施策\t指標名\t単位\t担当課\t基準値\t区分\t令和2年度\t令和3年度\t令和4年度\n\
         基本目標1 安心して子育てできるまち\n\
         (1)子育て相談の充実\t子育て相談件数\t件\t子ども家庭課\t1,200\t目標\t1,250\t1,300\t1,350\n\
         \t\t\t\t\t実績\t1,180\t1,320\t\n\
         \t保育所待機児童数\t人\t保育課\t15\t目標\t10\t5\t0\n\
         \t\t\t\t\t実績\t12\t3\t\n",
    );
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
    let sheet = read(
        "指標\t単位\t\t2020年度\t2021年度\t2022年度\n\
         利用者数\t人\t目標値\t100\t110\t120\n\
         \t\t\t実績値\t95\t115\t\n\
         講座開催回数\t回\t目標値\t4\t4\t4\n\
         実績値\t3\t5\t4\n",
    );
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
    let sheet = read(
        "指標\t単位\t\tR2\tR3\n\
         相談件数\t件\t目標値\t10\t12\n\
         \t\t実績値\t9\t13\n\
         ※この行は集計中のため空欄\t\t\tあとで入力\n\
         訪問件数\t件\t目標値\t5\t6\n\
         \t\t実績値\t5\t7\t8\t9\n",
    );
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
fn two_digit_years_take_the_era_of_the_title() {
    let sheet = read(
        "平成24年度 事業評価\n\
         指標\t単位\t\t22年度\t23年度\t24年度\n\
         参加者数\t人\t目標値\t50\t55\t60\n\
         \t\t実績値\t48\t57\t\n",
    );
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
    let sheet = read(
        "第3期 こども計画 進捗状況\n\
         \n\
         基本目標1 子どもの居場所づくり\n\
         \n\
         (1)放課後の居場所\n\
         指標\t目標値(令和6年度)\t令和4年度\t令和5年度\n\
         放課後児童クラブ登録児童数\t1,500人\t1,320人\t1,410人※1\n\
         子ども食堂の数\t20か所\t12か所\t※2 15か所\n\
         ※1 年度末時点\n\
         ※2 市の補助を受けている団体のみ\n\
         \n\
         (2)遊び場\n\
         指標\t目標値(令和6年度)\t令和4年度\t令和5年度\n\
         公園の整備数\t3か所\t1か所\t2か所\n",
    );
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
    assert!(
        !p.findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::TargetYearAssumed { .. })),
        "{:#?}",
        p.findings
    );
}

#[test]
fn the_json_form_round_trips_through_serde() {
    let sheet = read(
        "指標\t単位\t\tR2\tR3\n\
         相談件数\t件\t目標値\t↑\t↑\n\
         \t\t実績値\t9\t13\n",
    );
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
