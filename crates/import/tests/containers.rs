//! The same sheet in every container reads to the same result: both fixtures written as xlsx
//! (figures stored as numbers with the number formats that show them as in the text, the rest
//! as text), as Shift_JIS CSV, as UTF-16 and UTF-8-with-BOM text; workbooks with merged cells,
//! formulas and error values; and the workbooks that cannot be read, refused by name.

mod common;

use rust_xlsxwriter::{Format, Formula, Workbook};
use shinchoku_core::finding::FindingKind;
use shinchoku_core::location::Location;
use shinchoku_import::{Grid, ImportError, ReadOptions, ReadSheet, read_bytes};
use std::path::Path;

fn read(name: &str, bytes: &[u8]) -> Result<ReadSheet, ImportError> {
    read_bytes(Path::new(name), bytes, &ReadOptions::default())
}

/// How a cell's text is stored in the workbook: as Excel would hold what a person typed.
fn as_number(raw: &str) -> Option<(f64, String)> {
    let t = raw.trim();
    let (body, suffix) = match t.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')) {
        Some(i) => (&t[..i], &t[i..]),
        None => (t, ""),
    };
    if body.is_empty()
        || body.starts_with(['0', ',', '.']) && body.len() > 1 && !body.starts_with("0.")
    {
        return None;
    }
    let value: f64 = body.replace(',', "").parse().ok()?;
    let decimals = body.split_once('.').map_or(0, |(_, f)| f.len());
    let digits = if decimals == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(decimals))
    };
    let grouped = if body.contains(',') {
        format!("#,##{digits}")
    } else {
        digits
    };
    match suffix {
        "" => Some((value, grouped)),
        "%" => Some((value / 100.0, format!("{grouped}%"))),
        s if ["人", "回", "件", "か所", "施設", "団体", "エピソード"].contains(&s) => {
            Some((value, format!("{grouped}\"{s}\"")))
        }
        _ => None,
    }
}

/// The grid of a text as an xlsx workbook, figures as numbers with formats.
fn to_xlsx(text: &str) -> Vec<u8> {
    let grid = Grid::from_delimited(text, b'\t');
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("進捗").expect("a sheet name");
    for (r, row) in grid.rows.iter().enumerate() {
        for (c, cell) in row.cells().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let (r, c) = (r as u32, c as u16);
            match as_number(cell) {
                Some((v, code)) => {
                    ws.write_number_with_format(r, c, v, &Format::new().set_num_format(code))
                }
                None => ws.write_string(r, c, cell),
            }
            .expect("written");
        }
    }
    wb.save_to_buffer().expect("saved")
}

/// The grid of a text as comma-separated values.
fn to_csv(text: &str) -> String {
    let grid = Grid::from_delimited(text, b'\t');
    let mut out = String::new();
    for row in &grid.rows {
        let cells: Vec<&str> = row.cells().collect();
        shinchoku_core::long::csv_line(&mut out, &cells);
    }
    out
}

fn shift_jis(text: &str) -> Vec<u8> {
    // Windows writes ― for the dash Shift_JIS lacks, and ■ □ for the ☑ ☒ it cannot hold
    let text = text.replace('—', "―").replace('☑', "■").replace('☒', "□");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable, "a character Shift_JIS cannot hold");
    bytes.into_owned()
}

const FIXTURES: [(&str, &str); 2] = [
    (
        "nagareyama-progress-sheet.txt",
        "nagareyama-progress-sheet.json",
    ),
    (
        "kamaishi-priority-projects.txt",
        "kamaishi-priority-projects.json",
    ),
];

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(common::fixture(name)).expect("the fixture")
}

#[test]
fn both_fixtures_as_xlsx_read_as_expected() {
    for (fixture, expected) in FIXTURES {
        let bytes = to_xlsx(&fixture_text(fixture));
        let sheet = read("fixture.xlsx", &bytes).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        assert_eq!(sheet.encoding, "xlsx");
        common::compare(expected, &sheet);
        // findings name the workbook's cells
        let located: Vec<String> = sheet
            .plan
            .findings
            .iter()
            .filter_map(|f| f.location.as_ref().map(ToString::to_string))
            .collect();
        assert!(
            located.iter().all(|l| l.starts_with("進捗!")),
            "{located:?}"
        );
    }
}

#[test]
fn both_fixtures_as_shift_jis_csv_read_as_expected() {
    for (fixture, expected) in FIXTURES {
        let bytes = shift_jis(&to_csv(&fixture_text(fixture)));
        let sheet = read("fixture.csv", &bytes).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        assert_eq!(sheet.encoding, "Shift_JIS");
        common::compare_with(expected, &sheet, true);
    }
}

#[test]
fn both_fixtures_as_utf16_and_bom_text_read_as_expected() {
    for (fixture, expected) in FIXTURES {
        let text = fixture_text(fixture);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let sheet = read("fixture.txt", &utf16).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        assert_eq!(sheet.encoding, "UTF-16LE");
        common::compare(expected, &sheet);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        common::compare(expected, &read("fixture.txt", &bom).expect("reads"));
    }
}

#[test]
fn a_forced_encoding_is_used() {
    let text = fixture_text("kamaishi-priority-projects.txt");
    let bytes = shift_jis(&text);
    let options = ReadOptions {
        encoding: Some("cp932".into()),
        ..ReadOptions::default()
    };
    let sheet = read_bytes(Path::new("k.txt"), &bytes, &options).expect("reads");
    assert_eq!(sheet.encoding, "Shift_JIS");
    let wrong = ReadOptions {
        encoding: Some("utf-8".into()),
        ..ReadOptions::default()
    };
    let err = read_bytes(Path::new("k.txt"), &bytes, &wrong).expect_err("not UTF-8");
    assert_eq!(err.key(), "encoding");
    assert!(err.to_string().contains("3行目"), "{err}");
}

#[test]
fn a_file_mixing_utf8_and_shift_jis_lines_is_read_with_a_finding() {
    let text = fixture_text("nagareyama-progress-sheet.txt");
    let mut bytes = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        // the second indicator's lines came from another system
        if (12..=13).contains(&i) {
            bytes.extend(shift_jis(line));
        } else {
            bytes.extend(line.as_bytes());
        }
    }
    let sheet = read("mixed.txt", &bytes).expect("reads");
    common::compare("nagareyama-progress-sheet.json", &sheet);
    let mixed = sheet
        .plan
        .findings
        .iter()
        .find_map(|f| match &f.kind {
            FindingKind::MixedEncoding { lines, other, .. } => Some((lines.clone(), other.clone())),
            _ => None,
        })
        .expect("a mixed-encoding finding");
    assert_eq!(mixed, (vec![13, 14], "Shift_JIS".to_owned()));
}

#[test]
fn merged_cells_are_filled_from_the_workbook() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header = ["基本目標", "指標", "単位", "", "令和2年度", "令和3年度"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("written");
    }
    // the goal over four rows, each indicator's name and unit over its two rows
    let plain = Format::new();
    ws.merge_range(1, 0, 4, 0, "基本目標1 子育て支援", &plain)
        .expect("merged");
    ws.merge_range(1, 1, 2, 1, "相談件数", &plain)
        .expect("merged");
    ws.merge_range(1, 2, 2, 2, "件", &plain).expect("merged");
    ws.merge_range(3, 1, 4, 1, "待機児童数", &plain)
        .expect("merged");
    ws.merge_range(3, 2, 4, 2, "人", &plain).expect("merged");
    for (r, label, a, b) in [
        (1, "目標値", 10.0, 12.0),
        (2, "実績値", 9.0, 13.0),
        (3, "目標値", 0.0, 0.0),
        (4, "実績値", 42.0, 26.0),
    ] {
        ws.write_string(r, 3, label).expect("written");
        ws.write_number(r, 4, a).expect("written");
        ws.write_number(r, 5, b).expect("written");
    }
    let sheet = read("merged.xlsx", &wb.save_to_buffer().expect("saved")).expect("reads");
    assert_eq!(sheet.layout, "matrix");
    let p = &sheet.plan;
    let names: Vec<&str> = p.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["相談件数", "待機児童数"]);
    assert_eq!(p.path(p.indicators[1].goal), ["基本目標1 子育て支援"]);
    let y = |n| shinchoku_core::FiscalYear::new(n).expect("in range");
    assert_eq!(
        p.indicators[1]
            .actuals
            .get(&y(2021))
            .map(|c| c.raw.as_str()),
        Some("26")
    );
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn formulas_read_by_their_cached_values_and_errors_are_findings() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").expect("a name");
    for (c, h) in ["指標", "単位", "", "R2", "R3"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("written");
    }
    ws.write_string(1, 0, "利用率").expect("written");
    ws.write_string(1, 1, "%").expect("written");
    ws.write_string(1, 2, "目標値").expect("written");
    let pct = Format::new().set_num_format("0.0%");
    ws.write_number_with_format(1, 3, 0.5, &pct)
        .expect("written");
    ws.write_number_with_format(1, 4, 0.546, &pct)
        .expect("written");
    ws.write_string(2, 2, "実績値").expect("written");
    ws.write_formula_with_format(2, 3, Formula::new("=12/25").set_result("0.48"), &pct)
        .expect("written");
    ws.write_formula(2, 4, Formula::new("=1/0").set_result("#DIV/0!"))
        .expect("written");
    let sheet = read("formulas.xlsx", &wb.save_to_buffer().expect("saved")).expect("reads");
    let ind = &sheet.plan.indicators[0];
    let y = |n| shinchoku_core::FiscalYear::new(n).expect("in range");
    assert_eq!(
        ind.targets.get(&y(2021)).map(|c| c.raw.as_str()),
        Some("54.6%")
    );
    assert_eq!(
        ind.actuals.get(&y(2020)).map(|c| c.raw.as_str()),
        Some("48.0%")
    );
    assert_eq!(
        ind.actuals.get(&y(2021)).map(|c| c.raw.as_str()),
        Some("#DIV/0!")
    );
    let error = sheet
        .plan
        .findings
        .iter()
        .find(|f| matches!(f.kind, FindingKind::ErrorCell { .. }))
        .expect("a finding");
    assert_eq!(
        error.location.as_ref().map(ToString::to_string).as_deref(),
        Some("Sheet1!E3")
    );
}

#[test]
fn every_sheet_of_a_workbook_is_read_and_one_can_be_chosen() {
    let mut wb = Workbook::new();
    for (name, indicator) in [
        ("基本目標1", "相談件数"),
        ("メモ", ""),
        ("基本目標2", "待機児童数"),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("a name");
        if indicator.is_empty() {
            ws.write_string(0, 0, "会議の議事録は別紙")
                .expect("written");
            continue;
        }
        for (c, h) in ["指標", "", "R2", "R3"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).expect("written");
        }
        ws.write_string(1, 0, indicator).expect("written");
        ws.write_string(1, 1, "目標値").expect("written");
        ws.write_number(1, 2, 10.0).expect("written");
        ws.write_string(2, 1, "実績値").expect("written");
        ws.write_number(2, 2, 9.0).expect("written");
    }
    let bytes = wb.save_to_buffer().expect("saved");
    let sheet = read("book.xlsx", &bytes).expect("reads");
    let p = &sheet.plan;
    assert_eq!(p.indicators.len(), 2);
    // two sheets make one plan: each sheet's indicators under its name
    assert_eq!(p.path(p.indicators[1].goal), ["基本目標2"]);
    assert!(
        p.findings
            .iter()
            .any(|f| matches!(&f.kind, FindingKind::SheetSkipped { sheet, .. } if sheet == "メモ"))
    );
    let one = ReadOptions {
        sheet: Some("基本目標2".into()),
        ..ReadOptions::default()
    };
    let sheet = read_bytes(Path::new("book.xlsx"), &bytes, &one).expect("reads");
    assert_eq!(sheet.plan.indicators.len(), 1);
    assert!(sheet.plan.path(sheet.plan.indicators[0].goal).is_empty());
    let missing = ReadOptions {
        sheet: Some("基本目標9".into()),
        ..ReadOptions::default()
    };
    let err = read_bytes(Path::new("book.xlsx"), &bytes, &missing).expect_err("no such sheet");
    assert_eq!(err.key(), "sheet-not-found");
    assert!(
        err.to_string().contains("基本目標1、メモ、基本目標2"),
        "{err}"
    );
}

#[test]
fn a_truncated_workbook_is_refused_by_name() {
    let bytes = to_xlsx(&fixture_text("kamaishi-priority-projects.txt"));
    for cut in [bytes.len() / 2, 100, 4] {
        let err = read("cut.xlsx", &bytes[..cut]).expect_err("truncated");
        assert!(
            matches!(err.key(), "broken-workbook" | "empty-file"),
            "{cut}: {err}"
        );
        assert!(err.to_string().contains("cut.xlsx"), "{err}");
    }
}

/// A compound file holding an EncryptedPackage stream: what Excel writes for a workbook with
/// a password to open.
fn encrypted_workbook() -> Vec<u8> {
    let mut f = vec![0u8; 512 * 3];
    f[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 =
        |f: &mut Vec<u8>, at: usize, v: u16| f[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |f: &mut Vec<u8>, at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut f, 24, 0x003E);
    put16(&mut f, 26, 3); // version
    put16(&mut f, 28, 0xFFFE);
    put16(&mut f, 30, 9); // 512-byte sectors
    put16(&mut f, 32, 6);
    put32(&mut f, 44, 1); // one FAT sector
    put32(&mut f, 48, 1); // the directory at sector 1
    put32(&mut f, 56, 4096);
    put32(&mut f, 60, 0xFFFF_FFFE);
    put32(&mut f, 68, 0xFFFF_FFFE);
    for k in 0..109 {
        put32(&mut f, 76 + 4 * k, if k == 0 { 0 } else { 0xFFFF_FFFF });
    }
    // FAT: sector 0 is the FAT, sector 1 the directory's only sector
    for k in 0..128 {
        put32(
            &mut f,
            512 + 4 * k,
            match k {
                0 => 0xFFFF_FFFD,
                1 => 0xFFFF_FFFE,
                _ => 0xFFFF_FFFF,
            },
        );
    }
    for (i, name) in ["Root Entry", "EncryptedPackage"].iter().enumerate() {
        let at = 1024 + 128 * i;
        for (k, u) in name.encode_utf16().enumerate() {
            put16(&mut f, at + 2 * k, u);
        }
        put16(&mut f, at + 64, ((name.len() + 1) * 2) as u16);
        f[at + 66] = if i == 0 { 5 } else { 2 };
        // no siblings; the root's child is the package
        put32(&mut f, at + 68, 0xFFFF_FFFF);
        put32(&mut f, at + 72, 0xFFFF_FFFF);
        put32(&mut f, at + 76, if i == 0 { 1 } else { 0xFFFF_FFFF });
        put32(&mut f, at + 116, 0xFFFF_FFFE);
    }
    f
}

#[test]
fn a_password_protected_workbook_is_refused_by_name() {
    let err = read("locked.xlsx", &encrypted_workbook()).expect_err("protected");
    assert_eq!(err.key(), "password-protected");
    assert!(
        err.to_string().contains("locked.xlsx") && err.to_string().contains("パスワード"),
        "{err}"
    );
}

/// A long sheet (one row per indicator × fiscal year × kind) of `indicators` indicators, as
/// rows of cells, header first.
fn long_rows(indicators: usize) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["指標番号", "指標", "単位", "年度", "区分", "値"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for i in 1..=indicators {
        for (k, year) in ["令和2年度", "令和3年度", "令和4年度"].iter().enumerate() {
            for (kind, value) in [("目標値", 100 + i + k), ("実績値", 90 + i * 2 + k)] {
                rows.push(vec![
                    i.to_string(),
                    format!("指標{i}の件数"),
                    "件".to_owned(),
                    (*year).to_owned(),
                    kind.to_owned(),
                    format!("{value}件"),
                ]);
            }
        }
    }
    rows
}

fn rows_to_xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let text: Vec<String> = rows.iter().map(|r| r.join("\t")).collect();
    to_xlsx(&text.join("\n"))
}

fn rows_to_csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        shinchoku_core::long::csv_line(&mut out, &cells);
    }
    out
}

/// The plan's JSON form without where its cells were read.
fn without_locations(sheet: &ReadSheet) -> serde_json::Value {
    let doc = shinchoku_core::document::PlanDocument::new(&sheet.plan, None);
    let mut doc = serde_json::to_value(doc).expect("serialises");
    for ind in doc["indicators"].as_array_mut().expect("indicators") {
        ind.as_object_mut().expect("an object").remove("location");
    }
    doc["findings"] = serde_json::Value::Null;
    doc
}

#[test]
fn a_long_sheet_in_a_workbook_reads_as_its_csv() {
    // far more rows than recognition looks at: the rest arrive while the sheet is parsed
    let rows = long_rows(1500);
    assert!(rows.len() > 8000);
    let book = read("long.xlsx", &rows_to_xlsx(&rows)).expect("the workbook reads");
    let csv = read("long.csv", rows_to_csv(&rows).as_bytes()).expect("the CSV reads");
    assert_eq!(book.layout, "long");
    assert_eq!(book.plan.indicators.len(), 1500);
    assert_eq!(without_locations(&book), without_locations(&csv));
    // the cells are named on the sheet: the last indicator's first row is 2 + 6 × 1499
    let last = book.plan.indicators.last().expect("an indicator");
    assert!(
        matches!(&last.location, Some(Location::Sheet { sheet, row: 8996, .. }) if sheet == "進捗"),
        "{:?}",
        last.location
    );
}

/// The workbook with its first worksheet's XML changed by `edit`.
fn with_sheet_xml(book: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("an entry");
        let name = entry.name().expect("a UTF-8 name").into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("inflates");
        if name == "xl/worksheets/sheet1.xml" {
            data = edit(&String::from_utf8(data).expect("utf-8 XML")).into_bytes();
        }
        out.start_file(name, options).expect("a new entry");
        out.write_all(&data).expect("written");
    }
    out.finish().expect("finished").into_inner()
}

#[test]
fn a_sheet_whose_rows_are_out_of_order_is_refused_whole() {
    let rows = long_rows(1500);
    // the last two rows swapped: found only after recognition, while the rows stream in
    let book = with_sheet_xml(&rows_to_xlsx(&rows), |xml| {
        let last = xml.rfind("<row ").expect("rows");
        let before = xml[..last].rfind("<row ").expect("two rows");
        let end = xml.rfind("</row>").expect("a row's end") + "</row>".len();
        format!(
            "{}{}{}{}",
            &xml[..before],
            &xml[last..end],
            &xml[before..last],
            &xml[end..]
        )
    });
    let err = read("disordered.xlsx", &book).expect_err("refused");
    assert_eq!(err.key(), "broken-workbook", "{err}");
    let message = err.to_string();
    assert!(
        message.contains("disordered.xlsx") && message.contains("行の順"),
        "{message}"
    );
}
