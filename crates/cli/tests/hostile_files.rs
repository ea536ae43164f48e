//! Hostile and broken files that the guards refuse before they cost anything: each is written
//! by a small generator, read by the binary, and refused in one line with its key — or read,
//! where the file is only odd — quickly and in little memory. The peak is that of every run
//! in this file (the children's high-water mark), so each case stays under it.

mod hostile;
mod support;

use hostile::{assert_refused, long_rows, ods, xlsx};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{MB, Run, run};

/// Far above what any of these needs, far below what the unguarded reader took (gigabytes).
const PEAK: u64 = 200 * MB;

/// Not a speed target: a bound that tells a hang from an answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(60);

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("written");
    path
}

fn read(file: &Path, extra: &[&str]) -> Run {
    let out = file.with_extension("out");
    let started = Instant::now();
    let mut args = vec!["read", file.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    let r = run(&args, &out);
    let took = started.elapsed();
    eprintln!(
        "{}: {:.2} s, peak so far {} MB",
        file.display(),
        took.as_secs_f64(),
        r.peak_bytes / MB
    );
    assert!(took < ANSWER_WITHIN, "{} took {took:?}", file.display());
    assert!(r.peak_bytes < PEAK, "peak {} MB", r.peak_bytes / MB);
    r
}

#[test]
fn a_merge_over_a_whole_sheet_is_filled_only_where_the_sheet_has_cells() {
    let dir = tempfile::tempdir().expect("a folder");
    let merge = r#"<mergeCells count="1"><mergeCell ref="A6:XFD1006"/></mergeCells>"#;
    let with_extent = format!(
        r#"<dimension ref="A1:C7"/><sheetData>{}</sheetData>{merge}"#,
        long_rows()
    );
    let f = write(
        dir.path(),
        "merged.xlsx",
        &xlsx(&with_extent, 1, None, None),
    );
    let r = read(&f, &[]);
    assert!(r.status.success(), "{}", r.stderr);
    // without a declared extent the fill is bounded by the merged-cells limit
    let without = format!(r#"<sheetData>{}</sheetData>{merge}"#, long_rows());
    let f = write(
        dir.path(),
        "merged-nodim.xlsx",
        &xlsx(&without, 1, None, None),
    );
    let r = read(&f, &["--limit", "merged-cells=10000"]);
    assert_refused(r.status, &r.stderr, "limit-exceeded", &f);
    assert!(r.stderr.contains("merged-cells"), "{}", r.stderr);
}

#[test]
fn a_cell_at_the_last_row_of_u32_is_over_the_row_limit() {
    let dir = tempfile::tempdir().expect("a folder");
    let far = format!(
        r#"<sheetData>{}<row r="4294967295"><c r="A4294967295"><v>1</v></c></row></sheetData>"#,
        long_rows()
    );
    let f = write(dir.path(), "far.xlsx", &xlsx(&far, 1, None, None));
    let r = read(&f, &[]);
    assert_refused(r.status, &r.stderr, "limit-exceeded", &f);
    assert!(r.stderr.contains("rows"), "{}", r.stderr);
}

#[test]
fn a_number_format_of_fifty_thousand_zeros_is_refused_before_rendering() {
    let dir = tempfile::tempdir().expect("a folder");
    let styles = format!(
        r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="{}"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#,
        "0".repeat(50_000)
    );
    let mut cells = String::from("<sheetData>");
    for r in 1..=100_000 {
        cells.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" s="1"><v>{r}</v></c></row>"#
        ));
    }
    cells.push_str("</sheetData>");
    let f = write(
        dir.path(),
        "format.xlsx",
        &xlsx(&cells, 1, Some(&styles), None),
    );
    let r = read(&f, &[]);
    assert_refused(r.status, &r.stderr, "limit-exceeded", &f);
    assert!(r.stderr.contains("format-length"), "{}", r.stderr);
}

#[test]
fn three_hundred_sheets_over_one_part_are_refused_not_read_three_hundred_times() {
    let dir = tempfile::tempdir().expect("a folder");
    let sheet = format!("<sheetData>{}</sheetData>", long_rows());
    let f = write(dir.path(), "sheets.xlsx", &xlsx(&sheet, 300, None, None));
    let r = read(&f, &[]);
    assert_refused(r.status, &r.stderr, "broken-workbook", &f);
    assert!(r.stderr.contains("同じ部品"), "{}", r.stderr);
}

#[test]
fn parts_that_inflate_too_far_are_refused_before_inflating() {
    let dir = tempfile::tempdir().expect("a folder");
    // 64 MiB of whitespace in a sheet: compressed about a thousand times
    // (made and dropped before the run: a child's peak counts the parent's pages at spawn)
    let f = {
        let spaces = format!(
            "<sheetData>{}{}</sheetData>",
            long_rows(),
            " ".repeat(64 << 20)
        );
        write(dir.path(), "spaces.xlsx", &xlsx(&spaces, 1, None, None))
    };
    let r = read(&f, &[]);
    assert_refused(r.status, &r.stderr, "limit-exceeded", &f);
    assert!(r.stderr.contains("compression-ratio"), "{}", r.stderr);
    // one shared string larger than a part may be
    let mut numbers = support::Numbers::new(7);
    let big: String = (0..2_000_000)
        .map(|_| char::from(b'a' + numbers.below(26) as u8))
        .collect();
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{big}</t></si></sst>"#
    );
    let sheet = format!(
        r#"<sheetData>{}<row r="8"><c r="A8" t="s"><v>0</v></c></row></sheetData>"#,
        long_rows()
    );
    let f = write(
        dir.path(),
        "shared.xlsx",
        &xlsx(&sheet, 1, None, Some(shared.as_bytes())),
    );
    let r = read(&f, &["--limit", "part-size=1M"]);
    assert_refused(r.status, &r.stderr, "limit-exceeded", &f);
    assert!(r.stderr.contains("part-size"), "{}", r.stderr);
    assert!(read(&f, &[]).status.success());
}

#[test]
fn an_ods_that_never_closes_its_table_is_named_as_an_ods() {
    let dir = tempfile::tempdir().expect("a folder");
    let open = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;
    let f = write(dir.path(), "open.ods", &ods(open));
    let r = read(&f, &[]);
    assert_refused(r.status, &r.stderr, "broken-workbook", &f);
    assert!(r.stderr.contains("ODS"), "{}", r.stderr);
    assert!(!r.stderr.contains("_rels"), "{}", r.stderr);
}

#[test]
fn devices_fifos_and_folders_are_refused_before_reading() {
    let dir = tempfile::tempdir().expect("a folder");
    let fifo = dir.path().join("pipe.csv");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).expect("a fifo");
    for (path, what) in [
        (Path::new("/dev/zero"), "デバイス"),
        (fifo.as_path(), "FIFO"),
        (dir.path(), "フォルダ"),
    ] {
        let r = read(path, &[]);
        assert_refused(r.status, &r.stderr, "not-a-file", path);
        assert!(r.stderr.contains(what), "{}", r.stderr);
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_its_size() {
    let dir = tempfile::tempdir().expect("a folder");
    let f = write(
        dir.path(),
        "big.csv",
        "指標,年度,実績値\n".repeat(200).as_bytes(),
    );
    let r = read(&f, &["--limit", "file-size=1K"]);
    assert_refused(r.status, &r.stderr, "limit-exceeded", &f);
    assert!(r.stderr.contains("file-size"), "{}", r.stderr);
    let r = read(&f, &["--limit", "file-size=lots"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(r.stderr.contains("(limit)"), "{}", r.stderr);
}

#[test]
fn a_megabyte_cell_is_shortened_and_control_characters_are_escaped() {
    let dir = tempfile::tempdir().expect("a folder");
    let f = {
        let long_name = "保".repeat(1 << 20);
        let mut csv = String::from("指標,年度,区分,値\n");
        for y in 1..=5 {
            csv.push_str(&format!("{long_name},令和{y}年度,実績値,{y}0\n"));
        }
        write(dir.path(), "cells.csv", csv.as_bytes())
    };
    let r = read(&f, &[]);
    assert!(r.status.success(), "{}", r.stderr);
    let shown = std::fs::read_to_string(f.with_extension("out")).expect("the output");
    assert!(shown.contains(&format!("(全{}文字)", 1 << 20)), "shortened");
    assert!(shown.len() < 1 << 20, "{} bytes shown", shown.len());
    // an argument echoed in a message
    let r = read(&f, &["--layout", "x\u{1b}[2Jy\u{7}"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'),
        "raw controls"
    );
    assert!(r.stderr.contains("x\\u{1b}[2Jy\\u{7}"), "{}", r.stderr);
}

#[test]
fn options_that_do_not_apply_to_the_file_are_warned_of() {
    let dir = tempfile::tempdir().expect("a folder");
    let f = write(
        dir.path(),
        "long.csv",
        "指標,年度,区分,値\n保育所数,令和5年度,実績値,10\n保育所数,令和6年度,実績値,12\n"
            .as_bytes(),
    );
    let r = read(&f, &["--sheet", "進捗"]);
    assert!(r.status.success(), "{}", r.stderr);
    assert!(
        r.stderr.contains("(ignored-option)") && r.stderr.contains("進捗"),
        "{}",
        r.stderr
    );
    let sheet = format!(
        r#"<dimension ref="A1:C7"/><sheetData>{}</sheetData>"#,
        long_rows()
    );
    let f = write(dir.path(), "book.xlsx", &xlsx(&sheet, 1, None, None));
    let r = read(&f, &["--input-encoding", "shift_jis"]);
    assert!(r.status.success(), "{}", r.stderr);
    assert!(
        r.stderr.contains("(ignored-option)") && r.stderr.contains("shift_jis"),
        "{}",
        r.stderr
    );
    let r = read(&f, &[]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn formats_that_are_not_read_are_named_for_what_they_are() {
    let dir = tempfile::tempdir().expect("a folder");
    // an xlsx whose workbook is binary: xlsb
    let f = write(
        dir.path(),
        "book.xlsb",
        &hostile::zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.bin", b"\x83\x01\x00"),
        ]),
    );
    let r = read(&f, &[]);
    assert_refused(r.status, &r.stderr, "broken-workbook", &f);
    assert!(r.stderr.contains("xlsb"), "{}", r.stderr);
    // Excel 4.0 wrote a bare BIFF stream, its BOF record first
    let f = write(
        dir.path(),
        "old.xls",
        b"\x09\x04\x06\x00\x00\x00\x10\x00\x00\x00",
    );
    let r = read(&f, &[]);
    assert_refused(r.status, &r.stderr, "unsupported-format", &f);
    assert!(r.stderr.contains("Excel 2.x"), "{}", r.stderr);
    // tab-separated text saved as .csv is read as tab-separated
    let f = write(
        dir.path(),
        "tabs.csv",
        "指標\t年度\t区分\t値\n保育所数\t令和5年度\t実績値\t10\n保育所数\t令和6年度\t実績値\t12\n"
            .as_bytes(),
    );
    let r = read(&f, &["--json"]);
    assert!(r.status.success(), "{}", r.stderr);
    let shown = std::fs::read_to_string(f.with_extension("out")).expect("the output");
    assert!(shown.contains("保育所数"), "{shown}");
}

#[test]
fn a_sheet_of_no_known_layout_is_one_line_and_explained_on_request() {
    let dir = tempfile::tempdir().expect("a folder");
    let f = write(
        dir.path(),
        "memo.txt",
        "議事録\n日時\t令和5年6月1日\n出席者\t10名\n".as_bytes(),
    );
    let r = read(&f, &[]);
    assert_refused(r.status, &r.stderr, "no-layout", &f);
    assert!(r.stderr.contains("いちばん近いのは"), "{}", r.stderr);
    assert!(r.stderr.contains("--explain"), "{}", r.stderr);
    let r = read(&f, &["--explain"]);
    assert_refused(r.status, &r.stderr, "no-layout", &f);
    let shown = std::fs::read_to_string(f.with_extension("out")).expect("the output");
    assert!(shown.starts_with("レイアウトの判定:"), "{shown}");
    assert!(shown.lines().count() >= 6, "one line per layout: {shown}");
}
