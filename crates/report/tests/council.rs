//! The council sheet written for both sample plans, then read back: by shinchoku's own reader
//! (every target and actual recovered, text and number) and by calamine and the sheet's XML
//! (numbers stored as numbers in the city's format, merged bands, grades, comments, print
//! settings).

use calamine::{Data, Reader, Xlsx};
use shinchoku_core::evaluate::EvaluationRecord;
use shinchoku_core::ids::indicator_keys;
use shinchoku_core::{CellValue, FiscalYear, Plan, Policy};
use shinchoku_report::council::{
    CouncilYear, council_xlsx, fits_sectioned, matrix_xlsx, sectioned_xlsx,
};
use shinchoku_report::{PlanYear, Subject};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

fn sample(name: &str) -> Plan {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name);
    shinchoku_import::read_file(&path, &Default::default())
        .expect("the sample reads")
        .plan
}

struct Written {
    plan: Plan,
    records: Vec<EvaluationRecord>,
    comments: Vec<String>,
    bytes: Vec<u8>,
}

type Writer<'a> =
    &'a dyn Fn(&Subject<'_>, &CouncilYear<'_>) -> Result<Vec<u8>, shinchoku_report::ReportError>;

fn write(name: &str, code: &str, year: i32) -> Written {
    write_with(&matrix_xlsx, name, code, year).expect("written")
}

/// The sample evaluated in `year`, with a comment on every third indicator, written by `writer`.
fn write_with(
    writer: Writer<'_>,
    name: &str,
    code: &str,
    year: i32,
) -> Result<Written, shinchoku_report::ReportError> {
    let plan = sample(name);
    let keys = indicator_keys(&plan);
    let policy = Policy::preset("default").expect("the default policy");
    let py = PlanYear::evaluate(&plan, &keys, policy, FiscalYear::new(year).expect("a year"));
    let comments: Vec<String> = (0..plan.indicators.len())
        .map(|i| {
            if i % 3 == 0 {
                format!("評価: 指標{}は順調。課題: 周知", i + 1)
            } else {
                String::new()
            }
        })
        .collect();
    let bytes = writer(
        &Subject {
            municipality_code: code,
            plan_name: "テスト計画",
            plan: &plan,
            keys: &keys,
        },
        &CouncilYear {
            py: &py,
            comments: &comments,
        },
    )?;
    Ok(Written {
        plan,
        records: py.records,
        comments,
        bytes,
    })
}

/// Every target and actual of `original` is in `back`, the same text and the same value.
fn assert_same_values(original: &Plan, back: &Plan) {
    assert_eq!(
        original.indicators.len(),
        back.indicators.len(),
        "indicators"
    );
    let mut compared = 0;
    for (a, b) in original.indicators.iter().zip(&back.indicators) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.group, b.group, "{}", a.name);
        for (series, ours, theirs) in [
            ("目標値", &a.targets, &b.targets),
            ("実績値", &a.actuals, &b.actuals),
        ] {
            for (year, cell) in ours.iter() {
                if matches!(cell.value, CellValue::Empty) && cell.raw.trim().is_empty() {
                    continue;
                }
                let got = theirs
                    .get(year)
                    .unwrap_or_else(|| panic!("{} {series} {year}: lost", a.name));
                assert_eq!(got.raw, cell.raw, "{} {series} {year}", a.name);
                assert_eq!(got.value, cell.value, "{} {series} {year}", a.name);
                compared += 1;
            }
        }
    }
    assert!(compared > 10, "only {compared} values compared");
}

fn read_back(bytes: &[u8]) -> Plan {
    read_back_as(bytes, "matrix")
}

fn read_back_as(bytes: &[u8], layout: &str) -> Plan {
    let read = shinchoku_import::read_bytes(Path::new("council.xlsx"), bytes, &Default::default())
        .expect("our own export reads");
    assert_eq!(read.layout, layout);
    read.plan
}

#[test]
fn the_matrix_sheet_reads_back_value_for_value() {
    for (name, code, year) in [
        ("nagareyama-progress-sheet.txt", "122203", 2019),
        ("kamaishi-priority-projects.txt", "032115", 2023),
    ] {
        let w = write(name, code, year);
        let back = read_back(&w.bytes);
        assert_same_values(&w.plan, &back);
    }
}

fn sheet_xml(bytes: &[u8], part: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name(part)
        .expect("the part")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    xml
}

#[test]
fn the_matrix_sheet_keeps_numbers_merges_grades_and_print_settings() {
    let w = write("nagareyama-progress-sheet.txt", "122203", 2019);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(w.bytes.clone())).expect("xlsx");
    let range = book.worksheet_range("進捗管理シート").expect("the sheet");
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let text = |r: u32, c: u32| cell(r, c).to_string();
    // the header: roles, the years, this year's columns
    let header = 3;
    assert_eq!(text(header, 0), "基本目標・主要課題");
    assert_eq!(text(header, 5), "指標");
    let years: Vec<String> = w.plan.all_years().iter().map(ToString::to_string).collect();
    for (i, y) in years.iter().enumerate() {
        assert_eq!(&text(header, 8 + i as u32), y);
    }
    let after = 8 + years.len() as u32;
    assert_eq!(text(header, after), "達成率");
    assert_eq!(text(header, after + 1), "評価");
    assert!(
        text(0, 0).contains("令和元年度の評価"),
        "the title names the year"
    );

    // each indicator's band: its name over two rows, grade and comment beside it
    let merges = book
        .merge_cells_by_sheet_name("進捗管理シート")
        .expect("merged ranges");
    let mut found = 0;
    let height = range.height() as u32;
    for r in header + 1..height {
        let name = text(r, 5);
        let Some(i) = w.plan.indicators.iter().position(|ind| {
            name == ind
                .group
                .as_ref()
                .map_or_else(|| ind.name.clone(), |g| format!("{}({g})", ind.name))
        }) else {
            continue;
        };
        found += 1;
        assert_eq!(text(r, 7), "目標値");
        assert_eq!(text(r + 1, 7), "実績値");
        assert!(
            merges
                .iter()
                .any(|m| m.start == (r, 5) && m.end.1 == 5 && m.end.0 > r),
            "row {r}: the name merged over its band"
        );
        assert_eq!(text(r, after + 1), w.records[i].grade, "row {r}: the grade");
        assert_eq!(text(r, after + 2), w.comments[i], "row {r}: the comment");
        if let Some(p) = w.records[i].achievement_percent.filter(|p| p.is_finite()) {
            match cell(r, after) {
                Data::Float(f) => assert!((f - p / 100.0).abs() < 1e-9),
                other => panic!("row {r}: 達成率 {other:?}"),
            }
        }
    }
    assert_eq!(
        found,
        w.plan.indicators.len(),
        "every indicator has its band"
    );

    // numbers stay numbers, shown as the city wrote them
    let xml = sheet_xml(&w.bytes, "xl/worksheets/sheet1.xml");
    let styles = sheet_xml(&w.bytes, "xl/styles.xml");
    let first = w.plan.indicators.iter().find_map(|ind| {
        ind.actuals
            .iter()
            .find(|(_, c)| c.raw.contains(','))
            .map(|(_, c)| c.raw.to_string())
    });
    if let Some(raw) = first {
        let plain: f64 = raw.replace(',', "").parse().expect("a plain figure");
        assert!(
            range.used_cells().any(|(_, _, d)| *d == Data::Float(plain)),
            "{raw} is stored as the number {plain}"
        );
        assert!(
            styles.contains("formatCode=\"#,##0\""),
            "its format keeps the separators"
        );
    }
    // print settings: A3 landscape, fitted to one page wide, the header repeated
    assert!(xml.contains("paperSize=\"8\""), "A3");
    assert!(xml.contains("orientation=\"landscape\""));
    // fitted to the page, one page wide (the default width, not written), any number high
    assert!(xml.contains("fitToPage=\"1\"") && xml.contains("fitToHeight=\"0\""));
    assert!(!xml.contains("fitToWidth="));
    let workbook = sheet_xml(&w.bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header rows repeated"
    );
    assert!(styles.contains("游ゴシック"), "a Japanese font");
    // Excel does not fit merged cells' heights: a band whose name wraps onto several lines is
    // given the height for them
    let first = (header + 1..height)
        .find(|r| text(*r, 5).starts_with("子育てしやすいまち"))
        .expect("the first indicator's band");
    let tall = |r: u32| {
        let at = xml.find(&format!("<row r=\"{}\"", r + 1)).expect("the row");
        let tag = &xml[at..at + xml[at..].find('>').expect("a tag")];
        tag.split("ht=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(15.0)
    };
    assert!(
        tall(first) + tall(first + 1) >= 3.0 * 14.0,
        "{} + {}",
        tall(first),
        tall(first + 1)
    );
}

#[test]
fn the_sectioned_sheet_reads_back_value_for_value_with_its_notes() {
    let w = write_with(
        &sectioned_xlsx,
        "kamaishi-priority-projects.txt",
        "032115",
        2023,
    )
    .expect("written");
    let back = read_back_as(&w.bytes, "sectioned");
    assert_same_values(&w.plan, &back);
    // the headings are the goal path again, the ※ notes are under their tables
    for (a, b) in w.plan.indicators.iter().zip(&back.indicators) {
        assert_eq!(w.plan.path(a.goal), back.path(b.goal), "{}", a.name);
    }
    let notes = |p: &Plan| p.notes.iter().map(|n| n.text.clone()).collect::<Vec<_>>();
    assert!(!w.plan.notes.is_empty());
    assert_eq!(notes(&w.plan), notes(&back));
}

#[test]
fn each_plan_gets_its_own_layout_and_the_sectioned_one_only_where_it_fits() {
    assert!(fits_sectioned(&sample("kamaishi-priority-projects.txt")));
    assert!(
        !fits_sectioned(&sample("nagareyama-progress-sheet.txt")),
        "targets in two years"
    );
    assert!(
        write_with(
            &sectioned_xlsx,
            "nagareyama-progress-sheet.txt",
            "122203",
            2019
        )
        .is_err(),
        "a plan the sectioned sheet cannot hold is refused, not written without its targets"
    );
    let as_sheet_was = |s: &Subject<'_>, c: &CouncilYear<'_>| council_xlsx(s, c, Some("sectioned"));
    let k = write_with(
        &as_sheet_was,
        "kamaishi-priority-projects.txt",
        "032115",
        2023,
    )
    .expect("written");
    read_back_as(&k.bytes, "sectioned");
    let n = write_with(
        &as_sheet_was,
        "nagareyama-progress-sheet.txt",
        "122203",
        2019,
    )
    .expect("written");
    read_back_as(&n.bytes, "matrix");
}

#[test]
fn a_role_no_indicator_fills_is_left_out_of_the_matrix() {
    // 釜石市's plan has no カテゴリ, project number, 成果目標 or unit column (its units are in its
    // cells): the matrix prints none of them
    let w = write("kamaishi-priority-projects.txt", "032115", 2023);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(w.bytes.clone())).expect("xlsx");
    let range = book.worksheet_range("進捗管理シート").expect("the sheet");
    let header: Vec<String> = (0..range.width() as u32)
        .map(|c| {
            range
                .get_value((3, c))
                .map_or_else(String::new, ToString::to_string)
        })
        .collect();
    for kept in ["基本目標・主要課題", "指標", "区分", "令和2年度"] {
        assert!(header.iter().any(|h| h == kept), "{kept}: {header:?}");
    }
    for left in ["カテゴリ", "番号", "成果目標", "単位"] {
        assert!(!header.iter().any(|h| h == left), "{left}: {header:?}");
    }
    assert_same_values(&w.plan, &read_back(&w.bytes));
}

#[test]
fn the_matrix_sheet_keeps_each_indicators_projects_with_their_numbers_and_marks() {
    // an outcome's indicators share one block: its projects a row each down the block
    let w = write("nagareyama-progress-sheet.txt", "122203", 2019);
    let back = read_back(&w.bytes);
    let projects = |p: &Plan, i: &shinchoku_core::Indicator| {
        p.projects_of(i)
            .iter()
            .map(|x| {
                let project = p.project(*x);
                let number = project.number.as_ref().map_or("", |n| n.raw.as_str());
                format!("{number} {}", project.name)
            })
            .collect::<Vec<_>>()
    };
    let mut several = 0;
    for (a, b) in w.plan.indicators.iter().zip(&back.indicators) {
        let (ours, theirs) = (projects(&w.plan, a), projects(&back, b));
        assert_eq!(ours, theirs, "{}", a.name);
        several += usize::from(ours.len() > 2);
    }
    assert!(
        several > 2,
        "outcomes with more projects than a band has rows"
    );
}
